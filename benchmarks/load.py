"""HTTP load on POST /api/ask: a bounded number of concurrent clients on 127.0.0.1 for a bounded time.

Starts its own `dafu serve` subprocess on a free port (service/launch.py, as the tests do), against
--index or against an index built from corpus/ into a temporary folder, runs N client threads with
httpx for D seconds, then stops the server and prints requests/s, p50/p95/p99 latency and the error
count (--json for a script). `--clients 1,4,16` runs one level after another on the same server;
`--soak N` then sends N more requests and reports the server's resident memory (RSS) before, at its
peak and after.

    nice -n 10 .venv/bin/python benchmarks/load.py --clients 4 --seconds 20
    nice -n 10 .venv/bin/python benchmarks/load.py --clients 1,4,16 --seconds 15 --soak 2000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

from service.launch import ROOT, ServerError, served

QUESTIONS = [
    "GID链主企业的培育目标是多少？",
    "浦东有哪些支持人工智能人才的政策？",
    "浦东的产业投资母基金有哪些？",
    "这份答复的联系人和联系电话是什么？",
    "揭榜挂帅平台发布了多少项目？",
]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between the closest ranks (numpy's default, as eval/metrics.py):
    every benchmark reports percentiles through this one definition."""
    return float(np.percentile(values, q)) if values else float("nan")


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (uvicorn workers), in MB, from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def run_load(url: str, clients: int, seconds: float, k: int, total: int | None = None) -> dict:
    """Closed loop: each client sends its next request when the answer arrives, until `seconds`
    have passed or, with `total`, until that many requests were sent in all."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]
    tickets = iter(range(total)) if total is not None else None
    ticket_lock = threading.Lock()

    def another() -> bool:
        if time.perf_counter() >= stop_at[0]:
            return False
        if tickets is None:
            return True
        with ticket_lock:
            return next(tickets, None) is not None

    def client(n: int) -> None:
        mine, failures = [], []
        with httpx.Client(base_url=url, timeout=30) as session:
            start_gate.wait()
            i = n
            while another():
                question = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                began = time.perf_counter()
                try:
                    response = session.post("/api/ask", json={"question": question, "k": k})
                    elapsed = time.perf_counter() - began
                    if response.status_code == 200 and "citations" in response.json():
                        mine.append(elapsed)
                    else:
                        failures.append(f"HTTP {response.status_code}")
                except httpx.HTTPError as error:
                    failures.append(type(error).__name__)
        with lock:
            latencies.extend(mine)
            errors.extend(failures)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start_gate.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    ms = [x * 1000 for x in latencies]
    return {
        "clients": clients, "seconds": round(wall, 2), "requests": len(latencies) + len(errors),
        "ok": len(latencies), "errors": len(errors), "error_kinds": sorted(set(errors)),
        "requests_per_second": round(len(latencies) / wall, 2),
        "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1), "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="4", help="concurrent clients (1–64), or levels run in turn: 1,4,16")
    parser.add_argument("--seconds", type=float, default=20, help="how long to send requests (1–600)")
    parser.add_argument("--index", type=Path, help="index folder; default: build one from corpus/ into a temp folder")
    parser.add_argument("-k", type=int, default=5, help="sources per answer")
    parser.add_argument("--warmup", type=int, default=3, help="requests sent before measuring")
    parser.add_argument("--soak", type=int, default=0, help="then send this many requests (≤ 20000) and report RSS")
    parser.add_argument("--soak-clients", type=int, default=4, help="clients during the soak")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    levels = [int(c) for c in str(args.clients).split(",") if c.strip()]
    if not levels or not all(1 <= c <= 64 for c in levels) or not 1 <= args.seconds <= 600:
        parser.error("--clients must be 1–64 and --seconds 1–600")
    if not 0 <= args.soak <= 20000 or not 1 <= args.soak_clients <= 64:
        parser.error("--soak must be 0–20000 and --soak-clients 1–64")

    with tempfile.TemporaryDirectory(prefix="dafu-load-") as tmp:
        index = args.index or Path(tmp) / "index"
        if args.index is None:
            # `dafu serve` builds it from corpus/ when the folder holds no index.
            print(f"building an index of {ROOT / 'corpus'} in {index} …", file=sys.stderr)
        try:
            with served(index, Path(tmp) / "serve.log", timeout=600) as server:  # room to build the index
                url = server.url
                health = httpx.get(url + "/healthz", timeout=5).json()
                for i in range(args.warmup):
                    httpx.post(url + "/api/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]}, timeout=60)
                results = [run_load(url, clients, args.seconds, args.k) for clients in levels]
                soak = run_soak(url, server.process.pid, args) if args.soak else None
        except ServerError as error:
            parser.exit(1, f"{error}\n")
    context = dict(replies=health["replies"], chunks=health["chunks"], model=health["model"], cpus=os.cpu_count(),
                   python=platform.python_version())
    for result in results:
        result.update(context)
    if args.json:
        print(json.dumps({"levels": results, "soak": soak} if len(results) > 1 or soak else results[0],
                         ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(f"{result['clients']} clients × {result['seconds']} s against {result['replies']} replies / "
                  f"{result['chunks']} chunks ({result['model']}, {result['cpus']} CPUs)")
            print(f"requests: {result['requests']}  ok: {result['ok']}  errors: {result['errors']} {result['error_kinds'] or ''}")
            print(f"throughput: {result['requests_per_second']} req/s")
            print(f"latency ms: p50 {result['p50_ms']}  p95 {result['p95_ms']}  p99 {result['p99_ms']}  max {result['max_ms']}")
        if soak:
            print(f"soak: {soak['requests']} requests with {soak['clients']} clients in {soak['seconds']} s, "
                  f"errors {soak['errors']}; RSS {soak['rss_before_mb']} → peak {soak['rss_peak_mb']} → "
                  f"{soak['rss_after_mb']} MB (growth {soak['rss_growth_mb']} MB)")
    failed = sum(r["errors"] for r in results) + (soak["errors"] if soak else 0)
    return 1 if failed else 0


def run_soak(url: str, pid: int, args: argparse.Namespace) -> dict:
    """`args.soak` requests in a closed loop, sampling the server's RSS every half second."""
    samples = [rss_mb(pid)]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            samples.append(rss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = run_load(url, args.soak_clients, 3600, args.k, total=args.soak)
    finally:
        done.set()
        sampler.join()
    after = rss_mb(pid)
    result.update(rss_before_mb=samples[0], rss_peak_mb=max(samples + [after]), rss_after_mb=after,
                  rss_growth_mb=round(after - samples[0], 1))
    return result


if __name__ == "__main__":
    sys.exit(main())
