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


# A text copied out of a PDF or a fixed-width export breaks every paragraph at the same width (a
# 公文 page sets 28 characters a line): many of its long lines then reach that one width, where a
# text of whole paragraphs has one paragraph or two at its widest.
SAME_WIDTH_SHARE = 0.3
MIN_LINES_AT_WIDTH = 5


def fixed_width(lines: list[str]) -> int | None:
    """The width at which a text's lines were broken, when they were (most long lines end there)."""
    from indexer.formats.pdf import display_width

    widths = [display_width(line.strip()) for line in lines if len(line.strip()) >= 10]
    if not widths:
        return None
    width = max(widths)
    at_width = sum(1 for w in widths if w >= width - 4)  # a break falls a character early before a wide one
    return width if width >= 40 and at_width >= MIN_LINES_AT_WIDTH and at_width >= SAME_WIDTH_SHARE * len(widths) \
        else None


def unwrap_fixed_width(text: str) -> tuple[str, tuple[str, ...]]:
    """A text whose paragraphs were broken at a fixed width, joined again as a PDF's lines are
    (indexer.formats.pdf.unwrap_pages); any other text unchanged."""
    from indexer.formats.pdf import unwrap_pages

    lines = [line.strip() for line in text.split("\n")]
    width = fixed_width(lines)
    if width is None:
        return text, ()
    return "\n".join(unwrap_pages([[line for line in lines if line]])), (
        f"文本按固定宽度（约 {width // 2} 字）断行，已按段落重新连接 (lines broken at a fixed width were joined into paragraphs)",)


def read_text(data: bytes) -> Extracted:
    text, encoding = decode(data)
    text, notes = unwrap_fixed_width(text)
    return Extracted(text=text, encoding=encoding, notes=notes)
