"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh9/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's:
UTF-8 and GBK text, web pages in their declared charset (gb2312 decoded as GB18030, upper-case
<HEAD>/<SCRIPT> blocks of old pages dropped like lower-case ones), .docx paragraphs and table cells, the
text layer of LibreOffice PDFs, the UTF-16 text run of a LibreOffice Word 97 .doc, RTF through striprtf (in
the project venv; run this file with .venv/bin/python), and the format first met here:
- the Markdown export (.md): read as UTF-8 text as a reader of the rendered page sees it — `#` marks at
  the start of a line, `**` bold marks and `---` rules are dropped (README.md is not a reply);
- text files with CRLF line ends: lines are stripped, so a `\r` or a leading tab never counts.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".html", ".docx", ".pdf", ".doc", ".rtf", ".md")


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS)


if __name__ == "__main__":
    sys.exit(main())
