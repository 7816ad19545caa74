"""End to end on the fictional fixture archive (+ the real reply): index, ask, check the citation.

Gold sections come from tests/fixtures/questions.jsonl (file + verbatim anchor), so the test does
not hard-code section ids.
"""

from __future__ import annotations

import pytest

from eval.dataset import load_questions, resolve_gold
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

QUESTIONS = load_questions(FIXTURES / "questions.jsonl")


def test_fixture_questions_cover_every_kind():
    assert {q.type for q in QUESTIONS} >= {"fact", "number", "commitment", "metadata", "multi",
                                           "unanswerable_domain", "unanswerable_offtopic"}


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.answerable and q.type != "multi"], ids=lambda q: q.id)
def test_top_citation_is_the_gold_section(engine, question):
    gold = resolve_gold(question, engine.index.replies)
    assert not gold.problems, gold.problems
    answer = engine.ask(question.question)
    assert not answer.abstained, answer.evidence
    top = answer.citations[0]
    assert (top.reply_id, top.section_id) in gold.sections
    for expected in question.expect:
        assert expected in answer.answer


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.type == "multi"], ids=lambda q: q.id)
def test_question_spanning_replies_cites_each(engine, question):
    gold = resolve_gold(question, engine.index.replies)
    answer = engine.ask(question.question, k=5)
    cited_replies = {c.reply_id for c in answer.citations}
    assert gold.replies <= cited_replies


@pytest.mark.parametrize("question", [q for q in QUESTIONS if not q.answerable], ids=lambda q: q.id)
def test_unanswerable_question_abstains(engine, question):
    answer = engine.ask(question.question)
    assert answer.abstained
    assert answer.citations == []


def test_filters_apply_inside_retrieval(engine):
    from service.retrieve import Filters

    answer = engine.ask("有什么补贴？", k=5, filters=Filters(agency="区民政局"))
    assert answer.citations, "the filtered archive has a reply on subsidies"
    assert {c.agency for c in answer.citations} == {"上海市浦东新区民政局"}
    none = engine.ask("人工智能人才政策", filters=Filters(year=1999))
    assert none.abstained and none.citations == []
