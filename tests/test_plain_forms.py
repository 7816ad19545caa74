"""Plain forms a citizen asks in: a sum per household or per month (每户, 一个月) is answered only by a figure per that
unit, never by one per square metre or per hour; a modal jieba glues to its verb (能领, 能刷, 能办) is held where the
verb is written; a word for people in general (老百姓) is held by another (群众); a name the question quotes
(“银发贷”) must be written where the answer is; 城镇 or 乡镇 names no place. Real model, real FAISS/BM25 index
over a fictional reply (tests/fixtures/plainforms/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.engine import Engine
from service.figures import PricePerPiece, per_unit_asked
from service.asked import ANSWERS
from service.paraphrase import held_otherwise
from tests.conftest import index_with

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plainforms"


@pytest.fixture(scope="module")
def forms_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIXTURES, "plainforms")
    return Engine.load(settings, embedder=embedder)


@pytest.mark.parametrize("question, unit", [
    ("每户自己要出多少钱", "户"),
    ("服务员一个月能拿多少补贴", "月"),
    ("村医每个月省里补多少钱", "月"),
    ("县里每年补多少", "年"),
    ("新建口袋公园每平方米补多少钱", "平方米"),
    ("学生坐定制公交一次几块钱", "次"),
    ("一共花了多少钱", ""),                 # a total: no unit
    ("一次性补助多少钱", ""),               # once for all, not per time
    ("十一台设备花了多少钱", ""),           # 一 inside a number
])
def test_the_unit_a_sum_is_asked_per_is_read_from_the_question(question, unit):
    assert per_unit_asked(question) == unit


@pytest.mark.parametrize("unit, sentence", [
    ("户", "对加装燃气报警器的困难老年人家庭，每户补助200元。"),
    ("户", "补助标准为2000元/户。"),
    ("户", "户均补助3000元。"),
    ("月", "标准为每人每月100元。"),
    ("月", "人均月工资约2100元。"),
    ("人", "每名学员补助500元。"),
    ("次", "学生刷卡每次1元。"),
    ("次", "票价为每人次2元。"),
    ("月", "按每人每月300元发放。"),
    ("斤", "鲜茶叶收购价为3元。"),             # a price said per no unit at all
])
def test_a_sum_per_the_asked_unit_or_per_nothing_else_answers(unit, sentence):
    assert PricePerPiece(ANSWERS["cash"], unit).search(sentence)


@pytest.mark.parametrize("unit, sentence", [
    ("户", "物业服务费按每月每平方米0.3元标准收取。"),   # per month and square metre, not per household
    ("月", "参与课后服务的教师按每课时80元发放补助。"),   # per class hour, not per month
    ("月", "助餐点服务员按每小时18元发放劳务补贴。"),
    ("平方米", "对加装燃气报警器的家庭每户补助200元。"),
])
def test_a_sum_per_another_unit_does_not_answer(unit, sentence):
    assert not PricePerPiece(ANSWERS["cash"], unit).search(sentence)


@pytest.mark.parametrize("term, text, held", [
    ("能刷", "群众在村卫生室看病可直接刷医保卡报销", True),    # a modal glued to its verb: the verb is written
    ("能领", "80周岁以上老年人可按月领取高龄津贴", True),
    ("能刷", "群众在村卫生室看病可凭医保卡报销", False),
    ("能源", "推广源头减量", False),                          # a word of jieba's dictionary is no glued modal
    ("老百姓", "群众可就近到社区服务站办理", True),            # people in general, by any word of the class
    ("老百姓", "退役军人可凭优待证免费乘车", False),           # a particular kind of person is not people in general
    ("退役军人", "群众可就近到社区服务站办理", False),
])
def test_plain_verbs_and_people_in_general_are_held_by_the_words_a_reply_writes(term, text, held):
    assert held_otherwise(text, term) is held


def said(answer) -> str:
    return re.sub(r"\s+", "", answer.answer + "".join(s.text for s in answer.sentences))


@pytest.mark.parametrize("question, fact", [
    ("芗城区老人在助餐点能刷社保卡吗？", "刷卡"),                 # 能刷: a modal glued to its verb
    ("芗城区老百姓在社区服务站能办吗？", "社区服务站"),             # 老百姓: the reply writes 群众
    ("芗城区适老化改造每平方米补多少钱？", "120元"),
    ("芗城区困难老人加装燃气报警器每户补多少钱？", "200元"),
    ("芗城区助餐点服务员每小时补多少钱？", "18元"),
    ("芗城区“银发贷”为多少家企业发放了贷款？", "14家"),           # the passage that writes the quoted name
    ("芗城区的中心助餐点在哪里？", "浦南镇"),                     # a town named is a place
])
def test_a_plain_question_the_reply_answers_is_answered(forms_engine, question, fact):
    answer = forms_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert fact in said(answer), said(answer)


@pytest.mark.parametrize("question", [
    "芗城区80岁以上老人能领取暖补贴吗？",                       # no heating subsidy is written
    "芗城区老百姓能领取暖补贴吗？",                             # people in general held, no heating subsidy written
    "芗城区老百姓在社区服务站能办残疾人证吗？",
    "芗城区老人在助餐点能刷信用卡吗？",                         # 刷 is written, of another card
    "芗城区“银发贷”每家企业最多能贷多少？",                     # a loan ceiling is written, of another scheme
    "芗城区嵌入式养老服务站建在哪条路上？",                     # 在城镇老旧小区配建: 城镇 is a kind of place, not one
    "芗城区困难老人家里做适老化改造，每户自己要出多少钱？",       # subsidised per square metre, no sum per household
    "芗城区助餐点服务员一个月能拿多少钱？",                     # paid per hour, no sum per month
])
def test_what_the_reply_does_not_say_is_still_declined(forms_engine, question):
    answer = forms_engine.ask(question)
    assert answer.abstained, (answer.focus, said(answer))
