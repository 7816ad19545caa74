"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh6/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats,
or when a question or dialogue lacks its dev/test mark. The checks are fresh5/check.py's `main`, loaded as
a module (which loads fresh4's and fresh2's readers: the text layer of LibreOffice PDFs, web pages in their
declared charset, the image-only PDF checked against `<name>.source.json`); this file gives it this folder
and the readers fresh5's lack:
- .txt in UTF-16 with a byte-order mark (Windows Notepad's "Unicode"), UTF-8 with or without a mark, GBK;
  CRLF line ends become LF;
- .mht (a page saved as one file): the text/html part found with the standard library's `email` module,
  its quoted-printable body decoded, then read like any page;
- .docx: paragraphs and table cells in document order, a paragraph of an automatically numbered list
  given the marker Word shows (`chineseCounting` with `%1、` → 一、二、…; decimal → 1. 2. …), since the
  marker is not in the paragraph's text;
- .rtf: converted to UTF-8 text by LibreOffice (`soffice --headless --convert-to txt`) in a temporary folder.
"""

import importlib.util
import email
import re
import subprocess
import sys
import tempfile
import zipfile
from email import policy
from pathlib import Path

HERE = Path(__file__).parent
REPLY_SUFFIXES = {".txt", ".html", ".mht", ".docx", ".pdf", ".rtf"}
CHINESE = "一二三四五六七八九十"


def fresh5_module():
    spec = importlib.util.spec_from_file_location("fresh5_check", HERE.parent / "fresh5" / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FRESH5 = fresh5_module()
FRESH5_TEXT = FRESH5.plain_text


def text_file(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
    return text.replace("\r\n", "\n")


def mht_text(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return FRESH5.page_text(part.get_payload(decode=True))
    raise ValueError("no text/html part")


def marker(fmt: str, text: str, n: int) -> str:
    number = CHINESE[n - 1] if fmt == "chineseCounting" else str(n)
    return text.replace("%1", number)


def docx_text(path: Path) -> str:
    archive = zipfile.ZipFile(path)
    xml = archive.read("word/document.xml").decode("utf-8")
    formats: dict[str, tuple[str, str]] = {}
    if "word/numbering.xml" in archive.namelist():
        numbering = archive.read("word/numbering.xml").decode("utf-8")
        abstract = {}
        for a in re.findall(r"<w:abstractNum\b.*?</w:abstractNum>", numbering, re.S):
            ident = re.search(r'w:abstractNumId="(\d+)"', a).group(1)
            level = re.search(r'<w:lvl w:ilvl="0".*?</w:lvl>', a, re.S)
            if level:
                fmt = re.search(r'<w:numFmt w:val="(\w+)"', level.group(0))
                text = re.search(r'<w:lvlText w:val="([^"]*)"', level.group(0))
                abstract[ident] = (fmt.group(1) if fmt else "decimal", text.group(1) if text else "%1.")
        for num, ident in re.findall(r'<w:num w:numId="(\d+)"[^>]*>\s*<w:abstractNumId w:val="(\d+)"', numbering):
            if ident in abstract:
                formats[num] = abstract[ident]
    counters: dict[str, int] = {}
    lines = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))
        num = re.search(r'<w:numPr>.*?<w:numId w:val="(\d+)"', p, re.S)
        if num and num.group(1) in formats:
            counters[num.group(1)] = counters.get(num.group(1), 0) + 1
            text = marker(*formats[num.group(1)], counters[num.group(1)]) + text
        lines.append(text)
    return "\n\n".join(lines)


def rtf_text(path: Path) -> str:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                        "txt:Text (encoded):UTF8", "--outdir", folder, str(path)], check=True, capture_output=True)
        return (Path(folder) / (path.stem + ".txt")).read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def plain_text(path: Path) -> str:
    """The visible text of a reply file, one paragraph (or layout line) per line."""
    raw = path.read_bytes()
    if path.suffix == ".txt":
        return text_file(raw)
    if path.suffix == ".mht":
        return mht_text(raw)
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".rtf":
        return rtf_text(path)
    return FRESH5_TEXT(path)  # .html, the text PDF, the image-only PDF (through its .source.json)


def main() -> int:
    FRESH5.HERE = HERE
    FRESH5.REPLY_SUFFIXES = REPLY_SUFFIXES
    FRESH5.plain_text = plain_text
    return FRESH5.main()


if __name__ == "__main__":
    sys.exit(main())
