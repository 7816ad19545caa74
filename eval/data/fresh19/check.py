"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh19/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats, or
when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's: the text
layer of the LibreOffice PDF (`pdf_lines`), the saved page `.mht` (`mht_page`), the UTF-8 site page (`page_file`:
block tags end a line), the GB18030 text with CRLF and the UTF-8 text (`text_file`), the RTF (`rtf_striprtf`), the
`.odt` (`odt_text`), the Word 97 `.doc` (`word97_text`) and the python-docx `.docx` files.

One reader is this set's own: a `.docx` is its body's paragraphs and table cells (`docx_paragraphs`) followed by
the paragraphs of its page footers, because 江苏省体育局's reply keeps its contact and 抄送 lines in the footer,
where a reader of the printed page sees them at the foot of every page. It adds `kind_problems` and the body
check (800 to 2000 characters without spaces, from the addressee line through the closing thanks).
"""

import re
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
BODY = (800, 2000)
CLOSING = ("感谢",)


def docx_with_footers(path: Path) -> str:
    """.docx: `docx_paragraphs`, then every paragraph of the page footers (word/footer*.xml) in name order."""
    archive = zipfile.ZipFile(path)
    parts = [selfcheck.docx_paragraphs(path)]
    for name in sorted(n for n in archive.namelist() if re.fullmatch(r"word/footer\d*\.xml", n)):
        xml = archive.read(name).decode("utf-8")
        parts += ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)]
    return "\n\n".join(parts)


READERS = selfcheck.readers(".txt", ".pdf", ".rtf", ".odt", ".doc", html=selfcheck.page_file, mht=selfcheck.mht_page,
                            docx=docx_with_footers)


def main(folder: Path = HERE) -> int:
    return selfcheck.run(folder, READERS, kinds=True, body=BODY, closing=CLOSING)


if __name__ == "__main__":
    sys.exit(main())
