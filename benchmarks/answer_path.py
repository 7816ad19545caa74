"""Benchmark: the answer path in-process against the naive pipeline, wall and CPU time per ask.

Issue 10's goal: Dafu's in-process p50 at most 1.3× the naive pipeline's (eval/naive.py) in the same
run. This asks the evaluation's questions (eval/data/questions.jsonl, the test split by default) over
the evaluation archive, of the eval's `default` configuration through `Engine.ask` and of `naive-m3e`
through its FAISS search, timed as `python -m eval` times them, with two differences that make the
figure steadier on a shared machine:
- each question is asked of both systems in turn (naive first on every other question), so the load
  of the moment falls on both alike, instead of one whole system's run after the other's;
- both encode the question with the real model on every ask (no vector cache), so the CPU time of a
  call (`time.process_time`, which other processes' load stretches far less than wall time) is
  comparable between them.
Each question is asked once per process, as in the eval (a second round would find its jieba tags
and passages cached). Run it several times, alternated with the code it is compared with.

    .venv/bin/python benchmarks/answer_path.py [--split test] [--work DIR]

Prints one JSON line: p50 wall and CPU of each system, their ratios, the load average before and
after, and a digest of Dafu's answers (equal digests: the same answers).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--work", type=Path, default=None, help="index cache (default: a temporary folder)")
    args = parser.parse_args()

    from eval.dataset import load_questions, select_split
    from eval.run import DEFAULT_ARCHIVE, DEFAULT_QUESTIONS, choose_configs
    from eval.systems import RANK_DEPTH, DafuSystem, Workbench
    from service.engine import limit_threads
    from service.retrieve import Filters

    limit_threads(1)  # as `python -m eval --threads 1` (its default) and the server
    work = args.work or Path(tempfile.mkdtemp(prefix="dafu-answer-path-"))
    bench = Workbench(DEFAULT_ARCHIVE, work)
    naive_config, dafu_config = choose_configs(["naive-m3e,default"])
    naive = bench.system(naive_config).index
    model = bench.models.get(dafu_config.model).inner
    dafu = DafuSystem(dafu_config, bench.index(dafu_config), model, bench.tokenizer(dafu_config)).engine
    questions = select_split(load_questions(DEFAULT_QUESTIONS), args.split)
    model.encode(["预热一下模型"])  # the model's first forward pass is paid by neither

    def ask_naive(question) -> None:
        naive.search(question.question, limit=len(naive.chunks))

    answers = hashlib.sha256()

    def ask_dafu(question) -> None:
        filters = Filters(**question.filters) if question.filters else None
        answer = dafu.ask(question.question, k=RANK_DEPTH, filters=filters)
        answers.update(json.dumps([answer.answer, [(c.reply_id, c.section_id, c.start, c.end) for c in answer.citations],
                                   answer.abstained], ensure_ascii=False).encode())

    timings: dict[str, tuple[list[float], list[float]]] = {"dafu": ([], []), "naive": ([], [])}
    load_before = os.getloadavg()
    for i, question in enumerate(questions):
        order = [("naive", ask_naive), ("dafu", ask_dafu)]
        for name, ask in order if i % 2 else order[::-1]:
            wall, cpu = time.perf_counter(), time.process_time()
            ask(question)
            timings[name][0].append((time.perf_counter() - wall) * 1000)
            timings[name][1].append((time.process_time() - cpu) * 1000)
    p50 = {f"{name}_{kind}_p50_ms": round(statistics.median(values), 2)
           for name, (wall, cpu) in timings.items() for kind, values in (("wall", wall), ("cpu", cpu))}
    print(json.dumps({
        "questions": len(questions), "split": args.split, **p50,
        "wall_ratio": round(p50["dafu_wall_p50_ms"] / p50["naive_wall_p50_ms"], 3),
        "cpu_ratio": round(p50["dafu_cpu_p50_ms"] / p50["naive_cpu_p50_ms"], 3),
        "dafu_cpu_mean_ms": round(statistics.mean(timings["dafu"][1]), 2),
        "naive_cpu_mean_ms": round(statistics.mean(timings["naive"][1]), 2),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
        "answers_digest": answers.hexdigest()[:16],
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
