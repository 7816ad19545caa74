"""Following a question through to other replies and to a reply's fields: what a follow-up is asked with.

Real parts throughout (the real model and index, SQLite). The archive is the session's plus tests/fixtures/chat
(老年助餐 in three districts) and tests/fixtures/chat-fields (a 2022 reply of 绵阳市游仙区交通运输局 on older people's
bus rides, whose header writes its result as 答复类别).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.chat import ChatService
from service.engine import Engine
from service.retrieve import Filters
from tests.conftest import FIXTURES, index_with
from tests.test_chat import chat_over, converse

YOUXIAN = "游交函-2022-19"


@pytest.fixture(scope="module")
def fields_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, [FIXTURES / "chat", FIXTURES / "chat-fields"], "chatfields")
    return Engine.load(settings, embedder=embedder)


@pytest.fixture
def chat(fields_engine: Engine, tmp_path: Path) -> ChatService:
    return chat_over(fields_engine, tmp_path)


def test_fixture_reply_writes_its_result_under_another_label(fields_engine: Engine) -> None:
    reply = fields_engine.index.replies[YOUXIAN]
    assert reply.meta.agency == "绵阳市游仙区交通运输局" and "答复类别：B类" in reply.section("header").text


@pytest.mark.parametrize("asked", ["它的办理结果是哪类？", "这份答复的办理结果属于哪类？", "它的办理结果是什么？"])
def test_the_result_asked_with_its_label_and_a_predicate_is_the_field(chat: ChatService, asked: str) -> None:
    # "办理结果是哪类": the label and the predicate asking it are one ask, not a label naming the reply.
    first, result = converse(chat, "游仙区对老年人坐公交有什么优待？", asked)
    assert first.citations[0].reply_id == YOUXIAN
    assert result.followup == "reference" and not result.abstained, result.answer
    assert result.kind == "field" and "B" in result.answer
    assert result.citations[0].reply_id == YOUXIAN and result.citations[0].section_id == "header"


def test_words_naming_nothing_are_not_asked_of_other_replies(fields_engine: Engine, tmp_path: Path) -> None:
    # The reply writes 以上 (65周岁以上) and 约 (约需2元, "about"): neither names what was asked, and a relaxed question
    # made of them finds any passage that writes a bound or an estimate.
    service = chat_over(fields_engine, tmp_path)
    scope = Filters(reply_ids=[YOUXIAN])
    relaxed = service.words_in_scope("八十岁以上老人有什么补贴？", scope)
    assert relaxed is not None and "补贴" in relaxed.split() and "以上" not in relaxed.split()
    relaxed = service.words_in_scope("约车公交怎么约？", scope)
    assert relaxed is not None and "公交" in relaxed.split() and "约" not in relaxed.split()
    # a verb of the question's own is still a word of it
    relaxed = service.words_in_scope("公交企业能拨付多少运营补贴？", scope)
    assert relaxed is not None and {"拨付", "补贴"} <= set(relaxed.split())
