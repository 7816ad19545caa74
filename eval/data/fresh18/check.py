"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh18/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats, or
when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's: the UTF-8
text with a byte-order mark and the GB18030 text with CRLF (`text_file`), the two LibreOffice .docx
(`docx_paragraphs`; a header table's cells are paragraphs of their own), the text layer of the LibreOffice PDF
(`pdf_lines`), the UTF-8 page saved from a WeChat article and the GB18030 government page (`page_file`: block tags
end a line), the RTF (`rtf_striprtf`), the `.odt` (`odt_text`) and the Word 97 `.doc` (`word97_text`).

One check is this set's own: every reply's body, from the addressee line (for the 办理情况报告, whose 主送 line
comes after the body, from its opening sentence) through the closing thanks (the report's `特此报告。`), is 800 to
2000 characters long without spaces.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".pdf", ".docx", ".rtf", ".odt", ".doc", html=selfcheck.page_file)
BODY = (800, 2000)
CLOSING = ("感谢", "衷心感谢", "特此报告")
# The report to the 人大 names its addressee (主送) after the body: its body opens at the first sentence.
OPENING = {"dunhuang-wtlj-2019-0012.txt": "市十八届人大三次会议期间"}


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS, kinds=True, body=BODY, closing=CLOSING, openings=OPENING)


if __name__ == "__main__":
    sys.exit(main())
