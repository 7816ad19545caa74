"""What a reply writes where a citizen asks plainly: a charge negated (不收取任何费用, 不另收费, 无需缴纳费用) answers
whether something costs money as 免费 does; a child in general (孩子, 小孩) is held by the word a reply names children
with by their role (学生, 随迁子女, 婴幼儿, 未成年人). Real model, real FAISS/BM25 index over a fictional reply
(tests/fixtures/plainasked/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.asked import ANSWERS, asked
from service.engine import Engine
from service.paraphrase import held_otherwise
from tests.conftest import index_with

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plainasked"


@pytest.fixture(scope="module")
def asked_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIXTURES, "plainasked")
    return Engine.load(settings, embedder=embedder)


def said(answer) -> str:
    return re.sub(r"\s+", "", answer.answer + "".join(s.text for s in answer.sentences))


@pytest.mark.parametrize("sentence", [
    "借阅图书不收取任何费用。",
    "景区停车场对残疾人车辆不收费。",
    "安装入户管道不另收费。",
    "参加体检的老年人无需缴纳任何费用。",
    "社区食堂为孤寡老人无偿提供午餐。",
    "自明年起不再收取检测服务费。",
])
def test_a_charge_negated_says_it_costs_nothing(sentence):
    assert asked("孩子借书要交钱吗？").answers.search(sentence)
    assert ANSWERS["money"].search(sentence)


@pytest.mark.parametrize("sentence", [
    "费用由区财政承担。",                  # who bears it, not that the asker pays nothing
    "图书室由学校教师轮流值守。",
    "不断完善收费管理制度。",              # 不 of 不断 negates no charge
])
def test_a_sentence_negating_no_charge_is_no_price(sentence):
    assert not ANSWERS["cash"].search(sentence)


@pytest.mark.parametrize("term, text", [
    ("孩子", "参加课后服务的学生每月缴纳服务费60元"),
    ("小孩", "进城务工人员随迁子女凭居住证申请入学"),
    ("孩子", "全县寄宿制学校住校生实现一人一床"),
    ("娃娃", "新建普惠性婴幼儿照护机构3所"),
    ("小朋友", "开展未成年人心理健康教育"),
])
def test_a_child_in_general_is_held_by_the_role_a_reply_names_children_in(term, text):
    assert held_otherwise(text, term)


@pytest.mark.parametrize("term, text", [
    ("孩子", "对参加培训的学员给予每人500元补贴"),   # a trainee is no child
    ("孩子", "全区户籍人口男女比例为105:100"),        # 男女 of a ratio: men and women
    ("小孩", "企业更新生产线12条"),                  # 新生 across two words
    ("孩子", "新建老年人助餐点6个"),
])
def test_a_child_is_not_held_where_no_child_is_named(term, text):
    assert not held_otherwise(text, term)


@pytest.mark.parametrize("question, fact", [
    ("名山区乡村小学孩子课后服务收多少钱一个月？", "60元"),   # 孩子 held by 学生
    ("名山区暑假去学校图书室借书要花钱吗？", "不收取任何费用"),   # free, said as a charge negated
])
def test_a_plain_question_is_answered_from_the_genre_words(asked_engine: Engine, question, fact):
    answer = asked_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert fact in said(answer)


@pytest.mark.parametrize("question", [
    "名山区学校图书室值守的老师一个月补贴多少钱？",   # no pay for the staff is said
    "名山区的孩子坐校车上学要交钱吗？",               # no school bus is named
    "名山区乡村学校的孩子在学校吃午饭一顿多少钱？",   # no meal is priced
])
def test_what_the_reply_does_not_say_stays_unanswered(asked_engine: Engine, question):
    assert asked_engine.ask(question).abstained



@pytest.mark.parametrize("sentence", [
    "补助资金在电梯竣工验收合格后3个月内拨付到业主代表账户。",
    "自受理之日起15个工作日内办结。",
    "申请人提交材料后10日以内完成审核。",
])
def test_a_time_counted_from_an_event_answers_when(sentence):
    assert asked("补助什么时候到账？").answers.search(sentence)


@pytest.mark.parametrize("sentence", [
    "每部电梯补助15万元。",
    "维保单位每半个月开展一次保养。",    # how often, not when
    "办理时限压缩到15个工作日。",        # how long, counted from nothing
])
def test_a_span_counted_from_nothing_is_no_time(sentence):
    assert not ANSWERS["date"].search(sentence)
