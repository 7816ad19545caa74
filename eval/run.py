"""`python -m eval` / `dafu eval`: index an archive, ask every question under each configuration,
and write the metrics as Markdown tables, a PNG chart and (for the shipped set) eval/RESULTS.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import shlex
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent
ROOT = EVAL_DIR.parent
DEFAULT_QUESTIONS = EVAL_DIR / "data" / "questions.jsonl"
DEFAULT_ARCHIVE = [ROOT / "corpus", EVAL_DIR / "data" / "replies"]
DEFAULT_COMMITMENTS = EVAL_DIR / "data" / "commitments.jsonl"
ANSWER_QUESTIONS = EVAL_DIR / "data" / "questions-answers.jsonl"
LAYOUTS_HELDOUT = EVAL_DIR / "data" / "layouts-heldout"
# Questions in citizens' own words over every non-blind reply (eval/data/citizen/README.md).
CITIZEN = EVAL_DIR / "data" / "citizen"
# In-domain questions the replies of fresh10 and fresh11 nearly answer, and paraphrased answerable
# controls (eval/data/recall/README.md): abstention recall where other words match.
RECALL = EVAL_DIR / "data" / "recall"
# The second recall set, over the replies of fresh15, fresh16 and fresh17 (eval/data/recall2/README.md): written
# blind; its dev split opened in stop 38 after its first, blind run, its test split stays held out (never listed).
RECALL2 = EVAL_DIR / "data" / "recall2"
# The third recall set, over the replies of fresh18 and fresh19 (eval/data/recall3/README.md): blind, so its misses
# are never listed; it measures whether abstention rules written from recall2's open dev split generalise.
RECALL3 = EVAL_DIR / "data" / "recall3"
# Written blind after the rules, for the final report only: never read their misses while tuning.
# Each is a folder of replies with goldens, questions.jsonl and dialogues.jsonl (format: fresh/README.md).
BLIND_SETS = {
    "fresh": EVAL_DIR / "data" / "fresh",
    "fresh2": EVAL_DIR / "data" / "fresh2",
    "fresh3": EVAL_DIR / "data" / "fresh3",
    "fresh4": EVAL_DIR / "data" / "fresh4",
    "fresh5": EVAL_DIR / "data" / "fresh5",
    "fresh6": EVAL_DIR / "data" / "fresh6",
    "fresh7": EVAL_DIR / "data" / "fresh7",
    "fresh8": EVAL_DIR / "data" / "fresh8",
    "fresh9": EVAL_DIR / "data" / "fresh9",
    "fresh10": EVAL_DIR / "data" / "fresh10",
    "fresh11": EVAL_DIR / "data" / "fresh11",
    "fresh12": EVAL_DIR / "data" / "fresh12",
    "fresh13": EVAL_DIR / "data" / "fresh13",
    "fresh14": EVAL_DIR / "data" / "fresh14",
    "fresh15": EVAL_DIR / "data" / "fresh15",
    "fresh16": EVAL_DIR / "data" / "fresh16",
    "fresh17": EVAL_DIR / "data" / "fresh17",
    "fresh18": EVAL_DIR / "data" / "fresh18",
    "fresh19": EVAL_DIR / "data" / "fresh19",
    "fresh20": EVAL_DIR / "data" / "fresh20",
}
# Held-out folders whose DEV split is open for reading and rule writing (fresh from stop 19, fresh3 from stop 20, fresh4 from stop 21,
# fresh5 and fresh6 from stop 24, fresh7 from stop 25, fresh8 from stop 26, fresh10, fresh11 and fresh12 from stop 29,
# fresh13 from stop 31, fresh14 from stop 33, fresh15 from stop 34, fresh16 from stop 35, fresh17 from stop 36, fresh18 from stop 37, fresh19 from stop 38,
# each after its first, blind run): reported as
# non-blind sets, so their dev misses are listed and their test misses never are (unless --show-test-misses);
# `--skip-blind` keeps them. They stay in BLIND_SETS for the dialogue scorer (eval/dialogues.py).
DEV_OPEN = frozenset({"fresh", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
                      "fresh10", "fresh11", "fresh12", "fresh13", "fresh14",
                      "fresh15", "fresh16", "fresh17", "fresh18", "fresh19"})
NOT_REPLIES = {".json", ".jsonl", ".py"}  # goldens and question files beside held-out replies
DEFAULT_RESULTS = EVAL_DIR / "results"
RESULTS_MD = EVAL_DIR / "RESULTS.md"

logger = logging.getLogger(__name__)


def parse_args(argv: list[str]):
    from eval.configs import all_configs

    names = list(all_configs())
    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description="Evaluate Dafu's retrieval, abstention and answers on a question file over an archive.",
        epilog="Configurations: " + ", ".join(names),
    )
    parser.add_argument("--config", action="append", metavar="NAME",
                        help="configuration to run (repeat or comma-separate; default: all). "
                             "`--config main` runs the side-by-side five only")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS,
                        help="question file, JSONL (format in eval/README.md) [default: the shipped set]")
    parser.add_argument("--archive", type=Path, nargs="+", metavar="DIR",
                        help="folders or files of replies to index [default: corpus/ and eval/data/replies/]")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all",
                        help="which questions to run (tables always break results down by split)")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS,
                        help="folder for <config>.md, the chart, the JSON of every answer and the index cache")
    parser.add_argument("--name", default="comparison", help="name of this run's chart, table and JSON files")
    parser.add_argument("--results-md", type=Path, default=None,
                        help="also write the full report here [default: eval/RESULTS.md for the shipped set "
                             "with --split all and every configuration; nowhere otherwise]")
    parser.add_argument("--commitments", type=Path, default=DEFAULT_COMMITMENTS,
                        help="commitment labels scored with eval/commitments.py when both exist")
    parser.add_argument("--list-configs", action="store_true", help="list configurations and exit")
    parser.add_argument("--parse", action="store_true",
                        help="only field-level parse accuracy (eval/parse_eval.py): print it and update its part of eval/RESULTS.md")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads for encoding [default: 1: on a shared machine two threads spin against "
                             "each other, and one encodes a question ~15x faster under load]")
    parser.add_argument("--skip-blind", action="store_true",
                        help="leave out the blind sets (BLIND_SETS in eval/run.py, except the dev-open DEV_OPEN, "
                             "and recall3): for every run made while tuning")
    parser.add_argument("--show-test-misses", action="store_true",
                        help="also list the test split's misses of non-blind sets (for the final report only: "
                             "by default only dev misses are listed, so no rule is written from a test miss)")
    parser.add_argument("--progress", action="store_true", help="progress bars while indexing")
    parser.add_argument("--verbose", "-v", action="store_true")
    return parser, parser.parse_args(argv)


def choose_configs(requested: list[str] | None):
    from eval.configs import MAIN, all_configs

    available = all_configs()
    if not requested:
        return list(available.values())
    names: list[str] = []
    for item in requested:
        for name in item.split(","):
            name = name.strip()
            if name == "main":
                names.extend(MAIN)
            elif name:
                names.append(name)
    unknown = [n for n in names if n not in available]
    if unknown:
        raise SystemExit(f"unknown configuration(s) {unknown}; choose from {list(available)}")
    return [available[n] for n in dict.fromkeys(names)]


@dataclass(frozen=True)
class QuestionSet:
    """A question file and the archive its gold refers to; each set is reported on its own."""

    name: str
    questions: Path
    archive: tuple[Path, ...]
    blind: bool = False  # held out from tuning: reported, misses never listed


def reply_files(folder: Path) -> list[Path]:
    """The replies of a folder that also holds goldens, questions and a README."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix not in NOT_REPLIES and p.name.lower() != "readme.md")


def citizen_archive() -> tuple[Path, ...]:
    """Every non-blind reply: the real one, the Pudong replies (those of eval/data/heldout too) and both
    held-out layout folders, so a question naming a reply by place and topic must pick it among all."""
    return (ROOT / "corpus", EVAL_DIR / "data" / "replies", EVAL_DIR / "data" / "heldout" / "replies",
            *reply_files(LAYOUTS_HELDOUT), *reply_files(EVAL_DIR / "data" / "layouts-heldout2"))


def shipped_sets() -> list[QuestionSet]:
    """Every shipped question file with its replies: the main set first (all configurations run on
    it), then the answer-quality set, the held-out layouts and the blind sets (the default
    configuration only)."""
    sets = [QuestionSet("main", DEFAULT_QUESTIONS, tuple(DEFAULT_ARCHIVE))]
    if ANSWER_QUESTIONS.exists():
        sets.append(QuestionSet("answers", ANSWER_QUESTIONS, tuple(DEFAULT_ARCHIVE)))
    if (LAYOUTS_HELDOUT / "questions.jsonl").exists():
        sets.append(QuestionSet("layouts-heldout", LAYOUTS_HELDOUT / "questions.jsonl",
                                (ROOT / "corpus", *reply_files(LAYOUTS_HELDOUT))))
    if (CITIZEN / "questions.jsonl").exists():
        sets.append(QuestionSet("citizen", CITIZEN / "questions.jsonl", citizen_archive()))
    if (RECALL / "questions.jsonl").exists():
        sets.append(QuestionSet("recall", RECALL / "questions.jsonl",
                                (ROOT / "corpus", *reply_files(EVAL_DIR / "data" / "fresh10"),
                                 *reply_files(EVAL_DIR / "data" / "fresh11"))))
    if (RECALL2 / "questions.jsonl").exists():
        sets.append(QuestionSet("recall2", RECALL2 / "questions.jsonl",
                                (ROOT / "corpus", *(p for name in ("fresh15", "fresh16", "fresh17")
                                                    for p in reply_files(EVAL_DIR / "data" / name)))))
    if (RECALL3 / "questions.jsonl").exists():
        sets.append(QuestionSet("recall3", RECALL3 / "questions.jsonl",
                                (ROOT / "corpus", *(p for name in ("fresh18", "fresh19")
                                                    for p in reply_files(EVAL_DIR / "data" / name))),
                                blind=True))
    for name, folder in BLIND_SETS.items():
        if (folder / "questions.jsonl").exists():
            sets.append(QuestionSet(name, folder / "questions.jsonl", (ROOT / "corpus", *reply_files(folder)),
                                    blind=name not in DEV_OPEN))
    return sets


def run_config(config, workbench, questions, golds):
    from eval.report import Row

    system = workbench.system(config)
    system.run("预热")  # the first query pays for lazy initialisation; it is not a measured question
    return [Row(question=q, gold=golds[q.id], outcome=system.run(q.question, q.filters)) for q in questions]


def commitments_section(index, labels: Path) -> str:
    if importlib.util.find_spec("eval.commitments") is None:
        return "Commitment extraction was not scored: eval/commitments.py is absent."
    if not labels.exists():
        return f"Commitment extraction was not scored: {labels} is absent."
    from eval.commitments import HELD_OUT, commitments_markdown, evaluate_commitments, extract_folders

    section = commitments_markdown(evaluate_commitments(index, labels))
    held_out_labels = HELD_OUT / "commitments.jsonl"
    if labels == DEFAULT_COMMITMENTS and held_out_labels.exists():
        held_out = evaluate_commitments(extract_folders([HELD_OUT / "replies"]), held_out_labels)
        section += ("\n### Held-out replies (`eval/data/heldout/`)\n\n"
                    + commitments_markdown(held_out, held_out=True))
    return section


def rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def archive_label(archive: tuple[Path, ...]) -> str:
    folders = dict.fromkeys(rel(p) if p.is_dir() else rel(p.parent) + "/" for p in archive)
    return ", ".join(f"`{f}`" for f in folders)


def run_other_sets(args, by_name: dict, workbench, archive: list[Path], problems: list[str]) -> dict:
    """The shipped question sets beyond the main one, each over its own replies, default configuration
    only. Only on a run of the shipped main set (no --questions/--archive)."""
    from eval.dataset import load_questions, resolve_gold, select_split
    from eval.systems import Workbench

    if args.questions.resolve() != DEFAULT_QUESTIONS or args.archive is not None:
        return {}
    found = {}
    for qset in shipped_sets()[1:]:
        if qset.blind and args.skip_blind:
            continue
        bench = workbench if list(qset.archive) == list(archive) else Workbench(
            list(qset.archive), args.results / f"set-{qset.name}", progress=args.progress)
        questions = select_split(load_questions(qset.questions), args.split)
        replies = {r.reply_id: r for r in bench.replies()}
        golds = {q.id: resolve_gold(q, replies) for q in questions}
        problems.extend(gold_problems(golds, qset.name, qset.blind, closed_questions(questions, args)))
        t0 = time.perf_counter()
        found[qset] = run_config(by_name["default"], bench, questions, golds)
        summary = report_summary(found[qset])
        print(f"{'default@' + qset.name:22} {summary}  ({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    return found


def closed_questions(questions, args) -> set[str]:
    """The questions whose misses and gold problems are not listed: the test split, unless asked for."""
    return set() if args.show_test_misses else {q.id for q in questions if q.split == "test"}


def is_blind(path: Path) -> bool:
    """A question file inside a blind folder (BLIND_SETS, not DEV_OPEN, and recall3): its misses are never listed."""
    folders = [folder for name, folder in BLIND_SETS.items() if name not in DEV_OPEN] + [RECALL3]
    return any(path.resolve().is_relative_to(folder.resolve()) for folder in folders)


def gold_problems(golds: dict, set_name: str | None, blind: bool, closed: set[str] = frozenset()) -> list[str]:
    """Golds that did not resolve, printed and returned for the report. A blind set's are only counted:
    they quote its anchors, which nobody writing rules may read; so are those of `closed` questions (the
    test split, as its misses are, unless --show-test-misses)."""
    found = [p for q, g in golds.items() if q not in closed and not blind for p in g.problems]
    hidden = sum(len(g.problems) for q, g in golds.items() if blind or q in closed)
    if hidden:
        found.append(f"{hidden} gold problem(s), not listed: " + ("a blind set (its writer runs its check.py)" if blind
                                                               else "test-split questions (--show-test-misses lists them)"))
    prefix = f"{set_name}: " if set_name else ""
    for problem in found:
        print(f"gold: {prefix}{problem}", file=sys.stderr)
    return [prefix + p for p in found]


def report_summary(rows) -> str:
    from eval import report

    s = report.summarise(rows)
    return (f"section hit@3 {report.fmt(s['section']['hit@3'])}  expected facts {report.fmt(s['expected'])}  "
            f"abstention acc {report.fmt(s['abstention']['accuracy'])}")


def dialogue_arguments(args: argparse.Namespace, output: Path) -> list[str]:
    """The arguments of the dialogue scoring a report runs. The committed report's output takes no path, so
    it names a portable command; a run elsewhere (tuning) scores the split and the sets its questions do
    (no blind set under --skip-blind) and keeps its indexes beside its other results between runs."""
    from eval.dialogues import RESULTS as DEFAULT_DIALOGUES, shipped_sets as dialogue_sets

    if output.resolve() == DEFAULT_DIALOGUES.resolve():
        return []
    arguments = ["--output", str(output), "--cache", str(args.results / "dialogue-cache")]
    if args.split != "all":
        arguments += ["--split", args.split]
    if args.skip_blind:
        arguments += ["--set", *(s.name for s in dialogue_sets() if s.open_splits)]
    return arguments


def main(argv: list[str] | None = None) -> int:
    parser, args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    import bm25s  # noqa: F401  (bm25s sets its logger to DEBUG when imported; quiet it after that)

    logging.getLogger("bm25s").setLevel(logging.INFO if args.verbose else logging.WARNING)
    if args.parse:
        from eval.parse_eval import update_results

        print(update_results(RESULTS_MD, "python -m eval --parse"))
        return 0
    if args.list_configs:
        from eval.configs import all_configs

        for config in all_configs().values():
            print(f"{config.name:14} {config.group:10} {config.description}")
        return 0

    import torch

    torch.set_num_threads(max(1, args.threads))
    from eval import report
    from eval.dataset import QuestionFileError, load_questions, resolve_gold, select_split
    from eval.systems import Workbench
    from eval.tuning import threshold_sweep

    started = time.perf_counter()
    try:
        questions = select_split(load_questions(args.questions), args.split)
    except (OSError, QuestionFileError) as error:
        print(f"cannot read questions: {error}", file=sys.stderr)
        return 2
    if not questions:
        print(f"no questions in split {args.split!r}", file=sys.stderr)
        return 2
    configs = choose_configs(args.config)
    archive = args.archive or DEFAULT_ARCHIVE
    args.results.mkdir(parents=True, exist_ok=True)
    workbench = Workbench(archive, args.results, progress=args.progress)

    replies = {r.reply_id: r for r in workbench.replies()}
    golds = {q.id: resolve_gold(q, replies) for q in questions}
    blind = is_blind(args.questions)
    problems = gold_problems(golds, None, blind, closed_questions(questions, args))

    results: dict[str, list] = {}
    for config in configs:
        t0 = time.perf_counter()
        results[config.name] = run_config(config, workbench, questions, golds)
        summary = report.summarise(results[config.name])
        print(f"{config.name:14} section hit@3 {report.fmt(summary['section']['hit@3'])}  "
              f"MRR {report.fmt(summary['section']['mrr@10'])}  abstention acc "
              f"{report.fmt(summary['abstention']['accuracy'])}  ({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
        (args.results / f"{config.name}.md").write_text(
            report.config_markdown(config.name, config.description, results[config.name], args.show_test_misses,
                                   blind=blind),
            encoding="utf-8")

    by_name = {c.name: c for c in configs}
    summaries = {name: report.by_split(rows) for name, rows in results.items()}
    main_names = [c.name for c in configs if c.group == "main"]
    ablation_names = [c.name for c in configs if c.group != "main"]
    report.chart(args.results / f"{args.name}.png",
                 [(n, summaries[n]["all"]) for n in main_names],
                 [(n, summaries[n]["all"]) for n in (["default"] if "default" in results else []) + ablation_names],
                 f"{len(questions)} questions, split={args.split}")

    set_results = run_other_sets(args, by_name, workbench, archive, problems) if "default" in results else {}
    answer_sections = []
    if "default" in results:
        answer_sections.append(report.answer_set_markdown(
            "main" if args.questions.resolve() == DEFAULT_QUESTIONS else args.questions.name,
            rel(args.questions), ", ".join(f"`{rel(p)}`" for p in archive), results["default"], blind=blind,
            show_test=args.show_test_misses))
    for qset, rows in set_results.items():
        answer_sections.append(report.answer_set_markdown(
            qset.name, rel(qset.questions), archive_label(qset.archive), rows, blind=qset.blind,
            show_test=args.show_test_misses))

    sweep = threshold_sweep(results["default"], by_name["default"]) if "default" in results else None
    commitments = None
    if "default" in results:
        commitments = commitments_section(workbench.index(by_name["default"]), args.commitments)

    command = "python -m eval" + ("" if not (argv if argv is not None else sys.argv[1:]) else " " + shlex.join(
        argv if argv is not None else sys.argv[1:]))
    document = report.results_markdown(
        command=command, configs=configs, results=results, summaries=summaries, sweep=sweep,
        commitments=commitments, problems=problems, archive=archive, questions_path=args.questions,
        answer_sections=answer_sections,
        chart_name=f"results/{args.name}.png", seconds=time.perf_counter() - started,
        created=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )
    results_md = args.results_md
    shipped = (args.questions.resolve() == DEFAULT_QUESTIONS and args.archive is None and args.split == "all"
               and not args.config)
    if results_md is None and shipped:
        results_md = RESULTS_MD
    # Written by `python -m eval.dialogues`: beside this run's other results, so a run with --results
    # elsewhere leaves the committed eval/results/dialogues.md alone.
    dialogues = args.results / "dialogues.md"
    if results_md is not None and args.questions.resolve() == DEFAULT_QUESTIONS and args.archive is None:
        # A report of the shipped sets scores the conversations on the same code (every shipped dialogue set).
        from eval.dialogues import main as score_dialogues

        score_dialogues(dialogue_arguments(args, dialogues))
    if dialogues.exists():
        document += "\n" + dialogues.read_text(encoding="utf-8")
    from eval.parse_eval import parse_section

    document += "\n" + parse_section(command)
    (args.results / f"{args.name}.md").write_text(document.replace("(results/", "("), encoding="utf-8")
    (args.results / f"{args.name}.json").write_text(json.dumps(
        {name: [{"id": r.question.id, "split": r.question.split, "type": r.question.type,
                 "sections": [list(k) for k in r.outcome.sections], "abstained": r.outcome.abstained,
                 "answer": r.outcome.answer, "latency_ms": round(r.outcome.latency_ms, 2),
                 "features": r.outcome.features} for r in rows]
         for name, rows in [*results.items(), *((f"default@{q.name}", rows) for q, rows in set_results.items())]},
        ensure_ascii=False, indent=1), encoding="utf-8")

    if results_md is not None:
        results_md.write_text(document, encoding="utf-8")
        print(f"wrote {results_md}", file=sys.stderr)
    print(f"wrote {args.results / (args.name + '.md')} and {args.results / (args.name + '.png')} "
          f"in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return 0
