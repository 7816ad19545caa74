"""Self-check of the third recall set (eval/data/recall3/questions.jsonl); it does not use Dafu's readers or parser.

python eval/data/recall3/check.py  — exits 1 and lists problems, or prints `ok: …`. This folder holds no replies:
its questions are over the 21 replies of fresh18/ and fresh19/, read with those sets' own readers (their check.py
READERS, from eval/data/selfcheck.py). The common item checks of selfcheck.py run on the two folders' texts at once
(gold file is a reply there, anchor exactly once and never inside a heading, every expected string in a gold reply,
unanswerable items without gold or expect, answerable ones with gold). Added as recall2's check.py does: ids unique
and UC001… in order, the fields present, types and splits from the agreed values, an anchor 8–30 characters long and
after the reply's first section heading, 1–2 expected strings for an answerable item, an unanswerable item's
`topic_file` naming a reply of the two folders and its `near_miss` and `near_miss_note` filled in, no question asked
twice, and every expected string inside the sentence that holds its anchor. And this set's own: `near_miss` is one
of the kinds of recall2's README table, and only an unanswerable item has one.
"""

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(DATA))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

FOLDERS = ("fresh18", "fresh19")
PREFIX = "UC"
FIELDS = ("id", "question", "type", "answerable", "gold", "expect", "split")
TYPES = {"unanswerable_domain": False, "fact": True, "number": True}
SENTENCE_END = "。！？；\n"
# The near-miss kinds of recall2's README table, so the two sets' misses can be grouped alike.
KINDS = {"money", "year", "named, not given", "plan, no figure", "place", "unit", "other item", "total vs part", "who",
         "condition", "time", "direction of money", "bound"}


def combined() -> selfcheck.EvalSet:
    """One EvalSet whose replies are those of the two folders, with this folder's questions and no dialogues."""
    return selfcheck.over_folders(HERE, [DATA / name for name in FOLDERS])


def anchored_sentence(text: str, anchor: str) -> str:
    """The sentence of `text` holding `anchor`: from after the previous sentence end to the next one."""
    at = text.find(anchor)
    if at < 0:
        return ""
    start = max(text.rfind(end, 0, at) for end in SENTENCE_END) + 1
    ends = [i for i in (text.find(end, at + len(anchor)) for end in SENTENCE_END) if i >= 0]
    return text[start : min(ends) + 1 if ends else len(text)]


def item_fields_problems(q: dict, data: selfcheck.EvalSet) -> list[str]:
    where, problems = q["id"], []
    if q["type"] not in TYPES or TYPES[q["type"]] != q["answerable"]:
        problems.append(f"{where}: type {q['type']!r} with answerable {q['answerable']!r}")
    if q["split"] not in ("dev", "test"):
        problems.append(f"{where}: split {q['split']!r}")
    if q["answerable"] and not 1 <= len(q["expect"]) <= 2:
        problems.append(f"{where}: needs one or two expected strings")
    if not q["answerable"]:
        if q.get("topic_file") not in data.flat:
            problems.append(f"{where}: topic_file {q.get('topic_file')!r} is not a reply of {', '.join(FOLDERS)}")
        if not q.get("near_miss") or not q.get("near_miss_note"):
            problems.append(f"{where}: near_miss and near_miss_note must be filled in")
        elif q["near_miss"] not in KINDS:
            problems.append(f"{where}: near_miss {q['near_miss']!r} is not a kind of recall2's table")
    elif "near_miss" in q or "topic_file" in q:
        problems.append(f"{where}: near_miss or topic_file on an answerable question")
    for gold in q["gold"]:
        anchor, name = gold.get("anchor") or "", gold.get("file")
        if not 8 <= len(anchor) <= 30:
            problems.append(f"{where}: anchor {anchor!r} is not 8–30 characters")
        if name not in data.flat:
            continue
        if data.headings.get(name):
            first = data.flat[name].find(data.headings[name][0])
            if data.flat[name].find(anchor) < first:
                problems.append(f"{where}: anchor {anchor!r} comes before the first section of {name}")
        sentence = anchored_sentence(data.flat[name], anchor)
        problems += [f"{where}: expected {e!r} is not in the anchored sentence of {name}"
                     for e in q["expect"] if e not in sentence]
    return problems


def own_problems(data: selfcheck.EvalSet) -> list[str]:
    questions = data.questions or []
    if not questions:
        return ["questions.jsonl is missing or empty"]
    ids = [q.get("id") for q in questions]
    problems = [f"id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [f"{i}: not {PREFIX}{n:03d}" for n, i in enumerate(ids, 1) if i != f"{PREFIX}{n:03d}"]
    texts = [re.sub(r"\s", "", q.get("question", "")) for q in questions]
    problems += [f"question asked twice: {t}" for t in sorted({t for t in texts if texts.count(t) > 1})]
    for q in questions:
        missing = [f for f in FIELDS if f not in q]
        problems += [f"{q.get('id')}: field {f} missing" for f in missing]
        if not missing:
            problems += item_fields_problems(q, data)
    return problems + selfcheck.split_problems(questions, TYPES)


def main() -> int:
    data = combined()
    problems = selfcheck.item_problems(data) + own_problems(data)
    if problems:
        print("\n".join(problems))
        return 1
    n = len(data.questions)
    unanswerable = sum(not q["answerable"] for q in data.questions)
    used = {g["file"] for q in data.questions for g in q["gold"]} | {q.get("topic_file") for q in data.questions}
    print(f"ok: {n} questions ({unanswerable} unanswerable, {n - unanswerable} answerable) over "
          f"{len(used & set(data.flat))} of {len(data.flat)} replies of {', '.join(FOLDERS)}, consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
