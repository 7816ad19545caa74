"""Real processes for tests: `dafu ARGS` as a subprocess, a served index (service/launch.py, shared
with the benchmarks) and Debian's headless Chromium."""

from __future__ import annotations

import json
import subprocess
import urllib.request
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.launch import ROOT, child_env, free_port, served, stop

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ROOT", "chromium", "child_env", "dafu", "free_port", "post_json", "served", "stop"]


def dafu(*args: str, **popen) -> subprocess.Popen:
    """`dafu ARGS` as a real process (its own process group, so a test can signal it alone)."""
    return subprocess.Popen([sys.executable, "-m", "service.cli", *args], cwd=ROOT, env=child_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, **popen)


def post_json(url: str, body: dict, path: str = "/api/chat") -> dict:
    """POST `body` as JSON to a served Dafu and return its JSON answer."""
    request = urllib.request.Request(url + path, data=json.dumps(body).encode("utf-8"),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


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
