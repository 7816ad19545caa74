"""Follow-up forms people use: contrasts across places and levels of government, openers, pointers back.

Real parts throughout (the real model and index, SQLite).

The archive is the session's plus tests/fixtures/chat (老年助餐 in three districts) and tests/fixtures/chat-levels
(the same topic from a ministry and a province), so "国家层面呢？", "省里呢？" and "其他城市呢？" each have
somewhere to land, and somewhere they must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.chat import ChatService
from service.engine import Engine
from service.followup import FollowupResolver, TurnState
from service.retrieve import Filters
from tests.conftest import FIXTURES, index_with
from tests.test_chat import FIRST, GUSU, LIXIA, WUHOU, chat_over, converse, quoted_replies

MCA, HUNAN = "民函-2024-386", "湘民函-2025-58"
DISTRICTS = {WUHOU, LIXIA, GUSU}


@pytest.fixture(scope="module")
def levels_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, [FIXTURES / "chat", FIXTURES / "chat-levels"], "levels")
    return Engine.load(settings, embedder=embedder)


@pytest.fixture
def chat(levels_engine: Engine, tmp_path: Path) -> ChatService:
    return chat_over(levels_engine, tmp_path)


@pytest.fixture(scope="module")
def resolver(levels_engine: Engine) -> FollowupResolver:
    return FollowupResolver(levels_engine.index.documents, levels_engine.tokenizer)


def test_fixture_replies_have_the_ids_the_tests_use(levels_engine: Engine) -> None:
    replies = levels_engine.index.replies
    assert replies[MCA].meta.agency == "民政部" and replies[HUNAN].meta.agency == "湖南省民政厅"


@pytest.mark.parametrize("message", ["其他相关部门呢？", "别的职能部门是怎么做的？", "其他地市呢？", "其他市州呢？",
                                     "兄弟城市呢？", "其他部委呢？", "其他省区市呢？", "其他县市区怎么做的？",
                                     "另外几个部门怎么说？", "那其他几个城市呢？"])
def test_other_bodies_and_places_however_named_are_a_contrast(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast", resolved
    assert "成都市武侯区民政局" in resolved.scope.exclude_agencies
    assert "助餐" in resolved.query  # the topic carried over, not the message's words


def test_a_province_the_reply_does_not_write_is_the_one_it_lies_in(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("其他省份是怎么做的？", TurnState(topic="成都市武侯区对老年助餐有哪些措施？", quoted=[WUHOU]))
    assert resolved.understood_as.startswith("除四川省以外，其他省份对老年助餐")  # the division table knows


def test_other_cities_are_places_never_a_ministry(chat: ChatService) -> None:
    _, other = converse(chat, FIRST, "其他城市呢？")
    assert other.followup == "contrast" and not other.abstained
    assert MCA not in quoted_replies(other) and WUHOU not in quoted_replies(other)
    assert quoted_replies(other) & {LIXIA, GUSU, HUNAN}


def test_the_nations_level_after_a_district(chat: ChatService) -> None:
    _, national = converse(chat, FIRST, "国家层面呢？")
    assert national.followup == "contrast" and "国家部委" in national.understood_as
    assert quoted_replies(national) == {MCA}


def test_the_provinces_after_a_ministry(chat: ChatService) -> None:
    _, province = converse(chat, "民政部对老年助餐有什么支持？", "省里呢？")
    assert province.followup == "contrast" and "省级部门" in province.understood_as
    assert "民政部" not in province.understood_as
    assert quoted_replies(province) == {HUNAN}


def test_local_governments_after_a_ministry(chat: ChatService) -> None:
    _, local = converse(chat, "民政部对老年助餐有什么支持？", "地方上是怎么做的？")
    assert local.followup == "contrast" and not local.abstained
    assert MCA not in quoted_replies(local) and quoted_replies(local) <= DISTRICTS | {HUNAN}


def test_narrowing_to_a_level(chat: ChatService) -> None:
    _, narrowed = converse(chat, "各地对老年助餐点的建设补助是多少？", "只看省级的")
    assert narrowed.followup == "narrowing" and "省级部门" in narrowed.understood_as
    assert quoted_replies(narrowed) == {HUNAN}


def test_a_contrast_the_others_do_not_speak_to_quotes_no_courtesy(chat: ChatService) -> None:
    # Only 武侯区 checks its meal lists monthly; what the other replies share with the question is their
    # thanks ("感谢您对民政工作的关心和支持"), which answers nothing.
    _, other = converse(chat, "武侯区送餐上门的名单多久核对一次？", "其他省份呢？")
    assert other.followup == "contrast" and "感谢" not in other.answer


@pytest.mark.parametrize("message", ["对了，姑苏区对开设老年助餐窗口的餐饮企业奖励多少？",
                                     "换个问题，姑苏区对开设老年助餐窗口的餐饮企业奖励多少？",
                                     "另外想问一下，姑苏区对开设老年助餐窗口的餐饮企业奖励多少？",
                                     "问个别的，姑苏区对开设老年助餐窗口的餐饮企业奖励多少？"])
def test_a_speakers_opener_is_no_part_of_the_question(chat: ChatService, message: str) -> None:
    _, switched = converse(chat, FIRST, message)
    # "问个别的" says nothing of other agencies: the question after it is a new one, not a contrast
    assert switched.followup == "switch" and switched.understood_as.startswith("姑苏区")
    assert quoted_replies(switched) == {GUSU}


def test_what_dafu_said_last_time_points_back(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("上次你说的那个补贴标准是多少？", TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "reference" and resolved.scope.reply_ids == [WUHOU]


def test_a_noun_that_says_its_quantity_takes_no_unit_from_the_last_answer() -> None:
    from service.followup import with_stated_unit

    said = ["全区开设托班的幼儿园86所，提供托位2300个。"]
    assert with_stated_unit("托班保育费多少", said) == "托班保育费多少元"  # a fee is money, not a count of 所
    assert with_stated_unit("托育补贴标准是多少", said) == "托育补贴标准是多少"  # a standard is a rate
    assert with_stated_unit("托育机构有多少", said) == "托育机构有多少所"


def test_a_place_inside_another_is_set_off_once(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("其他城市呢？", TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.understood_as.startswith("除成都市以外，其他城市")


def test_similar_replies_are_the_other_replies(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("类似的答复还有吗？", TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast" and WUHOU not in resolved.scope.reply_ids and LIXIA in resolved.scope.reply_ids


def test_a_short_form_the_archive_never_writes_names_the_body_it_shortens(chat: ChatService) -> None:
    _, other = converse(chat, FIRST, "那卫健局呢？")  # 卫健局: 卫生健康局, first and last characters kept
    assert other.followup == "contrast" and quoted_replies(other) == {LIXIA}


def test_a_contrast_is_asked_last_in_the_words_the_last_answer_quoted(levels_engine: Engine) -> None:
    """"外省呢？" after the district's meal subsidies: 省级财政…补助 is another reply's word for it."""
    resolver = FollowupResolver(levels_engine.index.documents, levels_engine.tokenizer)
    state = TurnState(topic=FIRST, quoted=[WUHOU], said=["对70周岁以上老年人每餐补贴3元，对低保、特困老年人每餐补贴5元。"])
    resolved = resolver.resolve("外省呢？", state)
    assert {"老年人", "补贴"} <= set(resolved.cited) and "成都市" not in resolved.cited


# -- the comparison said with a preposition, a fronted standard, a condition; years before; which others too --

@pytest.mark.parametrize("message", ["相比姑苏区呢？", "比起姑苏区怎么样？", "相较于姑苏区呢？",
                                     "相较于武侯区，姑苏区呢？", "跟武侯区比，姑苏区怎么样？", "比起武侯区来说，姑苏区呢？",
                                     "换成姑苏区的话呢？", "要是在姑苏区的话呢？"])
def test_a_comparison_however_said_asks_the_other_place(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast" and resolved.scope.reply_ids == [GUSU], resolved
    assert resolved.understood_as.startswith("姑苏区对老年助餐")  # neither 相比, 的话 nor the standard carried


@pytest.mark.parametrize("message", ["往年呢？", "前几年的答复呢？", "以往是怎么说的？"])
def test_years_before_are_the_other_years(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic=FIRST, quoted=[WUHOU]))  # 武侯区's reply is of 2024
    assert resolved.kind == "contrast" and "其他年份" in resolved.understood_as
    assert WUHOU not in resolved.scope.reply_ids and LIXIA in resolved.scope.reply_ids


@pytest.mark.parametrize("message", ["另外一家单位呢？", "哪些部门也有类似的？", "哪个地方也有这种做法？", "哪些地方还有类似的？",
                                     "哪里也有这样的？"])
def test_which_others_as_well_is_a_contrast(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast" and "成都市武侯区民政局" in resolved.scope.exclude_agencies, resolved


def test_which_bodies_without_as_well_asks_the_reply(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("哪些部门负责助餐？", TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind != "contrast"


# Parallel-noun ellipsis: "X呢？" whose X stands where a noun phrase of the question before stood asks that question
# again of X, in the reply just quoted (武侯区's reply gives 3元 for 70-year-olds, 5元 for 低保/特困, 41 老年食堂).
def test_a_noun_of_the_same_head_asks_the_question_before_of_it(chat: ChatService) -> None:
    _, parallel = converse(chat, "武侯区七十岁以上的老人每餐补贴多少？", "低保老人呢？")
    assert parallel.followup == "ellipsis"
    assert parallel.understood_as == "武侯区低保老人每餐补贴多少？"
    assert "5元" in parallel.answer and quoted_replies(parallel) == {WUHOU}


def test_a_headless_de_phrase_replaces_the_modifier_before_de(chat: ChatService) -> None:
    _, parallel = converse(chat, "武侯区七十岁以上的老人每餐补贴多少？", "特困的呢？")
    assert parallel.understood_as == "武侯区特困的老人每餐补贴多少？"
    assert "5元" in parallel.answer


def test_a_sibling_noun_takes_the_predicate_of_the_question_before(chat: ChatService) -> None:
    first, parallel = converse(chat, "武侯区的助餐点有多少个？", "老年食堂呢？")
    assert "126个" in first.answer
    assert parallel.understood_as == "武侯区的老年食堂有多少个？"
    assert "41个" in parallel.answer


def test_an_attribute_counted_by_a_noun_of_its_own_is_asked_of_the_reply(resolver: FollowupResolver) -> None:
    # "建了多少机架" counts 机架: a rate is no sibling of it, so "上架率呢？" asks the reply for its 上架率
    resolved = resolver.resolve("覆盖率呢？", TurnState(topic="武侯区建了多少个助餐点？", quoted=[WUHOU]))
    assert resolved.kind == "ellipsis" and "覆盖率" in resolved.understood_as
    assert "建了" not in resolved.understood_as


def test_the_nation_said_alone_is_its_level(chat: ChatService) -> None:
    _, national = converse(chat, FIRST, "全国呢？")
    assert national.followup == "contrast" and "国家部委" in national.understood_as
    assert quoted_replies(national) == {MCA}


def test_a_contrast_with_a_verb_and_object_of_its_own_asks_them(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("其他县有没有抢修水毁的？", TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast" and "抢修" in resolved.query and "水毁" in resolved.understood_as


def test_a_level_asked_after_an_answer_that_quoted_one_of_its_bodies_keeps_that_body(resolver: FollowupResolver) -> None:
    # "全国呢？" after a district's figure shown beside the ministry's nationwide one asks for the ministry's: only the
    # body the turn before was about (the reply quoted first, or one its question named) is left out.
    beside = resolver.resolve("国家层面呢？", TurnState(topic=FIRST, quoted=[WUHOU, MCA]))
    assert beside.kind == "contrast" and MCA in beside.scope.reply_ids
    about = resolver.resolve("国家层面呢？", TurnState(topic="民政部对老年助餐有什么支持？", quoted=[WUHOU, MCA]))
    assert MCA not in about.scope.reply_ids and about.scope.nowhere


def test_the_ministrys_passages_are_sought_by_the_subject_when_they_write_none_of_the_question_nouns(
        chat: ChatService) -> None:
    national = chat.engine.answerer.retriever
    filters = Filters(reply_ids=[MCA])
    # the ministry writes 老年 and 助餐, never 老人: the question's subject is lost in its words
    assert chat.loses_its_subject("八十岁以上老人有什么补贴", filters)
    assert not chat.loses_its_subject("老年助餐有什么补贴", filters)
    assert national.lexical(["助餐"], national.allowed_chunks(filters), 1)
    assert not chat.loses_its_subject("老人吃饭的助餐点有多少", filters)  # one thing still written keeps the subject
