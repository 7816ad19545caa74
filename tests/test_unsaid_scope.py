"""A qualifier of the question the evidence does not meet (service/unsaid.py): the asked kind's sister named instead
(初中 asked, 小学 said), a range of a measure the reply's figure excludes (1000人以上 asked, 500人以下 said), a place inside
the wider one the reply gives its whole for (绵阳市 asked, the province's fund shared out by an attachment), a named body's verdict asked of a reply that passed
the proposal on to it. Real model,
real FAISS/BM25 index over a fictional reply (tests/fixtures/unsaid-scope/README.md). Checked absent: the declining
tests fail without the checks (each quoted the near-miss); the answered ones guard their reach."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.asked import ANSWERS
from service.engine import Engine
from service.unsaid import narrower_place_unnamed, range_unmet, referred_to_named_body, sisters_instead
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "unsaid-scope"


@pytest.fixture(scope="module")
def scope_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    return Engine.load(index_with(tmp_path_factory, embedder, archive, FIXTURES, "unsaid-scope"), embedder=embedder)


@pytest.mark.parametrize("question", [
    "四川的初中什么时候能装齐直饮水设备？",                     # the date is for 小学
    "四川在校生1000人以上的学校装直饮水设备，每校补助多少钱？",  # the grant is for 500人以下
    "四川中小学直饮水设备补助资金，绵阳市分到了多少？",          # the province's whole; the shares are in the attachment
    "省发改委同意把寄宿制学校纳入直饮水设备优先配置范围了吗？",  # passed on to 省发改委: nobody says its verdict
])
def test_evidence_under_another_qualifier_is_no_answer(scope_engine, question):
    answer = scope_engine.ask(question)
    assert answer.abstained, answer.answer


@pytest.mark.parametrize(("question", "fact"), [
    ("四川的小学什么时候能装齐直饮水设备？", "2024年底"),
    ("四川在校生不足300人的学校装直饮水设备，每校补助多少钱？", "5万元"),
    ("四川省财政安排的中小学直饮水设备补助资金一共多少？", "1.2亿元"),
    ("四川的公办小学能全部配上直饮水设备吗？", "全覆盖"),
    ("绵阳市的公办小学什么时候能配上直饮水设备？", "2024年底"),  # a province's plan holds for its cities: no figure asked
])
def test_evidence_under_the_asked_qualifier_answers(scope_engine, question, fact):
    answer = scope_engine.ask(question)
    assert not answer.abstained and fact in said(answer), answer.answer


def test_a_sister_in_cilins_small_class_stands_for_another_kind():
    scope = "力争2024年底前实现全省公办小学直饮水设备全覆盖。"
    assert sisters_instead("初中什么时候装齐？", scope) == ["初中"]
    assert sisters_instead("小学什么时候装齐？", scope) == []
    # the general word of the class (学校) covers every sister and names none
    assert sisters_instead("初中什么时候装齐？", "力争2024年底前实现全省学校直饮水设备全覆盖。") == []
    # A group's general word covers its sisters: a question about 房屋 is answered by a sentence about 住宅.
    assert sisters_instead("老旧房屋加装电梯补多少？", "老旧住宅加装电梯每部补助20万元。") == []


def test_a_range_the_figures_exclude_leaves_the_asked_one_unsaid():
    money = ANSWERS["money"]
    sentences = ["在校生500人以下的学校每校补助5万元。", "在校生1000人以上的学校每学期抽检一次。"]
    assert range_unmet("1000人以上的学校补助多少钱？", sentences, money)
    assert not range_unmet("不足300人的学校补助多少钱？", sentences, money)
    assert not range_unmet("1000人以上的学校补助多少钱？", ["每校补助5万元。"], money)  # no range told


def test_a_place_inside_the_wider_one_said_is_not_named_by_it():
    texts = ["四川省教育厅 省财政安排补助资金1.2亿元，按在校生人数分配到各市（州）。"]
    assert narrower_place_unnamed("四川的补助资金，绵阳市分到了多少？", texts) == ["绵阳市"]
    assert narrower_place_unnamed("四川的补助资金，绵阳市分到了多少？", [*texts, "绵阳市获得900万元。"]) == []
    assert narrower_place_unnamed("四川的补助资金一共多少？", texts) == []


def test_a_named_bodys_verdict_is_not_given_by_a_reply_that_passed_the_proposal_on_to_it():
    texts = ["不属于我街道职权范围，我们已将您的建议转交区住房和城乡建设局研究。"]
    assert referred_to_named_body("区住建局同意提高补助了吗？", ["区住建局"], texts) == ["区住建局"]
    assert referred_to_named_body("区住建局同意提高补助了吗？", ["区住建局"], ["区住建局已同意提高补助。"]) == []
    assert referred_to_named_body("区教育局同意提高补助了吗？", ["区教育局"], texts) == []  # passed on to another body
    assert referred_to_named_body("区住建局的补助是多少？", ["区住建局"], texts) == []  # no verdict asked
