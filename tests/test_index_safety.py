"""One writer per index folder, leftovers cleaned only when their writer is gone, builds on disk
before the swap, and reply ids that survive a new file: real files, real processes, real signals."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from indexer.build import build_index
from indexer.lock import IndexBusyError, index_lock
from indexer.store import CURRENT, DATABASE, MANIFEST, VECTORS, open_index
from service.cli import app as cli
from tests.conftest import FIXTURE_REPLIES, REAL_REPLY
from tests.serving import ROOT, child_env, dafu, stop

pytestmark = pytest.mark.slow

REAL_ID = "浦科经委办理-2025-61"


def hold_lock(root: Path) -> subprocess.Popen:
    """Another process that takes the index lock and keeps it until it is signalled."""
    code = ("import sys, time; from pathlib import Path; from indexer.lock import index_lock\n"
            "with index_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(600)\n")
    process = subprocess.Popen([sys.executable, "-c", code, str(root)], cwd=ROOT, env=child_env(),
                               stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert process.stdout.readline().strip() == "locked"
    return process


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_second_index_run_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "index"
    holder = hold_lock(root)
    try:
        run = dafu("index", str(REAL_REPLY), "--index", str(root), "--json")
        said = run.stderr.readline()  # blocks until the run reaches the lock (after loading the model)
        assert f"进程 {holder.pid}" in said and "等待" in said
        time.sleep(2)
        assert run.poll() is None, "the second run must wait while another holds the lock"
        assert not (root / CURRENT).exists()
        os.kill(holder.pid, signal.SIGKILL)  # the kernel releases the lock of a killed holder
        out, err = run.communicate(timeout=300)
    finally:
        stop(holder)
    assert run.returncode == 0, err
    assert json.loads(out)["replies"] == 1
    assert REAL_ID in open_index(root).replies


def test_a_waiting_build_gives_up_after_its_timeout_with_a_message(tmp_path: Path, embedder) -> None:
    root = tmp_path / "index"
    holder = hold_lock(root)
    try:
        with pytest.raises(IndexBusyError, match=f"进程 {holder.pid}"):
            build_index([REAL_REPLY], root, embedder, lock_timeout=1)
    finally:
        stop(holder)
    with index_lock(root, timeout=0):  # free again once the holder is gone
        pass


def test_two_index_runs_at_once_both_finish_and_leave_one_good_index(tmp_path: Path, archive: Path) -> None:
    root = tmp_path / "index"
    runs = [dafu("index", str(archive), "--index", str(root), "--json") for _ in range(2)]
    results = [run.communicate(timeout=600) for run in runs]
    for run, (out, err) in zip(runs, results):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    index = open_index(root)
    assert len(index.replies) == len(list(archive.glob("*.txt")))
    assert [p.name for p in root.iterdir() if p.name.startswith(".tmp-")] == []
    assert len([p for p in root.iterdir() if p.name.startswith("build-")]) == 1


def test_killed_index_run_leaves_the_previous_index_and_its_leftovers_are_cleaned(tmp_path: Path, archive: Path) -> None:
    root = tmp_path / "index"
    first = dafu("index", str(REAL_REPLY), "--index", str(root), "--json")
    assert first.wait(timeout=300) == 0
    before = (root / CURRENT).resolve()
    run = dafu("index", str(archive), "--index", str(root))
    deadline = time.monotonic() + 120
    while not (root / ".lock").read_text(encoding="utf-8").strip() == str(run.pid):
        assert time.monotonic() < deadline and run.poll() is None
        time.sleep(0.1)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    assert (root / CURRENT).resolve() == before
    assert list(open_index(root).replies) == [REAL_ID]

    # What a build killed while writing leaves: a staging folder named after its (now gone) writer.
    leftover = root / f".tmp-build-20261129-120000-{dead_pid()}-1"
    (leftover / "bm25").mkdir(parents=True)
    (leftover / VECTORS).write_bytes(b"\0" * 100)
    result = CliRunner().invoke(cli, ["index", str(REAL_REPLY), "--index", str(root)])
    assert result.exit_code == 0, result.output
    assert not leftover.exists()
    assert f"清理 cleaned: {leftover.name}" in result.output and "gone" in result.output
    assert f"{before.name} (被新索引取代 superseded)" in result.output


def test_cleanup_keeps_a_folder_whose_writer_is_still_running(tmp_path: Path, embedder) -> None:
    root = tmp_path / "index"
    build_index([REAL_REPLY], root, embedder)
    writer = subprocess.Popen(["sleep", "60"])
    try:
        busy = root / f".tmp-build-20261129-120000-{writer.pid}-1"
        busy.mkdir()
        summary = build_index([REAL_REPLY], root, embedder)
        assert busy.exists()
        assert not any(busy.name in line for line in summary.cleaned)
    finally:
        writer.kill()
        writer.wait()
    summary = build_index([REAL_REPLY], root, embedder)
    assert not busy.exists() and any(busy.name in line for line in summary.cleaned)


def test_build_is_on_disk_before_current_points_at_it(tmp_path: Path, embedder, monkeypatch) -> None:
    root = tmp_path / "index"
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src, dst) -> None:
        events.append(("replace", str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    build_index([REAL_REPLY], root, embedder)
    swap = events.index(("replace", str(root / CURRENT)))
    synced = {Path(path).name for kind, path in events[:swap] if kind == "fsync"}
    assert {MANIFEST, DATABASE, VECTORS} <= synced
    assert ("fsync", str(root)) in events[swap:]  # the new link itself


def test_adding_a_duplicate_that_sorts_first_keeps_the_existing_reply_id(tmp_path: Path, embedder) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(REAL_REPLY, archive / "m-reply.txt")
    shutil.copy(FIXTURE_REPLIES / "pudong-jyj-2024-15.txt", archive / "n-other.txt")
    root = tmp_path / "index"
    build_index([archive], root, embedder)
    before = {r.source: r.reply_id for r in open_index(root).replies.values()}
    assert before["m-reply.txt"] == REAL_ID

    # Same document number, sorts first: a second copy someone saved with a note at the end.
    text = REAL_REPLY.read_text(encoding="utf-8") + "\n（另存副本）\n"
    (archive / "a-copy.txt").write_text(text, encoding="utf-8")
    summary = build_index([archive], root, embedder)
    after = {r.source: r.reply_id for r in open_index(root).replies.values()}
    assert after["m-reply.txt"] == REAL_ID and after["n-other.txt"] == before["n-other.txt"]
    assert after["a-copy.txt"] == f"{REAL_ID}-2"
    assert any("a-copy.txt" in w and f"{REAL_ID}-2" in w for w in summary.warnings)

    # Ids survive the next rebuild too, and a fresh index still numbers in file order.
    build_index([archive], root, embedder)
    assert {r.source: r.reply_id for r in open_index(root).replies.values()} == after
    fresh = tmp_path / "fresh"
    build_index([archive], fresh, embedder)
    assert {r.source: r.reply_id for r in open_index(fresh).replies.values()}["a-copy.txt"] == REAL_ID
