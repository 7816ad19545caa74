"""Places a question names that no reply of the archive comes from (service/places.py): a reply of another
place is no answer, a ministry's reply covers every place. Real model and index over the fictional local
replies of tests/fixtures/silence (凯里, 张掖市甘州区, 玉林), a fictional ministry's reply (tests/fixtures/places)
and the real Pudong reply; the division table is cpca's, as installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.engine import Engine
from service.places import ArchivePlaces, places_asked
from tests.conftest import index_with

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def places_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, [FIXTURES / "silence", FIXTURES / "places"], "places")
    return Engine.load(settings, embedder=embedder)


@pytest.mark.parametrize("question, places", [
    ("北京地铁票价多少？", ["北京"]),          # jieba glues 北京地铁 into one word
    ("在郑州买房有补贴吗？", ["郑州"]),
    ("黄浦区养老院床位有多少？", ["黄浦区"]),
    ("江苏南京的学校够不够？", ["江苏", "南京"]),
    ("中山公园门票多少钱？", []),               # a park's name, not the city of 中山
    ("长安街限行吗？", []),
    ("鼓楼明年有什么计划？", []),               # 鼓楼区 of several cities: which one is not said
    ("新建小学的用地有什么要求？", []),         # 新建 is a word before it is 新建区 of 南昌
    ("养老院床位有多少？", []),
])
def test_the_places_a_question_names(question, places):
    assert [p.written for p in places_asked(question)] == places


def test_the_archive_holds_the_places_its_replies_come_from_and_the_places_around_them():
    archive = ArchivePlaces(["张掖市甘州区住房和城乡建设局", "上海市浦东新区科技和经济委员会", "国家林业和草原局"])
    held = {p.written: archive.holds(p.division) for p in places_asked("甘州区、张掖、甘肃、上海、浦东新区、成都、北京和湖南")}
    assert held == {"甘州区": True, "张掖": True, "甘肃": True, "上海": True, "浦东新区": True,
                    "成都": False, "北京": False, "湖南": False}


def test_a_question_about_a_place_no_reply_comes_from_is_not_answered_from_another_place(places_engine):
    answer = places_engine.ask("成都改造了多少公里供热管网？")
    assert answer.abstained
    assert answer.answer.startswith("档案中没有成都的答复。")
    assert answer.focus["places_elsewhere"] == ["成都"]
    # the same question about the city the replying district lies in is answered
    around = places_engine.ask("张掖改造了多少公里供热管网？")
    assert not around.abstained and "38公里" in around.answer, around.answer


def test_a_ministry_answers_for_a_province_no_reply_comes_from_and_says_so(places_engine):
    answer = places_engine.ask("湖南新造油茶林每亩补助多少钱？")
    assert not answer.abstained, answer.focus
    assert "500元" in answer.answer
    assert {c.agency for c in answer.citations if c.in_answer} == {"国家林业和草原局"}
    assert answer.agency_note and "湖南" in answer.agency_note


def test_a_place_the_archive_holds_gets_no_note(places_engine):
    answer = places_engine.ask("上海对AI人才有什么支持？")
    assert not answer.abstained and answer.agency_note is None
