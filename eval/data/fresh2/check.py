"""Self-check of this folder's data, standard library only; it does not use Dafu's readers or parser.

python eval/data/fresh2/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's;
besides fresh's formats this folder has GBK text files, GB18030 pages, <dl>/<br> page layouts, the text
layer of LibreOffice PDFs (ToUnicode maps) and the UTF-16 text run of a Word 97 .doc.
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
