"""Replies packed in a .zip: read as the files they hold.

Portals offer a year's replies, or one reply with its attachments, as a .zip (附件打包下载), and an
agency hands its archive over as one. Its files are unpacked once per process into a folder of their
own and read like any other (web pages with their pages and attached files, scans a picture a page),
each named `包.zip/成员.pdf`. Windows archivers write Chinese member names in GBK without saying so
(the zip's UTF-8 flag unset): such names are decoded as GBK. Nothing outside the folder is written (a
member named ../x stays inside), and a member larger than the file-size limit, or a package that
unpacks to more than UNPACKED_AT_MOST of it, is reported and left out, never half-read.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

UTF8_FLAG = 0x800
UNPACKED_AT_MOST = 20  # times the file-size limit a whole package may unpack to (a zip bomb is refused)


@dataclass
class Unpacked:
    files: list[tuple[Path, str]] = field(default_factory=list)  # (unpacked path, name shown: 包.zip/成员)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name shown, reason)


def is_package(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its archiver meant it: GBK when the UTF-8 flag is unset and the name
    was read as cp437 (zipfile's fallback)."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


class Unpacker:
    """Unpacks packages into one scratch folder for the life of the process, each once."""

    def __init__(self) -> None:
        self._root: Path | None = None
        self._done: dict[str, Path] = {}

    def _scratch(self) -> Path:
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="dafu-packages-"))
            atexit.register(shutil.rmtree, self._root, True)
        return self._root

    def unpack(self, package: Path, shown: str, max_bytes: int) -> Unpacked:
        """The files of `package` (named under `shown`), unpacked; what was left out, with why."""
        result = Unpacked()
        try:
            data = package.read_bytes()
            archive = zipfile.ZipFile(package)
            infos = [info for info in archive.infolist() if not info.is_dir()]
        except (OSError, zipfile.BadZipFile) as error:
            result.skipped.append((shown, f"无法打开压缩包：{error} (cannot open the .zip)"))
            return result
        if sum(info.file_size for info in infos) > UNPACKED_AT_MOST * max_bytes:
            result.skipped.append((shown, f"压缩包解压后超过 {UNPACKED_AT_MOST * max_bytes // 1048576} MB，未读取 "
                                          "(the .zip unpacks to too much: not read)"))
            return result
        key = hashlib.sha256(data).hexdigest()[:16]
        folder = self._done.get(key)
        fresh = folder is None
        if fresh:
            folder = self._done[key] = self._scratch() / key
            folder.mkdir()
        with archive:
            for info in infos:
                name = member_name(info)
                parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("", ".", "..", "/")]
                if not parts or any(part.startswith(".") for part in parts) or parts[0] == "__MACOSX":
                    continue
                inner = "/".join(parts)
                if info.file_size > max_bytes:
                    result.skipped.append((f"{shown}/{inner}", f"文件过大：{info.file_size / 1048576:.1f} MB "
                                                              f"(file too large: {info.file_size:,} bytes)"))
                    continue
                target = folder.joinpath(*parts)
                if fresh:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        target.write_bytes(archive.read(info))
                    except (OSError, zipfile.BadZipFile, RuntimeError) as error:  # damaged, encrypted member
                        result.skipped.append((f"{shown}/{inner}", f"无法解压：{error} (cannot unpack this member)"))
                        continue
                elif not target.exists():
                    continue
                result.files.append((target, f"{shown}/{inner}"))
        return result


@functools.cache
def unpacker() -> Unpacker:
    """The process's unpacker, made on first use: a package read twice (a build, then its update plan)
    is unpacked once."""
    return Unpacker()
