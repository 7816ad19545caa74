"""Every non-blind reply with a golden file, put through the tools and page templates real archives
come from, then parsed and scored field by field against its golden file (eval/parse_eval.py).

The variants: a .docx written by python-docx (one Word paragraph per line); that .docx printed to PDF
and saved as .doc and .rtf by LibreOffice (`soffice`, when installed: the blind-set writers make their
PDFs this way); four web-page templates built around the text (a modern article page, an old
one-cell table with <br> lines, a CMS that sets each line in a <div>, a CMS that catalogues the header's
fields in a table of label and value cells under an info bar with a hit counter), each with a site's
link bar, breadcrumb and footer; and the text broken at 28 characters a line, as a .txt copied out of a PDF is.

    python -m eval.format_variants [--out DIR] [--results eval/results/format-variants.md]

Blind sets are never read. Replies a reader gives metadata hints for (web pages with a metadata
table) are left out: the variants rebuild a page from the text alone.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from eval.parse_eval import REPORTED, FolderScore, parse_open_sets, reply_beside, reply_text, score_folder

SETS = parse_open_sets()
DEFAULT_RESULTS = Path(__file__).resolve().parent / "results" / "format-variants.md"
PDF_LINE = 56  # display columns of a 公文 line: 28 Chinese characters

TOP = ('<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a></div>'
       '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 建议提案办理</div>')
BOTTOM = ('<div class="share">分享到：微信 微博</div><div class="foot">主办单位：某某人民政府办公室 版权所有 '
          'ICP备12345678号</div><script>var page = 1;</script>')


def article_page(lines: list[str]) -> str:
    body = "".join(f'<p style="text-indent:2em">{html.escape(line)}</p>' for line in lines)
    return (f'<html><head><meta charset="utf-8"><title>{html.escape(lines[0])}</title></head><body>{TOP}'
            '<div class="article"><h1>答复公开</h1><div class="info">发布时间：2024-06-20 【字体：大 中 小】</div>'
            f'<div class="content">{body}</div></div>{BOTTOM}</body></html>')


def table_page(lines: list[str]) -> str:
    body = "<br>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + html.escape(line) for line in lines)
    return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
            f'<table width="100%"><tr><td>{TOP}</td></tr><tr><td class="bt_content">{body}</td></tr>'
            f'<tr><td>{BOTTOM}</td></tr></table></body></html>')


def div_page(lines: list[str]) -> str:
    right = ' style="text-align:right"'  # the signature, date and contact set right
    body = "".join(f'<div{right if i >= len(lines) - 4 else ""}><span style="font-size:16pt">{html.escape(line)}</span></div>'
                   for i, line in enumerate(lines))
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{TOP}<div id="zoom">{body}</div>{BOTTOM}</body></html>'


def header_fields(line: str) -> list[tuple[str, str]] | None:
    """The (label, value) fields of a header line: "办理结果：A", "领衔代表：王某  附议代表：赵某", or a
    Word table row of cells (文　号 | 国…〔2024〕152号 | 签发人 | 秦某); None for any other line."""
    from indexer.parse import KEY_VALUE, field_parts, is_header_key

    cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
    if len(cells) >= 2 and len(cells) % 2 == 0:
        pairs = [("".join(label.split()).rstrip("：:"), value) for label, value in zip(cells[::2], cells[1::2])]
    else:
        matches = [KEY_VALUE.match(part) for part in field_parts(line)]
        pairs = [(m.group(1), m.group(2).strip()) for m in matches if m] if all(matches) else []
    return pairs if pairs and all(value and is_header_key(label, value) for label, value in pairs) else None


def catalogued_page(lines: list[str]) -> str:
    """A CMS that catalogues each reply: the header's fields (办理结果, 公开属性, 签发人…) taken out of
    the text into a table of label and value cells above it, an info bar with a hit counter, and links
    to the articles before and after."""
    from indexer.parse import addressee_of

    end = next((i for i, line in enumerate(lines) if addressee_of(line)), min(len(lines), 12))
    fields = {i: pairs for i, line in enumerate(lines[:end]) if (pairs := header_fields(line))}
    cells = "".join(f"<th>{html.escape(label)}</th><td>{html.escape(value)}</td>"
                    for pairs in fields.values() for label, value in pairs)
    kept = [line for i, line in enumerate(lines) if i not in fields]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in kept)
    return (f'<html><head><meta charset="utf-8"><title>{html.escape(kept[0])}</title></head><body>{TOP}'
            '<div class="article"><div class="info">发布时间：2024-06-20 来源：本站 点击数：<span id="hits">87</span></div>'
            + (f'<table class="fields"><tr>{cells}</tr></table>' if cells else "")
            + f'<div class="content">{body}</div>'
            '<div class="near">上一篇：<a href="/a/1.html">关于政务公开工作的通知</a><br>'
            f'下一篇：<a href="/a/3.html">关于公布年度建议提案办理结果的公告</a></div></div>{BOTTOM}</body></html>')


def fixed_width(lines: list[str]) -> str:
    from indexer.formats.pdf import display_width

    broken: list[str] = []
    for paragraph in lines:
        line = ""
        for character in paragraph:
            if display_width(line + character) > PDF_LINE:
                broken.append(line)
                line = ""
            line += character
        broken.append(line)
    return "\n".join(broken)


TEXT_VARIANTS: dict[str, tuple[str, Callable[[list[str]], str]]] = {
    "web page: article template": (".html", article_page),
    "web page: one table cell, <br> lines": (".html", table_page),
    "web page: a <div> per line": (".html", div_page),
    "web page: catalogued, header fields in a table": (".html", catalogued_page),
    ".txt broken at 28 characters a line": (".txt", fixed_width),
}
OFFICE_VARIANTS = {"PDF printed by LibreOffice": "pdf", ".doc saved by LibreOffice": "doc:MS Word 97",
                   ".rtf saved by LibreOffice": "rtf"}


def write_docx(path: Path, lines: list[str]) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)


def write_variants(out: Path, sets: tuple[Path, ...] = SETS, office: bool = True) -> dict[str, Path]:
    """One folder per variant, each holding every usable reply of `sets` and its golden file; the
    LibreOffice variants only with `office` and soffice installed."""

    folders = {name: out / str(n) for n, name in enumerate(["python-docx .docx", *TEXT_VARIANTS, *OFFICE_VARIANTS])}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    for source_set in sets:
        for golden in sorted(source_set.glob("*.golden.json")):
            name = golden.name.removesuffix(".golden.json")
            reply = reply_beside(golden)
            if reply is None:
                continue
            text, hints = reply_text(reply)
            if hints:
                continue
            lines = [line for line in text.split("\n") if line.strip()]
            write_docx(folders["python-docx .docx"] / f"{name}.docx", lines)
            for variant, (suffix, make) in TEXT_VARIANTS.items():
                (folders[variant] / f"{name}{suffix}").write_text(make(lines), encoding="utf-8")
            for folder in folders.values():
                shutil.copy(golden, folder / golden.name)
    soffice = shutil.which("soffice") if office else None
    for variant, target in OFFICE_VARIANTS.items():
        if soffice is None:
            del folders[variant]
            continue
        documents = sorted(str(p) for p in folders["python-docx .docx"].glob("*.docx"))
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                            "--convert-to", target, "--outdir", str(folders[variant]), *documents],
                           capture_output=True, check=False, timeout=1800)
    return folders


def table(scores: dict[str, FolderScore]) -> str:
    lines = ["| variant | replies | fully right | misses (field by field) |", "|---|---|---|---|"]
    for variant, score in scores.items():
        wrong = {field: score.replies - right for field, right in score.correct.items() if right < score.replies}
        whole = score.replies - len({miss.split(":")[0] for miss in score.misses})
        lines.append(f"| {variant} | {score.replies} | {whole} | "
                     + (", ".join(f"{field} {n}" for field, n in wrong.items()) or "none") + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="keep the variant files here (default: a temporary folder)")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="write the table here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dafu-variants-") as scratch:
        out = args.out or Path(scratch)
        folders = write_variants(out)
        scores = {variant: score_folder(folder) for variant, folder in folders.items()}
    report = ("# The non-blind replies in the forms archives come in\n\n" + " ".join(__doc__.split("\n\n")[:2])
              + f"\n\nProduced by `python -m eval.format_variants`.\n\n{table(scores)}\n\nFields scored: "
              + ", ".join(REPORTED) + ".\n")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(report, encoding="utf-8")
    print(table(scores))
    for variant, score in scores.items():
        for miss in score.misses:
            print(f"{variant}: {miss}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
