"""The expected fact stated: a class asked as 几类, a contact asked with the verb that left it (留的电话), a proposal named
by what it asks done (修村路的建议), and the nation named beside a place in a question asking each ("丽水和全国分别…").
Real model, real FAISS/BM25 index over fictional replies (tests/fixtures/stated/README.md). Each rule was checked
absent (the code before it): every test below fails there."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.engine import Engine
from service.fields import asked_field
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stated"


@pytest.fixture(scope="module")
def stated_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    return Engine.load(index_with(tmp_path_factory, embedder, archive, FIXTURES, "stated"), embedder=embedder)


@pytest.mark.parametrize("question", ["大同停车难的提案是几类答复", "大同城管局那件停车提案属于几类？"])
def test_a_class_asked_as_a_count_of_classes_is_the_result(stated_engine, question):
    assert asked_field(question).spec.key == "category"
    answer = stated_engine.ask(question)
    assert answer.kind == "field" and "B类" in answer.answer, answer.answer


@pytest.mark.parametrize("question", ["垃圾分几类？", "这些补贴是几类？"])
def test_kinds_of_a_thing_counted_are_content_not_the_result(question):
    assert asked_field(question) is None


def test_the_verb_that_left_a_contact_names_nothing_of_the_reply(stated_engine):
    answer = stated_engine.ask("大同城管局答复停车提案留的联系电话是多少？")
    assert answer.kind == "field" and "0352-2046618" in answer.answer, answer.answer


def test_the_nation_beside_a_place_is_a_party_of_its_own(stated_engine):
    """"丽水和全国分别…": the national body's reply is asked as the city's is, each by its own figure."""
    answer = stated_engine.ask("丽水和全国分别建了多少座防火瞭望塔？")
    assert not answer.abstained and "37座" in said(answer) and "1.1万座" in said(answer), answer.answer


@pytest.mark.parametrize("question", ["从江县修村路的建议采纳了吗", "从江修村路那件建议的办理结果是什么？"])
def test_a_proposal_named_by_what_it_asks_done_is_its_reply(stated_engine, question):
    """"修村路的建议": the verb of making glued to its object names the thing the title names (通村公路)."""
    answer = stated_engine.ask(question)
    assert answer.kind == "field" and "A" in answer.sentences[0].text, answer.answer


@pytest.mark.parametrize("question", ["从江县交通运输局对第21号建议的答复，意见被采纳了吗？", "从江县交通运输局第21号建议提的诉求解决了没有？"])
def test_what_a_proposal_puts_forward_adopted_or_resolved_is_the_proposal(stated_engine, question):
    """"意见被采纳了吗": what the proposal put forward (意见, 诉求) is the proposal itself, no topic of the reply."""
    answer = stated_engine.ask(question)
    assert answer.kind == "field" and "A" in answer.sentences[0].text, answer.answer


def test_a_proposal_named_by_a_thing_it_never_asked_for_is_not_answered(stated_engine):
    for question in ("从江县修地铁的建议采纳了吗", "从江县修地铁的意见被采纳了吗？"):
        answer = stated_engine.ask(question)
        assert answer.kind != "field", answer.answer
