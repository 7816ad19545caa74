"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh9/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. It reuses fresh2/check.py's readers (UTF-8 and GBK
text, web pages in their declared charset, .docx paragraphs and table cells, the text layer of LibreOffice
PDFs, the UTF-16 text run of a LibreOffice Word 97 .doc) and, like fresh4/check.py, adds:
- RTF through striprtf (in the project venv; run this file with .venv/bin/python);
- web pages declared gb2312 decoded as GB18030 (its superset), as browsers do, and upper-case
  <HEAD>/<SCRIPT> blocks of old pages dropped like lower-case ones;
- the Markdown export (.md): read as UTF-8 text as a reader of the rendered page sees it — `#` marks at
  the start of a line, `**` bold marks and `---` rules are dropped;
- text files with CRLF line ends: lines are stripped, so a `\r` or a leading tab never counts.
"""

import importlib.util
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
REPLY_SUFFIXES = {".txt", ".html", ".docx", ".pdf", ".doc", ".rtf", ".md"}
JOINED = {".pdf"}  # formats whose lines are layout wraps, not paragraphs


def fresh2_module():
    spec = importlib.util.spec_from_file_location("fresh2_check", HERE.parent / "fresh2" / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FRESH2 = fresh2_module()


def plain_text(path: Path) -> str:
    """The visible text of a reply file, one paragraph (or layout line) per line."""
    if path.suffix == ".rtf":
        from striprtf.striprtf import rtf_to_text

        return rtf_to_text(path.read_text(encoding="ascii", errors="replace"))
    if path.suffix == ".md":
        lines = path.read_text(encoding="utf-8").splitlines()
        return "\n".join(re.sub(r"^#+\s*", "", line).replace("**", "") for line in lines if line.strip() != "---")
    if path.suffix == ".html":
        # fresh2's reader finds head/script/style in lower case only and decodes the declared charset.
        raw = re.sub(rb"<(/?)(head|script|style)\b", lambda m: b"<" + m.group(1) + m.group(2).lower(), path.read_bytes(),
                     flags=re.I)
        raw = re.sub(rb'charset=(["\']?)gb(2312|k)', rb"charset=\1gb18030", raw, count=1, flags=re.I)
        tmp = HERE / ".check-tmp.html"
        tmp.write_bytes(raw)
        try:
            return FRESH2.plain_text(tmp)
        finally:
            tmp.unlink()
    return FRESH2.plain_text(path)


def searchable(path: Path, text: str) -> str:
    return text.replace("\n", "") if path.suffix in JOINED else text


def load(path: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / path).read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    problems: list[str] = []
    files = [p for p in sorted(HERE.iterdir()) if p.suffix in REPLY_SUFFIXES and p.name != "README.md"]
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
        if meta["category"] is None and meta["resolution"] is not None:
            problems.append(f"{name}: resolution without a category")
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", meta["date"] or ""):
            problems.append(f"{name}: date {meta['date']!r} is not ISO")
        lines = [line.strip() for line in text.splitlines()]
        headings[name] = [s["heading"] for s in golden["sections"]]
        for h in headings[name]:
            if sum(line == h or line.startswith(h + "。") for line in lines) != 1:
                problems.append(f"{name}: heading {h!r} does not open exactly one line")

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
