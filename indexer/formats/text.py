"""Plain text (.txt, .md) in the encodings Chinese archives use: UTF-8 (with or without BOM),
UTF-16/UTF-32 with a BOM (Windows Notepad's "Unicode"), and GB18030, a superset of GBK and GB2312."""

from __future__ import annotations

import codecs

from indexer.formats import Extracted, ReadError

# Longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Without a BOM: UTF-8 first (GBK text is almost never valid UTF-8), then GB18030.
ENCODINGS = ("utf-8", "gb18030")


def bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), None)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in; a BOM decides, else UTF-8, else GB18030."""
    marked = bom_encoding(data)
    if marked:
        try:
            # The utf-16/utf-32 codecs read the BOM's byte order and drop it; utf-8-sig drops it too.
            return data.decode(marked), marked
        except UnicodeDecodeError as error:
            raise ReadError(f"文件以 {marked} 字节序标记开头，但内容无法按 {marked} 解码 (damaged {marked} text)") from error
    if b"\x00" in data:
        raise ReadError("二进制文件，不是文本 (binary file: contains NUL bytes)")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别编码：请转换为 UTF-8 或 GB18030 (not UTF-8, UTF-8-BOM, UTF-16-BOM or GB18030)")


def read_text(data: bytes) -> Extracted:
    text, encoding = decode(data)
    return Extracted(text=text, encoding=encoding)
