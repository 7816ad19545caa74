"""Expected facts in answers: a quote per agency named, a promise beside its report, the sentence
holding the asked figure, no courtesies. Real model, real FAISS/BM25 index over fictional replies
(tests/fixtures/facts/README.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from service.answer import Answerer
from service.engine import Engine
from service.figures import figure_pattern
from service.promises import is_contrast_question
from tests.conftest import index_with

FACT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "facts"
ANSWER_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "answers"  # 区人社局 on AI talent
SPORT, HEALTH = "成都市武侯区体育局", "成都市武侯区卫生健康局"


@pytest.fixture(scope="module")
def facts_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, [FACT_FIXTURES, ANSWER_FIXTURES], "facts")
    return Engine.load(settings, embedder=embedder)


def quoted(answer) -> list[tuple[str | None, str]]:
    return [(c.agency, c.quote) for c in sorted(answer.citations, key=lambda c: c.n) if c.in_answer]


def test_two_agencies_asked_separately_are_each_quoted_from_their_own_reply(facts_engine):
    answer = facts_engine.ask("武侯区体育局和卫生健康局分别是怎么开展体医融合的？")
    assert not answer.abstained
    quotes = quoted(answer)
    assert {agency for agency, _ in quotes} == {SPORT, HEALTH}
    # Each office's own measure, although each reply names the other office too.
    assert any(agency == SPORT and "运动健康指导站" in quote for agency, quote in quotes)
    assert any(agency == HEALTH and "小胖墩" in quote for agency, quote in quotes)
    leads = [s.lead for s in answer.sentences if s.lead]
    assert len(leads) == 2 and all("在2024年6月" in lead for lead in leads)


@pytest.mark.parametrize(("question", "promised", "reported"), [
    ("桂林的智能工厂当初计划建多少家，现在建成了多少家？", "智能工厂15家", "智能工厂11家"),
    ("桂林数字化车间建设的目标和实际分别是多少？", "数字化车间60个", "数字化车间47个"),
])
def test_target_against_actual_quotes_the_promise_and_the_report(facts_engine, question, promised, reported):
    assert is_contrast_question(question)
    answer = facts_engine.ask(question)
    assert answer.kind == "promise"
    texts = [s.text for s in answer.sentences]
    assert len(texts) == 2
    assert promised in texts[0] and "目标到2025年" in texts[0]   # the promise first, from the 2023 reply
    assert reported in texts[1] and "截至2025年3月底" in texts[1]  # then what the 2025 reply reports
    assert [c.date for c in sorted(answer.citations, key=lambda c: c.n)] == ["2023-06-26", "2025-05-22"]


@pytest.mark.parametrize("question", ["桂林的明珠计划现在怎么样了？", "桂林现在建成了多少家智能工厂？", "智能工厂的奖励计划是什么？"])
def test_a_question_without_both_sides_is_no_contrast(question):
    assert not is_contrast_question(question)


def test_number_question_quotes_the_sentence_holding_the_asked_unit(facts_engine):
    question = "在武侯区预约中小学体育场地，审核要多久？"
    answer = facts_engine.ask(question)
    assert not answer.abstained
    assert "1个工作日" in answer.sentences[0].text
    # Without the preference, the sentence sharing more words (86所中小学体育场地) is quoted instead.
    # The asked shape of 多久 (a span, never a year: service/asked.py) now prefers the same sentence,
    # and so does the sentence the focus check found (evidence_bonus), and a quote lacking the span runs on into the
    # next sentence holding it (run_on_for_fact): all four are taken away.
    answerer = facts_engine.answerer
    plain = Answerer(answerer.retriever, replace(answerer.config, figure_bonus=0.0, shape_bonus=0.0,
                                                 evidence_bonus=0.0, run_on_for_fact=False)).ask(question, k=5)
    assert "1个工作日" not in plain.sentences[0].text


@pytest.mark.parametrize(("question", "match", "miss"), [
    ("审核要多久？", "由3个工作日缩短至1个工作日", "2023年6月14日"),
    ("一共建了几个数字化车间？", "数字化车间47个", "要3个月"),
    ("补贴比例提高到多少？", "提高到58%", "300家"),
    ("每家企业最高奖励多少钱？", "最高200万元", "奖励20家"),
    ("有多少所学校开放？", "开放学校达到40所", "2025年"),
])
def test_figure_pattern_holds_a_number_with_the_asked_unit(question, match, miss):
    pattern = figure_pattern(question)
    assert pattern is not None and pattern.search(match) and not pattern.search(miss)


@pytest.mark.parametrize("question", ["补贴标准是多少？", "对接会多久开一次？", "多长时间召开一次？"])
def test_no_unit_is_assumed_where_the_question_names_none(question):
    # A subsidy may be a share or a sum; 多久一次 asks how often, which no duration answers.
    assert figure_pattern(question) is None


def test_courtesies_are_not_quoted(facts_engine):
    answer = facts_engine.ask("武侯区体育局在青少年体质健康方面做了哪些工作？")
    assert not answer.abstained
    assert answer.sentences
    for sentence in answer.sentences:
        assert "参考价值" not in sentence.text and "感谢" not in sentence.text


def test_two_agencies_are_answered_in_the_order_the_question_names_them(facts_engine):
    answer = facts_engine.ask("武侯区卫生健康局和体育局分别做了哪些工作？")
    groups = [s.reply_id for s in answer.sentences if s.lead]
    agencies = [facts_engine.index.replies[r].meta.agency for r in groups]
    assert agencies == [HEALTH, SPORT]
    per_agency = [c.agency for c in answer.citations if c.in_answer]
    assert per_agency.count(HEALTH) <= 2 and per_agency.count(SPORT) <= 2


def test_asked_what_was_done_a_quote_runs_on_into_the_figure_it_came_to(facts_engine):
    answer = facts_engine.ask("武侯区体育局在体医融合方面做了什么？")
    first = answer.sentences[0].text
    assert first.startswith("我局会同区卫生健康局在社区健身中心设立运动健康指导站")
    assert first.endswith("2023年，全区共设立指导站18个，开具运动处方2400余份。")


def test_asked_what_was_done_a_report_comes_before_a_promise(facts_engine):
    question = "武侯区体育局在学校体育场地开放方面做了哪些工作？"
    texts = [s.text for s in facts_engine.ask(question).sentences]
    assert "力争到2025年底" not in texts[0] and "预约" in texts[0]


@pytest.mark.parametrize("question", ["老年人预约挂号那条代表建议，最后是采纳了还是留作参考？",
                                      "智能工厂那条建议是采纳还是列入计划？"])
def test_an_either_or_resolution_question_leaves_both_values_out_of_what_names_the_reply(question):
    from service.fields import asked_field

    asked = asked_field(question)
    assert asked is not None and asked.spec.key == "category"
    # Neither value may help pick the reply: a reply whose header reads 留作参考 is no better a match.
    left = question[: asked.start] + question[asked.end:]
    assert not any(word in left for word in ("采纳", "留作参考", "列入计划"))


def test_a_field_question_takes_the_reply_that_writes_its_word_over_one_that_matches_an_alias(facts_engine):
    # AIGC is an alias of AI/人工智能, so the 区人社局's reply on AI talent matches it too; the real
    # reply writes AIGC itself.
    answer = facts_engine.ask("AIGC产业提案的答复联系电话是多少？")
    assert answer.kind == "field" and "58788388-64516" in answer.sentences[0].text


def test_which_unit_proposed_a_proposal_is_a_field_question(facts_engine):
    answer = facts_engine.ask("0117号提案是哪个单位提出来的？")
    assert answer.kind == "field" and answer.sentences[0].field == "proposers"
    assert "民盟武侯区委" in answer.sentences[0].text
