"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh7/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's, the
formats of fresh4 without OFD and scans: UTF-8 and GBK text, web pages in their declared charset (gb2312
decoded as GB18030, upper-case <HEAD>/<SCRIPT> blocks of old pages dropped like lower-case ones), .docx
paragraphs and table cells, the text layer of LibreOffice PDFs, the UTF-16 text run of a LibreOffice Word 97
.doc, and RTF through striprtf (in the project venv; run this file with .venv/bin/python).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".html", ".docx", ".pdf", ".doc", ".rtf")


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS)


if __name__ == "__main__":
    sys.exit(main())
