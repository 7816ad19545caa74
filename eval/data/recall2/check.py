"""Self-check of the second recall set (eval/data/recall2/questions.jsonl); it does not use Dafu's readers or parser.

python eval/data/recall2/check.py  — exits 1 and lists problems, or prints `ok: …`. This folder holds no replies:
its questions are over the 32 replies of fresh15/, fresh16/ and fresh17/, read with those sets' own readers (their
check.py READERS, from eval/data/selfcheck.py). The common item checks of selfcheck.py run on the three folders'
texts at once (gold file is a reply there, anchor exactly once and never inside a heading, every expected string in
a gold reply, unanswerable items without gold or expect, answerable ones with gold). Added here, as recall's
check.py does: ids unique and UB001… in order, the fields present, types and splits from the agreed values, an
anchor 8–30 characters long and after the reply's first section heading, 1–2 expected strings for an answerable
item, an unanswerable item's `topic_file` naming a reply of the three folders and its `near_miss` and
`near_miss_note` filled in. And this set's own: no question asked twice, and every expected string inside the
sentence that holds its anchor (so the control's fact is the anchored sentence's, not a chance match elsewhere).
"""

import re
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(DATA))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

FOLDERS = ("fresh15", "fresh16", "fresh17")
PREFIX = "UB"
FIELDS = ("id", "question", "type", "answerable", "gold", "expect", "split")
TYPES = {"unanswerable_domain": False, "fact": True, "number": True}
SENTENCE_END = "。！？；\n"



def combined(here: Path = HERE, folders: tuple[str, ...] = FOLDERS) -> selfcheck.EvalSet:
    """One EvalSet whose replies are those of the `folders`, with `here`'s questions and no dialogues."""
    return selfcheck.over_folders(here, [DATA / name for name in folders])


def anchored_sentence(text: str, anchor: str) -> str:
    """The sentence of `text` holding `anchor`: from after the previous sentence end to the next one."""
    at = text.find(anchor)
    if at < 0:
        return ""
    start = max(text.rfind(end, 0, at) for end in SENTENCE_END) + 1
    ends = [i for i in (text.find(end, at + len(anchor)) for end in SENTENCE_END) if i >= 0]
    return text[start : min(ends) + 1 if ends else len(text)]


def item_fields_problems(q: dict, data: selfcheck.EvalSet, folders: tuple[str, ...] = FOLDERS) -> list[str]:
    where, problems = q["id"], []
    if q["type"] not in TYPES or TYPES[q["type"]] != q["answerable"]:
        problems.append(f"{where}: type {q['type']!r} with answerable {q['answerable']!r}")
    if q["split"] not in ("dev", "test"):
        problems.append(f"{where}: split {q['split']!r}")
    if q["answerable"] and not 1 <= len(q["expect"]) <= 2:
        problems.append(f"{where}: needs one or two expected strings")
    if not q["answerable"]:
        if q.get("topic_file") not in data.flat:
            problems.append(f"{where}: topic_file {q.get('topic_file')!r} is not a reply of {', '.join(folders)}")
        if not q.get("near_miss") or not q.get("near_miss_note"):
            problems.append(f"{where}: near_miss and near_miss_note must be filled in")
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


def own_problems(data: selfcheck.EvalSet, prefix: str = PREFIX, folders: tuple[str, ...] = FOLDERS,
                 more: Callable[[dict], list[str]] = lambda q: []) -> list[str]:
    """The checks of a recall set over `folders`, ids `prefix`001…; `more` adds a set's own checks of one item."""
    questions = data.questions or []
    if not questions:
        return ["questions.jsonl is missing or empty"]
    ids = [q.get("id") for q in questions]
    problems = [f"id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [f"{i}: not {prefix}{n:03d}" for n, i in enumerate(ids, 1) if i != f"{prefix}{n:03d}"]
    texts = [re.sub(r"\s", "", q.get("question", "")) for q in questions]
    problems += [f"question asked twice: {t}" for t in sorted({t for t in texts if texts.count(t) > 1})]
    for q in questions:
        missing = [f for f in FIELDS if f not in q]
        problems += [f"{q.get('id')}: field {f} missing" for f in missing]
        if not missing:
            problems += item_fields_problems(q, data, folders) + more(q)
    return problems + selfcheck.split_problems(questions, TYPES)


def main(here: Path = HERE, prefix: str = PREFIX, folders: tuple[str, ...] = FOLDERS,
         more: Callable[[dict], list[str]] = lambda q: []) -> int:
    data = combined(here, folders)
    problems = selfcheck.item_problems(data) + own_problems(data, prefix, folders, more)
    if problems:
        print("\n".join(problems))
        return 1
    n = len(data.questions)
    unanswerable = sum(not q["answerable"] for q in data.questions)
    used = {g["file"] for q in data.questions for g in q["gold"]} | {q.get("topic_file") for q in data.questions}
    print(f"ok: {n} questions ({unanswerable} unanswerable, {n - unanswerable} answerable) over "
          f"{len(used & set(data.flat))} of {len(data.flat)} replies of {', '.join(folders)}, consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
