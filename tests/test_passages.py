"""Which sentence of the right reply is quoted: the one closest in meaning among those the words rank alike,
the best passage of a section cut into several, a report with its figures (and the act it counts) when the
question asks what was done, never the proposal restated to its proposer, the one on the year asked (明年
read against the reply's own year), a table's row under its header; and a field the reply does not write
said to be missing. Real model, real FAISS/BM25 index over fictional replies
(tests/fixtures/passages/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.about import About
from service.answer import AnswerConfig
from service.engine import Engine
from service.quotes import Quote, SentenceAsk, one_table_row, restates_proposal
from service.retrieve import Hit
from service.selection import DEEDS_QUESTION
from service.tables import table_header_above
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "passages"


@pytest.fixture(scope="module")
def passages_settings(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder):
    return index_with(tmp_path_factory, embedder, archive, FIXTURES, "passages")


@pytest.fixture(scope="module")
def passages_engine(passages_settings, embedder) -> Engine:
    return Engine.load(passages_settings, embedder=embedder)


def first_quote(answer) -> str:
    return answer.sentences[0].text


def test_among_sentences_the_words_rank_alike_the_closest_in_meaning_is_quoted(passages_settings, passages_engine,
                                                                               embedder):
    # Every sentence of the passage shares 村 and 医生; the answer says 常住人口少、无法单独设置卫生室的村.
    question = "喀什的村里没有医生，老百姓看病怎么办？"
    assert "巡诊" in first_quote(passages_engine.ask(question))
    by_words = Engine.load(passages_settings, embedder=embedder, answer=AnswerConfig(sentence_meaning_weight=0.0))
    assert "巡诊" not in first_quote(by_words.ask(question))  # the words alone take the first of them


def test_a_section_in_several_passages_is_quoted_from_the_one_holding_the_answer(passages_engine):
    selector = passages_engine.answerer.quotes
    index = passages_engine.index
    reply = next(r for r in index.replies.values() if r.meta.agency == "鄂尔多斯市人力资源和社会保障局")
    chunks = sorted((c for c in index.documents.chunks_at(range(len(index.chunks))).values()
                     if c.reply_id == reply.reply_id and c.section_id == "1"), key=lambda c: c.start)
    assert len(chunks) > 1, "the fixture's first section must be cut into several passages"
    question = "鄂尔多斯考下高级工证书补贴多少钱？"
    ask = selector.sentence_ask(question, About())
    # The passage without the sums is retrieved first; the section is quoted from the one with them.
    hits = [Hit(chunk=c, score=1.0 - i / 10) for i, c in enumerate(chunks)]
    (_, citation), = selector.citations(hits, 1, ask)
    assert "2000元" in citation.quote and citation.section_id == "1"


def test_asked_what_was_done_a_report_with_its_figures_is_quoted_not_the_proposal_restated(passages_engine):
    answer = passages_engine.ask("鄂州城管局在垃圾处理上做了哪些工作？")
    assert not answer.abstained, answer.focus
    assert "560个" in said(answer), answer.answer
    assert not any(s.text.startswith("你们在建议中指出") for s in answer.sentences), answer.answer


def test_two_offices_asked_what_they_did_are_each_quoted_by_their_reports(passages_settings, passages_engine, embedder):
    # Neither report writes 垃圾处理; 鄂州's passages among the top ones are only its proposal restated.
    question = "黔东南生态环境局和鄂州城管局在垃圾处理上分别做了什么？"
    answer = passages_engine.ask(question, k=10)
    assert "132座" in said(answer) and "560个" in said(answer), answer.answer
    by_words = Engine.load(passages_settings, embedder=embedder, answer=AnswerConfig(report_bonus=0.0))
    assert "132座" not in said(by_words.ask(question, k=10))


def test_the_proposal_restated_to_its_proposer_is_told_from_a_reply_to_it():
    assert restates_proposal("您在提案中反映的部分乡镇垃圾收运不及时等问题，切中了我州农村环境治理的薄弱环节。")
    assert restates_proposal("你们提出的保障农村客运“开得通、留得住”等建议，对做好相关工作具有重要参考价值。")
    assert restates_proposal("您建议“2020年底前全省所有行政村实现自来水入户全覆盖”。")
    assert restates_proposal("委员在提案中提出，应加快推进城乡供水一体化。")
    # a reply that names the suggestion in order to answer it
    assert not restates_proposal("针对您提出的“管网底数不清”问题，2023年我局将完成检测。")
    assert not restates_proposal("代表建议增设站点，我局已会同市交通局新增站点12个。")
    assert not restates_proposal("关于您建议的“全面推行垃圾分类”，我们认为很有必要。")
    assert not restates_proposal("2023年，我局新建标准化分类投放亭560个。")
    # a deputy named as the subject of a report, and a restatement that reports a figure in the same sentence
    assert not restates_proposal("代表关注的农村公路养护问题，目前全县已落实养护资金860万元。")
    assert not restates_proposal("您提出的建议已纳入规划，2023年新建公厕12座。")


def test_a_verb_with_its_perfective_before_the_quantity_asks_what_was_done(passages_engine):
    for question in ("城东区新增了多少个停车泊位？", "去年建了几个转运站？", "一共培训了多少人？"):
        assert DEEDS_QUESTION.search(question), question
    for question in ("为了多少人的出行？", "计划新增多少个停车泊位？"):
        assert not DEEDS_QUESTION.search(question), question
    # The plan (2024年计划…再新增1500个) comes first in the passage; the report of what was added is quoted.
    answer = passages_engine.ask("城东区新增了多少个停车泊位？")
    assert "1260个" in first_quote(answer) and "1500个" not in first_quote(answer), answer.answer


def test_a_field_asked_of_the_reply_a_demonstrative_points_at_is_answered(passages_engine):
    # 那件/这份 point at the reply; jieba cuts 那件 into 那 + 件, and no reply writes 件.
    for question in ("乡村医生那件提案解决了没有？", "乡村医生队伍建设这份答复算哪一类？"):
        answer = passages_engine.ask(question)
        assert answer.kind == "field" and not answer.abstained, answer.answer
        assert answer.sentences[0].field == "category" and "B（正在解决或列入计划解决）" in answer.answer, answer.answer


def test_a_field_the_reply_does_not_write_is_said_missing_and_the_reply_cited(passages_engine):
    answer = passages_engine.ask("西宁城东区停车难的提案是谁签发的？")
    assert answer.kind == "field" and not answer.abstained, answer.answer
    assert "答复中没有写明签发人" in answer.answer and answer.sentences[0].field == "signer"
    cited = next(c for c in answer.citations if c.in_answer)
    assert cited.section_id == "header" and "第0031号提案的答复" in cited.quote


def quoted_regardless(engine: Engine, question: str):
    """The answer's quotes however the focus check decides (it judges whether to answer, not which sentence)."""
    answerer = engine.answerer
    return answerer.respond(question, answerer.retriever.search(question, k=5), 5, allow_abstain=False)


@pytest.mark.parametrize("question, said_, not_said", [
    # The reply is dated 2023: 明年 is 2024, 去年 2022, 今年 2023.
    ("观山湖区明年托位要增加多少？", "240个", "180个"),
    ("观山湖区托位明年能达到多少？", "240个", "180个"),
    ("观山湖区去年有多少个托位？", "620个", "240个"),
])
def test_a_year_said_relative_to_now_is_read_against_the_replys_own(passages_settings, passages_engine, embedder,
                                                                     question, said_, not_said):
    first = quoted_regardless(passages_engine, question).sentences[0].text
    assert said_ in first and not_said not in first, first


def test_without_the_year_read_the_first_figures_are_quoted(passages_settings, embedder):
    # (the focus check reads 明年 against the reply's year too, and the sentence it finds is preferred: both off)
    flat = Engine.load(passages_settings, embedder=embedder, answer=AnswerConfig(year_bonus=0.0, evidence_bonus=0.0))
    assert "240个" not in quoted_regardless(flat, "观山湖区明年托位要增加多少？").sentences[0].text


def test_a_table_row_of_the_year_asked_is_quoted_under_its_header(passages_engine):
    answer = passages_engine.ask("曲靖2024年要加固多少座水库？")
    assert not answer.abstained, answer.focus
    first = answer.sentences[0]
    assert first.text.split() == ["2024年", "45", "18600"], first.text  # the row as written, verbatim
    assert first.display.startswith("〔年度") and "除险加固水库（座）" in first.display, first.display
    cited = next(c for c in answer.citations if c.in_answer)
    section = passages_engine.index.replies[cited.reply_id].section(cited.section_id)
    assert section.text[cited.start:cited.end] == first.text


def test_rows_the_splitter_ran_together_are_quoted_one_at_a_time():
    text = "分年度安排如下：\n年度　里程（公里）　投资（万元）\n2022年　65　9800\n2023年　75　11200\n"
    start = text.index("2022年")
    end = text.index("11200") + len("11200")
    best = Quote(1.0, start, end, text[start:end])
    row = one_table_row(text, best, SentenceAsk({"2023": 1.0, "里程": 1.0}))
    assert row.text == "2023年　75　11200" and text[row.start:row.end] == row.text
    assert one_table_row(text, best, SentenceAsk({"投资": 1.0})).text == "2022年　65　9800"  # the first of equals
    assert table_header_above(text, row.start) == "年度　里程（公里）　投资（万元）"
