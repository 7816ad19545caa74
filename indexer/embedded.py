"""The embedded search store (the default): FAISS for the dense side, bm25s for the lexical side.

Both are memory-mapped, so several server workers share one copy in the page cache. The vector
index is chosen by size: an exact scan (IndexFlatIP) while the archive is small, and past
`IVF_FROM` chunks an inverted-file index (IndexIVFFlat) whose lists live on disk
(`vectors.ivfdata`, FAISS's OnDiskInvertedLists): it is trained on a sample, filled shard by shard
and merged on disk, so neither building nor serving holds the vectors in memory.
benchmarks/RESULTS.md has the measurements behind every constant below.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.lexical import LexicalIndex
from indexer.searchstore import Selection

VECTORS = "vectors.faiss"
IVF_DATA = "vectors.ivfdata"  # the IVF index's inverted lists, memory-mapped from the build folder
BM25_FOLDER = "bm25"
REMOVED_CHUNKS = "removed_chunks.npy"  # chunk ids an update replaced (indexer.update): never returned

# An exact scan of 200k 512-d vectors takes ~30 ms on 2 cores; past it the scan grows with the archive
# (~1.16M chunks at 100k replies), so an approximate index takes over. IVF rather than HNSW: HNSW
# holds its graph and vectors in memory while it is built (~2.7 GB and hours at 1.16M vectors on
# 2 cores); IVF trains on a sample and streams the rest to disk (benchmarks/RESULTS.md).
IVF_FROM = 200_000
IVF_LISTS_PER_SQRT = 2  # lists = 2·√rows (2,154 at 1.16M): few enough to train in about a minute
IVF_TRAIN_PER_LIST = 32  # training sample = 32 vectors per list (69k at 1.16M), drawn with a fixed seed
IVF_TRAIN_ITERATIONS = 10
# Lists probed per question; recall@10 against the exact scan measured in benchmarks/RESULTS.md.
IVF_NPROBE = 48
IVF_SHARD_ROWS = 65_536  # vectors added to one in-memory shard before it is written and merged on disk
ADD_ROWS = 65_536


@dataclass(frozen=True)
class VectorIndexConfig:
    ivf_from: int = IVF_FROM
    lists_per_sqrt: float = IVF_LISTS_PER_SQRT
    train_per_list: int = IVF_TRAIN_PER_LIST
    train_iterations: int = IVF_TRAIN_ITERATIONS
    nprobe: int = IVF_NPROBE

    def kind_for(self, rows: int) -> str:
        return "ivf" if rows >= self.ivf_from else "flat"

    def lists_for(self, rows: int) -> int:
        return max(1, min(rows, round(self.lists_per_sqrt * math.sqrt(rows))))


@contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """FAISS's on-disk lists report file resizes and renames on C stdout, which carries `--json`."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _flat(vectors: np.ndarray, dimension: int):
    import faiss

    index = faiss.IndexFlatIP(dimension)  # inner product = cosine on normalised vectors
    for start in range(0, len(vectors), ADD_ROWS):  # vectors may be a memory-mapped file: add it in slices
        index.add(np.ascontiguousarray(vectors[start : start + ADD_ROWS], dtype=np.float32))
    return index


def _write_ivf(folder: Path, vectors: np.ndarray, dimension: int, config: VectorIndexConfig) -> dict:
    """Train on a sample, add the vectors a shard at a time (row i keeps id i), merge the shards'
    lists into IVF_DATA on disk; memory holds the centroids and one shard."""
    import faiss
    from faiss.contrib.ondisk import merge_ondisk

    rows, lists = len(vectors), config.lists_for(len(vectors))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, lists, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = config.train_iterations
    sample = np.sort(np.random.default_rng(0).choice(rows, min(rows, lists * config.train_per_list), replace=False))
    index.train(np.ascontiguousarray(vectors[sample], dtype=np.float32))
    index.nprobe = min(config.nprobe, lists)
    shards = []
    for start in range(0, rows, IVF_SHARD_ROWS):
        shard = faiss.clone_index(index)
        block = np.ascontiguousarray(vectors[start : start + IVF_SHARD_ROWS], dtype=np.float32)
        shard.add_with_ids(block, np.arange(start, start + len(block), dtype=np.int64))
        shards.append(folder / f".ivf-shard-{len(shards)}.faiss")
        faiss.write_index(shard, str(shards[-1]))
        del shard, block
    with _stdout_to_stderr():
        merge_ondisk(index, [str(path) for path in shards], str(folder / IVF_DATA))
    faiss.write_index(index, str(folder / VECTORS))
    for path in shards:
        path.unlink()
    return {"lists": lists, "nprobe": int(index.nprobe), "trained_on": len(sample)}


def write_embedded(folder: Path, vectors: np.ndarray, dimension: int, lexical: LexicalIndex | None,
                   config: VectorIndexConfig = VectorIndexConfig()) -> dict:
    """Write the vector index (and bm25/ unless None: it may be written already); returns the
    manifest's description of the vector index."""
    import faiss

    kind = config.kind_for(len(vectors))
    described = {"kind": kind}
    if kind == "ivf":
        described.update(_write_ivf(folder, vectors, dimension, config))
    else:
        faiss.write_index(_flat(vectors, dimension), str(folder / VECTORS))
    if lexical is not None:
        lexical.save(folder / BM25_FOLDER)
    return described


def read_vectors(folder: Path, writable: bool = False):
    """The vector index of a build folder. Flat storage is memory-mapped (IO_FLAG_MMAP_IFC) instead
    of copied into each process; an IVF index maps its lists from IVF_DATA beside it (found in the
    same folder, wherever the folder was moved). `writable`: open an IVF index to add vectors to
    its lists (an update, on its own copy of the files)."""
    import faiss

    if (folder / IVF_DATA).exists():
        with _stdout_to_stderr():
            return faiss.read_index(str(folder / VECTORS), faiss.IO_FLAG_ONDISK_SAME_DIR)
    return faiss.read_index(str(folder / VECTORS), 0 if writable else faiss.IO_FLAG_MMAP_IFC)


def append_vectors(previous: Path, staging: Path, blocks: list[np.ndarray]) -> None:
    """Write into `staging` the vector index of `previous` with `blocks` appended (ids continue):
    a flat index is copied into memory; an IVF index's lists are merged with the new vectors' into
    a new lists file, read from the previous build's without loading them."""
    import faiss

    if (previous / IVF_DATA).exists():
        _append_ivf(previous, staging, [b for b in blocks if len(b)])
        return
    index = read_vectors(previous, writable=True)
    for block in blocks:
        if len(block):
            index.add(np.ascontiguousarray(block, dtype=np.float32))
    faiss.write_index(index, str(staging / VECTORS))


def _append_ivf(previous: Path, staging: Path, blocks: list[np.ndarray]) -> None:
    """FAISS's on-disk lists cannot grow in place: adding to a copy of them wrote new entries over
    lists the new vectors did not go to (their ids became garbage). So the new vectors are added to
    an empty in-memory index with the same centroids, and both sets of lists are merged into a new
    IVF_DATA, as a build merges its shards."""
    import faiss

    old = read_vectors(previous)  # its lists mapped read-only from the previous build

    def empty():
        index = faiss.IndexIVFFlat(faiss.clone_index(old.quantizer), old.d, old.nlist, old.metric_type)
        index.is_trained = True  # the centroids are the previous build's
        return index

    added, start = empty(), int(old.ntotal)
    for block in blocks:
        added.add_with_ids(np.ascontiguousarray(block, dtype=np.float32), np.arange(start, start + len(block), dtype=np.int64))
        start += len(block)
    merged = empty()
    lists = faiss.OnDiskInvertedLists(old.nlist, old.code_size, str(staging / IVF_DATA))
    sources = faiss.InvertedListsPtrVector()
    for index in (old, added):
        sources.push_back(index.invlists)
    with _stdout_to_stderr():
        merged.ntotal = lists.merge_from_multiple(sources.data(), sources.size(), False)
    merged.replace_invlists(lists, True)
    lists.this.disown()  # owned by `merged` now
    merged.nprobe = old.nprobe
    faiss.write_index(merged, str(staging / VECTORS))


def _bitmap(mask: np.ndarray):
    import faiss

    bits = np.packbits(mask.astype(np.uint8), bitorder="little")
    return faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits)), bits  # keep bits alive with the selector


class EmbeddedSearch:
    """SearchStore over memory-mapped FAISS and bm25s files; row i is chunk id i in both."""

    kind = "embedded"

    def __init__(self, folder: Path) -> None:
        import faiss

        self.vectors = read_vectors(folder)
        self.lexical = LexicalIndex.load(folder / BM25_FOLDER, mmap=True)
        # An updated build keeps the vectors of replaced chunks; the dense search skips them (their
        # BM25 rows hold no searchable token, so the lexical side never returns them).
        removed = np.load(folder / REMOVED_CHUNKS) if (folder / REMOVED_CHUNKS).exists() else np.zeros(0, dtype=np.int64)
        self._live: np.ndarray | None = None
        if len(removed):
            self._live = np.ones(self.vectors.ntotal, dtype=bool)
            self._live[removed] = False
            self.lexical.documents = self.vectors.ntotal - len(removed)
        self._ivf = isinstance(self.vectors, faiss.IndexIVF)
        if self._ivf:  # chunk id -> place in its list, so a narrow filter reads its vectors directly (dense)
            self.vectors.make_direct_map()

    @property
    def size(self) -> int:
        return int(self.vectors.ntotal)

    def dense(self, vector: np.ndarray, limit: int, selection: Selection | None = None) -> list[tuple[int, float]]:
        import faiss

        params, keep = None, None
        mask = None if selection is None else selection.mask
        if self._live is not None:
            mask = self._live if mask is None else mask & self._live
        if self._ivf and selection is not None and selection.count <= self.vectors.nprobe * self.size / self.vectors.nlist:
            # Fewer chunks than an unfiltered search scores: score them all (an exact search), their
            # vectors read from the lists through the direct map, instead of testing every id of
            # every list against the selector (1.16M ids at 100k replies: benchmarks/RESULTS.md).
            return self._score(np.flatnonzero(mask), vector, limit)
        if mask is not None:
            selector, keep = _bitmap(mask)
            params = faiss.SearchParameters(sel=selector)
        if self._ivf:
            # A filter leaving a share s of the chunks probes nprobe/s lists (all of them when few
            # chunks are left, an exact search): as many vectors are scored as without a filter,
            # since the selector is tested before a vector is read.
            share = 1.0 if selection is None else max(selection.count, 1) / max(self.size, 1)
            nprobe = min(self.vectors.nlist, math.ceil(self.vectors.nprobe / share))
            params = faiss.SearchParametersIVF(sel=None if mask is None else selector, nprobe=nprobe)
        scores, ids = self.vectors.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), limit, params=params)
        del keep
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def _score(self, ids: np.ndarray, vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """The best `limit` of the chunks `ids` by inner product, best first (ties by chunk id)."""
        if not len(ids):
            return []
        scores = self.vectors.reconstruct_batch(ids.astype(np.int64)) @ np.asarray(vector, dtype=np.float32).ravel()
        best = np.lexsort((ids, -scores))[:limit]
        return [(int(ids[i]), float(scores[i])) for i in best]

    def lexical_search(self, tokens: list[str], limit: int, selection: Selection | None = None) -> list[tuple[int, float]]:
        return self.lexical.top(tokens, limit, None if selection is None else selection.mask)

    def close(self) -> None:
        pass
