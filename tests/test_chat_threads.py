"""What a follow-up points at is decided by the state of the thread: the bodies, replies, proposers and numbered
measures the last answer offers. One of them is answered; several, or none, are asked back, naming them.

Real parts throughout (the real model and index, SQLite, and a real `dafu serve` process for the HTTP contract).
The archive is the session's plus tests/fixtures/chat-threads (drinking water in villages: two bodies of 安定区,
a county of Jiangxi, Guangdong's water department and a co-handling opinion of Heilongjiang's health commission).
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from service.chat import ChatService
from service.engine import Engine
from service.followup import FollowupResolver, TurnState
from service.settings import Settings
from tests.conftest import FIXTURES, index_with
from tests.test_chat import chat_over, converse, quoted_replies

WATER, HEALTH = "安水函-2023-36", "安卫函-2023-41"  # 定西市安定区水务局 (李建军代表), 卫生健康局 (王秀兰代表)
YUDU, GUANGDONG, HLJ = "于水字-2024-15", "粤水建议函-2025-1123", "黑卫会办-2024-52"


@pytest.fixture(scope="module")
def threads_settings(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Settings:
    return index_with(tmp_path_factory, embedder, archive, FIXTURES / "chat-threads", "threads")


@pytest.fixture(scope="module")
def threads_engine(threads_settings: Settings, embedder) -> Engine:
    return Engine.load(threads_settings, embedder=embedder)


@pytest.fixture
def chat(threads_engine: Engine, tmp_path: Path) -> ChatService:
    return chat_over(threads_engine, tmp_path)


@pytest.fixture(scope="module")
def resolver(threads_engine: Engine) -> FollowupResolver:
    return FollowupResolver(threads_engine.index.documents, threads_engine.tokenizer)


def test_fixture_replies_have_the_ids_and_proposers_the_tests_use(threads_engine: Engine) -> None:
    replies = threads_engine.index.replies
    assert replies[WATER].meta.agency == "定西市安定区水务局" and replies[WATER].meta.proposers == ["李建军"]
    assert replies[HEALTH].meta.proposers == ["王秀兰"] and replies[GUANGDONG].meta.proposers == ["陈淑华"]
    assert replies[YUDU].meta.proposers == ["县农工党支部"]
    assert replies[HLJ].meta.reply_kind == "会办意见" and not replies[HLJ].meta.proposers


def test_this_department_after_an_answer_from_two_bodies_asks_which(resolver: FollowupResolver) -> None:
    # the question named neither body; the answer quoted both
    previous = TurnState(topic="安定区对农村饮水做了哪些工作？", quoted=[WATER, HEALTH])
    asked = resolver.resolve("这个部门的联系电话是多少？", previous)
    assert asked.kind == "unresolvable" and asked.ask_back
    assert "您指的是安定区水务局还是安定区卫生健康局？" in asked.ask_back
    assert asked.choices == ["安定区水务局的联系电话是多少？", "安定区卫生健康局的联系电话是多少？"]


def test_this_department_is_the_one_the_question_named(resolver: FollowupResolver) -> None:
    previous = TurnState(topic="安定区卫健局对农村饮用水水质检测做了什么？", quoted=[HEALTH, WATER])
    resolved = resolver.resolve("这个部门的联系电话是多少？", previous)
    assert resolved.kind == "reference" and resolved.scope.agency == "定西市安定区卫生健康局"


def test_this_department_after_one_body_is_that_body(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("该单位的电话是多少？", TurnState(topic="于都县供水管网改造投入多少？", quoted=[YUDU]))
    assert resolved.kind == "reference" and resolved.scope.agency == "于都县水利局"


def test_a_choice_of_an_ask_back_answers_through_the_conversation(chat: ChatService) -> None:
    first, asked = converse(chat, "安定区水务局和卫健局对农村饮水分别做了什么？", "这个部门的联系电话是多少？")
    assert quoted_replies(first) == {WATER, HEALTH}
    assert asked.ask_back and asked.followup == "unresolvable" and not asked.citations
    assert len(asked.choices) == 2 and [s.text for s in asked.next_questions] == asked.choices
    picked = chat.chat(asked.choices[1], asked.conversation_id)
    assert not picked.abstained and "0932-8219027" in picked.answer  # the health bureau's telephone


def test_that_deputy_is_the_proposer_of_the_reply_quoted(chat: ChatService) -> None:
    _, who = converse(chat, "安定区水务局对农村自来水入户有什么措施？", "那位代表是谁？")
    assert who.followup == "reference" and not who.ask_back
    assert "李建军" in who.answer and quoted_replies(who) == {WATER}


def test_that_deputy_after_replies_to_two_deputies_asks_which(resolver: FollowupResolver) -> None:
    asked = resolver.resolve("这位代表是谁？", TurnState(topic="安定区农村饮水怎么样？", quoted=[WATER, HEALTH]))
    assert asked.kind == "unresolvable" and "李建军代表还是王秀兰代表" in asked.ask_back
    assert len(asked.choices) == 2


@pytest.mark.parametrize("message", ["那位委员是谁？", "提这个提案的委员叫什么？"])
def test_a_member_when_an_organisation_proposed_is_asked_back(resolver: FollowupResolver, message: str) -> None:
    asked = resolver.resolve(message, TurnState(topic="于都县农村供水管网改造投入了多少钱？", quoted=[YUDU]))
    assert asked.kind == "unresolvable" and "县农工党支部" in asked.ask_back


def test_a_deputy_of_a_co_handling_opinion_is_asked_back(resolver: FollowupResolver) -> None:
    # a 会办意见 is addressed to the lead agency: nobody in the thread proposed anything
    asked = resolver.resolve("提这个建议的代表是谁？", TurnState(topic="黑龙江冬季农村饮水水质怎么监测？", quoted=[HLJ]))
    assert asked.kind == "unresolvable" and "没有写明提出建议的代表" in asked.ask_back


def test_that_deputy_on_the_first_turn_asks_back(resolver: FollowupResolver) -> None:
    assert resolver.resolve("那位代表提的建议落实了吗？", None).kind == "unresolvable"


def test_the_committee_itself_is_no_proposer_pointer(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("该委员会的电话是多少？", TurnState(topic="黑龙江冬季农村饮水水质怎么监测？", quoted=[HLJ]))
    assert resolved.kind != "unresolvable"


def test_a_third_item_of_a_reply_with_two_names_the_two(chat: ChatService) -> None:
    _, asked = converse(chat, "于都县对农村供水管网改造投入了多少钱？", "第三条是什么？")
    assert asked.ask_back and "只有2条" in asked.answer
    assert "“一、管网改造进展”还是“二、资金安排”" in asked.answer
    picked = chat.chat(asked.choices[0], asked.conversation_id)
    assert not picked.abstained and "86公里" in picked.answer


def test_a_third_item_of_a_reply_with_four_is_its_third(chat: ChatService) -> None:
    _, third = converse(chat, "安定区水务局农村自来水水费怎么收？", "第三条是什么？")
    assert third.followup == "reference" and "保温层" in third.answer


def test_an_ask_back_offers_its_choices_over_http(threads_settings: Settings, tmp_path: Path) -> None:
    """A real `dafu serve`: /api/chat adds `choices` to its answer object, each also a link that asks it in the
    conversation, and the page at that link answers it."""
    from tests.serving import post_json as post
    from tests.serving import served

    with served(threads_settings.index, tmp_path / "serve.log") as server:
        first = post(server.url, {"message": "安定区水务局和卫健局对农村饮水分别做了什么？"})
        asked = post(server.url, {"message": "这个部门的联系电话是多少？", "conversation_id": first["conversation_id"]})
        assert asked["ask_back"] and asked["followup"] == "unresolvable" and len(asked["choices"]) == 2
        link = asked["next_questions"][0]["url"]
        assert link.startswith(f"/chat/{first['conversation_id']}?q=")
        with urllib.request.urlopen(server.url + link, timeout=120) as response:
            page = response.read().decode("utf-8")
    assert urllib.parse.unquote(link.split("q=", 1)[1]) in page and "0932-8216635" in page  # the water bureau's


# -- contrast said in ways the rules had not met: a place said inside the sentence, a supposition, a comparison --

YUDU_TOPIC = TurnState(topic="于都县农村供水管网改造投入了多少钱？", quoted=[YUDU])


@pytest.mark.parametrize("message", ["那甘肃的情况呢？", "如果我在甘肃呢？", "假如是在甘肃呢？", "对比一下甘肃",
                                     "拿甘肃比较一下", "同样的问题，甘肃是怎么回复的？", "甘肃那边投了多少？"])
def test_another_province_however_said_is_that_province(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, YUDU_TOPIC)
    assert resolved.kind == "contrast", resolved
    assert set(resolved.scope.reply_ids) == {WATER, HEALTH}  # 安定区 lies in 定西市, 甘肃省
    assert "管网" in resolved.query


def test_another_place_and_a_thing_of_its_own_asks_both(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("广东的覆盖率呢？", TurnState(topic="安定区农村自来水入户率多少？", quoted=[WATER]))
    assert resolved.kind == "contrast" and resolved.scope.reply_ids == [GUANGDONG]
    assert "覆盖率" in resolved.query and "入户率" in resolved.query


def test_the_reply_s_own_place_and_a_thing_it_writes_asks_that_reply(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("安定区的冬季防冻呢？", TurnState(topic="安定区农村自来水入户率多少？", quoted=[WATER]))
    assert resolved.kind == "ellipsis" and resolved.scope.reply_ids == [WATER]


@pytest.mark.parametrize("message", ["同类的还有吗？", "类似的呢？", "还有相似的吗？"])
def test_the_same_kind_said_without_its_noun_is_other_replies(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, YUDU_TOPIC)
    assert resolved.kind == "contrast" and YUDU not in resolved.scope.reply_ids and GUANGDONG in resolved.scope.reply_ids


def test_a_province_in_the_sentence_answers_from_its_bodies(chat: ChatService) -> None:
    _, other = converse(chat, "于都县对农村供水管网改造投入了多少钱？", "那甘肃的情况呢？")
    assert other.followup == "contrast" and not other.abstained
    assert quoted_replies(other) <= {WATER, HEALTH} and quoted_replies(other)


def test_a_place_inside_a_longer_word_is_no_place() -> None:
    from service.gazetteer import gazetteer

    table = gazetteer()
    assert table.mentions("那甘肃的情况呢") == ["甘肃"] and table.mentions("广东那边投了多少") == ["广东"]
    assert table.mentions("海南候鸟老人那件提案") == []  # 海南 runs on into 候鸟
    assert table.mentions("城区的公交呢") == [] and table.mentions("中山的补贴") == []  # no division / more than one


def test_this_noun_the_last_answer_said_is_that_mention(chat: ChatService) -> None:
    # the answer quoted 保温层 from the water bureau's third section; the topic before was 防冻 in general
    first, mention = converse(chat, "安定区水务局冬季防冻有什么措施？", "这个保温层要改造多少户？")
    assert mention.followup == "reference" and "保温层" in mention.understood_as
    assert not mention.abstained and "1800户" in mention.answer and quoted_replies(mention) == {WATER}


def test_this_noun_said_by_two_replies_is_asked_back(resolver: FollowupResolver) -> None:
    previous = TurnState(topic="安定区农村饮水怎么样？", quoted=[WATER, HEALTH],
                         said=["2024年，我局将新建规模化供水工程2处。", "我局将配备便携式水质检测设备，实现供水水质检测全覆盖。"],
                         said_in=[WATER, HEALTH])
    asked = resolver.resolve("这个供水工程什么时候建成？", previous)
    assert asked.kind == "unresolvable" and len(asked.choices) == 2


# -- a field asked by ellipsis is one body's: two bodies quoted each give theirs; many are asked back; a place the
# replies are not of has none --

TWO_BODIES = TurnState(topic="安定区对农村饮水做了哪些工作？", quoted=[WATER, HEALTH])


@pytest.mark.parametrize("message", ["那联系电话呢？", "联系人呢？", "那文号呢？"])
def test_a_field_by_ellipsis_after_two_bodies_is_asked_of_each(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TWO_BODIES)
    assert resolved.kind == "ellipsis" and "安定区水务局和安定区卫生健康局的" in resolved.understood_as
    assert "分别" in resolved.understood_as and [each.scope.reply_ids for each in resolved.each] == [[WATER], [HEALTH]]
    # the ask-back stays behind it, for when one of them has no answer
    assert resolved.alternative.kind == "unresolvable" and len(resolved.alternative.choices) == 2


def test_a_field_by_ellipsis_after_many_bodies_asks_which(resolver: FollowupResolver) -> None:
    asked = resolver.resolve("那联系电话呢？", TurnState(topic="农村饮水做了哪些工作？", quoted=[WATER, HEALTH, YUDU, GUANGDONG]))
    assert asked.kind == "unresolvable" and not asked.each and len(asked.choices) == 3


def test_the_telephone_of_each_body_is_answered_labelled(chat: ChatService) -> None:
    first, each = converse(chat, "安定区水务局和卫健局对农村饮水分别做了什么？", "那联系电话呢？")
    assert quoted_replies(first) == {WATER, HEALTH}
    assert each.followup == "ellipsis" and not each.ask_back and each.kind == "field"
    assert "0932-8219027" in each.answer  # the health bureau's
    # each value under its body's lead
    leads = [s.lead for s in each.sentences if s.lead]
    assert len(leads) == 2 and "水务局" in leads[0] + leads[1] and "卫生健康局" in leads[0] + leads[1]
    assert {s.reply_id for s in each.sentences} == {WATER, HEALTH} and all(s.field == "contact" for s in each.sentences)


def test_a_field_by_ellipsis_is_the_body_the_question_named(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("那联系电话呢？", TurnState(topic="安定区卫健局对农村饮水做了什么？", quoted=[WATER, HEALTH]))
    assert resolved.kind == "ellipsis" and resolved.scope.reply_ids == [HEALTH]


def test_a_field_by_ellipsis_after_one_body_s_replies_is_answered(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("那联系电话呢？", TurnState(topic="农村饮水冬季怎么防冻？", quoted=[WATER, WATER]))
    assert resolved.kind == "ellipsis" and resolved.scope.reply_ids == [WATER]


def test_content_by_ellipsis_after_two_bodies_continues_the_first(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("那冬季防冻呢？", TWO_BODIES)  # what they say of the topic is no one body's field
    assert resolved.kind == "ellipsis"


@pytest.mark.parametrize("message", ["那联系电话呢？", "这份答复的文号是多少？", "它是哪天答复的？"])
def test_a_pointer_after_an_answer_from_another_place_asks_back(resolver: FollowupResolver, message: str) -> None:
    # 云南 was asked; the only reply quoted is Guangdong's, which neither lies in Yunnan nor speaks of it
    asked = resolver.resolve(message, TurnState(topic="云南农村饮水工程建了多少处？", quoted=[GUANGDONG]))
    assert asked.kind == "unresolvable" and "云南" in asked.ask_back


def test_the_place_asked_is_the_innermost_the_question_writes(resolver: FollowupResolver) -> None:
    # read as the answer reads places (service/places.py): 北京 and 海淀区, of which 海淀区 was asked
    asked = resolver.resolve("那联系电话呢？", TurnState(topic="北京海淀区农村饮水工程建了多少处？", quoted=[GUANGDONG]))
    assert asked.kind == "unresolvable" and "上一轮问的是海淀区" in asked.ask_back and "北京市" not in asked.ask_back


@pytest.mark.parametrize("topic", ["广东农村饮水工程建了多少处？", "定西农村饮水工程建了多少处？"])
def test_a_pointer_after_an_answer_from_the_place_asked_is_resolved(resolver: FollowupResolver, topic: str) -> None:
    quoted = [GUANGDONG] if "广东" in topic else [WATER]
    resolved = resolver.resolve("那联系电话呢？", TurnState(topic=topic, quoted=quoted))
    assert resolved.kind == "ellipsis" and resolved.scope.reply_ids == quoted


# -- a place the quoted reply speaks of, which no body of the archive is of, is that reply's subject --

MWR = "水农函-2024-2215"  # 水利部 on pastoral areas of 青海


def test_a_place_the_reply_speaks_of_continues_that_reply(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("那青海的冬季管网呢？", TurnState(topic="水利部对牧区饮水有什么支持？", quoted=[MWR]))
    assert resolved.kind == "ellipsis" and resolved.scope.reply_ids == [MWR]


def test_a_place_with_bodies_of_its_own_is_still_a_contrast(resolver: FollowupResolver) -> None:
    # 广东 has a body's reply in the archive: "广东的…呢" asks it, whatever the reply before says
    resolved = resolver.resolve("那广东的覆盖率呢？", TurnState(topic="水利部对牧区饮水有什么支持？", quoted=[MWR]))
    assert resolved.kind == "contrast" and resolved.scope.reply_ids == [GUANGDONG]


def test_a_pointer_after_a_nation_s_reply_on_the_place_asked_is_resolved(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("那联系电话呢？", TurnState(topic="青海牧区饮水工程建了多少处？", quoted=[MWR]))
    assert resolved.kind == "ellipsis" and resolved.scope.reply_ids == [MWR]


# -- "这个X" needs an X in the thread --

def test_this_thing_nothing_in_the_thread_spoke_of_is_asked_back(resolver: FollowupResolver) -> None:
    asked = resolver.resolve("这个地铁站什么时候建成？", TurnState(topic="于都县农村供水管网改造投入了多少钱？", quoted=[YUDU]))
    assert asked.kind == "unresolvable" and "地铁站" in asked.ask_back


@pytest.mark.parametrize("message", ["这个管网什么时候改完？", "这个办法什么时候出台？", "这个标准会提高吗？"])
def test_this_thing_the_reply_wrote_or_a_shell_noun_is_resolved(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic="于都县农村供水管网改造投入了多少钱？", quoted=[YUDU]))
    assert resolved.kind == "reference" and resolved.scope.reply_ids == [YUDU]


def test_what_is_asked_of_these_is_searched_in_their_reply(chat: ChatService) -> None:
    # the first answer quoted the pipes of the third section; 水费 is the second section's, not the topic's
    _, these = converse(chat, "安定区水务局冬季要改造多少户入户管道？", "这些山村的水费怎么收？")
    assert these.followup == "reference" and "水费分别怎么收" in these.understood_as
    assert these.citations[0].section_id == "2" and "基本水价3元" in these.answer


def test_these_asking_nothing_of_their_own_keep_the_topic(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("这些什么时候完成？", TurnState(topic="安定区水务局冬季要改造多少户入户管道？", quoted=[WATER]))
    assert resolved.kind == "reference" and "管道" in resolved.query and "分别什么时候完成" in resolved.understood_as
