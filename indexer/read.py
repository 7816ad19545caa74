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


def find_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """Expand folders into the reply files below them, as (path, name relative to the folder)."""
    found: list[tuple[Path, str]] = []
    for root in paths:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES and path.name != "README.md":
                    found.append((path, path.relative_to(root).as_posix()))
        elif root.exists():
            found.append((root, root.name))
        else:
            raise ReadError(f"{root}: 路径不存在 (no such file or folder)")
    return found


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
