"""Step 1 of the flow: turn a file on disk into text: plain text in the encodings Chinese archives
use, a Word (.docx) reply paragraph by paragraph, or a PDF reply with its line wraps undone."""

from __future__ import annotations

import hashlib
import io
import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from indexer.parse import match_marker

# UTF-8 first (a BOM is stripped by utf-8-sig), then GB18030, a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")
TEXT_SUFFIXES = {".txt", ".md"}
WORD_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | WORD_SUFFIXES | PDF_SUFFIXES


class ReadError(Exception):
    """A file that cannot be turned into text; the message says why, in words a user can act on."""


@dataclass(frozen=True)
class SourceText:
    path: Path
    name: str  # relative to the archive folder it came from
    text: str
    encoding: str
    sha256: str


def find_files(root: Path) -> list[tuple[Path, str]]:
    """The reply files at or below `root`, as (path, name relative to the folder)."""
    if root.is_dir():
        # Every visible file is returned, so one of an unsupported type is reported, not ignored.
        return [
            (path, path.relative_to(root).as_posix())
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.name != "README.md"
            and not any(part.startswith(".") for part in path.relative_to(root).parts)
        ]
    if root.exists() or root.is_symlink():
        return [(root, root.name)]
    raise ReadError("路径不存在 (no such file or folder)")


def decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        raise ReadError("二进制文件，不是文本 (binary file: contains NUL bytes)")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别编码：请转换为 UTF-8 或 GB18030 (not UTF-8, UTF-8-BOM or GB18030)")


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
            # Some replies put the header (办理结果, 公开属性) in a table: one line per row.
            lines.extend("：".join(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                         for row in block.rows)
        else:
            lines.append(block.text)
    return "\n\n".join(lines)


# --- PDF -------------------------------------------------------------------------------------------
# A PDF holds positioned lines, not paragraphs. What extraction adds and a reply never means is
# removed here: page numbers, the wraps of long paragraphs, stray spaces, radical look-alikes.

# A line this wide (relative to the page's widest line) filled the text column: the paragraph goes on.
WRAP_RATIO = 0.85
# Ends a paragraph; a full-width line ending in one of these is kept as the end of its paragraph.
SENTENCE_END = "。！？；：”"
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]"  # - 2 -
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"  # 第 2 页, 第 2 页 共 5 页
    r"|\d{1,4}(?:\s*/\s*\d{1,4})?)$"  # 2, 2/5
)
FULLWIDTH_PUNCTUATION = "，。、；：？！（）《》「」『』【】〔〕“”‘’"
SPACE_BEFORE_PUNCTUATION = re.compile(rf"[ \t]+(?=[{FULLWIDTH_PUNCTUATION}])")
SPACE_AFTER_PUNCTUATION = re.compile(rf"(?<=[{FULLWIDTH_PUNCTUATION}])[ \t]+")
# 浦科经委办理（ 2025 ） 61 号 → 浦科经委办理（2025）61号; "第 057 号提案" (no year bracket) is kept.
DOC_NUMBER_SPACED = re.compile(r"([（(〔\[])\s*(\d{4})\s*([）)〕\]])\s*(第?)\s*(\d+)\s*号")
# CJK fonts draw 门 and the radical ⻔ with one glyph, so a PDF's ToUnicode map may name the radical.
# Kangxi radicals (U+2F00–U+2FD5) fold to their ideograph under NFKC; the simplified-form radicals
# of the supplement have no decomposition, so the common ones are listed.
RADICAL_SUPPLEMENT = str.maketrans(
    "⺟⺠⻄⻅⻆⻈⻉⻋⻐⻓⻔⻘⻙⻚⻛⻜⻝⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "母民西见角讠贝车钅长门青韦页风飞食饣马鱼鸟卤麦黄黾齐齿龙龟",
)


def display_width(line: str) -> int:
    """Columns a line fills: a Chinese character or fullwidth mark is two, a digit or letter one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)


def normalise_pdf_line(line: str) -> str:
    """Undo what extraction adds inside a line. Spaces between Chinese and digits or Latin ("16 家",
    "浦东新区 AIGC") are kept: the source often has them and a PDF cannot tell which it added. Only
    spaces next to fullwidth punctuation and inside a document number go, and runs become one."""
    line = "".join(
        unicodedata.normalize("NFKC", c) if "\u2f00" <= c <= "\u2fdf" else c for c in line
    ).translate(RADICAL_SUPPLEMENT)
    line = re.sub(r"[ \t\u3000\xa0]+", " ", line).strip()
    line = SPACE_BEFORE_PUNCTUATION.sub("", SPACE_AFTER_PUNCTUATION.sub("", line))
    return DOC_NUMBER_SPACED.sub(r"\1\2\3\4\5号", line)


def page_lines(page: str) -> list[str]:
    """A page's non-empty lines without the page number above or below the text."""
    lines = [line for line in (normalise_pdf_line(raw) for raw in page.split("\n")) if line]
    while lines and PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return lines


def unwrap_pages(pages: list[list[str]]) -> list[str]:
    """Join the lines of each paragraph, across page breaks too.

    A line continues on the next when it does not end a sentence, fills the text column (at least
    WRAP_RATIO of the page's widest line, so short header lines such as the agency, the document
    number and a two-line title stay apart) and the next line does not open a numbered section.
    A page with only a few short lines (the closing) is measured against the typical page width.
    """
    widest = [max(map(display_width, lines)) for lines in pages if lines]
    typical = statistics.median(widest) if widest else 0
    marked: list[tuple[str, bool]] = []
    for lines in pages:
        if not lines:
            continue
        column = max(map(display_width, lines))
        if column < WRAP_RATIO * typical:
            column = typical
        marked.extend(
            (line, line[-1] not in SENTENCE_END and display_width(line) >= WRAP_RATIO * column)
            for line in lines
        )
    paragraphs: list[str] = []
    continues = False
    for line, wrapped in marked:
        if paragraphs and continues and match_marker(line) is None:
            previous = paragraphs[-1]
            # Latin words either side of a wrap were separated by the space the wrap replaced.
            joiner = " " if previous[-1].isascii() and previous[-1].isalnum() and line[0].isascii() and line[0].isalnum() else ""
            paragraphs[-1] = previous + joiner + line
        else:
            paragraphs.append(line)
        continues = wrapped
    return paragraphs


def pdf_text(data: bytes) -> str:
    """A PDF reply's paragraphs, one per line, from its text layer (pypdf)."""
    try:
        import pypdf
    except ImportError as error:
        raise ReadError("读取 PDF 需要 pypdf：pip install pypdf (install pypdf to read PDF files)") from error

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many agency PDFs only restrict printing or copying
            except Exception:  # an unsupported cipher, or `cryptography` missing for AES
                opened = False
            if not opened:
                raise ReadError("PDF 已加密，需要密码：请先去除密码再导入 (encrypted PDF: remove the password first)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as error:  # pypdf raises many types for a damaged or mislabelled file
        raise ReadError(f"无法打开 PDF 文件：{error} (damaged or not a PDF: open it in a viewer and save it again)") from error
    lines = [page_lines(page) for page in pages]
    if not any(lines):
        raise ReadError("PDF 没有文字层（扫描件），请先做文字识别 (no text layer: OCR it first)")
    return "\n\n".join(unwrap_pages(lines))


def read_source(path: Path, name: str | None = None) -> SourceText:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(
            f"不支持的文件类型 {path.suffix or '(无扩展名)'}：请另存为 .docx 或 .txt (only .txt, .md, .docx and .pdf are read)"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"无法读取文件 (cannot read: {error.strerror or error})") from error
    if not data.strip():
        raise ReadError("空文件 (empty file)")
    if suffix in WORD_SUFFIXES:
        text, encoding = docx_text(data), "docx"
    elif suffix in PDF_SUFFIXES:
        text, encoding = pdf_text(data), "pdf"
    else:
        text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError("空文件 (only whitespace)")
    return SourceText(
        path=path,
        name=name or path.name,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )
