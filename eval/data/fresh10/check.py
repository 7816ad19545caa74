"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh10/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's:
UTF-8 and GBK text, web pages in their declared charset, .docx paragraphs and table cells, the text layer of
LibreOffice PDFs, the UTF-16 text run of a LibreOffice Word 97 .doc, RTF through striprtf (run this file
with .venv/bin/python), and the format first met here:
- ODT (OpenDocument text written by LibreOffice): the text:p and text:h elements of content.xml in the zip,
  one a line, with <text:s/> as a space, <text:tab/> as a tab and <text:line-break/> as a new line.
PDF lines are layout wraps: values, anchors and expected strings are looked for with the wraps joined.
Beyond the common checks (which include this set's: section ids unique, a golden without a reply, one
expected string per gold reply of a multi question), the resolution is A, B or C.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".html", ".docx", ".pdf", ".doc", ".rtf", ".odt")


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS)


if __name__ == "__main__":
    sys.exit(main())
