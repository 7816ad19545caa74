"""The embedded search store (the default): FAISS for the dense side, bm25s for the lexical side.

Both files are memory-mapped, so several server workers share one copy in the page cache. The
vector index is chosen by size: an exact scan (IndexFlatIP) while the archive is small, HNSW past
`HNSW_FROM` chunks, where an exact scan stops fitting the latency goal (benchmarks/RESULTS.md has
the measurements and HNSW's recall@10 against the exact scan).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.lexical import LexicalIndex
from indexer.searchstore import Selection

VECTORS = "vectors.faiss"
BM25_FOLDER = "bm25"
REMOVED_CHUNKS = "removed_chunks.npy"  # chunk ids an update replaced (indexer.update): never returned

# Measured on 2 cores (benchmarks/RESULTS.md): an exact scan of 200k 512-d vectors takes ~30 ms,
# so below that HNSW's build cost and approximate answers buy nothing.
HNSW_FROM = 200_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200  # 80 gave recall@10 0.979 at efSearch 128; 200 gives 0.999 (benchmarks/RESULTS.md)
HNSW_EF_SEARCH = 128
# A filter that leaves fewer chunks than this is searched exactly over the allowed rows: cheap, and
# HNSW's graph walk degrades when most nodes are filtered out.
EXACT_BELOW = 50_000
ADD_ROWS = 65_536


@dataclass(frozen=True)
class VectorIndexConfig:
    hnsw_from: int = HNSW_FROM
    m: int = HNSW_M
    ef_construction: int = HNSW_EF_CONSTRUCTION
    ef_search: int = HNSW_EF_SEARCH

    def kind_for(self, rows: int) -> str:
        return "hnsw" if rows >= self.hnsw_from else "flat"


def build_vector_index(vectors: np.ndarray, dimension: int, config: VectorIndexConfig = VectorIndexConfig()):
    import faiss

    if config.kind_for(len(vectors)) == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, config.m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = config.ef_construction
        index.hnsw.efSearch = config.ef_search
    else:
        index = faiss.IndexFlatIP(dimension)  # inner product = cosine on normalised vectors
    for start in range(0, len(vectors), ADD_ROWS):  # vectors may be a memory-mapped file: add it in slices
        index.add(np.ascontiguousarray(vectors[start : start + ADD_ROWS], dtype=np.float32))
    return index


def write_embedded(folder: Path, vectors: np.ndarray, dimension: int, lexical: LexicalIndex,
                   config: VectorIndexConfig = VectorIndexConfig()) -> dict:
    """Write vectors.faiss and bm25/; returns the manifest's description of the vector index."""
    import faiss

    faiss.write_index(build_vector_index(vectors, dimension, config), str(folder / VECTORS))
    lexical.save(folder / BM25_FOLDER)
    kind = config.kind_for(len(vectors))
    described = {"kind": kind}
    if kind == "hnsw":
        described.update(m=config.m, ef_construction=config.ef_construction, ef_search=config.ef_search)
    return described


def read_vectors(folder: Path):
    import faiss

    # IO_FLAG_MMAP_IFC maps the vectors of flat storage (IndexFlat, and HNSWFlat's storage) from the
    # file instead of copying them into each process.
    return faiss.read_index(str(folder / VECTORS), faiss.IO_FLAG_MMAP_IFC)


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
        self._hnsw = isinstance(self.vectors, faiss.IndexHNSW)
        self._exact = faiss.downcast_index(self.vectors.storage) if self._hnsw else self.vectors

    @property
    def size(self) -> int:
        return int(self.vectors.ntotal)

    def dense(self, vector: np.ndarray, limit: int, selection: Selection | None = None) -> list[tuple[int, float]]:
        import faiss

        index, params, keep = self.vectors, None, None
        mask = None if selection is None else selection.mask
        if self._live is not None:
            mask = self._live if mask is None else mask & self._live
        if mask is not None:
            selector, keep = _bitmap(mask)
            if self._hnsw and (selection is None or selection.count >= EXACT_BELOW):
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(self.vectors.hnsw.efSearch, limit))
            else:
                index, params = self._exact, faiss.SearchParameters(sel=selector)
        elif self._hnsw:
            params = faiss.SearchParametersHNSW(efSearch=max(self.vectors.hnsw.efSearch, limit))
        scores, ids = index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), limit, params=params)
        del keep
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def lexical_search(self, tokens: list[str], limit: int, selection: Selection | None = None) -> list[tuple[int, float]]:
        return self.lexical.top(tokens, limit, None if selection is None else selection.mask)

    def close(self) -> None:
        pass
