"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh13/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats, or
when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's: the Word
file with automatic list numbering (`docx_numbered`: the 一、 Word draws is part of the heading), the Word file
whose page header and footer hold text (read here as header + body + footer: `docx_with_header_footer`), the
Word 97 `.doc` (`word97_text`), the text layer of the LibreOffice PDF (running head and page numbers included),
the GB18030 `.htm` saved by Word and the UTF-8 `.html` with a `<dl>` metadata list and the `.xhtml` page
(`page_file`), the gb2312 `.mht` (`mht_page`), UTF-16 and UTF-8 text (`text_file`) and the `.odt` (`odt_text`).

One check is this set's own: the expected strings of questions and turns are written with ASCII digits and
letters, while `xiamen-huli-jyj-2025-0038.txt` writes digits, letters and the hyphen in full width. An expected
string is accepted there when it occurs in the NFKC-normalised text (full width folded to ASCII); the check
prints which items rely on that normalisation, after its `ok:` line. Anchors and golden values stay
verbatim (full width).
"""

import re
import sys
import unicodedata
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
FULL_WIDTH = "xiamen-huli-jyj-2025-0038.txt"


def docx_with_header_footer(path: Path) -> str:
    """.docx paragraphs (`docx_paragraphs`) with the text of its page header parts above and of its footer
    parts below, one paragraph a line (a PAGE field's cached result is not in the file: only typed text)."""
    archive = zipfile.ZipFile(path)

    def part_text(kind: str) -> list[str]:
        lines = []
        for name in sorted(n for n in archive.namelist() if re.fullmatch(rf"word/{kind}\d*\.xml", n)):
            xml = archive.read(name).decode("utf-8")
            for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
                text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))
                if text.strip():
                    lines.append(text)
        return lines

    return "\n\n".join([*part_text("header"), selfcheck.docx_paragraphs(path), *part_text("footer")])


def docx_reader(path: Path) -> str:
    """This folder's two .docx files: the one with list numbering read with Word's markers, the other with
    its header and footer."""
    if "word/numbering.xml" in zipfile.ZipFile(path).namelist() and "w:numPr" in zipfile.ZipFile(path).read(
            "word/document.xml").decode("utf-8"):
        return selfcheck.docx_numbered(path)
    return docx_with_header_footer(path)


READERS = selfcheck.readers(".txt", ".pdf", ".doc", ".odt", docx=docx_reader, htm=selfcheck.page_file,
                            html=selfcheck.page_file, xhtml=selfcheck.page_file, mht=selfcheck.mht_page)


def main(folder: Path = HERE) -> int:
    data = selfcheck.EvalSet(folder, READERS)
    normalised = {name: unicodedata.normalize("NFKC", text) for name, text in data.flat.items()}
    problems, relying = [], []
    for problem in selfcheck.common_problems(data):
        m = re.match(r"(.*): expected '(.*)' in none of its gold files$", problem) or re.match(
            r"(.*): '(.*)' not in (\S+)$", problem)
        if m:
            where, expected = m.group(1), m.group(2)
            items = dict(data.items())
            golds = [g["file"] for g in items.get(where, {}).get("gold", [])] if where in items else []
            if len(m.groups()) == 2 and FULL_WIDTH in golds and expected in normalised[FULL_WIDTH]:
                relying.append(f"{where}: {expected!r}")
                continue
            if len(m.groups()) == 3 and m.group(3) == FULL_WIDTH and expected in normalised[FULL_WIDTH]:
                continue
        problems.append(problem)
    status = selfcheck.report(problems, data)  # the ok line (or the problems) first
    if relying:
        print(f"expected strings found in {FULL_WIDTH} only after NFKC normalisation:")
        print("\n".join("  " + r for r in relying))
    return status


if __name__ == "__main__":
    sys.exit(main())
