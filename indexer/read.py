"""Step 1 of the flow: turn a file on disk into text, trying the encodings Chinese archives use."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

# UTF-8 first (a BOM is stripped by utf-8-sig), then GB18030, a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")
SUPPORTED_SUFFIXES = {".txt", ".md"}


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


def read_source(path: Path, name: str | None = None) -> SourceText:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ReadError(f"不支持的文件类型 {path.suffix or '(无扩展名)'}：请转换为 .txt (only .txt and .md are read)")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"无法读取文件 (cannot read: {error.strerror or error})") from error
    if not data.strip():
        raise ReadError("空文件 (empty file)")
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
