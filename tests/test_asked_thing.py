"""What a question asks, told from the words it frames it with: the answering government named mid-question
(…的问题政府怎么答复的), the verb a sum is asked through (投入了/花了/能领多少钱), the kind of place 哪些省份 asks
for (answered by place names), the activity after the thing (公路建设), the proposal's title as what a reply
is about, a table's header row, a body's derived short form (国家林草局, 经信委) and a place that scopes a
promise. Real model, real FAISS/BM25 index over fictional replies (tests/fixtures/askframe/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.grammar import abbreviates, same_agency
from service.asked import PlacesNamed, asked, focus_text, without_frame_verb
from service.engine import Engine
from service.phrase import compounds, heads, predicates
from service.tables import table_header
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "askframe"


@pytest.fixture(scope="module")
def frame_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIXTURES, "askframe")
    return Engine.load(settings, embedder=embedder)


def quoted_agencies(answer) -> list[str]:
    return [c.agency for c in answer.citations if c.in_answer]


@pytest.mark.parametrize("question, agency, facts", [
    # 政府 names who answers; it is no modifier of 问题 the reply must write.
    ("兰州老人吃饭难的问题政府是怎么答复的？", "兰州市民政局", []),
    # The verb a sum is asked through: the reply writes 安排…资金1.6亿元.
    ("东洞庭湖面源污染治理投入了多少钱？", "岳阳市生态环境局", ["1.6亿元"]),
    ("东洞庭湖面源污染治理花了多少钱？", "岳阳市生态环境局", ["1.6亿元"]),
    # 哪些省份 is answered by the provinces' names.
    ("农村客运班线公交化改造试点在哪些省份？", "交通运输部", ["河北"]),
    # 公路建设: the reply speaks of 公路 and 提档升级, never of 建设.
    ("剑河县公路建设是怎么答复的？", "剑河县交通运输局", []),
    # 水发浑 is named only in the proposal's title, which says what the whole reply answers.
    ("银川老旧小区水发浑的问题什么时候解决？", "银川市水务局", ["2026年底"]),
])
def test_the_words_a_question_frames_its_thing_with_are_not_demanded(frame_engine, question, agency, facts):
    answer = frame_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert agency in quoted_agencies(answer), answer.answer
    assert all(fact in said(answer) for fact in facts), answer.answer


def test_a_sum_asked_in_money_is_not_answered_by_a_share(frame_engine):
    answer = frame_engine.ask("岳阳退捕渔民每月能领多少钱？")
    assert answer.abstained, f"98% is a share of fishers insured, no sum; answered {answer.answer[:80]}"


def test_a_tables_header_row_is_not_quoted_alone(frame_engine):
    answer = frame_engine.ask("东洞庭湖面源污染治理2023年有哪些重点项目？")
    assert not answer.abstained, answer.focus
    for sentence in answer.sentences:
        assert "序号" not in sentence.text or "华容县农田退水生态沟渠工程" in sentence.text, sentence.text


def test_a_national_bodys_short_form_names_it_and_not_a_provinces(frame_engine):
    answer = frame_engine.ask("国家林草局在森林防火上提出了哪些措施？")
    assert not answer.abstained, answer.focus
    assert quoted_agencies(answer)[0] == "国家林业和草原局", answer.answer


def test_a_place_named_scopes_a_promise_question(frame_engine):
    answer = frame_engine.ask("黑龙江打算怎么加强森林防火？")
    assert not answer.abstained, answer.focus
    assert set(quoted_agencies(answer)) == {"黑龙江省林业和草原局"}, answer.answer


def test_short_forms_are_derived_from_the_full_name():
    assert abbreviates("发改委", "发展和改革委员会") and abbreviates("医保局", "医疗保障局")
    assert abbreviates("经信委", "经济和信息化委员会") and abbreviates("林草局", "林业和草原局")
    assert not abbreviates("科委", "科技和经济委员会")  # two characters tell too little
    assert not abbreviates("卫生局", "卫生健康委员会")  # another kind of body
    assert same_agency("国家医保局", "国家医疗保障局") and same_agency("国家发改委", "国家发展改革委")
    assert not same_agency("国家医保局", "山东省医疗保障局")


def test_the_frame_of_a_question_is_told_from_its_thing():
    assert asked("试点在哪些省份？").kind == "places" and asked("在哪几个城市开展？").kind == "places"
    assert asked("哪个市民中心可以办理？").kind != "places"
    assert PlacesNamed().search("在河北、江苏、浙江等5省开展试点") and not PlacesNamed().search("全省开展试点")
    assert without_frame_verb("洱海治理投入了") == "洱海治理" and without_frame_verb("退捕渔民每月能领") == "退捕渔民每月"
    assert compounds("老人吃饭难的问题政府怎么答复的？", frozenset({"政府"})) == []
    assert compounds("剑河县公路建设是怎么答复的？") == []
    assert table_header("序号　项目名称　所在县（市、区）　总投资（万元）")
    assert not table_header("一　华容县农田退水生态沟渠工程　华容县　3200")


def test_the_subject_of_a_count_is_a_noun_whatever_its_tag():
    question = "广东乡镇卫生院的医生编制一共有多少个？"  # jieba tags 编制 a verb
    assert heads(focus_text(question), asked(question).target, predicates(question), subject=True) == ["编制"]
    assert asked("泉州和四川给传承人的传习补助分别是多少？").kind == "money"  # 分别 hides no noun
