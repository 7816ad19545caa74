"""One writer per index folder: `dafu index` holds an exclusive lock on INDEX/.lock while it builds.

The lock is an fcntl (flock) lock, released by the kernel when its process ends however it ends,
so a crashed build never leaves the folder locked. The holder's pid is written into the lock file
so that a second run can say whom it is waiting for. Staging folders carry their writer's pid in
their name (.tmp-build-…-PID-…); `owner_alive` tells a leftover from a build still being written.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

LOCK_FILE = ".lock"
BUILD_NAME = re.compile(r"build-\d{8}-\d{6}-(\d+)-\d+$")


class IndexBusyError(Exception):
    """Another process kept the index folder locked for longer than we were willing to wait."""


def owner_pid(name: str) -> int | None:
    """The pid in a build or staging folder's name (build-20261129-104500-4242-123456 → 4242)."""
    match = BUILD_NAME.search(name)
    return int(match.group(1)) if match else None


def owner_alive(pid: int | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


@contextmanager
def index_lock(root: Path, timeout: float | None = None, poll: float = 0.5) -> Iterator[None]:
    """Hold the exclusive lock on `root` (created if missing). A second holder waits, saying for
    whom, up to `timeout` seconds (None: as long as it takes), then raises IndexBusyError."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_FILE
    handle = open(path, "a+", encoding="utf-8")
    try:
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = path.read_text(encoding="utf-8").strip() or "?"
                if not told:
                    logger.warning("索引 %s 正由另一个 dafu index（进程 %s）写入，等待它完成 "
                                   "(another dafu index, pid %s, is writing this index; waiting)", root, holder, holder)
                    told = True
                if timeout is not None and time.monotonic() - started >= timeout:
                    raise IndexBusyError(
                        f"索引 {root} 正由另一个 dafu index（进程 {holder}）写入，等待 {timeout:.0f} 秒后放弃：请等它结束后重试 "
                        f"(index is locked by pid {holder}; try again when it has finished)"
                    ) from None
                time.sleep(poll)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()  # closing the descriptor releases the flock


def fsync_tree(folder: Path) -> None:
    """Flush every file under `folder`, then the folders themselves, to disk: after a power cut the
    swapped-in build is complete, not a set of empty files behind a valid `current` link."""
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(dirpath))


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
