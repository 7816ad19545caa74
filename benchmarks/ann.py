"""The approximate vector index against the exact scan: recall@10 of IVF (the index the build writes
past `IVF_FROM` chunks, written by the build's own code) against the exact top 10, and search time,
for a grid of nprobe; optionally HNSW beside it (build time, memory, recall).

    # vectors in a file (e.g. real m3e-small vectors of synthetic chunks) and query vectors in another
    .venv/bin/python benchmarks/ann.py --vectors real.npy --queries real-queries.npy [--rows N] [--nprobe 8 16 48] [--hnsw]
    # an index the build wrote (IVF past the threshold): exact = every list probed
    .venv/bin/python benchmarks/ann.py --index INDEX_DIR [--nprobe 8 16 48]

With --index, the questions are embedded by the index's embedder stand-in (FakeEmbedder, as in
benchmarks/scale.py), so they live in the same space as the index's vectors. Searches run one
question at a time on one thread, as the service searches. Prints JSON rows.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def recall(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(e)) / exact.shape[1] for f, e in zip(found, exact)]))


def one_at_a_time(index, queries: np.ndarray, k: int = 10) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    found = np.vstack([index.search(q.reshape(1, -1), k)[1] for q in queries])
    return found, (time.perf_counter() - started) * 1000 / len(queries)


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def ivf_grid(index, queries: np.ndarray, exact: np.ndarray, grid: list[int], label: dict) -> list[dict]:
    rows = []
    for nprobe in grid:
        index.nprobe = min(nprobe, index.nlist)
        found, ms = one_at_a_time(index, queries)
        rows.append({**label, "nprobe": int(index.nprobe), "search_ms": round(ms, 2),
                     "recall_at_10": round(recall(found, exact), 4)})
    return rows


def from_vectors(args) -> list[dict]:
    import faiss

    from indexer.embedded import VectorIndexConfig, read_vectors, write_embedded

    vectors = np.load(args.vectors, mmap_mode="r")
    vectors = np.ascontiguousarray(vectors[: args.rows or len(vectors)], dtype=np.float32)
    queries = np.load(args.queries).astype(np.float32)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    exact, flat_ms = one_at_a_time(flat, queries)
    rows = [{"vectors": len(vectors), "index": "flat (exact)", "search_ms": round(flat_ms, 2), "recall_at_10": 1.0}]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        described = write_embedded(Path(folder), vectors, vectors.shape[1], None,
                                   VectorIndexConfig(ivf_from=1, lists_per_sqrt=args.lists_per_sqrt))
        build_s = time.perf_counter() - started
        index = read_vectors(Path(folder))
        rows += ivf_grid(index, queries, exact, args.nprobe,
                         {"vectors": len(vectors), "index": f"ivf {described['lists']} lists", "build_s": round(build_s, 1)})
        del index
    if args.hnsw:
        before = peak_mb()
        hnsw = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 200
        started = time.perf_counter()
        hnsw.add(vectors)
        build_s = time.perf_counter() - started
        for ef in (64, 128):
            hnsw.hnsw.efSearch = ef
            found, ms = one_at_a_time(hnsw, queries)
            rows.append({"vectors": len(vectors), "index": f"hnsw M32 efC200 efS{ef}", "build_s": round(build_s, 1),
                         "search_ms": round(ms, 2), "recall_at_10": round(recall(found, exact), 4),
                         "peak_rss_growth_mb": peak_mb() - before})
    return rows


def from_index(args) -> list[dict]:
    from benchmarks.scale import questions
    from benchmarks.synthetic import FakeEmbedder
    from indexer.embedded import read_vectors

    index = read_vectors((args.index / "current").resolve())
    queries = FakeEmbedder().encode(questions(random.Random(11), args.n_queries))
    index.nprobe = index.nlist  # every list: the exact top 10, without a second copy of the vectors
    exact, exact_ms = one_at_a_time(index, queries)
    rows = [{"vectors": int(index.ntotal), "index": f"ivf, all {index.nlist} lists (exact)", "search_ms": round(exact_ms, 2),
             "recall_at_10": 1.0}]
    return rows + ivf_grid(index, queries, exact, args.nprobe, {"vectors": int(index.ntotal), "index": f"ivf {index.nlist} lists"})


def main() -> int:
    import faiss

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vectors", type=Path)
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--rows", type=int, default=0, help="use the first N vectors only")
    parser.add_argument("--index", type=Path)
    parser.add_argument("--n-queries", type=int, default=200)
    parser.add_argument("--nprobe", type=int, nargs="+", default=[8, 16, 32, 48, 64, 96])
    parser.add_argument("--lists-per-sqrt", type=float, default=2)
    parser.add_argument("--hnsw", action="store_true")
    args = parser.parse_args()
    faiss.omp_set_num_threads(1)
    if (args.index is None) == (args.vectors is None):
        parser.error("give --index, or --vectors with --queries")
    rows = from_index(args) if args.index else from_vectors(args)
    print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
