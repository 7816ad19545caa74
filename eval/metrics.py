"""Metric functions of the evaluation: ranking (hit@k, MRR, nDCG), abstention, expected facts.

Pure functions over plain values, so each can be checked by hand (tests/test_metrics.py). A ranked
list holds keys (a reply id, or a (reply id, section id) pair), best first, without repeats; gold is
the set of keys that answer the question. Relevance is binary.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


def dedupe(keys: Iterable[Hashable]) -> list:
    """Keys in order of first appearance: several chunks of one section count once."""
    return list(dict.fromkeys(keys))


def hit_at_k(ranked: Sequence[Hashable], gold: set, k: int) -> float:
    """1.0 when any gold key is among the first k, else 0.0."""
    return 1.0 if any(key in gold for key in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[Hashable], gold: set, k: int = 10) -> float:
    """1/rank of the first gold key within the first k (ranks from 1); 0.0 when none is there."""
    for rank, key in enumerate(ranked[:k], start=1):
        if key in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[Hashable], gold: set, k: int = 10) -> float:
    """Binary-relevance nDCG: DCG = sum over gold hits of 1/log2(rank+1), over the ideal DCG
    with min(|gold|, k) hits at the top. A multi-reply question with two gold sections is only
    perfect when both come first."""
    if not gold:
        return 0.0
    dcg = sum(1.0 / math.log2(rank + 1) for rank, key in enumerate(ranked[:k], start=1) if key in gold)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return dcg / ideal


@dataclass(frozen=True)
class AbstentionCounts:
    """Confusion counts with "should abstain" (an unanswerable question) as the positive class."""

    true_abstain: int = 0   # unanswerable, abstained
    false_abstain: int = 0  # answerable, abstained
    true_answer: int = 0    # answerable, answered
    false_answer: int = 0   # unanswerable, answered


def abstention_counts(pairs: Iterable[tuple[bool, bool]]) -> AbstentionCounts:
    """Counts from (answerable, abstained) pairs, one per question."""
    ta = fa = tn = fn = 0
    for answerable, abstained in pairs:
        if answerable and abstained:
            fa += 1
        elif answerable:
            tn += 1
        elif abstained:
            ta += 1
        else:
            fn += 1
    return AbstentionCounts(true_abstain=ta, false_abstain=fa, true_answer=tn, false_answer=fn)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def abstention_precision(c: AbstentionCounts) -> float | None:
    """Of the questions it declined, the share that had no answer. None when it never abstained."""
    return _ratio(c.true_abstain, c.true_abstain + c.false_abstain)


def abstention_recall(c: AbstentionCounts) -> float | None:
    """Of the unanswerable questions, the share it declined. None without unanswerable questions."""
    return _ratio(c.true_abstain, c.true_abstain + c.false_answer)


def abstention_accuracy(c: AbstentionCounts) -> float | None:
    """Over all questions: declined an unanswerable one or answered an answerable one."""
    total = c.true_abstain + c.false_abstain + c.true_answer + c.false_answer
    return _ratio(c.true_abstain + c.true_answer, total)


def false_abstention_rate(c: AbstentionCounts) -> float | None:
    """Of the answerable questions, the share it wrongly declined."""
    return _ratio(c.false_abstain, c.false_abstain + c.true_answer)


_SPACE = re.compile(r"\s+")


def normalise_for_match(text: str) -> str:
    """Spacing, case and character width do not decide whether a fact is there: "30 家" contains "30家", and
    "３０家" as a reply typed it is the 30家 the reader folds it to (indexer/parse.py, FULL_WIDTH_ALNUM)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).replace("**", "").lower()


def contains_all(answer: str, expected: Sequence[str]) -> bool:
    """True when every expected string occurs in the answer (spacing and case ignored)."""
    text = normalise_for_match(answer)
    return all(normalise_for_match(e) in text for e in expected)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
