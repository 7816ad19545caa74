"""A plain question's word said by the reply in other words of its class (service/paraphrase.py): a verb of change by
one of the same direction (会不会增加 → 新开通), 钱 by a kind of money (资金), a verb-object word by its object heading a
longer noun (修路 → 通组路). Real model, real FAISS/BM25 index over a fictional reply (tests/fixtures/paraphrase/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.engine import Engine
from service.paraphrase import held_otherwise, verb_object_head
from tests.conftest import index_with

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "paraphrase"


@pytest.fixture(scope="module")
def paraphrase_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIXTURES, "paraphrase")
    return Engine.load(settings, embedder=embedder)


@pytest.mark.parametrize("term, text", [
    ("增加", "2021年新开通镇村公交线路9条"),        # what is added is reported as new
    ("减少", "审批时限压缩至5个工作日"),
    ("钱", "日常养护所需资金由区级财政安排"),
    ("钱", "每户补助3000元"),
    ("修路", "全区完成通组路硬化186公里"),          # 路 heads 通组路
    ("建房", "农房建设审批实行一窗受理"),
])
def test_a_word_is_held_by_another_of_its_class(term, text):
    assert held_otherwise(text, term)


@pytest.mark.parametrize("term, text", [
    ("增加", "票价统一为每人每次2元"),
    ("减少", "2021年新开通镇村公交线路9条"),        # a rise is no fall
    ("钱", "全区完成通组路硬化186公里"),
    ("修路", "路面宽度不低于3.5米"),                # 路 here heads no noun: 路面 is headed by 面
    ("修桥", "全区完成通组路硬化186公里"),
    ("开门", "由卫生健康部门统一调配"),           # 部门 ends in 门 but is no kind of door (Cilin files it elsewhere)
    ("修路", "明确了下一步工作思路"),
    ("开门", "老年患者在家门口就能看病"),          # the noun goes on past 门: 家门口 is no door
])
def test_a_word_is_not_held_by_another_class_or_another_thing(term, text):
    assert not held_otherwise(text, term)


def test_only_a_one_character_verb_with_a_one_character_object_is_read_by_its_object():
    assert verb_object_head("修路") == "路" and verb_object_head("装灯") == "灯"
    assert verb_object_head("公路") == "" and verb_object_head("学校") == "" and verb_object_head("养护") == ""
    # 有人/在家 say that someone is there, not an act on a thing: no noun ending in 人/家 holds them.
    assert verb_object_head("有人") == "" and verb_object_head("在家") == "" and verb_object_head("是人") == ""


def said(answer) -> str:
    return re.sub(r"\s+", "", answer.answer + "".join(s.text for s in answer.sentences))


@pytest.mark.parametrize("question, fact", [
    ("西秀区镇村公交线路会不会增加？", "9条"),        # 增加 asked, 新开通 written
    ("西秀区村里修路的事怎么样了？", "186公里"),      # 修路 asked, 通组路硬化 written
    ("西秀区农村公路养护的钱从哪来？", "4000元"),     # 钱 asked, 资金 written
])
def test_a_plain_question_the_reply_answers_in_other_words_is_answered(paraphrase_engine, question, fact):
    answer = paraphrase_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert fact in said(answer), said(answer)


@pytest.mark.parametrize("question", [
    "西秀区公交票价会不会降低？",       # a fare is stated, no fall
    "西秀区修桥的事怎么样了？",         # no bridge is written
    "西秀区出租车会不会增加？",         # lines opened are buses, not taxis
])
def test_what_the_reply_does_not_say_in_any_words_is_still_declined(paraphrase_engine, question):
    answer = paraphrase_engine.ask(question)
    assert answer.abstained, (answer.focus, said(answer))
