"""Self-check of this folder's data, standard library only; it does not use Dafu's readers or parser.

python eval/data/fresh3/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, or when an id
repeats or a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's,
with fresh2's formats: UTF-8 and GBK text, web pages in their declared charset, .docx paragraphs and table
cells, the text layer of LibreOffice PDFs.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".html", ".docx", ".pdf", ".doc")


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS)


if __name__ == "__main__":
    sys.exit(main())
