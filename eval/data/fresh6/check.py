"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh6/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's,
with fresh5's checks (PDF layout lines searched without spaces; grades, kinds, two to four turns) and its
readers for web pages, the text layer of LibreOffice PDFs and the image-only PDF checked against
`<name>.source.json`, and the readers first needed here:
- .txt in UTF-16 with a byte-order mark (Windows Notepad's "Unicode"), UTF-8 with or without a mark, GBK;
  CRLF line ends become LF;
- .mht (a page saved as one file): the text/html part found with the standard library's `email` module,
  its quoted-printable body decoded, then read like any page;
- .docx: paragraphs and table cells in document order, a paragraph of an automatically numbered list
  given the marker Word shows (`chineseCounting` with `%1、` → 一、二、…; decimal → 1. 2. …), since the
  marker is not in the paragraph's text;
- .rtf: converted to UTF-8 text by LibreOffice (`soffice --headless --convert-to txt`) in a temporary folder.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
READERS = selfcheck.readers(".txt", html=selfcheck.page_file, mht=selfcheck.mht_page, docx=selfcheck.docx_numbered,
                             pdf=selfcheck.pdf_text_or_scan, rtf=selfcheck.rtf_soffice)


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS, kinds=True, spaceless_layout=True)


if __name__ == "__main__":
    sys.exit(main())
