"""A real `dafu serve` as a child process on a free port of 127.0.0.1, stopped when the block ends.

For the tests and benchmarks that need a server of their own (real processes, signals, concurrent
clients). It lives beside the CLI because it knows the CLI's contract: the `serve` options, and
/healthz saying whether the index is loaded. Standard library only, so any script can use it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_env(**extra: str) -> dict[str, str]:
    """This environment without the caller's DAFU_ settings (the child gets its options explicitly), offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAFU_")}
    env.update(HF_HUB_OFFLINE="1", **extra)
    return env


def stop(process: subprocess.Popen) -> None:
    """Terminate, and kill what does not exit within 15 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen


class ServerError(RuntimeError):
    """The server exited or did not become ready; the message holds its log."""


def _health(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
            return json.loads(response.read())
    except (OSError, ValueError):  # not listening yet, or an answer that is not JSON
        return None


@contextmanager
def served(index: Path, log: Path, workers: int = 1, timeout: float = 120) -> Iterator[Server]:
    """Serve `index` until the block ends; ready once /healthz reports the index loaded. A folder
    without an index is built from corpus/ first (about a minute): give `timeout` room for it."""
    port = free_port()
    command = [sys.executable, "-m", "service.cli", "serve", "--index", str(index), "--port", str(port),
               "--workers", str(workers)]
    with open(log, "w", encoding="utf-8") as handle:
        # Its own process group, so a test can signal the server alone.
        process = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + timeout
        while not (_health(server.url) or {}).get("index_loaded"):
            if process.poll() is not None:
                raise ServerError(f"dafu serve exited with {process.returncode}:\n{log.read_text(encoding='utf-8')}")
            if time.monotonic() > deadline:
                raise ServerError(f"dafu serve not ready after {timeout} s:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.1)
        yield server
    finally:
        stop(process)
