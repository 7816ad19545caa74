"""Follow-ups that turn on where a reply comes from: another province, another county-level body, the province
above, a province said without its kind, and the grammar of "other" + a scope noun.

Real parts throughout (the real model and index, SQLite, the division table of the `cpca` package). The archive is
the session's plus tests/fixtures/chat (老年助餐 in three districts, 成都市武侯区 among them), tests/fixtures/chat-levels
(民政部, 湖南省民政厅) and tests/fixtures/chat-places (苍溪县 and 四川省民政厅 in Sichuan, 滦平县 in Hebei: two of
them write no province or city in their names).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.chat import ChatService
from service.engine import Engine
from service.followup import FollowupResolver, TurnState
from service.gazetteer import gazetteer
from tests.conftest import FIXTURES, index_with
from tests.test_chat import FIRST, GUSU, LIXIA, WUHOU, chat_over, converse, quoted_replies
from tests.test_chat_forms import HUNAN, MCA

CANGXI, SICHUAN, LUANPING = "苍民函-2024-27", "川民函-2025-155", "滦民字-2023-14"


@pytest.fixture(scope="module")
def places_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive,
                          [FIXTURES / "chat", FIXTURES / "chat-levels", FIXTURES / "chat-places"], "places")
    return Engine.load(settings, embedder=embedder)


@pytest.fixture
def chat(places_engine: Engine, tmp_path: Path) -> ChatService:
    return chat_over(places_engine, tmp_path)


@pytest.fixture(scope="module")
def resolver(places_engine: Engine) -> FollowupResolver:
    return FollowupResolver(places_engine.index.documents, places_engine.tokenizer)


def test_fixture_replies_have_the_ids_the_tests_use(places_engine: Engine) -> None:
    replies = places_engine.index.replies
    assert replies[CANGXI].meta.agency == "苍溪县民政局" and replies[SICHUAN].meta.agency == "四川省民政厅"
    assert replies[LUANPING].meta.agency == "滦平县民政局"


def test_the_division_table_places_an_agency_that_writes_only_its_county() -> None:
    table = gazetteer()
    county = table.locate("苍溪县民政局")
    assert county is not None and county.level == "district"
    assert table.city(county).name == "广元市" and table.province(county).name == "四川省"
    assert table.locate("成都市武侯区民政局").within(table.province(county))
    assert table.locate("南京市鼓楼区卫生健康委员会").name == "鼓楼区"  # the city picks one of four 鼓楼区
    assert table.locate("鼓楼区卫生健康委员会") is None  # and without it, none is guessed
    assert table.level("重庆市经济和信息化委员会") == "province"  # a municipality is a province in rank
    assert table.level("民政部") == "national" and table.locate("民政部") is None
    assert table.locate("黔东南州民政局").name == "黔东南苗族侗族自治州"  # a stem before its kind
    assert table.locate("宁夏水利厅").name == "宁夏回族自治区"  # a province by its stem alone
    assert table.locate("公安局") is None  # 公安县's stem opens it, but no kind follows
    assert table.named_alone("河北").name == "河北省" and table.named_alone("海南").level == "province"
    assert table.named_alone("西湖区") is None  # Hangzhou's and Nanchang's


def test_another_province_leaves_out_every_body_of_the_province_the_reply_lies_in(chat: ChatService) -> None:
    _, other = converse(chat, FIRST, "外省呢？")
    assert other.followup == "contrast" and not other.abstained
    assert other.understood_as.startswith("除四川省以外")
    assert quoted_replies(other) and not quoted_replies(other) & {WUHOU, CANGXI, SICHUAN}


@pytest.mark.parametrize("message", ["其他县呢？", "别的区县是怎么做的？"])
def test_other_counties_are_county_level_bodies(chat: ChatService, message: str) -> None:
    _, other = converse(chat, FIRST, message)
    assert other.followup == "contrast" and not other.abstained and WUHOU not in quoted_replies(other)
    # (the session's archive adds district replies of Shanghai's 浦东新区: county-level too)
    assert {gazetteer().level(c.agency) for c in other.citations} == {"district"}


def test_the_province_above_a_county_is_its_own(chat: ChatService) -> None:
    _, province = converse(chat, "苍溪县对老年助餐有什么补贴？", "省里呢？")
    assert province.followup == "contrast" and "四川省的省级部门" in province.understood_as
    assert quoted_replies(province) == {SICHUAN}  # not 湖南省民政厅, another province's


def test_the_province_above_when_the_archive_has_none_of_it(chat: ChatService) -> None:
    first, province = converse(chat, "滦平县农村幸福食堂每年补贴多少？", "省里呢？")
    assert quoted_replies(first) == {LUANPING}
    assert province.abstained and "河北省的省级部门" in province.answer and not province.citations


def test_a_province_said_without_its_kind(chat: ChatService) -> None:
    _, hebei = converse(chat, FIRST, "那河北呢？")
    assert hebei.followup == "contrast" and quoted_replies(hebei) == {LUANPING}


def test_a_place_with_no_reply_scopes_to_nothing_not_to_everything(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("那山西呢？", TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast" and resolved.scope.nowhere and resolved.scope.filters().reply_ids == []
    # the other reading: a reply from elsewhere that speaks of the place
    assert "山西" in resolved.alternative.query and resolved.alternative.scope.filters().reply_ids is None
    # ...never the reply just quoted, of the place set off, which writes nothing of 山西
    assert resolved.alternative.scope.exclude_agencies == ["成都市武侯区民政局"]


def test_a_place_with_a_thing_of_the_topics_head_asks_that_thing_the_same(resolver: FollowupResolver) -> None:
    # 农村食堂 is the other place's kind of 食堂: it takes the place of 社区食堂, the question stays
    resolved = resolver.resolve("苍溪县的农村食堂呢？", TurnState(topic="武侯区社区食堂每餐补多少钱？", quoted=[WUHOU]))
    assert resolved.kind == "contrast" and resolved.scope.reply_ids == [CANGXI]
    assert resolved.understood_as == "苍溪县农村食堂每餐补多少钱？" and "社区" not in resolved.query


def test_others_inside_the_province(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("省内其他地方呢？", TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast" and set(resolved.scope.reply_ids) <= {CANGXI, SICHUAN, WUHOU}
    assert {CANGXI, SICHUAN} <= set(resolved.scope.reply_ids) and "成都市武侯区民政局" in resolved.scope.exclude_agencies


def test_the_level_above_the_reply(resolver: FollowupResolver) -> None:
    above = resolver.resolve("上级部门呢？", TurnState(topic="苍溪县对老年助餐有什么补贴？", quoted=[CANGXI]))
    assert above.kind == "contrast" and "广元市的市级部门" in above.understood_as and above.scope.nowhere
    national = resolver.resolve("上级部门怎么说？", TurnState(topic="四川省对老年助餐有什么补贴？", quoted=[SICHUAN]))
    assert national.scope.reply_ids == [MCA]


@pytest.mark.parametrize("message", ["省外呢？", "邻省呢？", "隔壁市呢？", "周边城市呢？", "换个地方呢？", "全国其他地方呢？",
                                     "别的地方是怎么规定的？"])
def test_a_place_other_than_the_one_in_talk_however_said(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast", resolved
    assert "成都市武侯区民政局" in resolved.scope.exclude_agencies and "民政部" in resolved.scope.exclude_agencies
    assert "助餐" in resolved.query  # the topic carried over, not the message's words


@pytest.mark.parametrize("message", ["那省级层面呢？", "部委层面呢？", "国家层面有什么规划？"])
def test_a_level_however_said_keeps_the_topic(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast" and resolved.scope.reply_ids and "助餐" in resolved.query, resolved


def test_the_first_other_said_decides_and_one_word_of_its_own_is_an_aspect(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    places = resolver.resolve("外地有没有类似的答复？", state)  # other places, not other replies of anywhere
    assert places.kind == "contrast" and "民政部" in places.scope.exclude_agencies and not places.scope.reply_ids
    standard = resolver.resolve("别的地方的标准是多少？", state)
    assert "助餐" in standard.query and "标准" in standard.query


@pytest.mark.parametrize("message", ["换个部门呢？", "别家呢？", "别的机关怎么说？"])
def test_another_body_however_said(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast" and resolved.scope.exclude_agencies == ["成都市武侯区民政局"], resolved


def test_a_qualifier_says_the_level_of_the_other_bodies(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("其他国家部委呢？", TurnState(topic="民政部对老年助餐有什么支持？", quoted=[HUNAN]))
    assert resolved.kind == "contrast" and resolved.scope.reply_ids == [MCA] and resolved.scope.agency is None


def test_narrowing_said_as_enough_and_as_a_part(resolver: FollowupResolver) -> None:
    state = TurnState(topic="各地对老年助餐有哪些补贴？", quoted=[WUHOU, HUNAN])
    enough = resolver.resolve("2024年的就行", state)
    assert enough.kind == "narrowing" and enough.scope.year == 2024
    part = resolver.resolve("其中省级的呢？", state)
    assert part.kind == "narrowing" and set(part.scope.reply_ids) == {HUNAN, SICHUAN}


@pytest.mark.parametrize("message", ["只看苍溪县的", "只要四川省民政厅的"])
def test_narrowing_to_one_of_each_place_asks_it_alone(resolver: FollowupResolver, message: str) -> None:
    # "各地" asked of every place; narrowed to one, the question is that place's, not "each place" within it
    resolved = resolver.resolve(message, TurnState(topic="各地对老年助餐分别有哪些补贴？", quoted=[WUHOU, HUNAN]))
    assert resolved.kind == "narrowing" and "各地" not in resolved.understood_as + resolved.query
    assert "分别" not in resolved.understood_as and "老年助餐" in resolved.query
    # a year kept is no place: every place is still asked of
    assert "各地" in resolver.resolve("只看2024年的", TurnState(topic="各地对老年助餐有哪些补贴？", quoted=[WUHOU])).query


def test_the_last_numbered_item(resolver: FollowupResolver, places_engine: Engine) -> None:
    resolved = resolver.resolve("最后一条是什么？", TurnState(topic="苍溪县老年助餐怎么做的？", quoted=[CANGXI]))
    assert resolved.kind == "reference" and resolved.scope.reply_ids == [CANGXI]
    assert "下一步打算" in resolved.understood_as


@pytest.mark.parametrize("message", ["具体怎么申请？", "刚才说的那个呢？"])
def test_after_nothing_found_a_turn_with_no_subject_asks_back(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic="阿勒泰的牧民定居补贴是多少？"))
    assert resolved.kind == "unresolvable" and resolved.ask_back, resolved


@pytest.mark.parametrize("message", ["那个人是谁？", "这位怎么说的？"])
def test_a_person_pointed_at_and_never_named_is_asked_back(resolver: FollowupResolver, message: str) -> None:
    resolved = resolver.resolve(message, TurnState(topic="苍溪县对老年助餐有什么补贴？", quoted=[CANGXI]))
    assert resolved.kind == "unresolvable" and resolved.ask_back, resolved


def test_after_nothing_found_a_body_named_in_place_of_the_place_asked_is_asked_the_same(resolver: FollowupResolver) -> None:
    # "贵州…" found nothing; the body named instead of the place fills the same slot of the question
    unanswered = TurnState(topic="贵州的老年助餐每餐补多少钱？")
    shifted = resolver.resolve("那民政部呢？", unanswered)
    assert shifted.kind == "contrast" and shifted.scope.agency == "民政部", shifted
    assert "助餐" in shifted.query and "贵州" not in shifted.query
    # a body inside the place asked narrows what found nothing: nothing to narrow
    assert resolver.resolve("那苍溪县民政局呢？", TurnState(topic="四川的老年助餐每餐补多少钱？")).kind == "unresolvable"
    # a question that named neither a place nor a body leaves nothing to put the body in place of
    assert resolver.resolve("那民政部呢？", TurnState(topic="牧民定居补贴是多少？")).kind == "unresolvable"


def test_other_places_asked_whether_they_did_a_thing_of_their_own_state_the_figure_asked_before(
        resolver: FollowupResolver, chat: ChatService) -> None:
    # "有没有…的" asks whether others did it, in a conversation about how many: the answer should state the count
    state = TurnState(topic="四川全省建成了多少个老年助餐服务点？", quoted=[SICHUAN])
    resolved = resolver.resolve("其他县有没有开办幸福食堂的？", state)
    assert resolved.kind == "contrast" and "多少个" in resolved.query and "没有" not in resolved.query, resolved
    assert "幸福食堂" in resolved.query and "服务点" not in resolved.query  # its own thing, not the topic's
    _, other = converse(chat, "四川全省建成了多少个老年助餐服务点？", "其他县有没有开办幸福食堂的？")
    assert other.followup == "contrast" and quoted_replies(other) == {LUANPING} and "42个" in other.answer

