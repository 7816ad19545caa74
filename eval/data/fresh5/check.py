"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh5/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's:
.docx paragraphs and table cells, the text layer of LibreOffice PDFs, the UTF-16 text run of a LibreOffice
Word 97 .doc, the TextCode runs of an OFD, and the readers first needed here:
- .txt with a UTF-8 byte-order mark and CRLF line ends (the mark and the CRs are dropped), GBK .txt;
- web pages (.htm and .html) in their declared charset, gb2312 decoded as GB18030 as browsers do, with
  head, script, style and comments (Word's `<!--[if gte mso 9]>` blocks) dropped, block tags ending a
  line and inline tags removed without a space (Word puts every run of digits in a `<span lang=EN-US>`);
- the image-only PDF scan: only that it is a whole PDF of page pictures with no font (no text layer);
  its values and anchors are checked against the paragraphs of the .docx it was rendered from, kept as
  `<name>.source.json` (a .json file, so no reader and no eval run takes it for a reply).
PDF and OFD lines are layout wraps, so they are joined before searching, and ASCII spaces are dropped
there (LibreOffice and easyofd write `2017 年`); golden values and anchors are written without them, and a
heading there may wrap onto the next lines. Beyond the common checks: category and resolution are both set
or both null, the resolution is A, B or C, reply_kind and proposal_kind take the agreed values, and every
dialogue has two to four turns.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", ".docx", ".doc", ".ofd", htm=selfcheck.page_file, html=selfcheck.page_file,
                             pdf=selfcheck.pdf_text_or_scan)


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS, kinds=True, spaceless_layout=True)


if __name__ == "__main__":
    sys.exit(main())
