"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh5/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. It loads fresh4/check.py as a module (which loads
fresh2/check.py) for the readers it shares — .docx paragraphs and table cells, the text layer of
LibreOffice PDFs, the UTF-16 text run of a LibreOffice Word 97 .doc, the TextCode runs of an OFD — and
adds what they lack:
- .txt with a UTF-8 byte-order mark and CRLF line ends (the mark and the CRs are dropped), GBK .txt;
- web pages (.htm and .html) in their declared charset, gb2312 decoded as GB18030 as browsers do, with
  head, script, style and comments (Word's `<!--[if gte mso 9]>` blocks) dropped, block tags ending a
  line and inline tags removed without a space (Word puts every run of digits in a `<span lang=EN-US>`);
- the image-only PDF scan: only that it is a whole PDF of page pictures with no font (no text layer);
  its values and anchors are checked against the paragraphs of the .docx it was rendered from, kept as
  `<name>.source.json` (a .json file, so no reader and no eval run takes it for a reply).
PDF and OFD lines are layout wraps, so they are joined before searching, and ASCII spaces are dropped
there (LibreOffice and easyofd write `2017 年`); golden values and anchors are written without them.
"""

import html
import importlib.util
import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
REPLY_SUFFIXES = {".txt", ".htm", ".html", ".docx", ".pdf", ".doc", ".ofd"}
JOINED = {".pdf", ".ofd"}  # formats whose lines are layout wraps, not paragraphs
BLOCK_TAGS = r"p|div|tr|td|th|li|dt|dd|h1|h2|h3|h4|table|ul|dl|section|article|header|footer|nav|br"


def fresh4_module():
    spec = importlib.util.spec_from_file_location("fresh4_check", HERE.parent / "fresh4" / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FRESH4 = fresh4_module()
FRESH2 = FRESH4.FRESH2


def page_text(raw: bytes) -> str:
    charset = re.search(rb'charset=["\']?([\w-]+)', raw[:3000]).group(1).decode().lower()
    text = raw.decode("gb18030" if charset in ("gb2312", "gbk") else charset)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<(head|script|style)\b[^>]*>.*?</\1\s*>", "", text, flags=re.S | re.I)
    text = re.sub(rf"</?(?:{BLOCK_TAGS})\b[^>]*>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def is_scan(raw: bytes) -> bool:
    """A whole PDF whose pages hold pictures and no text: no font resources, no text objects."""
    return raw.startswith(b"%PDF") and raw.rstrip().endswith(b"%%EOF") and b"/Font" not in raw and b"/Image" in raw


def plain_text(path: Path) -> str:
    """The visible text of a reply file, one paragraph (or layout line) per line."""
    raw = path.read_bytes()
    if path.suffix == ".txt":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        return text.replace("\r\n", "\n")
    if path.suffix in (".htm", ".html"):
        return page_text(raw)
    if path.suffix == ".ofd":
        return FRESH4.ofd_lines(path)
    if path.suffix == ".pdf" and is_scan(raw):
        source = json.loads((HERE / (path.stem + ".source.json")).read_text(encoding="utf-8"))
        return "\n\n".join(source["paragraphs"])
    return FRESH2.plain_text(path)


def searchable(path: Path, text: str) -> str:
    return text.replace("\n", "").replace(" ", "") if path.suffix in JOINED else text


def opens_line(lines: list[str], i: int, heading: str, wrapped: bool) -> bool:
    """The heading is line i as written, or its first sentence; in a PDF or OFD it may wrap onto the next
    lines, ending at a line end or at its 。."""
    if not wrapped:
        return lines[i] == heading or lines[i].startswith(heading + "。")
    text, ends = "", set()
    for line in lines[i : i + 3]:
        text += line
        ends.add(len(text))
    return text.startswith(heading) and (len(heading) in ends or text[len(heading) :].startswith("。"))


def load(path: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / path).read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    problems: list[str] = []
    files = [p for p in sorted(HERE.iterdir()) if p.suffix in REPLY_SUFFIXES]
    for p in files:
        raw = p.read_bytes()
        if p.suffix == ".pdf" and b"/Font" not in raw and not is_scan(raw):
            problems.append(f"{p.name}: a PDF with neither text nor whole page images")
    replies = {p.name: plain_text(p) for p in files}
    flat = {p.name: searchable(p, replies[p.name]) for p in files}
    headings: dict[str, list[str]] = {}
    for name, text in replies.items():
        golden_path = HERE / (Path(name).stem + ".golden.json")
        if not golden_path.exists():
            problems.append(f"{name}: no golden file")
            continue
        golden = json.loads(golden_path.read_text(encoding="utf-8"))
        meta = golden["meta"]
        values = [meta[k] for k in ("agency", "doc_number", "session", "addressee", "category", "signer")]
        values += meta["proposal_numbers"] + meta["proposers"] + meta["cc"] + list(meta["contact"].values())
        problems += [f"{name}: golden value {v!r} not in the text" for v in values if v and v not in flat[name]]
        if (meta["category"] is None) != (meta["resolution"] is None):
            problems.append(f"{name}: category and resolution must both be set or both be null")
        if meta["resolution"] not in (None, "A", "B", "C"):
            problems.append(f"{name}: resolution {meta['resolution']!r} is not A, B or C")
        if meta["reply_kind"] not in ("答复", "会办意见") or meta["proposal_kind"] not in ("提案", "建议"):
            problems.append(f"{name}: reply_kind or proposal_kind not one of the agreed values")
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", meta["date"] or ""):
            problems.append(f"{name}: date {meta['date']!r} is not ISO")
        joined = Path(name).suffix in JOINED
        lines = [line.strip().replace(" ", "") if joined else line.strip() for line in text.splitlines()]
        lines = [line for line in lines if line]
        headings[name] = [s["heading"] for s in golden["sections"]]
        for h in headings[name]:
            if sum(opens_line(lines, i, h, joined) for i in range(len(lines))) != 1:
                problems.append(f"{name}: heading {h!r} does not open exactly one line")
        ids = [s["section_id"] for s in golden["sections"]]
        if len(set(ids)) != len(ids):
            problems.append(f"{name}: a section id repeats")

    def check_turn(where: str, item: dict) -> None:
        for gold in item["gold"]:
            if gold["file"] not in flat:
                problems.append(f"{where}: gold file {gold['file']} is not a reply here")
                continue
            text, anchor = flat[gold["file"]], gold.get("anchor")
            if anchor is not None and (text.count(anchor) != 1 or any(anchor in h for h in headings[gold["file"]])):
                problems.append(f"{where}: anchor {anchor!r} not exactly once outside headings of {gold['file']}")
        for expected in item["expect"]:
            if not any(expected in flat.get(g["file"], "") for g in item["gold"]):
                problems.append(f"{where}: expected {expected!r} in none of its gold files")
        if not item["answerable"] and (item["gold"] or item["expect"]):
            problems.append(f"{where}: unanswerable with gold or expect")
        if item["answerable"] and not item["gold"]:
            problems.append(f"{where}: answerable without gold")
        for name in item.get("must_not_cite", []):
            if name not in flat:
                problems.append(f"{where}: must_not_cite {name} is not a reply here")

    for path in ("questions.jsonl", "dialogues.jsonl"):
        if not (HERE / path).exists():
            problems.append(f"{path} is missing")
    if (HERE / "questions.jsonl").exists() and (HERE / "dialogues.jsonl").exists():
        for question in load("questions.jsonl"):
            check_turn(question["id"], question)
            if question["type"] == "multi":
                if len(question["gold"]) < 2 or len(question["expect"]) != len(question["gold"]):
                    problems.append(f"{question['id']}: a multi question needs one expected string per gold reply")
                for expected, gold in zip(question["expect"], question["gold"]):
                    if expected not in flat.get(gold["file"], ""):
                        problems.append(f"{question['id']}: {expected!r} not in {gold['file']}")
        for dialogue in load("dialogues.jsonl"):
            if not 2 <= len(dialogue["turns"]) <= 4:
                problems.append(f"{dialogue['id']}: {len(dialogue['turns'])} turns")
            for n, turn in enumerate(dialogue["turns"], 1):
                check_turn(f"{dialogue['id']} turn {n}", turn)
        for path in ("questions.jsonl", "dialogues.jsonl"):
            rows = load(path)
            ids = [row["id"] for row in rows]
            problems += [f"{path}: id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
            problems += [f"{path}: {row['id']} has split {row.get('split')!r}" for row in rows
                         if row.get("split") not in ("dev", "test")]
            if not {"dev", "test"} <= {row.get("split") for row in rows}:
                problems.append(f"{path}: needs both dev and test items")
    print("\n".join(problems) or f"ok: {len(replies)} replies, questions and dialogues consistent")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
