"""Self-check of this folder's data, standard library only; it does not use Dafu's readers or parser.

python eval/data/fresh/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is.
"""

import html
import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent


def plain_text(path: Path) -> str:
    """The visible text of a reply file: .txt as is, .docx paragraphs, .html without <head>, scripts and tags."""
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".docx":
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
        return "\n\n".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)
    raw = path.read_bytes()
    charset = re.search(rb'charset=["\']?([\w-]+)', raw[:2000]).group(1).decode()
    page = re.sub(r"<(head|script|style)[^>]*>.*?</\1>", "", raw.decode(charset), flags=re.S)
    page = re.sub(r"</(p|tr|h1|h2|div|li)>", "\n\n", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def main() -> int:
    problems: list[str] = []
    replies = {p.name: plain_text(p) for p in HERE.iterdir() if p.suffix in {".txt", ".html", ".docx"}}
    headings: dict[str, list[str]] = {}
    for name, text in replies.items():
        golden = json.loads((HERE / (Path(name).stem + ".golden.json")).read_text(encoding="utf-8"))
        meta = golden["meta"]
        values = [meta[k] for k in ("agency", "doc_number", "session", "addressee", "category", "signer")]
        values += meta["proposal_numbers"] + meta["proposers"] + meta["cc"] + list(meta["contact"].values())
        problems += [f"{name}: golden value {v!r} not in the text" for v in values if v and v not in text]
        lines = [line.strip() for line in text.splitlines()]
        headings[name] = [s["heading"] for s in golden["sections"]]
        for h in headings[name]:
            if sum(line == h or line.startswith(h + "。") for line in lines) != 1:
                problems.append(f"{name}: heading {h!r} does not open exactly one line")

    def check_turn(where: str, item: dict) -> None:
        for gold in item["gold"]:
            text, anchor = replies[gold["file"]], gold.get("anchor")
            if anchor is not None and (text.count(anchor) != 1 or any(anchor in h for h in headings[gold["file"]])):
                problems.append(f"{where}: anchor {anchor!r} not exactly once outside headings of {gold['file']}")
        for expected in item["expect"]:
            if not any(expected in replies[g["file"]] for g in item["gold"]):
                problems.append(f"{where}: expected {expected!r} in none of its gold files")
        if not item["answerable"] and (item["gold"] or item["expect"]):
            problems.append(f"{where}: unanswerable with gold or expect")

    for line in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        question = json.loads(line)
        check_turn(question["id"], question)
        if question["type"] == "multi":
            for expected, gold in zip(question["expect"], question["gold"]):
                if expected not in replies[gold["file"]]:
                    problems.append(f"{question['id']}: {expected!r} not in {gold['file']}")
    for line in (HERE / "dialogues.jsonl").read_text(encoding="utf-8").splitlines():
        dialogue = json.loads(line)
        for n, turn in enumerate(dialogue["turns"], 1):
            check_turn(f"{dialogue['id']} turn {n}", turn)
    print("\n".join(problems) or f"ok: {len(replies)} replies, questions and dialogues consistent")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
