"""Turning outcomes into numbers, Markdown tables and a PNG chart.

`summarise` is the single place where per-question outcomes become the reported metrics; the
Markdown and the chart only format what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eval import metrics
from eval.dataset import QUESTION_TYPES, Question, ResolvedGold
from eval.systems import RANK_DEPTH, Outcome

HITS = (1, 3, 5)


@dataclass
class Row:
    """One question's outcome under one configuration, with its gold."""

    question: Question
    gold: ResolvedGold
    outcome: Outcome


def ranking_metrics(ranked_lists: list[tuple[list, set]]) -> dict[str, float | None]:
    result: dict[str, float | None] = {"n": len(ranked_lists)}
    for k in HITS:
        result[f"hit@{k}"] = metrics.mean([metrics.hit_at_k(r, g, k) for r, g in ranked_lists])
    result["mrr@10"] = metrics.mean([metrics.reciprocal_rank(r, g, RANK_DEPTH) for r, g in ranked_lists])
    result["ndcg@10"] = metrics.mean([metrics.ndcg_at_k(r, g, RANK_DEPTH) for r, g in ranked_lists])
    return result


def summarise(rows: list[Row]) -> dict:
    """Every reported metric over `rows` (answerable questions rank; all questions count for abstention)."""
    section_lists = [(r.outcome.sections, r.gold.sections) for r in rows if r.question.answerable and r.gold.sections]
    reply_lists = [
        (metrics.dedupe(reply for reply, _ in r.outcome.sections), r.gold.replies)
        for r in rows if r.question.answerable and r.gold.replies
    ]
    counts = metrics.abstention_counts((r.question.answerable, r.outcome.abstained) for r in rows)
    with_expect = [r for r in rows if r.question.answerable and r.question.expect]
    latencies = [r.outcome.latency_ms for r in rows]
    return {
        "questions": len(rows),
        "answerable": sum(r.question.answerable for r in rows),
        "section": ranking_metrics(section_lists),
        "reply": ranking_metrics(reply_lists),
        "abstention": {
            "precision": metrics.abstention_precision(counts),
            "recall": metrics.abstention_recall(counts),
            "accuracy": metrics.abstention_accuracy(counts),
            "false_abstention_rate": metrics.false_abstention_rate(counts),
            "counts": counts.__dict__,
        },
        "expected": metrics.mean([1.0 if metrics.contains_all(r.outcome.answer, r.question.expect) else 0.0
                                  for r in with_expect]),
        "expected_n": len(with_expect),
        "latency_p50_ms": metrics.percentile(latencies, 50),
        "latency_p95_ms": metrics.percentile(latencies, 95),
    }


def by_split(rows: list[Row]) -> dict[str, dict]:
    splits = {"all": rows}
    for split in sorted({r.question.split for r in rows}):
        splits[split] = [r for r in rows if r.question.split == split]
    return {name: summarise(subset) for name, subset in splits.items() if subset}


def by_type(rows: list[Row]) -> dict[str, dict]:
    types = [t for t in QUESTION_TYPES if any(r.question.type == t for r in rows)]
    types += sorted({r.question.type for r in rows} - set(types))
    return {t: summarise([r for r in rows if r.question.type == t]) for t in types}


def fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def fmt_ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


MAIN_COLUMNS = (
    ("sec hit@1", lambda s: s["section"]["hit@1"]), ("sec hit@3", lambda s: s["section"]["hit@3"]),
    ("sec hit@5", lambda s: s["section"]["hit@5"]), ("sec MRR@10", lambda s: s["section"]["mrr@10"]),
    ("sec nDCG@10", lambda s: s["section"]["ndcg@10"]),
    ("reply hit@1", lambda s: s["reply"]["hit@1"]), ("reply hit@3", lambda s: s["reply"]["hit@3"]),
    ("reply hit@5", lambda s: s["reply"]["hit@5"]), ("reply MRR@10", lambda s: s["reply"]["mrr@10"]),
    ("reply nDCG@10", lambda s: s["reply"]["ndcg@10"]),
    ("abst P", lambda s: s["abstention"]["precision"]), ("abst R", lambda s: s["abstention"]["recall"]),
    ("abst acc", lambda s: s["abstention"]["accuracy"]),
    ("false abst", lambda s: s["abstention"]["false_abstention_rate"]),
    ("expected facts", lambda s: s["expected"]),
)


def metrics_table(named: list[tuple[str, dict]], label: str = "config") -> str:
    header = [label, "n", *(name for name, _ in MAIN_COLUMNS), "p50 ms", "p95 ms"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, s in named:
        cells = [name, str(s["questions"]), *(fmt(get(s)) for _, get in MAIN_COLUMNS),
                 fmt_ms(s["latency_p50_ms"]), fmt_ms(s["latency_p95_ms"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def type_table(per_config: list[tuple[str, dict[str, dict]]]) -> str:
    """Rows: question types; cells: section hit@3 for answerable types, abstention recall for the others."""
    types = list(dict.fromkeys(t for _, types in per_config for t in types))
    header = ["type", "n", *(name for name, _ in per_config)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for t in types:
        first = next(types_[t] for _, types_ in per_config if t in types_)
        unanswerable = first["answerable"] == 0
        cells = [f"{t} ({'abstention recall' if unanswerable else 'section hit@3'})", str(first["questions"])]
        for _, types_ in per_config:
            s = types_.get(t)
            cells.append("–" if s is None else fmt(s["abstention"]["recall"] if unanswerable else s["section"]["hit@3"]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


BLIND_NOT_LISTED = "Misses are not listed: this set is held out from tuning (see its README)."


def listed(rows: list[Row], show_test: bool = False) -> list[Row]:
    """The rows whose misses may be printed: the dev split only, unless the final report asks for the
    test split too. Rules are written from what is read, so test misses are never shown by accident."""
    return [r for r in rows if show_test or r.question.split != "test"]


def misses_heading(show_test: bool) -> str:
    return "both splits" if show_test else "dev split only; test misses are listed with --show-test-misses"


def misses(rows: list[Row], show_test: bool = False) -> str:
    """The questions a configuration got wrong, for reading rather than counting."""
    lines = []
    for r in listed(rows, show_test):
        q, o = r.question, r.outcome
        problems = []
        if q.answerable and r.gold.sections and not any(key in r.gold.sections for key in o.sections[:3]):
            problems.append(f"gold {sorted(r.gold.sections)} not in top 3 {o.sections[:3]}")
        if q.answerable and o.abstained:
            problems.append("abstained on an answerable question")
        if not q.answerable and not o.abstained:
            problems.append("answered an unanswerable question")
        if q.answerable and q.expect and not o.abstained and not metrics.contains_all(o.answer, q.expect):
            problems.append(f"answer lacks {q.expect}")
        if problems:
            evidence = o.features.get("evidence")
            tail = f" (evidence {evidence:.2f})" if evidence is not None else ""
            lines.append(f"- {q.id} [{q.type}, {q.split}] {q.question} — {'; '.join(problems)}{tail}")
    return "\n".join(lines) or "(none)"


def config_markdown(name: str, description: str, rows: list[Row], show_test: bool = False,
                    blind: bool = False) -> str:
    splits = by_split(rows)
    parts = [
        f"# {name}\n\n{description}\n",
        "## By split\n\n" + metrics_table(list(splits.items()), label="split"),
        "## By question type (all splits)\n\n" + metrics_table(list(by_type(rows).items()), label="type"),
        ("## Misses\n\n" + BLIND_NOT_LISTED) if blind else
        f"## Misses ({misses_heading(show_test)})\n\n" + misses(rows, show_test),
    ]
    return "\n\n".join(parts) + "\n"


def chart(path: Path, main: list[tuple[str, dict]], ablations: list[tuple[str, dict]], title: str) -> None:
    """Left: the side-by-side configurations; right: section hit@3 and abstention accuracy per ablation."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measures = [("section hit@1", lambda s: s["section"]["hit@1"]), ("section hit@3", lambda s: s["section"]["hit@3"]),
                ("section MRR@10", lambda s: s["section"]["mrr@10"]), ("reply hit@3", lambda s: s["reply"]["hit@3"]),
                ("abstention accuracy", lambda s: s["abstention"]["accuracy"])]
    panels = 2 if ablations else 1
    figure, axes = plt.subplots(1, panels, figsize=(7 * panels, 4.8), squeeze=False)
    ax = axes[0][0]
    width = 0.8 / max(len(main), 1)
    for i, (name, s) in enumerate(main):
        values = [get(s) or 0.0 for _, get in measures]
        positions = [x + i * width for x in range(len(measures))]
        ax.bar(positions, values, width, label=name)
    ax.set_xticks([x + width * (len(main) - 1) / 2 for x in range(len(measures))])
    ax.set_xticklabels([m for m, _ in measures], rotation=20, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.axhline(0.9, color="grey", linestyle=":", linewidth=1)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    if ablations:
        ax = axes[0][1]
        names = [n for n, _ in ablations]
        ys = range(len(names))
        ax.barh([y + 0.2 for y in ys], [s["section"]["hit@3"] or 0 for _, s in ablations], 0.4, label="section hit@3")
        ax.barh([y - 0.2 for y in ys], [s["abstention"]["accuracy"] or 0 for _, s in ablations], 0.4,
                label="abstention accuracy")
        ax.set_yticks(list(ys))
        ax.set_yticklabels(names, fontsize=7)
        ax.set_xlim(0, 1.05)
        ax.invert_yaxis()
        ax.set_title("ablations (one change each from default)", fontsize=10)
        ax.legend(fontsize=7, loc="lower left")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def _delta(value: float | None, base: float | None) -> str:
    if value is None or base is None:
        return "–"
    return f"{(value - base) * 100:+.1f}"


def ablation_table(names: list[str], summaries: dict[str, dict[str, dict]], descriptions: dict[str, str]) -> str:
    """Each ablation against the default, in points (hundredths) per split."""
    splits = [s for s in ("dev", "test", "all") if s in summaries["default"]]
    header = ["config", "change"]
    for split in splits:
        header += [f"{split} sec hit@3", f"{split} MRR@10", f"{split} abst acc"]
    header += ["all expected facts"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    base = summaries["default"]
    for name in ["default", *names]:
        s = summaries[name]
        cells = [name, descriptions[name]]
        for split in splits:
            for get in (lambda x: x["section"]["hit@3"], lambda x: x["section"]["mrr@10"],
                        lambda x: x["abstention"]["accuracy"]):
                value = get(s[split]) if split in s else None
                cells.append(fmt(value) if name == "default" else f"{fmt(value)} ({_delta(value, get(base[split]))})")
        value, base_value = s["all"]["expected"], base["all"]["expected"]
        cells.append(fmt(value) if name == "default" else f"{fmt(value)} ({_delta(value, base_value)})")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def sweep_table(sweep: dict) -> str:
    w_chosen, t_chosen = sweep["chosen"]
    w_current, t_current = sweep["current"]
    lines = ["Best threshold for each agreement weight (chosen on dev):", "",
             "| weight w | best t | dev acc | dev false abst | test acc | all acc |", "|---|---|---|---|---|---|"]
    for p in sweep["weights"]:
        label = f"{p['weight']:.3f}" + (" **(dev-best)**" if p["weight"] == w_chosen else "")
        lines.append(f"| {label} | {p['threshold']:.3f} | {fmt(p['dev'])} | {fmt(p['dev_false_abstention'])} | "
                     f"{fmt(p['test'])} | {fmt(p['all'])} |")
    lines += ["", f"Thresholds at w = {w_chosen}:", "",
              "| t | dev acc | dev false abst | test acc | all acc |", "|---|---|---|---|---|"]
    for row in sweep["table"]:
        marks = []
        if abs(row["threshold"] - t_chosen) < 1e-9:
            marks.append("dev-best")
        if abs(row["threshold"] - t_current) < 1e-9 and abs(w_chosen - w_current) < 1e-9:
            marks.append("default")
        label = f"{row['threshold']:.3f}" + (f" **({', '.join(marks)})**" if marks else "")
        lines.append(f"| {label} | {fmt(row['dev'])} | {fmt(row['dev_false_abstention'])} | {fmt(row['test'])} | {fmt(row['all'])} |")
    return "\n".join(lines)


def targets_table(summaries: dict[str, dict[str, dict]]) -> str:
    lines = ["| target | split | value | met |", "|---|---|---|---|"]
    default, naive = summaries.get("default"), summaries.get("naive-m3e")
    for split in ("test", "all"):
        if default is None or split not in default:
            continue
        d = default[split]
        if naive is not None:
            gain = (d["section"]["hit@3"] or 0) - (naive[split]["section"]["hit@3"] or 0)
            lines.append(f"| default − naive-m3e, section hit@3 ≥ 10 points | {split} | {gain * 100:+.1f} points "
                         f"({fmt(d['section']['hit@3'])} vs {fmt(naive[split]['section']['hit@3'])}) | "
                         f"{'yes' if gain >= 0.10 else 'NO'} |")
        hit3, acc = d["section"]["hit@3"] or 0, d["abstention"]["accuracy"] or 0
        lines.append(f"| default section hit@3 ≥ 0.9 | {split} | {fmt(hit3)} | {'yes' if hit3 >= 0.9 else 'NO'} |")
        lines.append(f"| default abstention accuracy ≥ 0.9 | {split} | {fmt(acc)} | {'yes' if acc >= 0.9 else 'NO'} |")
    return "\n".join(lines)


def results_markdown(*, command: str, configs, results: dict[str, list[Row]], summaries: dict[str, dict[str, dict]],
                     sweep: dict | None, commitments: str | None, problems: list[str], archive: list[Path],
                     questions_path: Path, chart_name: str, seconds: float, created: str,
                     answer_sections: list[str] | None = None) -> str:
    descriptions = {c.name: c.description for c in configs}
    main = [c.name for c in configs if c.group == "main"]
    ablations = [c.name for c in configs if c.group != "main"]
    any_rows = next(iter(results.values()))
    counts: dict[str, int] = {}
    for r in any_rows:
        counts[r.question.type] = counts.get(r.question.type, 0) + 1
    splits = {}
    for r in any_rows:
        splits[r.question.split] = splits.get(r.question.split, 0) + 1

    def rel(path: Path) -> str:
        try:
            return str(path.resolve().relative_to(Path(__file__).resolve().parent.parent))
        except ValueError:
            return str(path)

    parts = [
        "# Evaluation results\n\n"
        "Generated by the command below; do not edit by hand (it is rewritten on every full run).\n\n"
        f"```\n{command}\n```\n\n"
        f"{created} · {len(any_rows)} questions from `{rel(questions_path)}` "
        f"({', '.join(f'{k} {v}' for k, v in splits.items())}; "
        f"{', '.join(f'{k} {v}' for k, v in counts.items())}) · archive: "
        f"{', '.join(f'`{rel(p)}`' for p in archive)} · {seconds:.0f} s on this machine.\n\n"
        "Metrics: ranking metrics use answerable questions, over the top 10 distinct sections (citations, "
        "best first) — computed from the retrieval ranking even when the answer abstains. Reply level "
        "ranks replies by their first section. Abstention counts \"should abstain\" (an unanswerable "
        "question) as the positive class; accuracy is over all questions; false abstention is over "
        "answerable ones. *Expected facts*: the share of answerable questions with expected strings whose "
        "answer text contains all of them (spacing ignored; an abstention counts as a miss). Latency: "
        "`Engine.ask` per question, model already loaded, encoding with one torch thread (`--threads`: on a "
        "shared machine two threads spin against each other and a question took ~0.8 s to encode instead of "
        "~0.05 s); wall-clock on a shared 2-core machine, so p95 moves with whatever else runs.",
    ]
    if "default" in summaries:
        parts.append("## Targets\n\n" + targets_table(summaries))
    if answer_sections:
        parts.append(
            "## Answers a reader gets: expected facts by question type\n\n"
            "The headline next to section hit@3: does the answer text (leads and quotes; a bracketed note such "
            "as 我委〔区科经委〕 is not counted against a quote) contain every expected fact? Default configuration, "
            "each question file over its own replies, reported separately. Goals (issue 9) are checked on the "
            "**test** split; every threshold was chosen on dev. *fields*: `field`/`metadata` questions; *facts*: "
            "`fact`/`number`/`agency`; *multi-reply*: every expected fact of a `multi` question; abstention recall "
            "over `unanswerable_domain`; false abstention over all answerable questions of the set.\n\n"
            + "\n\n".join(answer_sections))
    if main:
        for split in ("test", "all"):
            rows = [(n, summaries[n][split]) for n in main if split in summaries[n]]
            if rows:
                parts.append(f"## Side by side — {split} questions\n\n" + metrics_table(rows))
        parts.append("Configurations:\n\n" + "\n".join(f"- **{n}**: {descriptions[n]}" for n in main))
        parts.append(
            "The naive pipeline never abstains (it always returns its top chunks), so its abstention recall "
            "is 0; its \"answer\" for the expected-facts column is the text of its top 3 chunks (~1,500 "
            "characters handed to a reader or an LLM), against Dafu's quoted sentences. Naive chunks are "
            "scored at section level by character overlap: every character of the raw file is labelled with "
            "the parsed section it belongs to (a heading line and the blank lines before a section belong to "
            "that section), and a chunk counts as the section owning most of its characters.")
        parts.append(f"![comparison]({chart_name})")
        per_type = [(n, by_type(results[n])) for n in main]
        parts.append("## By question type (all splits)\n\n" + type_table(per_type))
    if ablations and "default" in summaries:
        parts.append(
            "## Ablations: what won, what lost, by how much\n\n"
            "Each row changes one thing from the default; deltas are in points (×100) against the default. "
            "Defaults were chosen on the **dev** columns only (test is for reporting): a change is kept when it "
            "wins on dev section hit@3 / MRR without losing dev abstention accuracy. Abstention in these rows "
            "uses the default's rule and threshold, not one re-tuned per row.\n\n"
            + ablation_table(ablations, summaries, descriptions))
    if sweep is not None:
        w_chosen, t_chosen = sweep["chosen"]
        w_current, t_current = sweep["current"]
        parts.append(
            "## Abstention rule (tuned on dev, reported on test)\n\n"
            "The answer abstains when *evidence* + w × *agreement* < t: evidence is the IDF-weighted share of "
            "the question's terms found in the top 3 passages, agreement the number of sections that both the "
            "dense and the BM25 ranking put in their top 3 (0–3). Questions answered from extracted commitments, "
            "and questions naming a reply of the archive by number (0318号建议), "
            f"never reach the rule. Tuned on {sweep['tuned_on']}: best w = **{w_chosen}**, t = **{t_chosen}**; the "
            f"shipped default (`AnswerConfig`) is w = **{w_current}**, t = **{t_current}**"
            + (" (the same)." if (abs(w_chosen - w_current) < 1e-9 and abs(t_chosen - t_current) < 1e-9)
               else " — **differs from the dev-best: update AnswerConfig**.")
            + " The bm25 and dense rows above use the same rule with agreement 0 (a single ranking cannot agree "
            "with itself), so their abstention is a lower bound.\n\n" + sweep_table(sweep))
    if commitments is not None:
        parts.append("## Commitment extraction\n\n" + commitments)
    if problems:
        parts.append("## Gold problems\n\n" + "\n".join(f"- {p}" for p in problems))
    parts.append("Per-configuration tables and the list of misses: `eval/results/<config>.md`; every answer (git-ignored): "
                 "`eval/results/comparison.json`.")
    return "\n\n".join(parts) + "\n"


# Answer quality (issue 9): what a reader gets, by kind of question. Question types of the shipped
# sets are grouped into the kinds the goals are stated for.
ANSWER_KINDS = (
    ("fields", ("field", "metadata"), "expected", 0.95, "≥"),
    ("facts", ("fact", "number", "agency"), "expected", 0.90, "≥"),
    ("multi-reply (all facts)", ("multi",), "expected", 0.80, "≥"),
    ("in-domain abstention recall", ("unanswerable_domain",), "recall", 0.90, "≥"),
    ("false abstention (answerable)", None, "false_abstention", 0.03, "≤"),
)


def _kind_value(rows: list[Row], types, measure: str) -> tuple[float | None, int]:
    chosen = [r for r in rows if types is None or r.question.type in types]
    s = summarise(chosen) if chosen else None
    if s is None:
        return None, 0
    if measure == "expected":
        return s["expected"], s["expected_n"]
    if measure == "recall":
        return s["abstention"]["recall"], len(chosen)
    return s["abstention"]["false_abstention_rate"], s["answerable"]


def answer_type_table(rows: list[Row]) -> str:
    """Per question type and split: section hit@3 next to expected facts, and abstention."""
    splits = [s for s in ("dev", "test") if any(r.question.split == s for r in rows)]
    header = ["type"]
    for split in splits:
        header += [f"{split} n", f"{split} sec hit@3", f"{split} expected facts", f"{split} abst R", f"{split} false abst"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for t, _ in by_type(rows).items():
        cells = [t]
        for split in splits:
            subset = [r for r in rows if r.question.type == t and r.question.split == split]
            s = summarise(subset) if subset else None
            if s is None:
                cells += ["0", "–", "–", "–", "–"]
                continue
            cells += [str(s["questions"]), fmt(s["section"]["hit@3"]), fmt(s["expected"]),
                      fmt(s["abstention"]["recall"]), fmt(s["abstention"]["false_abstention_rate"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def answer_goals_table(rows: list[Row], split: str = "test") -> str:
    """The issue's goals, on one split: each kind's value, its question count, and whether it is met."""
    subset = [r for r in rows if r.question.split == split]
    lines = ["| goal | question types | n | value | met |", "|---|---|---|---|---|"]
    for label, types, measure, goal, sense in ANSWER_KINDS:
        value, n = _kind_value(subset, types, measure)
        if not n:
            continue
        met = value is not None and (value >= goal if sense == "≥" else value <= goal)
        lines.append(f"| {label} {sense} {goal} | {', '.join(types) if types else 'all answerable'} | {n} | "
                     f"{fmt(value)} | {'yes' if met else 'NO'} |")
    return "\n".join(lines)


def answer_misses(rows: list[Row], show_test: bool = False) -> str:
    """Questions whose answer lacks an expected fact or abstained wrongly, with what was answered."""
    lines = []
    for r in listed(rows, show_test):
        q, o = r.question, r.outcome
        if q.answerable and q.expect and (o.abstained or not metrics.contains_all(o.answer, q.expect)):
            said = "abstained" if o.abstained else o.answer.split("\n")[0][:90]
            lines.append(f"- {q.id} [{q.type}, {q.split}] {q.question} — expected {q.expect}; {o.kind or 'answer'}: {said}")
        elif q.answerable and o.abstained:
            lines.append(f"- {q.id} [{q.type}, {q.split}] {q.question} — abstained on an answerable question")
        elif not q.answerable and not o.abstained:
            lines.append(f"- {q.id} [{q.type}, {q.split}] {q.question} — answered: {o.answer.split(chr(10))[0][:90]}")
    return "\n".join(lines) or "(none)"


def answer_set_markdown(name: str, path: str, archive: str, rows: list[Row], blind: bool = False,
                        show_test: bool = False) -> str:
    """One question set's section. A blind set's misses are not listed, so that no rule is ever written
    against them (they stay in the run's JSON for whoever must debug the harness); another set's are
    listed for its dev split only unless `show_test`."""
    misses = (BLIND_NOT_LISTED if blind else
              f"<details><summary>Misses ({name}, {misses_heading(show_test)})</summary>\n\n"
              f"{answer_misses(rows, show_test)}\n\n</details>")
    return (f"### {name} — `{path}` over {archive}\n\n"
            f"Goals on the test split:\n\n{answer_goals_table(rows)}\n\n"
            f"By question type:\n\n{answer_type_table(rows)}\n\n{misses}")
