"""Meaning beside words (service/meaning.py): a reply that states the asked fact in other words is
answered, read through m3e-small sentence vectors of a few candidate sentences; a sentence close in
meaning that lacks the relation asked is not. Real model, real FAISS/BM25 index over fictional replies
(tests/fixtures/meaning/README.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from service.answer import Answerer
from service.engine import Engine
from service.focus import names_asked_relation
from service.meaning import closest
from service.selection import negated_acts
from tests.conftest import index_with

MEANING_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "meaning"
ABSTAIN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "abstain"


@pytest.fixture(scope="module")
def meaning_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, [MEANING_FIXTURES, ABSTAIN_FIXTURES], "meaning")
    return Engine.load(settings, embedder=embedder)


def words_only(engine: Engine) -> Answerer:
    """The same answerer reading words alone."""
    return Answerer(engine.answerer.retriever, replace(engine.answerer.config, check_meaning=False))


@pytest.mark.parametrize("question, fact", [
    # 爽约 … 暂停其网上预约挂号资格 (not 不去看病: 看病 is a synonym of the reply's 就诊, service/synonyms.py)
    ("柳州预约挂号了不去看医生会怎么样？", "6个月"),
])
def test_a_fact_written_in_other_words_is_answered(meaning_engine, question, fact):
    assert words_only(meaning_engine).ask(question).abstained  # the words alone miss it
    answer = meaning_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert fact in answer.answer
    assert answer.focus["meaning"]["score"] >= meaning_engine.answerer.config.meaning_rescue


def test_an_act_the_question_negates_is_not_held_by_a_sentence_stating_it(meaning_engine):
    # 不去看病: the sentence stating 就诊 (a synonym of 看病) says how patients are seen, not what befalls one who stays
    # away; the one on 无故爽约 answers and is quoted first.
    assert negated_acts("柳州预约挂号了不去看病会怎么样？") == {"看病"}
    assert negated_acts("预约了没去看病怎么办") == {"看病"}
    assert negated_acts("为什么不在所有有大象的村子周围都修围栏？") == set()  # 在 is no act
    answer = words_only(meaning_engine).ask("柳州预约挂号了不去看病会怎么样？")
    assert not answer.abstained, answer.focus
    assert "爽约" in answer.sentences[0].text


def test_a_share_asked_by_its_name_is_held_by_the_percentage_without_meaning(meaning_engine):
    # 按照设备购置费用的40%给予一次性奖补: 比例 names the kind of figure asked, which the words now hold
    # (service/paraphrase.py); reading by meaning once had to rescue it.
    answer = words_only(meaning_engine).ask("盐城公交企业新建场站充电桩，政府按多少比例补贴？")
    assert not answer.abstained, answer.focus
    assert "40%" in answer.answer


def test_a_close_sentence_without_the_relation_asked_is_no_answer(meaning_engine):
    # 对口 is what "…对口哪些小区" asks: a sentence naming the school alone does not hold it, however close;
    # 建 of "建了几个" is held by 建成.
    tokenizer = meaning_engine.answerer.tokenizer
    assert not names_asked_relation("城关区雁滩第七小学的招生对口哪些小区？",
                                    "2021年，我局在东部片区新开办雁滩第七小学，新增小学学位1080个。", tokenizer)
    assert names_asked_relation("盐城建了几个公交充电场站？", "2022年全市建成公交充电场站12个。", tokenizer)
    assert names_asked_relation("柳州预约挂号了不去看病会怎么样？", "暂停其网上预约挂号资格。", tokenizer)  # no such verb


def test_closest_sentence_is_chosen_by_meaning_with_one_batch(embedder):
    sentences = ["全市更新公交车辆310辆，全部为纯电动车型。",
                 "对预约后无故爽约累计达到3次的患者，医院在6个月内暂停其网上预约资格。"]
    found = closest(embedder.encode, "挂了号不去看病会被怎么处理？", sentences)
    assert found.sentence == sentences[1]
    assert 0.0 < found.score <= 1.0
    # The question's vector from retrieval gives the same reading.
    vector = embedder.encode(["挂了号不去看病会被怎么处理？"])[0]
    assert closest(embedder.encode, "挂了号不去看病会被怎么处理？", sentences, vector).sentence == sentences[1]


def test_an_answer_far_from_every_candidate_abstains(meaning_engine):
    # A floor above the closest candidate's score turns the same answer into an abstention. (A question whose words hold
    # the answer never reaches the floor: since 去/没 frame a question rather than name its focus, "…了不去看病会怎么样"
    # is held by its words; "受到什么限制" is not, and is read by meaning.)
    question = "柳州预约挂号不去会受到什么限制？"
    score = meaning_engine.ask(question).focus["meaning"]["score"]
    strict = Answerer(meaning_engine.answerer.retriever, replace(meaning_engine.answerer.config, meaning_floor=score + 0.01))
    assert strict.ask(question).abstained

