"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh10/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. It loads fresh4/check.py as a module (which itself
loads fresh2/check.py) for its readers: UTF-8 and GBK text, web pages in their declared charset, .docx
paragraphs and table cells, the text layer of LibreOffice PDFs, the UTF-16 text run of a LibreOffice Word 97
.doc, RTF through striprtf (run this file with .venv/bin/python). It adds the one format they lack:
- ODT (OpenDocument text written by LibreOffice): the text:p and text:h elements of content.xml in the zip,
  one a line, with <text:s/> as a space, <text:tab/> as a tab and <text:line-break/> as a new line.
PDF lines are layout wraps: values, anchors and expected strings are looked for with the wraps joined.
"""

import html
import importlib.util
import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
REPLY_SUFFIXES = {".txt", ".html", ".docx", ".pdf", ".doc", ".rtf", ".odt"}
JOINED = {".pdf"}  # formats whose lines are layout wraps, not paragraphs


def fresh4_module():
    spec = importlib.util.spec_from_file_location("fresh4_check", HERE.parent / "fresh4" / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FRESH4 = fresh4_module()


def odt_text(path: Path) -> str:
    xml = zipfile.ZipFile(path).read("content.xml").decode("utf-8")
    body = xml[xml.find("<office:body"):]
    lines: list[str] = []
    for m in re.finditer(r"<text:(p|h)\b[^>]*?(?:/>|>(.*?)</text:\1>)", body, re.S):
        inner = m.group(2) or ""
        inner = re.sub(r"<text:s(?: text:c=\"(\d+)\")?\s*/>", lambda s: " " * int(s.group(1) or 1), inner)
        inner = re.sub(r"<text:tab\s*/>", "\t", inner)
        inner = re.sub(r"<text:line-break\s*/>", "\n", inner)
        lines.append(html.unescape(re.sub(r"<[^>]+>", "", inner)))
    return "\n".join(lines)


def plain_text(path: Path) -> str:
    """The visible text of a reply file, one paragraph (or PDF layout line) per line."""
    if path.suffix == ".odt":
        return odt_text(path)
    return FRESH4.plain_text(path)


def searchable(path: Path, text: str) -> str:
    return text.replace("\n", "") if path.suffix in JOINED else text


def load(path: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / path).read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    problems: list[str] = []
    files = [p for p in sorted(HERE.iterdir()) if p.suffix in REPLY_SUFFIXES]
    replies = {p.name: plain_text(p) for p in files}
    flat = {p.name: searchable(p, replies[p.name]) for p in files}
    headings: dict[str, list[str]] = {}
    for name, text in replies.items():
        golden_path = HERE / (Path(name).stem + ".golden.json")
        if not golden_path.exists():
            problems.append(f"{name}: no golden file")
            headings[name] = []
            continue
        golden = json.loads(golden_path.read_text(encoding="utf-8"))
        meta = golden["meta"]
        values = [meta[k] for k in ("agency", "doc_number", "session", "addressee", "category", "signer")]
        values += meta["proposal_numbers"] + meta["proposers"] + meta["cc"] + list(meta["contact"].values())
        problems += [f"{name}: golden value {v!r} not in the text" for v in values if v and v not in flat[name]]
        if meta["category"] is None and meta["resolution"] is not None:
            problems.append(f"{name}: resolution without a category")
        if meta["resolution"] not in (None, "A", "B", "C"):
            problems.append(f"{name}: resolution {meta['resolution']!r}")
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", meta["date"] or ""):
            problems.append(f"{name}: date {meta['date']!r} is not ISO")
        lines = [line.strip() for line in text.splitlines()]
        headings[name] = [s["heading"] for s in golden["sections"]]
        ids = [s["section_id"] for s in golden["sections"]]
        problems += [f"{name}: section id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        for h in headings[name]:
            if sum(line == h or line.startswith(h + "。") for line in lines) != 1:
                problems.append(f"{name}: heading {h!r} does not open exactly one line")
    for golden_path in sorted(HERE.glob("*.golden.json")):
        if not any(p.stem + ".golden.json" == golden_path.name for p in files):
            problems.append(f"{golden_path.name}: no reply beside it")

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
        for gold in item["gold"]:
            anchor = gold.get("anchor")
            if anchor and len(item["gold"]) == 1 and item["expect"] and not any(e in anchor for e in item["expect"]):
                if not any(e in flat.get(gold["file"], "") for e in item["expect"]):
                    problems.append(f"{where}: no expected string near its anchor")
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
                if len(question["expect"]) != len(question["gold"]):
                    problems.append(f"{question['id']}: multi with {len(question['expect'])} expects for "
                                    f"{len(question['gold'])} gold replies")
                for expected, gold in zip(question["expect"], question["gold"]):
                    if expected not in flat.get(gold["file"], ""):
                        problems.append(f"{question['id']}: {expected!r} not in {gold['file']}")
        for dialogue in load("dialogues.jsonl"):
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
