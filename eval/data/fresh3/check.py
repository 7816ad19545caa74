"""Self-check of this folder's data, standard library only; it does not use Dafu's readers or parser.

python eval/data/fresh3/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, or when an id
repeats or a question or dialogue lacks its dev/test mark. The file checks are fresh2/check.py's, run
on this folder: its readers (UTF-8 and GBK text, web pages in their declared charset, .docx paragraphs
and table cells, the text layer of LibreOffice PDFs) cover every format here.
"""

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def fresh2_checks():
    """fresh2/check.py as a module, pointed at this folder."""
    spec = importlib.util.spec_from_file_location("fresh2_check", HERE.parent / "fresh2" / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = HERE
    return module


def ids_and_splits() -> list[str]:
    """Ids are unique, every question and dialogue is marked dev or test, and both splits occur."""
    problems: list[str] = []
    for path in ("questions.jsonl", "dialogues.jsonl"):
        rows = [json.loads(line) for line in (HERE / path).read_text(encoding="utf-8").splitlines() if line.strip()]
        ids = [row["id"] for row in rows]
        problems += [f"{path}: id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        problems += [f"{path}: {row['id']} has split {row.get('split')!r}" for row in rows
                     if row.get("split") not in ("dev", "test")]
        if not {"dev", "test"} <= {row.get("split") for row in rows}:
            problems.append(f"{path}: needs both dev and test items")
    return problems


def main() -> int:
    failed = fresh2_checks().main()
    problems = ids_and_splits()
    if problems:
        print("\n".join(problems))
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
