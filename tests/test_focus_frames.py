"""What frames a question is not what it asks about: a verb of paying before a charge (要买门票吗 asks a price or 免费),
the verb that starts a span (接到投诉以后多久), going somewhere (去, 跑去), a negation (没转诊), the object of a separable
verb said apart (洗个澡), a modal jieba glues to a verb of change (会少), 才 after a count (几个人才开), and an act of
the body jieba tags a noun (参观). Real model, real FAISS/BM25 index over two fictional replies
(tests/fixtures/focus_frames/README.md); the unit tests beside them read the question alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.asked import asked, glued_modal
from service.engine import Engine
from service.phrase import bodily_act, heads, separable_objects, without_start_verb
from tests.conftest import index_with

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "focus_frames"


@pytest.fixture(scope="module")
def frames_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    return Engine.load(index_with(tmp_path_factory, embedder, archive, FIXTURES, "focus-frames"), embedder=embedder)


def said(answer) -> str:
    return re.sub(r"\s+", "", answer.answer + "".join(s.text for s in answer.sentences))


@pytest.mark.parametrize(("question", "fact"), [
    # a charge asked by its noun is answered by 免费 (the sentence names the museum, not 门票)
    ("去袁州区博物馆参观要买门票吗？", "免费开放"),
    # the verb that starts the span (接到) is the reply's own (接到…投诉后) or another; the object is what is found
    ("袁州区文旅局收到投诉以后多久答复？", "5个工作日"),
    # the object of 洗澡 said apart names nothing the reply writes (淋浴)
    ("在袁州区游泳馆洗个澡要钱吗？", "每人次收费3元"),
])
def test_a_question_framed_in_everyday_words_is_answered(frames_engine, question, fact):
    answer = frames_engine.ask(question)
    assert not answer.abstained, answer.answer
    assert fact in said(answer), answer.answer


@pytest.mark.parametrize("question", [
    # the charge named (停车费) stays a word to find: the museum's 免费开放 says nothing of parking
    "袁州区博物馆停车要交停车费吗？",
])
def test_the_same_frames_over_a_fact_no_reply_states_abstain(frames_engine, question):
    answer = frames_engine.ask(question)
    assert answer.abstained, answer.answer


@pytest.mark.parametrize("question", ["参观要买门票吗？", "周转房要交房租吗？", "停车收费吗？", "要缴押金吗？"])
def test_a_charge_asked_whether_paid_asks_a_price_or_free(question):
    found = asked(question)
    assert found.kind == "money"
    assert found.answers.search("对公众免费开放") and found.answers.search("每人次收费3元")


def test_paying_a_charge_with_a_fund_is_no_question_of_the_charge():
    # "能拿出来交房租吗" asks what the fund may pay (a yes/no on the act), not whether rent is charged
    assert asked("在威海住公租房，公积金能全拿出来交房租吗？").kind == "yesno"
    assert asked("养老院每个月收费多少？").kind == "money"


def test_negation_and_going_somewhere_are_no_focus_words(frames_engine):
    answer = frames_engine.ask("在宜春参保，没转诊就跑去外地住院，报销会少多少？")
    assert not {"没", "去"} & set(answer.focus["terms"])


def test_the_verb_starting_a_span_is_not_a_word_to_find_but_its_object_is():
    assert "接到" not in without_start_verb("市场监管局接到投诉以后") and "投诉" in without_start_verb("市场监管局接到投诉以后")
    assert without_start_verb("水管通了以后") == "水管通了以后"  # the event itself, with nothing after it


def test_the_object_of_a_separable_verb_said_apart_names_nothing():
    assert "澡" in separable_objects("在游泳馆冲个热水澡要钱吗？")  # (jieba keeps 热水澡 whole)
    assert separable_objects("在海边冲个淡水澡要钱吗？") == {"澡"}  # the object, not its modifier (冲水 is a word too)
    assert separable_objects("去医院看个病要多久？") == {"病"}
    assert separable_objects("游泳馆的热水澡要钱吗？") == frozenset()  # not said apart: 澡 follows no verb


def test_a_count_followed_by_cai_counts_people_not_talents():
    found = asked("电话约车要凑够几个人才开？")
    assert found.answers.search("达到4人即可发车") and not found.target
    assert asked("今年引进了几个人才？").target == "人才"  # 人才 ends the question: talents are counted


def test_a_modal_glued_to_a_verb_by_jieba_is_told_from_a_word_of_its_dictionary():
    assert glued_modal("会少")  # a prefix of a dictionary word is no word (frequency 0)
    assert not glued_modal("会议")
    assert asked("报销会少多少？").change == "down"


def test_an_act_of_the_body_jieba_tags_a_noun_is_no_head():
    assert bodily_act("参观") and not bodily_act("博物馆")
    assert heads("去区博物馆参观", "") == ["博物馆"]
