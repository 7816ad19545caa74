"""The streamed build and the update of a few changed files, on real indexes of the fixture archive
(real m3e-small, FAISS, bm25s, SQLite): worker processes change nothing in the index, an update
touches only the changed reply's rows, its answers follow the change, and a failed update leaves
the previous build serving."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

import indexer.prepare
import indexer.update
from indexer.build import build_index
from indexer.docstore import DATABASE
from indexer.embedded import REMOVED_CHUNKS, VECTORS
from indexer.store import CURRENT, MANIFEST, open_index
from indexer.update import IndexUpdate, reader_version
from service.engine import Engine
from service.settings import Settings
from tests.conftest import FIXTURE_REPLIES, REAL_REPLY

pytestmark = pytest.mark.slow

CHANGED = "pudong-mzj-2025-09.txt"
OLD_SENTENCE, NEW_SENTENCE = "新增社区长者食堂10家", "新增社区长者食堂12家"
QUESTIONS = ["浦东新区民政局计划新增多少家社区长者食堂？", "人工智能企业有什么扶持政策？", "联系电话是多少？",
             "中小学学位紧张怎么解决？", "公交线路怎么优化？"]


@pytest.fixture(autouse=True)
def small_archive_updates(monkeypatch: pytest.MonkeyPatch) -> None:
    """One reply of the five is a fifth of the fixture archive's chunks, past the share of removed
    chunks at which a large archive is rebuilt instead: allow it here, to test the update itself."""
    monkeypatch.setattr(indexer.update, "REMOVED_AT_MOST", 0.5)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(REAL_REPLY, folder / REAL_REPLY.name)
    for path in sorted(FIXTURE_REPLIES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def rows(folder: Path, sql: str, *params) -> list[tuple]:
    connection = sqlite3.connect(f"file:{folder / DATABASE}?mode=ro", uri=True)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def snapshot(root: Path, tmp_path: Path) -> Path:
    """A copy of the current build (the update removes the superseded one)."""
    copy = tmp_path / "before"
    shutil.copytree((root / CURRENT).resolve(), copy)
    return copy


def cited(engine: Engine, question: str) -> list[tuple[str, str]]:
    return [(c.reply_id, c.section_id) for c in engine.ask(question).citations]


def test_workers_build_the_same_index_as_one_process_and_bm25_as_bm25s_over_token_strings(archive, tmp_path, embedder,
                                                                                          monkeypatch):
    import bm25s

    single = tmp_path / "single"
    build_index([archive], single, embedder, workers=1)
    monkeypatch.setattr(indexer.prepare, "IN_PROCESS_BELOW", 1)  # the fixture archive is small: use the pool anyway
    pooled = tmp_path / "pooled"
    build_index([archive], pooled, embedder, workers=2)
    a, b = (single / CURRENT).resolve(), (pooled / CURRENT).resolve()
    for table, order in [("replies", "position"), ("sections", "reply_id, position"), ("chunks", "chunk_id"),
                         ("commitments", "commitment_id"), ("commitment_terms", "term, commitment_id")]:
        assert rows(a, f"SELECT * FROM {table} ORDER BY {order}") == rows(b, f"SELECT * FROM {table} ORDER BY {order}")
    index = open_index(pooled)
    assert np.array_equal(index.vectors.reconstruct_n(0, index.vectors.ntotal),
                          open_index(single).vectors.reconstruct_n(0, index.vectors.ntotal))
    # BM25 from token ids scores as bm25s indexing the token strings did before the build streamed.
    strings = [json.loads(t) or ["<empty>"] for (t,) in rows(b, "SELECT tokens FROM chunks ORDER BY chunk_id")]
    reference = bm25s.BM25()
    reference.index(strings, show_progress=False)
    engine = Engine.load(Settings(index=pooled), embedder=embedder)
    for question in QUESTIONS:
        tokens = engine.tokenizer.tokenize(question)
        known = [t for t in tokens if t in reference.vocab_dict]
        assert np.allclose(index.lexical.scores(tokens), reference.get_scores(known), atol=1e-6)


def test_one_changed_file_updates_only_its_reply_and_answers_follow(archive, tmp_path, embedder):
    root = tmp_path / "index"
    build_index([archive], root, embedder)
    previous_build = (root / CURRENT).resolve().name
    before = snapshot(root, tmp_path)
    old_id = rows(before, "SELECT reply_id FROM replies WHERE source = ?", CHANGED)[0][0]
    old_chunks = [i for (i,) in rows(before, "SELECT chunk_id FROM chunks WHERE reply_id = ? ORDER BY chunk_id", old_id)]
    engine = Engine.load(Settings(index=root), embedder=embedder)
    assert OLD_SENTENCE in engine.ask(QUESTIONS[0]).answer

    path = archive / CHANGED
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8")
    summary = build_index([archive], root, embedder)
    after = (root / CURRENT).resolve()

    assert summary.updated and summary.embedded <= 2 and summary.tokenized <= 2
    assert rows(after, "SELECT reply_id, position FROM replies WHERE source = ?", CHANGED) == \
        rows(before, "SELECT reply_id, position FROM replies WHERE source = ?", CHANGED)
    for table, order in [("replies", "position"), ("sections", "reply_id, position"), ("chunks", "chunk_id"),
                         ("commitments", "commitment_id")]:  # no other reply shares its agency's links
        sql = f"SELECT * FROM {table} WHERE reply_id != ? ORDER BY {order}"
        assert rows(after, sql, old_id) == rows(before, sql, old_id)
    new_chunks = [i for (i,) in rows(after, "SELECT chunk_id FROM chunks WHERE reply_id = ? ORDER BY chunk_id", old_id)]
    total_before = len(rows(before, "SELECT chunk_id FROM chunks"))
    assert min(new_chunks) == total_before and len(new_chunks) == len(old_chunks)
    assert sorted(np.load(after / REMOVED_CHUNKS).tolist()) == old_chunks
    manifest = json.loads((after / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["updated_from"] == previous_build and manifest["counts"]["chunks"] == total_before

    engine = Engine.load(Settings(index=root), embedder=embedder)
    answer = engine.ask(QUESTIONS[0]).answer
    assert NEW_SENTENCE in answer and OLD_SENTENCE not in answer
    search = engine.index.search
    for chunk_id in old_chunks:  # a replaced chunk's vector is still stored, never returned
        vector = search.vectors.reconstruct(chunk_id)
        assert chunk_id not in [i for i, _ in search.dense(vector, 20)]

    fresh = tmp_path / "fresh"
    build_index([archive], fresh, embedder, update=False)
    full = Engine.load(Settings(index=fresh), embedder=embedder)
    for question in QUESTIONS:  # the same answers as a full build of the changed archive
        assert engine.ask(question).answer == full.ask(question).answer
        assert cited(engine, question)[:3] == cited(full, question)[:3]


def test_an_update_that_fails_leaves_the_previous_build_serving(archive, tmp_path, embedder, monkeypatch):
    root = tmp_path / "index"
    build_index([archive], root, embedder)
    current = (root / CURRENT).resolve()
    engine = Engine.load(Settings(index=root), embedder=embedder)
    path = archive / CHANGED
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    real_finish = IndexUpdate.finish
    monkeypatch.setattr(IndexUpdate, "finish", crash)
    with pytest.raises(OSError, match="disk full"):
        build_index([archive], root, embedder)
    assert (root / CURRENT).resolve() == current and (current / VECTORS).exists()
    assert OLD_SENTENCE in engine.ask(QUESTIONS[0]).answer
    assert OLD_SENTENCE in Engine.load(Settings(index=root), embedder=embedder).ask(QUESTIONS[0]).answer

    monkeypatch.setattr(IndexUpdate, "finish", real_finish)
    summary = build_index([archive], root, embedder)
    assert summary.updated and not any(p.name.startswith(".tmp-") for p in root.iterdir())
    assert NEW_SENTENCE in Engine.load(Settings(index=root), embedder=embedder).ask(QUESTIONS[0]).answer


def test_an_index_read_by_other_code_is_built_again(archive, tmp_path, embedder):
    """An update prepares only changed files: under an upgraded parser the unchanged ones would keep
    the old code's sections and fields. The manifest names the reading code, and another one builds."""
    root = tmp_path / "index"
    build_index([archive], root, embedder)
    manifest_path = (root / CURRENT).resolve() / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["reader"] == reader_version()
    manifest["reader"] = "an older release"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    path = archive / CHANGED
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8")

    summary = build_index([archive], root, embedder)
    after = json.loads(((root / CURRENT).resolve() / MANIFEST).read_text(encoding="utf-8"))
    assert not summary.updated and after["reader"] == reader_version()
    assert summary.embedded <= 2  # the unchanged text keeps its vectors


def test_a_removed_file_makes_a_full_build(archive, tmp_path, embedder):
    root = tmp_path / "index"
    build_index([archive], root, embedder)
    (archive / CHANGED).unlink()
    summary = build_index([archive], root, embedder)
    after = (root / CURRENT).resolve()
    assert not summary.updated and not (after / REMOVED_CHUNKS).exists()
    assert [p for (p,) in rows(after, "SELECT position FROM replies ORDER BY position")] == list(range(summary.replies))
    assert summary.reused == summary.chunks  # unchanged text keeps its vectors in a full build too
