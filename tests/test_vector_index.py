"""The vector index chosen by size, on real indexes of the fixture archive (real m3e-small, FAISS):
past the threshold (lowered here through VectorIndexConfig) the build writes an IVF index whose
lists live on disk; it finds what the exact scan finds, filtered or not (a narrow filter scores its
chunks directly), and survives an update."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

import indexer.update
from indexer.build import build_index
from indexer.embedded import IVF_DATA, VectorIndexConfig, read_vectors
from indexer.store import CURRENT, open_index
from service.engine import Engine
from service.retrieve import Filters
from service.settings import Settings

pytestmark = pytest.mark.slow

QUESTIONS = ["GID链主企业的培育目标是多少？", "养老服务有什么补贴？", "河湖治理的进展", "人工智能人才政策",
             "中小学学位紧张怎么解决？", "公交线路怎么优化？", "联系电话是多少？", "长者食堂新增多少家？"]


def top(search, vector: np.ndarray, k: int = 10, selection=None) -> list[int]:
    return [i for i, _ in search.dense(vector, k, selection)]


def ids_of(ivf, number: int | None = None) -> list[int]:
    """The chunk ids in one list of an IVF index, or in all of them (sorted)."""
    import faiss

    if number is None:
        return sorted(i for n in range(ivf.nlist) for i in ids_of(ivf, n))
    size = ivf.invlists.list_size(number)
    return faiss.rev_swig_ptr(ivf.invlists.get_ids(number), size).tolist() if size else []


def recall_at_10(approximate, exact, vectors: np.ndarray) -> float:
    return float(np.mean([len(set(top(approximate, v)) & set(top(exact, v))) / 10 for v in vectors]))


def test_past_the_threshold_an_on_disk_ivf_index_finds_what_the_exact_scan_finds(archive, tmp_path, embedder, engine,
                                                                                   monkeypatch):
    exact = engine.index.search
    assert engine.index.manifest["store"]["vectors"]["kind"] == "flat"  # the fixture archive is small
    vectors = embedder.encode(QUESTIONS)

    every_list = tmp_path / "every-list"  # probing every list is an exact search
    build_index([archive], every_list, embedder, vector_index=VectorIndexConfig(ivf_from=10, nprobe=10_000))
    index = open_index(every_list)
    described = index.manifest["store"]["vectors"]
    assert described["kind"] == "ivf" and described["nprobe"] == described["lists"] > 1
    assert (index.folder / IVF_DATA).stat().st_size > 0
    for vector in vectors:
        assert top(index.search, vector) == top(exact, vector)

    few = tmp_path / "few-lists"  # a third of the lists: approximate (0.95 on these questions)
    build_index([archive], few, embedder, vector_index=VectorIndexConfig(ivf_from=10, nprobe=5))
    approximate = open_index(few)
    assert approximate.manifest["store"]["vectors"]["nprobe"] == 5 < approximate.manifest["store"]["vectors"]["lists"]
    assert recall_at_10(approximate.search, exact, vectors) >= 0.9
    # A filter leaving fewer chunks than an unfiltered search scores (one reply's) scores them all,
    # their vectors read from the lists by id: an exact search over the allowed chunks. A wider one
    # (the year 2025, most of the archive) probes lists in proportion to the share it leaves.
    retriever = Engine.load(Settings(index=few), embedder=embedder).answerer.retriever
    search = approximate.search
    scored = []
    monkeypatch.setattr(search, "_score", lambda ids, *rest, _score=search._score: scored.append(len(ids)) or _score(ids, *rest))
    unfiltered = search.vectors.nprobe * search.size / search.vectors.nlist
    for filters, direct in ((Filters(agency="区科经委"), True), (Filters(agency="浦东新区民政局"), True),
                            (Filters(year=2025), False)):
        selection = retriever.allowed_chunks(filters)
        assert 0 < selection.count < search.size and (selection.count <= unfiltered) == direct
        scored.clear()
        for vector in vectors[:4]:
            found = top(search, vector, 5, selection)
            assert all(selection.mask[i] for i in found) and (found == top(exact, vector, 5, selection) or not direct)
        assert scored == ([selection.count] * 4 if direct else [])


def test_an_ivf_index_is_updated_on_a_copy_of_its_lists(archive, tmp_path, embedder, monkeypatch):
    archive = Path(shutil.copytree(archive, tmp_path / "archive"))  # a copy this test may change
    monkeypatch.setattr(indexer.update, "REMOVED_AT_MOST", 0.5)  # one reply of five: allow the update
    root = tmp_path / "index"
    build_index([archive], root, embedder, vector_index=VectorIndexConfig(ivf_from=10, nprobe=10_000))
    before = (root / CURRENT).resolve()
    copy = tmp_path / "before"
    shutil.copytree(before, copy)
    (tmp_path / "lists-in-place").hardlink_to(before / IVF_DATA)  # the superseded build's own file, kept past its removal
    size = open_index(root).search.size

    changed = archive / "pudong-mzj-2025-09.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("新增社区长者食堂10家", "新增社区长者食堂12家"),
                       encoding="utf-8")
    summary = build_index([archive], root, embedder)
    assert summary.updated
    index = open_index(root)
    assert index.manifest["store"]["vectors"]["kind"] == "ivf" and index.search.size > size
    for chunk_id in range(size, index.search.size):  # the changed reply's chunks, appended to the lists
        vector = embedder.encode([index.chunks[chunk_id].embed_text])[0]
        assert top(index.search, vector, 1) == [chunk_id]
    # Every list holds what it held, the new ids after: growing FAISS's on-disk lists in place once
    # wrote new entries over lists the new vectors did not go to.
    ivf, previous = index.search.vectors, read_vectors(copy)
    assert ids_of(ivf) == list(range(index.search.size))
    for number in range(previous.nlist):
        assert ids_of(ivf, number)[: previous.invlists.list_size(number)] == ids_of(previous, number)
    # The update grew a copy of the lists; the superseded build's own file was never written.
    assert (tmp_path / "lists-in-place").read_bytes() == (copy / IVF_DATA).read_bytes() != (index.folder / IVF_DATA).read_bytes()
    assert read_vectors(copy).ntotal == size
