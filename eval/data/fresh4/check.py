"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh4/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's:
UTF-8 and GBK text, web pages in their declared charset (gb2312 decoded as GB18030, its superset, as
browsers do; upper-case <HEAD>/<SCRIPT> blocks of old pages dropped like lower-case ones), .docx paragraphs
and table cells, the text layer of LibreOffice PDFs, the UTF-16 text run of a LibreOffice Word 97 .doc, and
the formats first met here:
- RTF through striprtf (in the project venv; run this file with .venv/bin/python);
- OFD: the TextCode runs of each page's Content.xml read from the zip, pages in order, one TextObject a
  line (easyofd writes numbers apart from the characters around them, "2021 年": ASCII spaces are dropped);
- the PNG scan: only that it is a whole PNG; its values and anchors are checked against the paragraphs of
  the .docx it was rendered from (docx → soffice PDF → PyMuPDF at 200 dpi), kept as `<name>.source.json`
  (a .json file, so no reader takes it for a reply).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".html", ".docx", ".pdf", ".doc", ".rtf", ".ofd", ".png")


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS)


if __name__ == "__main__":
    sys.exit(main())
