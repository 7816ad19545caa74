"""Scale benchmark on a SYNTHETIC archive (benchmarks/synthetic.py): build by stage, disk size, cold
start, server memory, and /api/ask latency over HTTP with the real model embedding the questions.

    .venv/bin/python benchmarks/scale.py --replies 10000 [--store embedded|milvus] [--asks 200] [--workers 1]

The index's vectors come from the deterministic FakeEmbedder (its name set to m3e-small so the
server loads the real model for questions): build times show every cost but the model's, and
answers rank by lexical evidence only (query and passage vectors live in different spaces). Say so
beside every figure. Before serving, the stored sentences the serve phase's answers will compare by
meaning get the real model's vectors (phase real-sentences), so those answers decide as over a real
build. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import percentile  # noqa: E402
from benchmarks.synthetic import BODIES, TOPICS, FakeEmbedder, generate  # noqa: E402
from service.launch import served  # noqa: E402


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def build(archive: Path, index: Path, store: str) -> dict:
    """Build in this process (run as a subprocess by main, so peak RSS is the build's own)."""
    from indexer.build import build_index

    started, cpu = time.perf_counter(), os.times()
    summary = build_index([archive], index, FakeEmbedder(name="m3e-small"), store=store)
    done = os.times()
    return {"replies": summary.replies, "chunks": summary.chunks, "commitments": summary.commitments,
            "build_seconds": round(time.perf_counter() - started, 1), "stages": summary.stages,
            "stages_cpu": summary.stages_cpu,
            # CPU seconds tell the work apart from the wait on a shared machine; workers prepare files.
            "build_cpu_seconds": round(done.user + done.system - cpu.user - cpu.system, 1),
            "workers_cpu_seconds": round(done.children_user + done.children_system - cpu.children_user - cpu.children_system, 1),
            "worker_steps_cpu": summary.worker_seconds,
            "build_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "disk_mb": round(disk_mb((index / "current").resolve()), 1)}


def rebuild_one_changed(archive: Path, index: Path, store: str) -> dict:
    """Touch one file's text and run `dafu index` again: it updates that reply's rows (indexer.update)."""
    from indexer.build import build_index

    first = sorted(archive.glob("synthetic-*.txt"))[0]
    original = first.read_text(encoding="utf-8")
    first.write_text(original.replace("收悉", "收悉（修订）", 1), encoding="utf-8")
    try:
        started, cpu = time.perf_counter(), os.times()
        summary = build_index([archive], index, FakeEmbedder(name="m3e-small"), store=store)
        done = os.times()
        return {"rebuild_one_changed_seconds": round(time.perf_counter() - started, 1),
                "rebuild_cpu_seconds": round(done.user + done.system - cpu.user - cpu.system, 1),
                "updated": summary.updated, "embedded": summary.embedded,
                "tokenized": summary.tokenized, "rebuild_stages": summary.stages,
                "rebuild_stages_cpu": summary.stages_cpu,
                "rebuild_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    finally:
        first.write_text(original, encoding="utf-8")


def questions(rng: random.Random, n: int) -> list[str]:
    subjects = [s for group in TOPICS.values() for s in group]
    forms = ["{s}有哪些支持政策？", "{s}建设进展怎么样？", "关于{s}的答复说了什么？", "{y}年{s}新增了多少？",
             "怎样解决{s}供给不均的问题？", "{s}的资金保障有哪些？"]
    return [rng.choice(forms).format(s=rng.choice(subjects), y=rng.randint(2016, 2025)) for _ in range(n)]


def rss_of(pid: int) -> dict:
    """Resident and proportional memory of the server and its children (PSS splits shared mmap pages)."""
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    rss = pss = 0
    for p in pids:
        for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return {"server_rss_mb": round(rss / 1024), "server_pss_mb": round(pss / 1024), "processes": len(pids)}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the server and its children have used: on a shared machine this is
    close to what the same work takes on idle cores, where wall time is stretched by the load."""
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    ticks = 0
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def workload(seed: int, asks: int) -> list[tuple[str, str, dict | None]]:
    """The serve phase's asks in order, as (part, question, filters): the same seed, the same asks."""
    rng = random.Random(seed)
    body, _ = rng.choice(BODIES)
    out: list[tuple[str, str, dict | None]] = [("first_promise", f"{body}承诺过哪些养老相关的事？", None),
                                               ("second_promise", "有哪些到2025年要完成的目标？", None)]
    out += [("warm", q, None) for q in questions(rng, 3)]
    out += [("plain", q, None) for q in questions(rng, asks)]
    out += [("filtered", q, rng.choice([{"agency": rng.choice(BODIES)[0]}, {"year": rng.randint(2016, 2025)},
                                        {"agency": rng.choice(BODIES)[0], "year": rng.randint(2016, 2025)}]))
            for q in questions(rng, max(20, asks // 2))]
    out += [("promise", f"{rng.choice(BODIES)[0]}承诺过哪些{rng.choice(list(TOPICS))}相关的事？", None) for _ in range(20)]
    return out


def real_sentence_vectors(index: Path, asks: int, seed: int) -> dict:
    """Give the stored sentences that the serve phase's answers compare with their questions
    (service/meaning.py) the real model's vectors, in place of FakeEmbedder's.

    A FakeEmbedder index stores fake sentence vectors, which the real model's question vectors do not
    match, so every reading by meaning would fall under its floor and abstain: answers the real
    model's store would give, measured as abstentions. The sentences an answer compares are chosen
    by words, so answering the serve phase's asks here once, with every candidate encoded by the
    real model (the path before the store), finds exactly the sentences the server will compare; their
    rows are overwritten with those vectors. Every other sentence keeps its fake vector, never read."""
    import numpy as np

    from indexer.embed import SentenceTransformerEmbedder
    from indexer.sentence_vectors import SENTENCE_VECTORS, sentence_key, stored_rows
    from service.engine import Engine
    from service.retrieve import Filters
    from service.settings import Settings

    started = time.perf_counter()
    model = SentenceTransformerEmbedder("m3e-small")
    engine = Engine.load(Settings(index=index), embedder=model)
    compared: dict[str, None] = {}

    def encoded(texts: list[str]) -> np.ndarray:
        compared.update(dict.fromkeys(texts))
        return model.encode(texts)

    engine.answerer.retriever.text_vectors = encoded
    engine.warm_up()
    for _, question, filters in workload(seed, asks):
        engine.ask(question, filters=Filters(**filters) if filters else None)
    texts = list(compared)
    keys = [sentence_key(engine.index.model, t) for t in texts]
    rows = stored_rows(engine.index.documents.db, keys)
    found = [(rows[key], text) for key, text in zip(keys, texts) if key in rows]
    store = engine.index.sentences
    vectors = np.memmap(engine.index.folder / SENTENCE_VECTORS, dtype=np.float32, mode="r+", shape=store.vectors.shape)
    if found:
        vectors[[row for row, _ in found]] = model.encode([text for _, text in found])
    vectors.flush()
    return {"real_sentence_vectors": len(found), "compared_texts": len(texts),
            "real_sentence_seconds": round(time.perf_counter() - started, 1)}


def serve_and_measure(index: Path, asks: int, workers: int, seed: int) -> dict:
    requests = workload(seed, asks)
    started = time.perf_counter()
    with served(index, index.parent / f"{index.name}.serve.log", workers=workers, timeout=3600) as server:
        cold = time.perf_counter() - started
        cold_cpu = cpu_seconds(server.process.pid)
        load_at_start = load_average()
        with httpx.Client(base_url=server.url, timeout=120) as client:

            def ask(question: str, filters: dict | None = None) -> float:
                t0 = time.perf_counter()
                response = client.post("/api/ask", json={"question": question, "filters": filters})
                response.raise_for_status()
                answers.append(response.json())
                return (time.perf_counter() - t0) * 1000

            def part(name: str) -> list[float]:
                return [ask(q, f) for p, q, f in requests if p == name]

            answers: list[dict] = []
            [first_promise], [second_promise] = part("first_promise"), part("second_promise")
            part("warm")
            answers.clear()
            cpu_before = cpu_seconds(server.process.pid)
            plain = part("plain")
            cpu_per_ask = (cpu_seconds(server.process.pid) - cpu_before) / len(plain) * 1000
            abstained = sum(bool(a.get("abstained")) for a in answers)
            # Two runs gave the same answers when their digests match (e.g. with and without stored sentence vectors).
            digest = hashlib.sha256(json.dumps([[a.get("answer"), a.get("abstained")] for a in answers],
                                               ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
            filtered = part("filtered")
            promises = part("promise")
            page = time.perf_counter()
            client.get("/api/commitments", params={"limit": 50, "offset": 1000}).raise_for_status()
            page_ms = (time.perf_counter() - page) * 1000
            page = time.perf_counter()
            replies_page = client.get("/replies", headers={"Accept-Encoding": "identity"})
            replies_page.raise_for_status()
            replies_page_ms = (time.perf_counter() - page) * 1000
            memory = rss_of(server.process.pid)
    return {
        "load_average_at_ready": load_at_start, "load_average_at_end": load_average(),
        "cold_start_seconds": round(cold, 1), "cold_start_cpu_seconds": round(cold_cpu, 1),
        "ask_server_cpu_ms": round(cpu_per_ask, 1), "first_promise_ms": round(first_promise), "second_promise_ms": round(second_promise),
        "ask_p50_ms": round(statistics.median(plain), 1), "ask_p95_ms": round(percentile(plain, 95), 1),
        "ask_p99_ms": round(percentile(plain, 99), 1), "asks": len(plain), "asks_abstained": abstained,
        "answers_digest": digest,
        "filtered_p50_ms": round(statistics.median(filtered), 1), "filtered_p95_ms": round(percentile(filtered, 95), 1),
        "promise_p50_ms": round(statistics.median(promises), 1), "commitments_page_ms": round(page_ms, 1),
        "replies_page_ms": round(replies_page_ms, 1), "replies_page_kb": round(len(replies_page.content) / 1024), **memory,
    }


def store_sentences(index: Path) -> dict:
    """Add the sentence store to an existing build made before it, in place: every distinct sentence of
    its chunks (as the build splits them: the stored passage offsets), FakeEmbedder's vector, written by
    the build's own SentenceVectorWriter. What a rebuild would add, without rebuilding the rest (at 100k
    replies a rebuild takes over an hour and a half)."""
    import sqlite3

    from indexer.docstore import DATABASE
    from indexer.sentence_vectors import SENTENCE_VECTORS, SentenceVectorWriter

    folder = (index / "current").resolve()
    if (folder / SENTENCE_VECTORS).exists():
        raise SystemExit(f"{folder} already stores sentence vectors")
    started, cpu = time.perf_counter(), time.process_time()
    embedder = FakeEmbedder(name="m3e-small")
    # One connection reads the chunks and writes the store: a second reading connection would hold the
    # lock the writer needs to spill its pages.
    db = sqlite3.connect(folder / DATABASE)
    writer = SentenceVectorWriter(folder, db, embedder.name, embedder.dimension)
    chunks, last = 0, -1
    try:
        while True:
            rows = db.execute("SELECT chunk_id, passage, text FROM chunks WHERE chunk_id > ? ORDER BY chunk_id LIMIT 4000",
                              (last,)).fetchall()
            if not rows:
                break
            sentences = [text[start:end] for _, passage, text in rows for start, end, _ in json.loads(passage)[1]]
            todo = writer.missing(sentences)
            writer.add(todo, embedder.encode(todo))
            chunks, last = chunks + len(rows), rows[-1][0]
        db.commit()
    except BaseException:
        writer.close()
        (folder / SENTENCE_VECTORS).unlink(missing_ok=True)
        raise
    writer.close()
    return {"stored_sentences": writer.rows, "chunks_read": chunks, "store_seconds": round(time.perf_counter() - started, 1),
            "store_cpu_seconds": round(time.process_time() - cpu, 1),
            "store_mb": round((folder / SENTENCE_VECTORS).stat().st_size / 1e6)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--store", choices=["embedded", "milvus"], default="embedded")
    parser.add_argument("--asks", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/dafu-scale"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--phase", choices=["all", "build", "rebuild", "store-sentences", "real-sentences", "serve"],
                        default="all",
                        help="all (default), or one phase: build, rebuild (one changed file), store-sentences (add the "
                             "sentence store to a build made before it, in place), real-sentences (the real model's "
                             "vectors for the sentences the serve phase compares), serve (an existing index)")
    args = parser.parse_args()

    archive = args.work / f"archive-{args.replies}"
    index = args.work / f"index-{args.replies}-{args.store}"
    if args.phase == "build":
        print(json.dumps(build(archive, index, args.store)))
        return 0
    if args.phase == "rebuild":
        print(json.dumps(rebuild_one_changed(archive, index, args.store)))
        return 0
    if args.phase == "store-sentences":
        print(json.dumps(store_sentences(index)))
        return 0
    if args.phase == "real-sentences":
        print(json.dumps(real_sentence_vectors(index, args.asks, args.seed)))
        return 0
    if args.phase == "serve":
        print(json.dumps(serve_and_measure(index, args.asks, args.workers, args.seed), indent=1))
        return 0

    if not (archive / "README.md").exists():
        started = time.perf_counter()
        generate(archive, args.replies, args.seed)
        print(f"generated {args.replies} replies in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    shutil.rmtree(index, ignore_errors=True)
    own = [sys.executable, __file__, "--replies", str(args.replies), "--store", args.store, "--work", str(args.work)]
    result = {"replies_requested": args.replies, "store": args.store, "workers": args.workers,
              "embedder": "FakeEmbedder for the index; real m3e-small for questions"}
    result.update(json.loads(subprocess.run(own + ["--phase", "build"], check=True, capture_output=True, text=True).stdout))
    if not args.skip_rebuild:
        result.update(json.loads(subprocess.run(own + ["--phase", "rebuild"], check=True, capture_output=True, text=True).stdout))
    result.update(json.loads(subprocess.run(own + ["--asks", str(args.asks), "--seed", str(args.seed), "--phase",
                                                   "real-sentences"], check=True, capture_output=True, text=True).stdout))
    result.update(serve_and_measure(index, args.asks, args.workers, args.seed))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
