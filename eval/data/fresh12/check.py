"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh12/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats, or
when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's: UTF-8
(with or without a byte-order mark, CRLF or LF) and GBK text, the UTF-8 web page (tags as spaces), the gb2312
`.shtml` page (decoded as GB18030, block tags ending a line: `page_file`), `.docx` paragraphs and table cells,
the `.odt`'s paragraphs and table cells, the Word 97 file saved under a `.wps` name (WPS Office's own name for
it; `word97_text`), the text layer of the LibreOffice PDF, and RTF through striprtf. Nothing is added to the
common checks.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".html", ".docx", ".odt", ".pdf", ".rtf",
                            shtml=selfcheck.page_file, wps=selfcheck.word97_text)


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS)


if __name__ == "__main__":
    sys.exit(main())
