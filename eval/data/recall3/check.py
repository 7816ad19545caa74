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

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(DATA))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

FOLDERS = ("fresh18", "fresh19")
PREFIX = "UC"


def _recall2_check():
    """recall2's check.py, whose checks of a recall set this set runs over its own folders and prefix."""
    spec = importlib.util.spec_from_file_location("recall2_check", DATA / "recall2" / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RECALL2 = _recall2_check()


def near_miss_problems(q: dict) -> list[str]:
    """This set's own: an unanswerable item's near_miss is a kind of recall2's table, and a control has none."""
    where = q["id"]
    if not q["answerable"]:
        if q.get("near_miss") and q["near_miss"] not in selfcheck.NEAR_MISS_KINDS:
            return [f"{where}: near_miss {q['near_miss']!r} is not a kind of recall2's table"]
    elif "near_miss" in q or "topic_file" in q:
        return [f"{where}: near_miss or topic_file on an answerable question"]
    return []


def combined() -> selfcheck.EvalSet:
    """One EvalSet whose replies are those of the two folders, with this folder's questions and no dialogues."""
    return RECALL2.combined(HERE, FOLDERS)


def own_problems(data: selfcheck.EvalSet) -> list[str]:
    return RECALL2.own_problems(data, PREFIX, FOLDERS, near_miss_problems)


if __name__ == "__main__":
    sys.exit(RECALL2.main(HERE, PREFIX, FOLDERS, near_miss_problems))
