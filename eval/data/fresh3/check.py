"""Self-check of this folder's data, standard library only; it does not use Dafu's readers or parser.

python eval/data/fresh3/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, or when the
dev/test split marks are missing. Copied from fresh2/check.py (same readers: UTF-8 and GBK text,
web pages in their declared charset, .docx paragraphs and table cells, the text layer of LibreOffice
PDFs through their ToUnicode maps), with checks for ids and splits added.
"""

import html
import json
import re
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).parent
REPLY_SUFFIXES = {".txt", ".html", ".docx", ".pdf", ".doc"}


def pdf_lines(raw: bytes) -> str:
    """Visible lines of a simple text PDF: each content stream's strings decoded through their font's
    ToUnicode map, a new line whenever the baseline moves. Word wraps are line breaks here."""
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", raw, re.S)}

    def stream(number: int) -> bytes:
        body = objects[number]
        m = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        return zlib.decompress(m.group(1)) if b"FlateDecode" in body[: m.start()] else m.group(1)

    def cmap(number: int) -> dict[str, str]:
        table, text = {}, stream(number)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                table[code.decode().upper()] = bytes.fromhex(uni.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for i in range(int(lo, 16), int(hi, 16) + 1):
                    table["%0*X" % (len(lo), i)] = chr(int(start, 16) + i - int(lo, 16))
        return table

    fonts: dict[str, dict[str, str]] = {}
    for body in objects.values():
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            unicode_map = re.search(rb"/ToUnicode (\d+) 0 R", objects.get(int(number), b""))
            if unicode_map:
                fonts[name.decode()] = cmap(int(unicode_map.group(1)))
    pages = re.search(rb"/Type/Pages.*?/Kids\s*\[([^\]]*)\]", raw, re.S).group(1)
    lines: list[str] = []
    for page in re.findall(rb"(\d+) 0 R", pages):
        contents = re.search(rb"/Contents (\d+) 0 R", objects[int(page)]).group(1)
        font, y, line = {}, None, ""
        for m in re.finditer(rb"[\d.]+ ([\d.]+) Td|/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]*)>\s*Tj|\[(.*?)\]\s*TJ",
                             stream(int(contents)), re.S):
            if m.group(1) is not None:
                if m.group(1) != y and line:
                    lines.append(line)
                    line = ""
                y = m.group(1)
            elif m.group(2):
                font = fonts[m.group(2).decode()]
            else:
                hexes = [m.group(3)] if m.group(3) is not None else re.findall(rb"<([0-9A-Fa-f]*)>", m.group(4))
                width = len(next(iter(font))) if font else 2
                for h in hexes:
                    h = h.decode().upper()
                    line += "".join(font.get(h[i : i + width], "") for i in range(0, len(h), width))
        if line:
            lines.append(line)
    return "\n".join(lines)


def plain_text(path: Path) -> str:
    """The visible text of a reply file, one paragraph (or PDF line) per line."""
    raw = path.read_bytes()
    if path.suffix == ".txt":
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("gb18030")
    if path.suffix == ".docx":
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
        return "\n\n".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)
    if path.suffix == ".doc":
        # A Word 97 file written by LibreOffice keeps its text as one UTF-16LE run, paragraphs ended by \r.
        return raw.decode("utf-16-le", "replace").replace("\r", "\n")
    if path.suffix == ".pdf":
        return pdf_lines(raw)
    charset = re.search(rb'charset=["\']?([\w-]+)', raw[:2000]).group(1).decode()
    page = re.sub(r"<(head|script|style)[^>]*>.*?</\1>", "", raw.decode(charset), flags=re.S)
    page = re.sub(r"<br\s*/?>|</(p|tr|h1|h2|h3|div|li|dt|dd)>", "\n\n", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\xa0", " ")


def searchable(name: str, text: str) -> str:
    """PDF lines are joined again, since a wrapped line is not a paragraph break."""
    return text.replace("\n", "") if name.endswith(".pdf") else text


def check_ids_and_splits() -> list[str]:
    """Ids are unique, every question and dialogue is marked dev or test, and both splits occur."""
    problems: list[str] = []
    for path in ("questions.jsonl", "dialogues.jsonl"):
        rows = [json.loads(line) for line in (HERE / path).read_text(encoding="utf-8").splitlines() if line.strip()]
        ids = [row["id"] for row in rows]
        problems += [f"{path}: id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        problems += [f"{path}: {row['id']} has split {row.get('split')!r}" for row in rows if row.get("split") not in ("dev", "test")]
        if not {"dev", "test"} <= {row.get("split") for row in rows}:
            problems.append(f"{path}: needs both dev and test items")
    return problems


def main() -> int:
    problems: list[str] = []
    replies = {p.name: plain_text(p) for p in sorted(HERE.iterdir()) if p.suffix in REPLY_SUFFIXES}
    flat = {name: searchable(name, text) for name, text in replies.items()}
    headings: dict[str, list[str]] = {}
    for name, text in replies.items():
        golden = json.loads((HERE / (Path(name).stem + ".golden.json")).read_text(encoding="utf-8"))
        meta = golden["meta"]
        values = [meta[k] for k in ("agency", "doc_number", "session", "addressee", "category", "signer")]
        values += meta["proposal_numbers"] + meta["proposers"] + meta["cc"] + list(meta["contact"].values())
        problems += [f"{name}: golden value {v!r} not in the text" for v in values if v and v not in flat[name]]
        lines = [line.strip() for line in text.splitlines()]
        headings[name] = [s["heading"] for s in golden["sections"]]
        for h in headings[name]:
            if sum(line == h or line.startswith(h + "。") for line in lines) != 1:
                problems.append(f"{name}: heading {h!r} does not open exactly one line")

    def check_turn(where: str, item: dict) -> None:
        for gold in item["gold"]:
            text, anchor = flat[gold["file"]], gold.get("anchor")
            if anchor is not None and (text.count(anchor) != 1 or any(anchor in h for h in headings[gold["file"]])):
                problems.append(f"{where}: anchor {anchor!r} not exactly once outside headings of {gold['file']}")
        for expected in item["expect"]:
            if not any(expected in flat[g["file"]] for g in item["gold"]):
                problems.append(f"{where}: expected {expected!r} in none of its gold files")
        if not item["answerable"] and (item["gold"] or item["expect"]):
            problems.append(f"{where}: unanswerable with gold or expect")

    for path in ("questions.jsonl", "dialogues.jsonl"):
        if not (HERE / path).exists():
            problems.append(f"{path} is missing")
    if not problems:
        for line in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines():
            question = json.loads(line)
            check_turn(question["id"], question)
            if question["type"] == "multi":
                for expected, gold in zip(question["expect"], question["gold"]):
                    if expected not in flat[gold["file"]]:
                        problems.append(f"{question['id']}: {expected!r} not in {gold['file']}")
        for line in (HERE / "dialogues.jsonl").read_text(encoding="utf-8").splitlines():
            dialogue = json.loads(line)
            for n, turn in enumerate(dialogue["turns"], 1):
                check_turn(f"{dialogue['id']} turn {n}", turn)
    if not problems:
        problems += check_ids_and_splits()
    print("\n".join(problems) or f"ok: {len(replies)} replies, questions and dialogues consistent")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
