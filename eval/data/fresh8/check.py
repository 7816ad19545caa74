"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh8/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's, the
formats of fresh4 without OFD and scans: UTF-8 and GBK text, web pages in their declared charset (gb2312/gbk
decoded as GB18030, upper-case <HEAD>/<SCRIPT> blocks of old pages dropped), .docx paragraphs and table
cells, the text layer of LibreOffice PDFs, the UTF-16 text run of a LibreOffice Word 97 .doc, and RTF
through striprtf (in the project venv; run this file with .venv/bin/python).
Two layouts of this set need a word here:
- .txt lines are paragraphs, so in the hard-wrapped file (yulin-…) an anchor must sit inside one wrapped
  line, and in every .txt an anchor never crosses a blank line (a page break);
- a run-on heading ends at its first "。", or at ". " in the file written with English punctuation (kaifeng-…).
.docx headings numbered by Word's automatic list numbering are checked as their text runs (no number).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".html", ".docx", ".pdf", ".doc", ".rtf")


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS, heading_ends=("。", ". "))


if __name__ == "__main__":
    sys.exit(main())
