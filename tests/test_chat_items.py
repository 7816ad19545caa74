"""Items, parallels and acts in a conversation: which list "第三条" counts in, a 的-phrase put in a question's
place, and an act asked of another place's reply.

Real parts throughout (the real model and index, SQLite). The archive is the session's plus tests/fixtures/chat-items
(黄山 scenic-spot tickets, 2023; 赣州 legal aid for migrant workers, 2022; 乐山 gig-work markets, 2024).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.chat import ChatService
from service.engine import Engine
from service.followup import CitedItem, TurnState
from service.retrieve import Filters
from tests.conftest import FIXTURES, index_with
from tests.test_chat import chat_over, converse

HUANGSHAN, GANZHOU, LESHAN = "黄文旅提-2023-22", "赣司建-2022-41", "乐人社建-2024-17"


@pytest.fixture(scope="module")
def items_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIXTURES / "chat-items", "chatitems")
    return Engine.load(settings, embedder=embedder)


@pytest.fixture
def chat(items_engine: Engine, tmp_path: Path) -> ChatService:
    return chat_over(items_engine, tmp_path)


def test_fixture_replies_are_read_with_their_two_lists(items_engine: Engine) -> None:
    replies = items_engine.index.replies
    assert {HUANGSHAN, GANZHOU, LESHAN} <= set(replies)
    headings = {s.section_id: s.heading for s in replies[HUANGSHAN].sections}
    assert headings["3"].startswith("三、关于") and headings["2.3"] == "（三）推行分时预约"


@pytest.mark.parametrize("ordinal", ["第三条说的是什么？", "第三条具体怎么做的？"])
def test_an_ordinal_counts_in_the_list_the_answer_quoted_most_items_of(chat: ChatService, ordinal: str) -> None:
    # The answer quoted 一、基本情况 first, then two items of the list under 二: "第三条" is （三） of that list,
    # not 三、 of the reply's parts.
    state = TurnState(topic="黄山对景区门票做了哪些事？", quoted=[HUANGSHAN], items=[
        CitedItem(n=1, reply_id=HUANGSHAN, section_id="1", heading="一、基本情况"),
        CitedItem(n=2, reply_id=HUANGSHAN, section_id="2.1", heading="（一）规范门票价格"),
        CitedItem(n=3, reply_id=HUANGSHAN, section_id="2.2", heading="（二）落实困难群体优待")])
    resolved = chat.resolver.resolve(ordinal, state)
    assert resolved.kind == "reference" and "（三）推行分时预约" in resolved.understood_as, resolved.understood_as
    # one quote from each list, the parts' first: the parts' list is counted (a tie goes to the first quoted)
    state.items = state.items[:2]
    assert "三、关于" in chat.resolver.resolve(ordinal, state).understood_as


def test_an_act_asked_as_a_figure_is_asked_of_another_place_in_its_words(chat: ChatService) -> None:
    # 乐山 writes neither 农民工 nor 欠薪: only the act (追回) and what is asked (多少) carry over, and a figure must answer.
    first, other = converse(chat, "赣州司法局帮农民工追回了多少欠薪？", "那乐山呢？")
    assert first.citations[0].reply_id == GANZHOU and "1.6亿元" in first.answer
    assert other.followup == "contrast" and not other.abstained, other.answer
    assert other.citations[0].reply_id == LESHAN and "86万元" in other.answer


def test_an_act_alone_is_not_asked_when_no_figure_is(chat: ChatService) -> None:
    # Without a figure to state, an act alone would find any passage writing it: nothing is asked of 乐山.
    scope = Filters(reply_ids=[LESHAN])
    assert chat.words_in_scope("帮农民工追回欠薪了吗？", scope) is None
    relaxed = chat.words_in_scope("帮农民工追回了多少欠薪？", scope)
    assert relaxed is not None and {"追回", "多少"} <= set(relaxed.split())


def test_a_thing_in_a_questions_place_is_asked_of_the_reply_before_the_ask_is_dropped(chat: ChatService) -> None:
    # "家里困难的呢？" takes the place of 国有景区的: asked so, the reply has no price for it (its tickets are free);
    # asked of the reply as a thing of its own it finds the free tickets (免票: no word 门票), not the passages writing 门票.
    first, hard = converse(chat, "黄山国有景区的门票一张最多收多少钱？", "家里困难的呢？")
    assert first.citations[0].reply_id == HUANGSHAN and "150元" in first.answer
    assert not hard.abstained and "一律免票" in hard.sentences[0].text, hard.answer
    assert "家里困难" in hard.understood_as and "多少钱" not in hard.understood_as


def test_a_year_narrowing_after_nothing_found_asks_again_among_that_years_replies(chat: ChatService) -> None:
    # Asked across every year the question found nothing (no reply speaks of both 门票 and 车票); "只看2023年的" puts it
    # to that year's replies, and 黄山's answers for 门票. (After an off-topic question the narrowed one finds nothing
    # either and is asked back: tests/test_chat.py test_nothing_found_leaves_nothing_to_narrow_or_contrast.)
    first, narrowed = converse(chat, "各地对困难家庭的门票、车票有什么减免？", "只看2023年的")
    assert first.abstained and not first.citations
    assert narrowed.followup == "narrowing" and not narrowed.ask_back and not narrowed.abstained, narrowed.answer
    assert narrowed.citations[0].reply_id == HUANGSHAN and "一律免票" in narrowed.answer
    assert narrowed.understood_as.startswith("2023年的答复中")


def test_a_follow_up_after_nothing_found_is_asked_of_the_place_the_question_named(chat: ChatService) -> None:
    # Nothing answers 晚上开放 (the reply has no opening hours), but "那门票多少钱？" and "这些景区…" still speak of 黄山:
    # asked there, without what found nothing, instead of asked back for want of a reply to point at.
    first, ticket = converse(chat, "黄山景区晚上开放吗？", "那门票多少钱？")
    assert first.abstained and not first.citations
    assert ticket.followup == "ellipsis" and not ticket.ask_back and not ticket.abstained, ticket.answer
    assert ticket.understood_as == "黄山门票多少钱？" and "晚上" not in ticket.understood_as
    assert ticket.citations[0].reply_id == HUANGSHAN and "150元" in ticket.answer
    _, visitors = converse(chat, "黄山景区夜游怎么收费？", "这些景区一年接待多少游客？")
    assert visitors.followup == "reference" and not visitors.ask_back, visitors.answer
    assert visitors.understood_as == "黄山景区一年接待多少游客？" and "4260万人次" in visitors.answer


def test_after_nothing_found_a_field_or_a_question_naming_no_place_is_still_asked_back(chat: ChatService) -> None:
    # A reply's field is one reply's, and none was found: the nearest reply's would answer another proposal. A question
    # before that named no place or body leaves nothing to carry over.
    _, result = converse(chat, "黄山景区晚上开放吗？", "它的办理结果是什么？")
    assert result.ask_back and result.followup == "unresolvable"
    _, ticket = converse(chat, "景区晚上开放吗？", "那门票多少钱？")
    assert ticket.ask_back and ticket.followup == "unresolvable"


def test_an_answer_found_in_fewer_words_says_which_words_the_replies_do_not_write(chat: ChatService) -> None:
    # "那乐山呢？" is understood as 乐山帮农民工追回了多少欠薪, but 乐山's reply writes neither 农民工 nor 欠薪 and is found by
    # its act (追回) alone: the note says so, so the reader sees that the quote answers less than the question.
    _, other = converse(chat, "赣州司法局帮农民工追回了多少欠薪？", "那乐山呢？")
    assert other.followup == "contrast" and "86万元" in other.answer
    assert other.understood_as == "乐山帮农民工追回了多少欠薪？"
    assert other.note.startswith("同一话题，换成乐山；") and "没有写到“农民工”、“欠薪”" in other.note, other.note
    assert "按“追回”找到" in other.note


def test_an_answer_found_in_the_questions_own_words_has_no_such_note(chat: ChatService) -> None:
    first, phone = converse(chat, "黄山国有景区的门票一张最多收多少钱？", "那联系电话呢？")
    assert first.note is None and "0559-2357104" in phone.answer
    assert phone.note.startswith("沿用上文") and "没有写到" not in phone.note


def test_a_clipped_yes_no_question_is_restated_as_asked(chat: ChatService) -> None:
    # Spoken "还涨不？" is 涨不涨: it asks, it names no field of the reply ("…的门票以后还涨不是什么？" was restated).
    _, asked = converse(chat, "黄山国有景区的门票一张最多收多少钱？", "门票以后还涨不？")
    assert asked.followup == "ellipsis" and asked.understood_as.endswith("答复中，门票以后还涨不？"), asked.understood_as
    _, field = converse(chat, "黄山国有景区的门票一张最多收多少钱？", "那办理结果呢？")
    assert field.understood_as.endswith("答复的办理结果是什么？") and "A类" in field.answer


def test_an_ordinal_counts_in_what_the_answer_quoted_not_the_sources_listed_below_it(chat: ChatService) -> None:
    # The answer quoted （一） under 二 first, then 一、基本情况; 三、 and the opening were only listed as further sources.
    # The reader counts in the quoted items: "第二条" is （二） of the list the first quote is in (a tie between the two
    # lists keeps the first quoted), not 二、 of the parts the unquoted sources would outnumber it with.
    state = TurnState(topic="黄山对景区门票做了哪些事？", quoted=[HUANGSHAN], items=[
        CitedItem(n=1, reply_id=HUANGSHAN, section_id="2.1", heading="（一）规范门票价格", in_answer=True),
        CitedItem(n=2, reply_id=HUANGSHAN, section_id="1", heading="一、基本情况", in_answer=True),
        CitedItem(n=3, reply_id=HUANGSHAN, section_id="intro", heading="引言"),
        CitedItem(n=4, reply_id=HUANGSHAN, section_id="3", heading="三、关于您提出的发放旅游消费券的建议")])
    resolved = chat.resolver.resolve("第二条具体说了啥？", state)
    assert resolved.kind == "reference" and "（二）落实困难群体优待" in resolved.understood_as, resolved.understood_as


def test_a_turn_keeps_which_cited_items_its_answer_quoted(chat: ChatService) -> None:
    first = chat.chat("黄山国有景区的门票一张最多收多少钱？")
    state = chat.previous_state(chat.history(first.conversation_id))
    quoted = {(c.reply_id, c.section_id) for c in first.citations if c.in_answer}
    assert quoted and {(i.reply_id, i.section_id) for i in state.items if i.in_answer} == quoted


@pytest.mark.parametrize(("message", "meant"), [("后一个具体说了什么？", "一、基本情况"), ("前一个具体说了什么？", "（一）规范门票价格"),
                                                ("第二个说了什么？", "一、基本情况")])
def test_former_and_latter_count_the_items_the_answer_quoted(chat: ChatService, message: str, meant: str) -> None:
    # Two quotes in the answer, a third source listed below it: 后一个 is the second quote, not the last source.
    state = TurnState(topic="黄山对景区门票做了哪些事？", quoted=[HUANGSHAN], items=[
        CitedItem(n=1, reply_id=HUANGSHAN, section_id="2.1", heading="（一）规范门票价格", in_answer=True),
        CitedItem(n=2, reply_id=HUANGSHAN, section_id="1", heading="一、基本情况", in_answer=True),
        CitedItem(n=3, reply_id=HUANGSHAN, section_id="3", heading="三、关于您提出的发放旅游消费券的建议")])
    resolved = chat.resolver.resolve(message, state)
    assert resolved.kind == "reference" and meant in resolved.understood_as, resolved.understood_as


def test_the_month_before_is_no_ordinal(chat: ChatService) -> None:
    assert chat.resolver.cues("前一个月接待了多少游客？").ordinal is None
