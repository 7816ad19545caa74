"""Benchmark: indexing throughput beside the model's raw encode throughput on the same chunks,
and in-process `ask` latency (p50/p95) beside the naive pipeline's (eval/naive.py: the same model,
raw-text chunks, FAISS top-k) in the same run, each question asked of both in turn so that the load
of a shared machine falls on both alike. Prints a Markdown section for benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/index_and_ask.py [--archive DIR ...] [--repeats N]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import percentile  # noqa: E402  (one definition of a percentile for every benchmark)

QUESTIONS = [
    "浦东有哪些支持人工智能人才的政策？",
    "区里承诺到2025年培育多少家GID链主企业？",
    "057号提案是谁答复的？",
    "公共数据授权运营有什么进展？",
    "算力平台建了几个？",
    "养老服务有什么补贴？",
    "昨晚的足球比赛谁赢了？",
    "浦东国际揭榜挂帅平台发布了多少项目？",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", type=Path, nargs="*", default=[ROOT / "corpus", ROOT / "eval" / "data" / "replies"])
    parser.add_argument("--repeats", type=int, default=20, help="times each question is asked")
    args = parser.parse_args()

    from eval.configs import NaiveConfig
    from eval.naive import NaiveIndex
    from indexer.chunk import ChunkingConfig, chunk_reply
    from indexer.embed import SentenceTransformerEmbedder
    from indexer.parse import parse_reply
    from indexer.read import find_files, read_source
    from service.engine import Engine, index_from_settings
    from service.settings import Settings

    started = time.perf_counter()
    embedder = SentenceTransformerEmbedder("m3e-small")
    load_seconds = time.perf_counter() - started

    replies = []
    for root in args.archive:
        for path, name in find_files(root):
            try:
                replies.append(parse_reply(read_source(path, name).text, name))
            except Exception:
                continue
    chunks = [c for r in replies for c in chunk_reply(r, ChunkingConfig())]
    texts = [c.embed_text for c in chunks]
    embedder.encode(texts[:8])  # warm-up
    started = time.perf_counter()
    embedder.encode(texts)
    encode_seconds = time.perf_counter() - started

    work = Path(tempfile.mkdtemp(prefix="dafu-bench-"))
    try:
        settings = Settings(index=work / "index")
        started = time.perf_counter()
        summary = index_from_settings(settings, args.archive, embedder=embedder)
        index_seconds = time.perf_counter() - started
        started = time.perf_counter()
        rebuild = index_from_settings(settings, args.archive, embedder=embedder)
        rebuild_seconds = time.perf_counter() - started

        engine = Engine.load(settings, embedder=embedder, warm=True)  # as `dafu serve` loads it
        naive = NaiveIndex(args.archive, replies, embedder, NaiveConfig().chunk_size, NaiveConfig().chunk_overlap)
        naive.search(QUESTIONS[0], NaiveConfig().answer_chunks)
        latencies: list[float] = []
        naive_latencies: list[float] = []
        cpu: list[float] = []  # CPU time of the call (process_time): what load on a shared machine does not stretch
        naive_cpu: list[float] = []
        for _ in range(args.repeats):
            for question in QUESTIONS:
                t0, c0 = time.perf_counter(), time.process_time()
                engine.ask(question)
                latencies.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                t0, c0 = time.perf_counter(), time.process_time()
                "\n".join(c.text for c in naive.search(question, NaiveConfig().answer_chunks))  # its answer
                naive_latencies.append((time.perf_counter() - t0) * 1000)
                naive_cpu.append((time.process_time() - c0) * 1000)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("## Indexing and in-process ask\n")
    print(f"Command: `.venv/bin/python benchmarks/index_and_ask.py --repeats {args.repeats}`  ")
    print(f"Threads for answering (Settings.query_threads): {settings.query_threads}.  ")
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{__import__('os').cpu_count()} cores; model m3e-small on CPU (load {load_seconds:.1f} s).  ")
    print(f"Archive: {summary.replies} replies, {summary.sections} sections, {summary.chunks} chunks.\n")
    print("| measure | value |\n|---|---|")
    print(f"| raw model encode, same chunks (batch 32) | {len(texts) / encode_seconds:.1f} chunks/s |")
    print(f"| `dafu index` pipeline, first build (read, parse, chunk, embed, BM25, write) | "
          f"{summary.chunks / index_seconds:.1f} chunks/s ({index_seconds:.1f} s) |")
    print(f"| rebuild with unchanged files (vectors reused by content hash) | {rebuild_seconds:.2f} s "
          f"({rebuild.embedded} embedded, {rebuild.reused} reused) |")
    print(f"| ask latency p50 ({len(latencies)} asks, {len(QUESTIONS)} questions) | {statistics.median(latencies):.1f} ms |")
    print(f"| ask latency p95 | {percentile(latencies, 95):.1f} ms |")
    print(f"| ask latency max | {max(latencies):.1f} ms |")
    naive_p50 = statistics.median(naive_latencies)
    print(f"| naive pipeline (eval/naive.py) p50 / p95, same questions in turn | {naive_p50:.1f} / "
          f"{percentile(naive_latencies, 95):.1f} ms |")
    print(f"| Dafu p50 ÷ naive p50 | {statistics.median(latencies) / naive_p50:.2f}× |")
    print(f"| CPU per ask p50: Dafu / naive (ratio) | {statistics.median(cpu):.1f} / {statistics.median(naive_cpu):.1f} ms "
          f"({statistics.median(cpu) / statistics.median(naive_cpu):.2f}×) |")
    print(f"| load average at the end (1 / 5 / 15 min) | {' / '.join(f'{x:.1f}' for x in __import__('os').getloadavg())} |")
    import resource

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"| peak resident memory of the whole run (model + index + encode) | {peak_mb:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
