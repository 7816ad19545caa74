"""A running `dafu serve` follows `dafu index`: after the swap of `current` it answers from the new
build and /healthz names it; a build that cannot be loaded is never served. Real processes only."""

from __future__ import annotations

import os
import select
import shutil
import socket
from pathlib import Path

import httpx
import pytest

from indexer.store import CURRENT, DATABASE
from tests.conftest import REAL_REPLY
from tests.serving import dafu, served as serving

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("live") / "index"
    first = dafu("index", str(REAL_REPLY), "--index", str(root), "--json")
    assert first.wait(timeout=300) == 0, first.stderr.read()
    with serving(root, root.parent / "serve.log") as server:
        yield server.url, root


def health(url: str) -> dict:
    response = httpx.get(url + "/healthz", timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_server_follows_a_new_index_without_a_restart(served, archive: Path) -> None:
    url, root = served
    before = health(url)
    assert before["replies"] == 1 and before["index"] == str((root / CURRENT).resolve())

    run = dafu("index", str(archive), "--index", str(root), "--json")
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, err
    new_build = (root / CURRENT).resolve()
    assert not Path(before["index"]).exists()  # the old build was cleaned up meanwhile

    after = health(url)
    assert after["index"] == str(new_build) and after["replies"] == len(list(archive.glob("*.txt"))) > 1
    answer = httpx.post(url + "/api/ask", json={"question": "GID链主企业的培育目标是多少？"}, timeout=60).json()
    assert not answer["abstained"]
    assert httpx.get(url + "/replies", timeout=30).text.count('class="reply-card"') == after["replies"]


def test_a_build_that_cannot_be_loaded_is_never_served(served, tmp_path: Path) -> None:
    url, root = served
    good = health(url)
    # A folder that looks like a build but is not one (its database is missing), made current by hand.
    broken = root / "build-20261129-235959-1-1"
    shutil.copytree(good["index"], broken)
    (broken / DATABASE).unlink()
    link = root / ".tmp-link-test"
    os.symlink(broken.name, link)
    os.replace(link, root / CURRENT)
    try:
        still = health(url)
        assert still["index"] == good["index"] and still["replies"] == good["replies"]
        assert httpx.post(url + "/api/ask", json={"question": "人工智能"}, timeout=60).status_code == 200
    finally:
        link = root / ".tmp-link-restore"
        os.symlink(Path(good["index"]).name, link)
        os.replace(link, root / CURRENT)
        shutil.rmtree(broken)


def test_streamed_body_over_the_limit_is_refused_by_the_real_server(served) -> None:
    url, _ = served
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b" " * 8192
        sent, reply = 0, b""
        try:
            for _ in range(1024):  # 8 MB offered; refused long before
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
                if select.select([sock], [], [], 0)[0]:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b"connection: close" in reply.lower()
    assert sent < 8 * 1024 * 1024, "the refusal must come before the end of the body"
    assert health(url)["index_loaded"]


def test_lone_surrogate_keeps_the_connection_alive(served) -> None:
    url, _ = served
    with httpx.Client(base_url=url, timeout=60) as client:
        bad = client.post("/api/ask", content=b'{"question": "\\ud800abc"}', headers={"content-type": "application/json"})
        assert bad.status_code == 422 and "无法识别" in bad.json()["detail"]
        assert client.get("/healthz").status_code == 200  # same keep-alive connection
