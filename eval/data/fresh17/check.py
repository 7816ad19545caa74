"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh17/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats, or
when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's: UTF-8 text
with CRLF and GB18030 text with CRLF (`text_file`), the two python-docx files (`docx_paragraphs`), the text layer
of the LibreOffice PDF with its running heads and page numbers (`pdf_lines`), the UTF-8 and the GB18030 web pages
(`page_file`: block tags end a line, the cells of the header table included), the RTF (`rtf_striprtf`), the
`.odt` (`odt_text`: the contact table's cells are lines of their own) and the Word 97 `.doc` (`word97_text`).

One check is this set's own: every reply's body, from the addressee line to the closing thanks (for the 会办意见,
to its closing `以上意见…` line), is 800 to 2000 characters long without spaces.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".pdf", ".docx", ".rtf", ".odt", ".doc", html=selfcheck.page_file)
BODY = (800, 2000)
CLOSING = ("感谢", "以上意见")


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS, kinds=True, body=BODY, closing=CLOSING)


if __name__ == "__main__":
    sys.exit(main())
