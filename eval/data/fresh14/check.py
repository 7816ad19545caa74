"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh14/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats, or
when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's: UTF-8,
UTF-8-BOM and GB18030 text (`text_file`), the three python-docx files (`docx_paragraphs`; the table's cells are
paragraphs of their own), the text layer of the LibreOffice PDF (`pdf_lines`; its page-number lines included),
the 政府信息公开 page with its metadata table (`page_file`: block tags end a line, so each table cell is a line),
the RTF (`rtf_striprtf`), the `.odt` (`odt_text`) and the Word 97 `.doc` (`word97_text`).

One check is this set's own: every reply's body, from the addressee line to the closing thanks, is 800 to
2000 characters long without spaces (the brief's length for a realistic reply).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".pdf", ".docx", ".rtf", ".odt", ".doc", html=selfcheck.page_file)
BODY = (800, 2000)


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS, kinds=True, body=BODY)


if __name__ == "__main__":
    sys.exit(main())
