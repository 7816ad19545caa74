"""Silence when there is nothing, read through Chinese word classes: the question's verb is not the
thing asked about, two things joined by 和 may be answered by two replies, and how something is done
may be answered by sentences that do not repeat the verb. Real model, real FAISS/BM25 index over
fictional replies (tests/fixtures/abstain/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.asked import focus_text
from service.engine import Engine
from service.phrase import coordinated, heads, predicates
from tests.conftest import index_with

ABSTAIN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "abstain"
COMPOUND_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "compound"


@pytest.fixture(scope="module")
def abstain_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, [ABSTAIN_FIXTURES, COMPOUND_FIXTURES], "abstain")
    return Engine.load(settings, embedder=embedder)


def focus_of(engine: Engine, question: str):
    """The focus judged on the top passages as the answerer judges it, before the two rankings'
    agreement may overrule it (over a handful of replies they agree on nearly everything)."""
    hits = engine.answerer.retriever.search(question, k=5).hits
    return engine.answerer.focus_of(question, hits, [])


@pytest.mark.parametrize("question, verb", [
    ("水务局建了几座雨水泵站？", "建"),                         # a verb before the aspect particle 了
    ("会办意见是发给哪个部门的？", "发给"),                      # a verbal noun taking the interrogative as object
    ("雁滩第七小学的招生对口哪些小区？", "对口"),
])
def test_the_questions_verb_is_its_predicate_not_the_thing_asked(question, verb):
    assert verb in predicates(question)
    assert verb not in heads(focus_text(question), "", predicates(question))


def test_a_verbal_noun_used_as_a_subject_stays_a_noun():
    # 管理 is the subject of 有: what is asked about, not the question's act.
    question = "休闲渔船的安全管理有什么规定？"
    assert "管理" not in predicates(question)
    assert heads(focus_text(question), "", predicates(question)) == ["管理"]


def test_catchment_of_a_school_no_sentence_states_is_not_supported(abstain_engine):
    # One sentence names the new school, another the catchments of schools in general; none says
    # which neighbourhoods 雁滩第七小学 takes. With 对口 taken as the thing asked, the catchment
    # sentence would do.
    question = "城关区雁滩第七小学的招生对口哪些小区？"
    focus = focus_of(abstain_engine, question)
    assert focus.heads == ["小学"] and not focus.supported, focus


def test_two_things_joined_by_and_are_answered_from_two_replies(abstain_engine):
    question = "定西市乡村医生和乡村教师有哪些补助？"
    assert coordinated(focus_text(question))
    assert focus_of(abstain_engine, question).supported  # the doctors' reply, best on its own, lacks 乡村教师
    answer = abstain_engine.ask(question)
    assert not answer.abstained, answer.focus
    cited = {c.agency for c in answer.citations if c.in_answer}
    assert {"定西市教育局", "定西市卫生健康委员会"} <= cited


def test_how_question_is_answered_by_measures_that_do_not_repeat_the_verb(abstain_engine):
    # The proposal asks about 处置; the sentence that answers says what is done (泵车, 值守) without the verb.
    question = "呼和浩特遇到强降雨时积水点是怎么处置的？"
    assert focus_of(abstain_engine, question).supported
    answer = abstain_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert any("泵车" in c.quote for c in answer.citations if c.in_answer)


def test_how_question_whose_act_no_passage_names_abstains(abstain_engine):
    answer = abstain_engine.ask("呼和浩特防汛沙袋怎么领取？")
    assert answer.abstained, answer.focus
    assert answer.suggestions and "相关答复：" in answer.answer


def test_the_proposer_written_in_the_header_counts_as_evidence(abstain_engine):
    # "致公党提内涝提案时…" names the reply by its addressee, a line of the header, not of any passage.
    question = "致公党提内涝提案时，呼和浩特新建了几座雨水泵站？"
    answerer = abstain_engine.answerer
    hits = [h for h in answerer.retriever.search(question, k=5).hits if h.chunk.section_id not in ("header", "closing")]
    assert abstain_engine.reply(hits[0].chunk.reply_id).meta.agency == "呼和浩特市水务局"
    proposer = answerer.tokenizer.tokenize("致公党", expand=False)
    assert answerer.evidence(proposer, hits) == 1.0
    answer = abstain_engine.ask(question)
    assert not answer.abstained and "3座" in answer.answer


@pytest.mark.parametrize("question, quoted", [
    ("非法营运车辆拉客的问题怎么处理？", "暂扣车辆"),      # a verb of dealing with a problem, answered by the measures
    ("区里怎么解决农村学生坐车难？", "夷陵区交通运输局"),    # 区里: the government in general, and 解决
    ("有关部门对偏远的农村客运班线有什么补贴？", "1.8万元"),  # 有关部门 is who answers, not what is asked
])
def test_the_government_named_in_general_and_verbs_of_dealing_with_a_problem_need_no_evidence(
        abstain_engine, question, quoted):
    answer = abstain_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert quoted in answer.answer


def test_naming_the_government_in_general_does_not_make_a_missing_fact_answerable(abstain_engine):
    answer = abstain_engine.ask("有关部门对出租车起步价是怎么规定的？")
    assert answer.abstained, answer.focus


def test_a_passage_naming_the_subject_by_an_alias_holds_the_compound_asked(abstain_engine):
    # The section on 落户奖励 writes 人工智能企业 and 拿到 but not 算力; the section on 算力券 holds the
    # compound asked, the figure and the subject as AI企业, an alias of 人工智能 that holds its search
    # tokens' parts (人工, 智能) too: it is the passage that holds the focus, and the compound is not missing.
    question = "人工智能企业能拿到多少算力补贴？"
    focus = focus_of(abstain_engine, question)
    assert focus.supported and not focus.compound_missing, focus
    answer = abstain_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert "200万元" in answer.sentences[0].text


def test_a_compound_no_top_passage_holds_still_abstains(abstain_engine):
    answer = abstain_engine.ask("人工智能企业能拿到多少人才补贴？")
    assert answer.abstained, answer.focus


@pytest.mark.parametrize("question, measure", [
    ("区里怎么解决农村学生坐车难？", "学生专线"),
    ("非法营运车辆拉客的问题怎么处理？", "暂扣车辆"),
])
def test_a_how_question_quotes_measures_not_the_problem_restated(abstain_engine, question, measure):
    # The reply's first section restates the problem (受…影响，…出行不便，非法营运车辆趁机拉客) in the
    # question's own words; what is done is in the measures.
    answer = abstain_engine.ask(question)
    assert not answer.abstained, answer.focus
    quoted = [s.text for s in answer.sentences]
    assert not any("出行不便" in text for text in quoted), quoted
    assert measure in quoted[0]
