"""Self-check of the recall set (eval/data/recall/questions.jsonl); it does not use Dafu's readers or parser.

python eval/data/recall/check.py  — exits 1 and lists problems, or prints `ok: …`. This folder holds no replies:
its questions are over the 28 replies of fresh10/ and fresh11/, read with those sets' own readers (their check.py
READERS, from eval/data/selfcheck.py). The common item checks of selfcheck.py run on the two folders' texts at
once (gold file is a reply there, anchor exactly once and never inside a heading, every expected string in a gold
reply, unanswerable items without gold or expect, answerable ones with gold). Added here: ids unique and R001…
in order, the fields present, types and splits from the agreed values, an anchor 8–30 characters long, 1–2
expected strings for an answerable item, an unanswerable item's `topic_file` naming a reply of the two folders,
and the anchor after the reply's first section heading (body text, not the header).
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(DATA))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

FOLDERS = ("fresh10", "fresh11")
FIELDS = ("id", "question", "type", "answerable", "gold", "expect", "split")
TYPES = {"unanswerable_domain": False, "fact": True, "number": True}



def combined() -> selfcheck.EvalSet:
    """One EvalSet whose replies are those of fresh10 and fresh11, with this folder's questions and no dialogues."""
    return selfcheck.over_folders(HERE, [DATA / name for name in FOLDERS])


def own_problems(data: selfcheck.EvalSet) -> list[str]:
    problems = []
    questions = data.questions or []
    if not questions:
        return ["questions.jsonl is missing or empty"]
    ids = [q.get("id") for q in questions]
    problems += [f"id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [f"{i}: not R{n:03d}" for n, i in enumerate(ids, 1) if i != f"R{n:03d}"]
    for q in questions:
        where = q.get("id")
        problems += [f"{where}: field {f} missing" for f in FIELDS if f not in q]
        if any(f not in q for f in FIELDS):
            continue
        if q["type"] not in TYPES or TYPES[q["type"]] != q["answerable"]:
            problems.append(f"{where}: type {q['type']!r} with answerable {q['answerable']!r}")
        if q["split"] not in ("dev", "test"):
            problems.append(f"{where}: split {q['split']!r}")
        if q["answerable"] and not 1 <= len(q["expect"]) <= 2:
            problems.append(f"{where}: needs one or two expected strings")
        if not q["answerable"] and q.get("topic_file") not in data.flat:
            problems.append(f"{where}: topic_file {q.get('topic_file')!r} is not a reply of {' or '.join(FOLDERS)}")
        for gold in q["gold"]:
            anchor, name = gold.get("anchor") or "", gold.get("file")
            if not 8 <= len(anchor) <= 30:
                problems.append(f"{where}: anchor {anchor!r} is not 8–30 characters")
            if name in data.flat and data.headings.get(name):
                first = data.flat[name].find(data.headings[name][0])
                if data.flat[name].find(anchor) < first:
                    problems.append(f"{where}: anchor {anchor!r} comes before the first section of {name}")
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
          f"{len(used & set(data.flat))} of {len(data.flat)} replies of {' and '.join(FOLDERS)}, consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
