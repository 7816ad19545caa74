"""Who pays ("钱谁出", "谁出钱建", "费用由谁承担", "钱从哪来") is asked of the sentence that says who bears the cost
(由…财政承担, 由乡镇自筹, 列入…财政预算), not of the act it pays for. Real model, real FAISS/BM25 index over a fictional
reply (tests/fixtures/who_pays/README.md). Checked absent: the first test fails without the rule (the answer quotes
已建成乡镇垃圾中转站15座, the act); the kind tests beside it must hold either way or guard the rule's reach."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.asked import asked
from service.engine import Engine
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "who_pays"


@pytest.fixture(scope="module")
def pays_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    return Engine.load(index_with(tmp_path_factory, embedder, archive, FIXTURES, "who-pays"), embedder=embedder)


def test_who_pays_for_a_work_is_the_sentence_that_says_who_bears_its_cost(pays_engine):
    answer = pays_engine.ask("松阳乡镇垃圾中转站谁出钱建？")
    assert not answer.abstained, answer.answer
    assert "由乡镇自筹" in answer.sentences[0].text, answer.answer


@pytest.mark.parametrize(("question", "payer"), [
    ("松阳农村垃圾清运的钱谁出？", "两级财政"),
    ("农村保洁员的工资由谁来出？", "两级财政"),
    ("松阳垃圾中转站建好后运营的钱从哪来？", "财政预算"),
    # a loan's interest is a cost: 贴息 says who bears it
    ("松阳农户开回收点最多能贷多少？利息谁出？", "全额贴息"),
])
def test_who_pays_is_answered_where_the_cost_is_borne(pays_engine, question, payer):
    answer = pays_engine.ask(question)
    assert not answer.abstained and payer in said(answer), answer.answer


@pytest.mark.parametrize("question", [
    "钱谁出", "谁出钱建", "哪个单位出的钱", "费用由谁承担？", "工资由谁来出", "谁承担改造费用", "资金由哪个部门安排？",
    "建设资金从哪里来", "资金来源是什么", "利息谁出", "贷款利息由谁承担？", "贴息谁出", "谁给贴息",
])
def test_who_pays_is_asked_in_these_words(question):
    assert asked(question).kind == "payer"


@pytest.mark.parametrize("question", [
    # who does a task, signs, is named or is given something: a body or person, not a cost
    "谁承担建设任务？", "公共算力服务平台由谁负责建设？", "由哪个部门牵头", "谁签发的", "补贴发给谁", "联系人是谁",
    "项目由谁安排",
])
def test_who_does_or_receives_is_no_question_of_paying(question):
    assert asked(question).kind == "agent"
