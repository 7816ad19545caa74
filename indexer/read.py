"""Step 1 of the flow: turn a file on disk into text: plain text in the encodings Chinese archives
use, or a Word (.docx) reply, paragraph by paragraph."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

# UTF-8 first (a BOM is stripped by utf-8-sig), then GB18030, a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")
TEXT_SUFFIXES = {".txt", ".md"}
WORD_SUFFIXES = {".docx"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | WORD_SUFFIXES


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


def read_source(path: Path, name: str | None = None) -> SourceText:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(
            f"不支持的文件类型 {path.suffix or '(无扩展名)'}：请另存为 .docx 或 .txt (only .txt, .md and .docx are read)"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"无法读取文件 (cannot read: {error.strerror or error})") from error
    if not data.strip():
        raise ReadError("空文件 (empty file)")
    if suffix in WORD_SUFFIXES:
        text, encoding = docx_text(data), "docx"
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
