"""A real `dafu serve` (or `dafu index`) as a subprocess on a free port of 127.0.0.1, for tests that
need a real server, real processes and real signals."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dafu_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAFU_")}
    env.update(HF_HUB_OFFLINE="1", **extra)
    return env


def dafu(*args: str, **popen) -> subprocess.Popen:
    """`dafu ARGS` as a real process (its own process group, so a test can signal it alone)."""
    return subprocess.Popen([sys.executable, "-m", "service.cli", *args], cwd=ROOT, env=dafu_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, **popen)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def dafu_serve(index: Path, log: Path, timeout: float = 120) -> Iterator[str]:
    """Serve `index`; yields the base URL once /healthz answers, stops the server afterwards."""
    port = free_port()
    with open(log, "w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--index", str(index), "--port", str(port)],
            cwd=ROOT, env=dafu_env(), stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"dafu serve exited with {process.returncode}:\n{log.read_text(encoding='utf-8')}")
            try:
                httpx.get(url + "/healthz", timeout=2)
                break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"dafu serve not ready after {timeout} s:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.3)
        yield url
    finally:
        stop(process)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's headless Chromium through Playwright (Playwright's own browser download cannot work here)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "browser tests need Debian's chromium: apt-get install -y chromium fonts-noto-cjk"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
