"""Sentence choice inside a passage: a word the question abbreviates (社保) counts where the reply writes
it in full (社会保险), and agreeing with the proposal (高度认同) or acknowledging it (…收悉。) is a
courtesy, not an answer. Real model,
real FAISS/BM25 index over fictional replies (tests/fixtures/quotes/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.engine import Engine
from service.quotes import COURTESY, RECEIPT, abbreviated
from tests.conftest import index_with

QUOTE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quotes"


@pytest.fixture(scope="module")
def quotes_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, QUOTE_FIXTURES, "quotes")
    return Engine.load(settings, embedder=embedder)


@pytest.mark.parametrize(("word", "tokens"), [
    ("高校", {"高等", "学校", "高等学校"}), ("社保", {"社会", "保险", "社会保险"}), ("公交", {"公共", "交通", "公共交通"}),
])
def test_a_two_character_abbreviation_is_found_in_its_full_form(word, tokens):
    assert abbreviated([word], tokens) == {word}


@pytest.mark.parametrize(("word", "tokens"), [
    ("高校", {"高中", "学校", "提高"}),       # two words side by side are no compound
    ("社保", {"社保", "社会", "保险", "社会保险"}),  # written as asked: nothing to expand
    ("社区", {"社会", "保险", "社会保险"}),     # 区 is not in the second half
])
def test_no_abbreviation_without_a_compound_holding_it(word, tokens):
    assert abbreviated([word], tokens) == set()


def test_a_figure_written_under_the_full_name_answers_the_abbreviation(quotes_engine):
    answer = quotes_engine.ask("长春灵活就业人员有多少人参加了社保？")
    assert not answer.abstained
    assert "12.6万人" in answer.sentences[0].text


def test_agreeing_with_the_proposal_and_acknowledging_it_are_courtesies():
    assert COURTESY.search("提案中提出的“加强畜禽养殖粪污资源化利用”，我局高度认同。")
    assert COURTESY.search("对您的建议，我们完全赞同。")
    assert COURTESY.search("刘建国委员提出的《关于加强畜禽养殖粪污资源化利用的提案》（第0088号）收悉。")
    assert RECEIPT.search("根据提案办理分工，我局为会办单位，现提出会办意见如下：")
    assert not COURTESY.search("对收悉的群众来信，我局均在5个工作日内回复。")


def test_what_was_done_is_quoted_instead_of_the_agreement(quotes_engine):
    answer = quotes_engine.ask("潍坊畜禽养殖粪污资源化利用推广了什么设施？")
    assert not answer.abstained
    first = answer.sentences[0].text
    assert "堆肥池" in first and "高度认同" not in first


def test_two_sentences_the_question_cannot_tell_apart_are_quoted_together(quotes_engine):
    answer = quotes_engine.ask("南昌的医院在预约挂号上怎么照顾老年人？")
    assert not answer.abstained
    first = answer.sentences[0].text
    assert "现场号源" in first and "亲情代约" in first
