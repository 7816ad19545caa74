"""The evaluation's metric functions against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from eval import metrics

RANKED = ["a", "b", "c", "d", "e", "f"]


def test_hit_at_k_counts_any_gold_key_within_k():
    assert metrics.hit_at_k(RANKED, {"c"}, 1) == 0.0
    assert metrics.hit_at_k(RANKED, {"c"}, 3) == 1.0
    assert metrics.hit_at_k(RANKED, {"z", "a"}, 1) == 1.0
    assert metrics.hit_at_k(RANKED, {"z"}, 5) == 0.0
    assert metrics.hit_at_k([], {"a"}, 3) == 0.0


def test_reciprocal_rank_is_one_over_the_first_gold_rank():
    assert metrics.reciprocal_rank(RANKED, {"a"}) == 1.0
    assert metrics.reciprocal_rank(RANKED, {"d", "b"}) == 0.5  # b at rank 2 comes first
    assert metrics.reciprocal_rank(RANKED, {"f"}, k=5) == 0.0  # rank 6 is beyond k
    assert metrics.reciprocal_rank(RANKED, {"f"}, k=10) == pytest.approx(1 / 6)


def test_ndcg_one_gold_key():
    # gold at rank 3: DCG = 1/log2(4) = 0.5, ideal = 1/log2(2) = 1.
    assert metrics.ndcg_at_k(RANKED, {"c"}) == pytest.approx(0.5)
    assert metrics.ndcg_at_k(RANKED, {"a"}) == 1.0
    assert metrics.ndcg_at_k(RANKED, {"z"}) == 0.0
    assert metrics.ndcg_at_k(RANKED, set()) == 0.0


def test_ndcg_two_gold_keys_is_perfect_only_when_both_lead():
    assert metrics.ndcg_at_k(["x", "y", "a"], {"x", "y"}) == pytest.approx(1.0)
    # gold at ranks 1 and 3: (1 + 0.5) / (1 + 1/log2(3)) = 1.5 / 1.6309...
    expected = 1.5 / (1 + 1 / math.log2(3))
    assert metrics.ndcg_at_k(["x", "q", "y"], {"x", "y"}) == pytest.approx(expected)
    assert expected == pytest.approx(0.9197, abs=1e-4)


def test_ndcg_ideal_is_capped_at_k():
    # 3 gold keys, k=2, both top slots gold: ideal has only 2 hits, so the score is 1.
    assert metrics.ndcg_at_k(["a", "b", "c"], {"a", "b", "c"}, k=2) == pytest.approx(1.0)


def test_dedupe_keeps_first_appearance():
    assert metrics.dedupe(["r1", "r2", "r1", "r3", "r2"]) == ["r1", "r2", "r3"]


# (answerable, abstained): 2 unanswerable declined, 1 unanswerable answered,
# 1 answerable declined, 4 answerable answered.
PAIRS = [(False, True), (False, True), (False, False), (True, True), (True, False), (True, False), (True, False),
         (True, False)]


def test_abstention_counts():
    c = metrics.abstention_counts(PAIRS)
    assert (c.true_abstain, c.false_answer, c.false_abstain, c.true_answer) == (2, 1, 1, 4)


def test_abstention_precision_recall_accuracy_false_rate():
    c = metrics.abstention_counts(PAIRS)
    assert metrics.abstention_precision(c) == pytest.approx(2 / 3)  # 2 of 3 abstentions were right
    assert metrics.abstention_recall(c) == pytest.approx(2 / 3)     # 2 of 3 unanswerable declined
    assert metrics.abstention_accuracy(c) == pytest.approx(6 / 8)   # 2 declined + 4 answered
    assert metrics.false_abstention_rate(c) == pytest.approx(1 / 5)  # 1 of 5 answerable declined


def test_abstention_metrics_undefined_without_cases():
    never = metrics.abstention_counts([(True, False), (False, False)])
    assert metrics.abstention_precision(never) is None  # it never abstained
    assert metrics.abstention_recall(never) == 0.0
    only_answerable = metrics.abstention_counts([(True, False)])
    assert metrics.abstention_recall(only_answerable) is None
    assert metrics.abstention_accuracy(metrics.abstention_counts([])) is None


def test_contains_all_ignores_spacing_and_case():
    answer = "“目标到2025年培育30 家“GID链主”企业。”[1]"
    assert metrics.contains_all(answer, ["30家", "gid链主"])
    assert metrics.contains_all(answer, [])
    assert not metrics.contains_all(answer, ["30家", "17家"])
    assert metrics.contains_all("一是**出台各项人才政策**", ["出台各项人才政策"])
    # A reply typed with full-width digits is read (and quoted) with them folded: the fact is still there.
    assert metrics.contains_all("已建成３０家。", ["30家"]) and metrics.contains_all("已建成30家。", ["３０家"])


def test_percentile_interpolates_linearly():
    values = [10.0, 20.0, 30.0, 40.0]
    assert metrics.percentile(values, 50) == pytest.approx(25.0)
    assert metrics.percentile(values, 95) == pytest.approx(38.5)  # position 2.85 → 30 + 0.85 × 10
    assert metrics.percentile([7.0], 95) == 7.0
    assert metrics.percentile([], 50) is None


def test_mean():
    assert metrics.mean([1.0, 0.0, 0.5]) == pytest.approx(0.5)
    assert metrics.mean([]) is None
