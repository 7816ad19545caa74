"""Remainders in a conversation: "剩下的那些什么时候完成？" asks what the reply just quoted says of the rest, and
"其他几条呢？" / "剩下的呢？" the items of its list that the answer did not quote.

Real parts throughout (the real model and index, SQLite). The archive is the session's plus
tests/fixtures/chat-remainder (景德镇 lifts added to old buildings, 2021: fictional).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.chat import ChatService
from service.engine import Engine
from service.followup import CitedItem, TurnState
from tests.conftest import FIXTURES, index_with
from tests.test_chat import chat_over, converse

JINGDEZHEN = "景住建提-2021-18"


@pytest.fixture(scope="module")
def remainder_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIXTURES / "chat-remainder", "chatremainder")
    return Engine.load(settings, embedder=embedder)


@pytest.fixture
def chat(remainder_engine: Engine, tmp_path: Path) -> ChatService:
    return chat_over(remainder_engine, tmp_path)


def test_fixture_reply_is_read_with_its_list(remainder_engine: Engine) -> None:
    headings = {s.section_id: s.heading for s in remainder_engine.index.replies[JINGDEZHEN].sections}
    assert headings["2.1"] == "（一）推进既有住宅加装电梯" and headings["2.4"] == "（四）加强运行维护"


def test_the_rest_of_what_was_asked_is_asked_of_the_reply_just_quoted(chat: ChatService) -> None:
    first, rest = converse(chat, "景德镇老旧小区加装电梯完工了多少栋？", "剩下的那些什么时候弄完？")
    assert first.citations[0].reply_id == JINGDEZHEN and "85栋" in first.answer
    assert rest.followup == "reference" and not rest.abstained, rest.answer
    assert {c.reply_id for c in rest.citations if c.in_answer} == {JINGDEZHEN}
    assert "12月底前" in rest.answer


@pytest.mark.parametrize("message", ["其他几条呢？", "剩下的呢？", "其余几项措施呢？"])
def test_the_items_the_answer_did_not_quote_are_the_remainder(chat: ChatService, message: str) -> None:
    state = TurnState(topic="景德镇加装电梯怎么审批、有没有补助？", quoted=[JINGDEZHEN], items=[
        CitedItem(n=1, reply_id=JINGDEZHEN, section_id="2.2", heading="（二）简化审批流程", in_answer=True),
        CitedItem(n=2, reply_id=JINGDEZHEN, section_id="2.3", heading="（三）落实财政补助", in_answer=True),
        CitedItem(n=3, reply_id=JINGDEZHEN, section_id="2.4", heading="（四）加强运行维护")])
    resolved = chat.resolver.resolve(message, state)
    # no demonstrative: the reply cited last is left unsaid (an ellipsis), as "其他措施呢？" is read
    assert resolved.kind == "ellipsis" and resolved.scope.reply_ids == [JINGDEZHEN]
    # （四） was only listed below the answer, not quoted: it is part of the remainder
    assert "（一）推进既有住宅加装电梯" in resolved.understood_as and "（四）加强运行维护" in resolved.understood_as
    assert "（二）" not in resolved.understood_as and "（三）" not in resolved.understood_as


def test_other_bodies_stay_a_contrast(chat: ChatService) -> None:
    state = TurnState(topic="景德镇加装电梯补助多少？", quoted=[JINGDEZHEN], items=[
        CitedItem(n=1, reply_id=JINGDEZHEN, section_id="2.3", heading="（三）落实财政补助", in_answer=True)])
    assert chat.resolver.resolve("其他部门呢？", state).kind == "contrast"


def test_nothing_left_is_said_not_guessed(chat: ChatService) -> None:
    state = TurnState(topic="景德镇加装电梯做了哪些事？", quoted=[JINGDEZHEN], items=[
        CitedItem(n=i, reply_id=JINGDEZHEN, section_id=f"2.{i}", in_answer=True) for i in range(1, 5)])
    resolved = chat.resolver.resolve("其他几条呢？", state)
    assert resolved.kind == "unresolvable" and resolved.ask_back


def test_after_a_question_that_found_nothing_an_earlier_reply_is_not_what_a_bare_field_is_asked_of(chat: ChatService) -> None:
    # The second question found nothing; "签发人呢？" shares no word with the 景德镇 reply quoted before it, so it is
    # not asked of that reply's body: the user is asked to be specific.
    first, nothing, field = converse(chat, "景德镇老旧小区加装电梯完工了多少栋？", "火星探测器的发射窗口定在哪一天？", "签发人呢？")
    assert first.citations[0].reply_id == JINGDEZHEN and nothing.abstained and not nothing.citations
    assert field.followup == "unresolvable" and field.ask_back and not field.citations, field.answer


def test_after_a_question_that_found_nothing_an_earlier_reply_sharing_a_word_is_still_leaned_on(chat: ChatService) -> None:
    first, nothing, more = converse(chat, "景德镇老旧小区加装电梯完工了多少栋？", "火星探测器的发射窗口定在哪一天？",
                                    "加装电梯的审批要多少个工作日？")
    assert nothing.abstained and not more.abstained and more.citations[0].reply_id == JINGDEZHEN
    assert "15个工作日" in more.answer
