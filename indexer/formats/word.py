"""Word replies: .docx with python-docx, old binary .doc with Debian's `antiword` (LibreOffice
headless when antiword is missing). A ".doc" is often something else saved under that name: a
.docx, an HTML page or RTF; the bytes decide, not the name."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from indexer.formats import Extracted, ReadError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 (and Excel, PowerPoint) compound file
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"
HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<\?xml[^>]*>\s*<html|<head|<meta)", re.IGNORECASE)
CONVERT_SECONDS = 120


def docx_text(data: bytes) -> str:
    """A Word reply's paragraphs and table rows, in document order, one per line."""
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types for a damaged or mislabelled file
        raise ReadError(f"无法打开 Word 文件：{error} (not a valid .docx)") from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            # Some replies put the header (办理结果, 公开属性) in a table: one line per row, a label and its
            # value joined as "label：value"; a row of more cells (签发人 | 刘某 | 办理结果 | A类, or a data
            # table's row) keeps its cells apart with tabs, and the parser pairs labels with values.
            for row in block.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                lines.append(("：" if len(cells) <= 2 else "\t").join(cells))
        else:
            lines.extend(text_box_lines(block._p))
            lines.append(block.text)
    return "\n\n".join(lines)


# A box's own paragraphs, once each: Word and LibreOffice write every box twice, as a drawing and as
# a VML fallback (mc:Fallback) for old readers.
TEXT_BOX_PARAGRAPHS = ".//w:txbxContent[not(ancestor::mc:Fallback)]//w:p[not(ancestor::w:p[ancestor::w:txbxContent])]"
WORD_NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                   "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


@functools.cache
def _text_box_xpaths():
    """(a box's paragraphs, a paragraph's words), compiled once per process, not once per paragraph."""
    from lxml import etree

    return (etree.XPath(TEXT_BOX_PARAGRAPHS, namespaces=WORD_NAMESPACES),
            etree.XPath(".//w:t/text()", namespaces=WORD_NAMESPACES))


def text_box_lines(paragraph) -> list[str]:
    """The lines of the text boxes anchored in a paragraph, which python-docx leaves out of its text;
    templates set the red header (…局文件) and the document number in a box."""
    boxes, words = _text_box_xpaths()
    return ["".join(words(p)) for p in boxes(paragraph)]


def read_docx(data: bytes) -> Extracted:
    return Extracted(text=docx_text(data), encoding="docx")


def looks_like_html(data: bytes) -> bool:
    return bool(HTML_START.match(data[:1024].lstrip(b"\xef\xbb\xbf")))


def read_doc(data: bytes) -> Extracted:
    """An old Word .doc; what the bytes really are decides how it is read."""
    if data.startswith(ZIP_MAGIC):
        return Extracted(text=docx_text(data), encoding="docx", notes=("扩展名为 .doc，实为 .docx (a .docx named .doc)",))
    if looks_like_html(data):
        from indexer.formats.html import read_html  # sites serve web pages as "Word" downloads

        page = read_html(data)
        return Extracted(text=page.text, encoding=page.encoding, hints=page.hints,
                         notes=("扩展名为 .doc，实为网页 (an HTML page named .doc)", *page.notes))
    if data.lstrip().startswith(RTF_MAGIC):
        from indexer.formats.rtf import read_rtf  # Word's "save as RTF" keeps the .doc name on many sites

        return Extracted(text=read_rtf(data).text, encoding="rtf", notes=("扩展名为 .doc，实为 RTF (an RTF file named .doc)",))
    if not data.startswith(OLE2_MAGIC):
        raise ReadError("不是 Word 文档（文件头不是 Word 97–2003 格式）：请确认文件来源，或用 Word/WPS 打开后另存为 .docx "
                        "(not a Word .doc file)")
    with tempfile.TemporaryDirectory(prefix="dafu-doc-") as folder:
        path = Path(folder) / "reply.doc"
        path.write_bytes(data)
        if shutil.which("antiword"):
            return Extracted(text=antiword(path), encoding="doc (antiword)")
        if shutil.which("soffice"):
            return Extracted(text=libreoffice(path), encoding="doc (libreoffice)")
    raise ReadError("读取旧版 Word (.doc) 需要 antiword：apt-get install antiword；或另存为 .docx "
                    "(install antiword, or LibreOffice, to read .doc; or save it as .docx)")


def run(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
    except subprocess.TimeoutExpired as error:
        raise ReadError(f"转换 .doc 超时（{CONVERT_SECONDS} 秒）(converting the .doc timed out)") from error


def antiword(path: Path) -> str:
    # UTF-8 output whatever the locale; -w 0 keeps each paragraph on one line.
    done = run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)])
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().replace(str(path), "文件")
        raise ReadError(f"antiword 无法读取此 .doc：{reason} (antiword could not read it: save it as .docx)")
    text = done.stdout.decode("utf-8", "replace")
    return "\n".join(line for line in text.split("\n") if line.strip() != "[pic]")


def libreoffice(path: Path) -> str:
    done = run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{path.parent}/profile",
                "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(path.parent), str(path)])
    converted = path.with_suffix(".txt")
    if done.returncode != 0 or not converted.exists():
        raise ReadError("LibreOffice 无法转换此 .doc (LibreOffice could not convert it: save it as .docx)")
    return converted.read_text(encoding="utf-8-sig")
