"""Exact (flat) against HNSW on an index's own vectors: search time and recall@10 of HNSW against
the exact top 10, for a grid of M and efSearch, plus HNSW build time.

    .venv/bin/python benchmarks/hnsw.py INDEX_DIR [--queries 200] [--m 16 32] [--ef 64 128 256]

Query vectors: the index's embedder applied to synthetic questions when the index was built with
FakeEmbedder (benchmarks/scale.py), else with the real model (--real-model).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    import faiss

    from benchmarks.scale import questions
    from benchmarks.synthetic import FakeEmbedder
    from indexer.embedded import read_vectors

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--m", type=int, nargs="+", default=[16, 32])
    parser.add_argument("--ef", type=int, nargs="+", default=[64, 128, 256])
    parser.add_argument("--ef-construction", type=int, default=80)
    parser.add_argument("--real-model", action="store_true")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    faiss.omp_set_num_threads(args.threads)

    index = read_vectors((args.index / "current").resolve())
    vectors = index.reconstruct_n(0, index.ntotal)
    if args.real_model:
        from indexer.embed import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder("m3e-small")
    else:
        embedder = FakeEmbedder()
    query = embedder.encode(questions(random.Random(11), args.queries))

    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    started = time.perf_counter()
    _, exact = flat.search(query, 10)
    flat_ms = (time.perf_counter() - started) * 1000 / len(query)
    # One query at a time, as the service searches.
    started = time.perf_counter()
    for row in query[:50]:
        flat.search(row.reshape(1, -1), 10)
    flat_single_ms = (time.perf_counter() - started) * 1000 / 50
    rows = [{"vectors": int(index.ntotal), "index": "flat", "search_ms": round(flat_single_ms, 2),
             "batched_ms_per_query": round(flat_ms, 2), "recall_at_10": 1.0}]
    for m in args.m:
        hnsw = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = args.ef_construction
        started = time.perf_counter()
        hnsw.add(vectors)
        build_s = time.perf_counter() - started
        for ef in args.ef:
            hnsw.hnsw.efSearch = ef
            started = time.perf_counter()
            found = np.vstack([hnsw.search(row.reshape(1, -1), 10)[1] for row in query])
            search_ms = (time.perf_counter() - started) * 1000 / len(query)
            recall = np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact)])
            rows.append({"vectors": int(index.ntotal), "index": f"hnsw M{m} efC{args.ef_construction} efS{ef}",
                         "build_s": round(build_s, 1), "search_ms": round(search_ms, 2), "recall_at_10": round(float(recall), 4)})
    print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
