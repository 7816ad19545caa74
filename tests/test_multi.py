"""Answers asking several replies at once ("A和B分别…", "各做了哪些"): every party named is found, a national
body by the name people use (气象局 for 中国气象局), and each reply's group quotes the sentences of its paragraph
that hold what it did. Real model, real index over the test archive and fictional replies of eval/data."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from service.about import find_about
from service.citations import cite
from service.engine import Engine
from service.selection import QuoteSelector
from tests.conftest import index_with

EVAL_DATA = Path(__file__).resolve().parent.parent / "eval" / "data"
REPLIES = [EVAL_DATA / "layouts-heldout" / "gansu-slt-2019-0587.txt",
           EVAL_DATA / "layouts-heldout" / "jiangsu-nynct-2024-0456-huiban.txt",
           EVAL_DATA / "layouts-heldout" / "mot-2021-5678.txt", EVAL_DATA / "layouts-heldout" / "anji-jtj-2022-36.txt",
           EVAL_DATA / "fresh10" / "cma-2025-02176.docx", EVAL_DATA / "fresh10" / "lswz-2022-1023.html"]
GANSU, JIANGSU = "甘水建复-2019-23", "苏农会-2024-19"
MINISTRY, COUNTY = "交运函-2021-45", "安交建-2022-15"


@pytest.fixture(scope="module")
def multi_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    folder = tmp_path_factory.mktemp("multi-replies")
    for path in REPLIES:
        shutil.copy(path, folder / path.name)
    settings = index_with(tmp_path_factory, embedder, archive, folder, "multi", suffixes=(".txt", ".docx", ".html"))
    return Engine.load(settings, embedder=embedder)


def parties(engine: Engine, question: str) -> list[tuple[str, set[str]]]:
    answerer = engine.answerer
    about = find_about(question, answerer.retriever.index.documents.columns, answerer.tokenizer, set(), answerer.names)
    return about.parties


def agency_of(engine: Engine, reply_id: str) -> str:
    return engine.answerer.retriever.index.replies[reply_id].meta.agency


def test_a_national_body_is_a_party_by_the_name_without_zhongguo(multi_engine):
    """中国气象局 is called 气象局, as 国家粮食和物资储备局 is called 粮储局: both are parties, in the order named."""
    found = parties(multi_engine, "气象局和粮储局各自提出了什么目标？")
    assert [name for name, _ in found] == ["气象局", "粮储局"]
    assert [{agency_of(multi_engine, r) for r in replies} for _, replies in found] \
        == [{"中国气象局"}, {"国家粮食和物资储备局"}]


def test_each_group_quotes_the_count_its_paragraph_opens_with(multi_engine):
    """"甘肃水利厅和江苏农业农村厅…各做了哪些工作": the 甘肃 paragraph opens with what was built and its count
    (建成集中供水工程1.8万处) before what it came to (供水率91%); each reply's group has its lead and its count."""
    answer = multi_engine.ask("甘肃水利厅和江苏农业农村厅在农村供水和河塘清理上各做了哪些工作？")
    assert not answer.abstained, answer.focus
    groups: dict[str, str] = {}
    for sentence in answer.sentences:
        groups[sentence.reply_id] = groups.get(sentence.reply_id, "") + sentence.text
    assert list(groups)[:2] == [GANSU, JIANGSU], answer.answer
    leads = [s.lead for s in answer.sentences if s.lead]
    assert leads[0].startswith("甘肃省水利厅") and leads[1].startswith("江苏省农业农村厅"), leads
    assert "1.8万处" in groups[GANSU] and "91%" in groups[GANSU], answer.answer
    assert "4.2万条" in groups[JIANGSU], answer.answer


def test_a_gathered_quote_takes_the_sentences_before_it_in_what_is_left_of_its_length(multi_engine):
    answerer = multi_engine.answerer
    reply = answerer.retriever.index.replies[GANSU]
    section = next(s for s in reply.sections if s.text.startswith("“十三五”以来"))
    second = section.text.index("截至2018年底")
    second_end = section.text.index("。", second) + 1
    ran = answerer.quotes.run_on(cite(reply, section.section_id, second, second_end))
    assert ran.quote.startswith("“十三五”以来") and "1.8万处" in ran.quote
    # Forward first: with room for the quote alone, it stays where it was.
    short = QuoteSelector(answerer.retriever, replace(answerer.config, multi_quote_chars=second_end - second + 5))
    assert short.run_on(cite(reply, section.section_id, second, second_end)).start == second


def test_a_gathered_quote_does_not_take_the_proposal_restated(multi_engine):
    """"您建议…" before the office's answer is the proposer's words, not what the reply did."""
    answerer = multi_engine.answerer
    reply = answerer.retriever.index.replies[GANSU]
    section = next(s for s in reply.sections if s.text.startswith("您建议"))
    second = section.text.index("。") + 1
    second_end = section.text.index("。", second) + 1
    ran = answerer.quotes.run_on(cite(reply, section.section_id, second, second_end))
    assert not ran.quote.startswith("您建议"), ran.quote


def grouped(answer) -> dict[str, str]:
    """Each reply's quotes, in the answer's order."""
    groups: dict[str, str] = {}
    for sentence in answer.sentences:
        groups[sentence.reply_id] = groups.get(sentence.reply_id, "") + sentence.text
    return groups


def test_asked_what_each_did_a_party_quotes_its_reports_before_the_matters_importance(multi_engine):
    """"部里和县里分别做了什么": the ministry's report with its count (已命名三批共156个示范县),
    retrieved below the top sections, is quoted, not "农村客运是农村群众出行的基本保障" that shares more words."""
    answer = multi_engine.ask("农村客运和农村公路上，部里和县里分别做了什么工作？")
    assert not answer.abstained, answer.focus
    groups = grouped(answer)
    assert list(groups)[:2] == [MINISTRY, COUNTY], answer.answer
    assert "156个示范县" in groups[MINISTRY] and "基本保障" not in groups[MINISTRY], answer.answer
    assert "1206名" in groups[COUNTY], answer.answer

