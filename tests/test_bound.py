"""A span asked before the act it bounds (多久能到场 → 30分钟内到场), a result asked as the stage its handling reached
(办到哪一步了), and spoken negation (没人 for 无人). Real model, real FAISS/BM25 index over fictional replies
(tests/fixtures/bound/README.md). Each rule was checked absent: every test below but the two that must hold either way
(a span of no act, a work's progress) fails there."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.engine import Engine
from service.fields import asked_field
from service.figures import bound_span, figure_pattern
from service.paraphrase import held_otherwise
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bound"


@pytest.fixture(scope="module")
def bound_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    return Engine.load(index_with(tmp_path_factory, embedder, archive, FIXTURES, "bound"), embedder=embedder)


@pytest.mark.parametrize("question, written, other", [
    ("报修以后多久上门？", "接报后48小时内上门维修", "平台实行24小时值守，5分钟内回拨电话，必要时上门"),
    ("多少个工作日能办结", "受理后15个工作日内办结", "办结后3个工作日内回访"),
    # the act before the span asked: a reply writes it before its span, or after
    ("审批要多久？", "审批时限压缩至5个工作日", "办结后3个工作日内回访"),
    ("上门维修要多久", "接报后48小时内上门维修", "维修完毕后3日内回访"),
])
def test_the_span_asked_is_the_one_before_its_act(question, written, other):
    bound = bound_span(question, figure_pattern(question))
    assert bound is not None and bound.search(written) and not bound.search(other), bound


@pytest.mark.parametrize("question", ["多久回访一次？", "多久？", "办个证大概需要几天", "多久会有人回电话？"])
def test_a_span_asked_of_no_act_binds_nothing(question):
    """多久一次 asks how often; a span asked alone names no act, nor does a thing (证) or an act of one character (回 is
    回访's too)."""
    assert bound_span(question, figure_pattern(question)) is None


def test_the_span_of_the_act_asked_is_quoted_among_spans_of_other_acts(bound_engine):
    """The sentence sharing 故障, 报修 and 燃气 states three spans of other acts (值守, 回复, 回访); the one before 到场
    answers."""
    answer = bound_engine.ask("西宁燃气设施坏了报修以后，多久能到场？")
    assert not answer.abstained and "30分钟内到场" in said(answer), answer.answer


@pytest.mark.parametrize("question", ["桂林留守老人那件提案现在办到哪一步了？", "留守老人照料的提案办理到什么程度了"])
def test_how_far_its_handling_got_asks_the_result(bound_engine, question):
    assert asked_field(question).spec.key == "category"
    answer = bound_engine.ask(question)
    assert answer.kind == "field" and "列入计划解决" in answer.answer, answer.answer


@pytest.mark.parametrize("question", ["退货以后，想看办到哪一步了，上哪儿查？", "想知道提案办到哪一步了，去哪里问？",
                                      "提案办理结果怎么样，在哪个网站能查？"])
def test_where_or_how_to_find_out_the_handling_asks_the_text_not_the_result(question):
    """The field words name what the asker wants to find out; the last clause asks where or how, which only a reply's
    text says (消费者可通过…单一窗口查询)."""
    assert asked_field(question) is None
    assert asked_field("那件提案办到哪一步了？").spec.key == "category"  # asked alone, it is the result


@pytest.mark.parametrize("question", ["农村幸福院建设推进到哪一步了？", "垃圾分类推进到什么程度了"])
def test_how_far_a_work_got_is_content_not_the_result(question):
    """A work's progress is what the reply reports; only the handling of the proposal (办到) has a result."""
    assert asked_field(question) is None


def test_spoken_negation_is_written_wu_but_meiyou_is_no_noun():
    """没人陪: the reply writes 无人陪护 (没 before a noun is spoken 无)."""
    assert held_otherwise("生病时无人陪护", "没人")
    assert not held_otherwise("没有补贴", "没有") and not held_otherwise("无人陪护", "没钱")
