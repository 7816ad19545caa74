"""Questions in a citizen's words, read by the rules of Chinese and of the reply genre: a copula jieba glues
to a noun, an office named by the word 部门, a verb and its object said as one word (评职称) where the reply
writes the nominal form (职称评审), a grade asked with 几级, 块 that counts pieces, a modal glued to a verb (能贷),
and several offices asked alike. Real model, real FAISS/BM25 index over fictional replies
(tests/fixtures/plainwords/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.asked import ANSWERS, asked, focus_text
from service.engine import Engine
from service.focus import Focus, names_what_is_asked
from service.phrase import compounds, heads, predicates
from tests.conftest import index_with

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plainwords"


@pytest.fixture(scope="module")
def plain_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIXTURES, "plainwords")
    return Engine.load(settings, embedder=embedder)


def said(answer) -> str:
    return re.sub(r"\s+", "", answer.answer + "".join(s.text for s in answer.sentences))


@pytest.mark.parametrize("question, facts", [
    # jieba cuts 券是 (copula glued to the noun); the rate sits under the heading that names the voucher.
    ("泉州的科技创新券是怎么补的，一家企业最多能拿多少？", ["30%", "20万元"]),
    # 科技部门: the office is named by 部门, which the reply never writes (it names itself 科学技术局).
    ("泉州的科技部门怎么帮中小企业降低研发成本？", ["30%"]),
    # 评职称 is written 职称评审; 倾斜政策 is a kind of 政策, which any sentence of the reply's measures answers.
    ("泉州企业技术人员评职称有什么倾斜政策？", ["以赛代评"]),
    # 在…规模上 names a topic; the question asks a target, not a size.
    ("泉州在高新技术企业规模上定了什么目标？", ["3000家"]),
    # 几级 asks a grade, answered by 一级A.
    ("衡水城区污水处理厂的出水执行几级排放标准？", ["一级A"]),
])
def test_a_citizens_words_find_the_fact(plain_engine, question, facts):
    answer = plain_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert all(fact in said(answer) for fact in facts), answer.answer


@pytest.mark.parametrize("question, why", [
    ("衡水城区更换的井盖多少钱一块？", "1350块 counts covers: no price is written"),
    ("九江乡镇污水处理设施出水执行几级排放标准？", "the plants are counted, their effluent grade is not written"),
])
def test_a_figure_of_another_kind_is_no_answer(plain_engine, question, why):
    answer = plain_engine.ask(question)
    assert answer.abstained, f"{why}; answered {answer.answer[:80]}"


def test_several_offices_named_are_each_quoted_from_their_own_reply(plain_engine):
    answer = plain_engine.ask("衡水水务局和九江生态环境局在污水处理上分别做了什么？")
    assert not answer.abstained, (answer.evidence, answer.agreement, str(answer.focus))
    quoted = [c.agency for c in answer.citations if c.in_answer]
    assert {"衡水市水务局", "九江市生态环境局"} <= set(quoted)


def test_money_is_written_in_yuan_and_pieces_in_kuai():
    assert ANSWERS["money"].search("每餐补贴3元至5元") and ANSWERS["money"].search("每人补贴300块钱")
    assert not ANSWERS["money"].search("更换破损井盖1350块。")


def test_the_copula_and_a_glued_modal_are_not_the_thing_asked():
    question = "泉州的科技创新券是怎么补的？"
    assert focus_text(question) == "泉州的科技创新券"  # 是 before 怎么 belongs to the question word
    assert not any(word.endswith("是") for word in compounds("泉州的研发券是怎么补的？"))
    loan = "灵活就业人员自己创业能贷多少款？"
    assert "能贷" not in heads(focus_text(loan), asked(loan).target, predicates(loan))
    assert asked("出水执行几级排放标准？").kind == "count"
    assert asked("在算力规模上定了什么目标？").kind is None and asked("这个园区的规模？").kind == "count"


def test_closeness_in_meaning_does_not_stand_in_for_the_thing_counted_or_asked_of(plain_engine):
    tokenizer = plain_engine.answerer.tokenizer
    count = Focus(kind="count", heads=["客流量"])
    assert not names_what_is_asked(count, "已建成6个智慧商圈示范区，设施覆盖率达到100%。", tokenizer)
    assert names_what_is_asked(count, "商圈全年客流量达到1.2亿人次。", tokenizer)
    yesno = Focus(kind="yesno", heads=["年龄"])
    assert not names_what_is_asked(yesno, "2022年共帮扶长期失业青年就业2640人。", tokenizer)
    # A share or a sum is told by its own shape.
    assert names_what_is_asked(Focus(kind="ratio", heads=["充电桩"]), "按照设备购置费用的40%给予一次性奖补。", tokenizer)


def test_the_sentence_found_to_answer_is_read_and_preferred(plain_engine):
    from dataclasses import replace

    from service.about import About
    from service.quotes import best_quote
    from service.selection import answering_first

    answerer = plain_engine.answerer
    question = "衡水城区排水管道清淤疏通了多少公里？"
    hits = answerer.retriever.search(question, k=10).hits
    ask = answerer.quotes.sentence_ask(question, About())
    scored = answerer.quotes.citations(hits, 10, ask)
    # Any later citation's sentence, taken as the one the focus check found, is moved into the window read.
    later = scored[4][1]
    moved = answering_first(scored, replace(ask, answer=later.quote), 3)
    assert [c for _, c in moved[:3]][-1] is later and len(moved) == len(scored)
    assert answering_first(scored, replace(ask, answer=scored[0][1].quote), 3) == scored
    # Inside a passage the sentence found wins over one sharing more of the question's words, and when a unit
    # is asked, only a sentence with it is preferred.
    import re as regex

    from indexer.sentences import split_sentences

    voucher = "泉州科技创新券每家企业补助比例是多少？"
    chunk = next(h.chunk for h in answerer.retriever.search(voucher, k=10).hits if "4600万元" in h.chunk.text)
    stored = answerer.retriever.passage_tokens(chunk)
    plain = replace(answerer.quotes.sentence_ask(voucher, About()), figure=None, shape=None)
    first = best_quote(chunk, stored, plain, answerer.config).text
    other = next(s for _, _, s in split_sentences(chunk.text) if s not in first and s not in "".join(first))
    assert other in best_quote(chunk, stored, replace(plain, answer=other), answerer.config).text
    unit = regex.compile(r"\d+个")  # a unit the other sentence does not hold
    assert other not in best_quote(chunk, stored, replace(plain, answer=other, figure=unit), answerer.config).text
