"""RTF replies: Word and WPS save them, and sites serve them, often under a .doc name. striprtf turns
the control words into text: \\uN escapes and \\'hh bytes in the file's \\ansicpg code page (936, GBK,
in Chinese Word and WPS); paragraphs (\\par) become lines."""

from __future__ import annotations

import re

from indexer.formats import Extracted, ReadError

CODE_PAGE = re.compile(rb"\\ansicpg(\d+)")


def read_rtf(data: bytes) -> Extracted:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ReadError("不是 RTF 文件（文件头不是 {\\rtf）：请用 Word 或 WPS 打开后另存为 .docx (not an RTF file)")
    from striprtf.striprtf import rtf_to_text

    # RTF is 7-bit by design, but some writers leave a code page's raw bytes in it; read those in
    # the code page the file declares (cp936 is GBK: GB18030 reads every GBK byte and more).
    page = CODE_PAGE.search(data[:4096])
    codec = {"936": "gb18030"}.get(page.group(1).decode(), f"cp{page.group(1).decode()}") if page else "cp1252"
    try:
        source = data.decode(codec, errors="replace")
    except LookupError:
        source = data.decode("cp1252", errors="replace")
    try:
        text = rtf_to_text(source, errors="replace")
    except Exception as error:  # striprtf raises plain exceptions on a malformed group or escape
        raise ReadError(f"无法读取 RTF 文件：{error} (damaged RTF: open it in Word or WPS and save it as .docx)") from error
    return Extracted(text=text, encoding="rtf")
