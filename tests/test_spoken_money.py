"""Money and price changes asked in spoken words (service/paraphrase.py): 花钱, 收钱 or 一块钱 are said by a kind of
money, a fee or a sum in yuan; 便宜点 by a fall, a discount or a waiver; 涨 by a rise; a verb of making known (公布) by
another (公开). Real model, real FAISS/BM25 index over a fictional reply (tests/fixtures/spoken/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.engine import Engine
from service.paraphrase import held_otherwise
from tests.conftest import index_with

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "spoken"


@pytest.fixture(scope="module")
def spoken_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIXTURES, "spoken")
    return Engine.load(settings, embedder=embedder)


@pytest.mark.parametrize("term, text", [
    ("花钱", "对60周岁以上老年人免费乘车"),          # whether one pays: a waiver answers it
    ("收钱", "农村快递到村费由企业自行承担"),        # a fee named by what it is for
    ("一块钱", "每提高1元，市财政每年需增加支出约180万元"),  # 块 is the spoken 元
    ("便宜", "中小学生持学生卡乘车享受五折优惠"),
    ("便宜", "收费标准由每小时3元下调至每小时2元"),
    ("涨", "污水处理费标准由每吨0.8元上调至每吨0.95元"),
    ("涨价", "票价由2元提高到3元"),
    ("公布", "在城区管网末梢设置水质在线监测点，每日公开浑浊度等指标"),   # verbs of making known
    ("公开", "收费标准在入口醒目位置公示"),
])
def test_spoken_money_and_price_words_are_held_by_the_official_ones(term, text):
    assert held_otherwise(text, term)


@pytest.mark.parametrize("term, text", [
    ("便宜", "票价为每人次1元"),                     # a price stated is no cheaper price
    ("便宜", "污水处理费标准由每吨0.8元上调至每吨0.95元"),  # a rise is no fall
    ("涨", "收费标准由每小时3元下调至每小时2元"),
    ("花钱", "全区完成通组路硬化186公里"),
    ("公布", "在城区管网末梢设置水质在线监测点，每日监测浑浊度等指标"),   # measured is not made known
])
def test_a_price_or_money_word_is_not_held_where_the_text_says_no_such_thing(term, text):
    assert not held_otherwise(text, term)


def said(answer) -> str:
    return re.sub(r"\s+", "", answer.answer + "".join(s.text for s in answer.sentences))


@pytest.mark.parametrize("question, fact", [
    ("凯里学生坐公交能便宜点吗？", "五折"),
    ("凯里的污水处理费会涨吗？", "0.95元"),
    ("凯里老人坐公交要花钱吗？", "免费"),
    ("凯里老人坐公交的补贴每涨一块钱，市里每年要多花多少？", "180万元"),
    ("凯里公交的发车时刻表会公布吗？", "微信公众号"),
])
def test_a_question_in_spoken_words_the_reply_answers_is_answered(spoken_engine, question, fact):
    answer = spoken_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert fact in said(answer), said(answer)


@pytest.mark.parametrize("question", [
    "凯里打出租车能便宜点吗？",        # no taxi is written
    "凯里公交票价会涨吗？",            # the fare is stated, no rise of it
    "凯里坐出租车要花多少钱？",
    "凯里的污水处理成本会公布吗？",      # its cost was audited, not made known
])
def test_what_the_reply_does_not_say_is_still_declined(spoken_engine, question):
    answer = spoken_engine.ask(question)
    assert answer.abstained, (answer.focus, said(answer))
