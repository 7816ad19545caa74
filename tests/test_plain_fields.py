"""Field questions in plain words, and an omitted attachment read with the closing: a result asked as a choice of
classes or after a comma, proposers and numbers of a combined reply asked with a count, 文件编号 for the reply's own
number, whom to claim from or which line to call for a complaint asked of the body, a reply named by its place and a
narrower word for its topic. Real parser, real model, real FAISS/BM25 index over fictional replies
(tests/fixtures/plainfields/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parse import parse_reply
from indexer.read import read_source
from service.engine import Engine
from service.fields import asked_field
from tests.conftest import index_with

PLAIN = Path(__file__).resolve().parent / "fixtures" / "plainfields"
SANMING, TONGREN, PANJIN = "明民函-2022-11", "铜市监建字-2018-7", "盘公积金建字-2013-4"


@pytest.fixture(scope="module")
def plain_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, PLAIN, "plainfields")
    return Engine.load(settings, embedder=embedder)


def stated(engine: Engine, question: str, reply_id: str):
    """The field answer's stated sentence, cited from the line of the reply asked about."""
    answer = engine.ask(question)
    assert answer.kind == "field" and not answer.abstained, (question, answer.answer)
    sentence = answer.sentences[0]
    cited = next(c for c in answer.citations if c.n == sentence.n)
    assert cited.reply_id == reply_id, (question, cited.reply_id)
    assert engine.reply(cited.reply_id).section(cited.section_id).text[cited.start:cited.end] == cited.quote
    return sentence.text


def test_an_attachment_the_reply_leaves_out_is_a_closing_line_not_a_section():
    path = PLAIN / "sanming-mzj-2022-0015-0029.txt"
    parsed = parse_reply(read_source(path).text, path.name)
    assert [s.section_id for s in parsed.sections if s.kind == "body"] == ["1", "2", "3"]
    assert not any("附件" in s.heading for s in parsed.sections)
    closing = parsed.section("closing").text
    assert closing.startswith("附件：三明市老年助餐服务补贴标准（略）\n三明市民政局")
    assert (parsed.meta.contact.name, parsed.meta.publicity) == ("邹丽娟", "主动公开")


def test_a_listed_attachment_with_a_text_is_still_a_section():
    text = ("某市某局\n关于某某的答复\n某某委员：\n您的提案收悉。\n一、措施\n正文。\n附件：1. 某某项目清单\n2. 某某计划表\n"
            "某市某局\n2024年6月12日")
    headings = [s.heading for s in parse_reply(text, "x.txt").sections]
    assert "附件：1. 某某项目清单" in headings and "2. 某某计划表" in headings


@pytest.mark.parametrize(("question", "field"), [
    ("三明助餐那件提案是A类还是B类？", "category"),
    ("盘锦公积金租房提取那条建议，落实了没有？", "category"),
    ("盘锦租房提取的建议，结果怎么样？", "category"),
    ("三明民政局这份答复一起回了哪几号提案？", "proposal_number"),
    ("三明民政局那份答复一并答复了哪些提案？", "proposal_number"),
    ("合并答复的是哪两件建议？", "proposal_number"),
    ("哪三位委员联名提的？", "proposers"),
    ("三明助餐和养老补贴那两件提案是哪两位委员提的？", "proposers"),
    ("铜仁市场监管局答复电动车那条建议的文件编号是什么？", "doc_number"),
])
def test_a_field_asked_in_plain_words_is_recognised(question, field):
    asked = asked_field(question)
    assert asked is not None and asked.spec.key == field, question


@pytest.mark.parametrize("question", ["电动车质量有问题找谁赔？", "电动车坏了找谁修？", "菜市场缺斤短两找谁负责？"])
def test_whom_to_claim_from_is_asked_of_the_text_not_the_contact(question):
    assert asked_field(question) is None


def test_which_proposals_an_agency_handled_without_a_combined_reply_is_content():
    # (哪些 asks the numbers of one reply only with the word for answering them together: 一并答复了哪些提案)
    assert asked_field("今年区里办理了哪些建议？") is None


@pytest.mark.parametrize(("question", "reply_id", "value"), [
    ("三明助餐那件提案是A类还是B类？", SANMING, "B类"),
    ("盘锦公积金租房提取那条建议，落实了没有？", PANJIN, "所提问题已经解决或采纳"),
    ("三明民政局这份答复一起回了哪几号提案？", SANMING, "第15号、第29号"),
    ("三明助餐和养老补贴那两件提案是哪两位委员提的？", SANMING, "吴晓岚、钟启明"),
    ("铜仁市场监管局答复电动车那条建议的文件编号是什么？", TONGREN, "铜市监建字〔2018〕7号"),
])
def test_a_field_asked_in_plain_words_is_stated_from_its_line(plain_engine, question, reply_id, value):
    assert value in stated(plain_engine, question, reply_id)


def test_a_reply_named_by_its_place_and_a_narrower_word_for_its_topic_is_the_one_asked(plain_engine):
    # 三明's reply writes 助餐, never 助餐卡: the place and the topic word name it.
    assert stated(plain_engine, "三明助餐卡那份答复是公开的吗？", SANMING) == "公开属性：主动公开"


def test_a_place_without_the_topic_names_no_reply(plain_engine):
    answer = plain_engine.ask("三明地铁票价那份答复是公开的吗？")
    assert not (answer.kind == "field" and answer.citations and answer.citations[0].reply_id == SANMING
                and "主动公开" in answer.answer)


def test_whom_to_claim_from_is_not_answered_with_the_replys_contact(plain_engine):
    # (whether the body's sentence is quoted is the content answer's matter: here only the contact must not be given)
    answer = plain_engine.ask("铜仁买的电动自行车质量有问题找谁赔？")
    assert answer.kind != "field" and "杨秀芬" not in answer.answer, answer.answer


@pytest.mark.parametrize("question", ["铜仁电动自行车质量有问题打什么电话投诉？", "铜仁电动自行车有质量问题，投诉打什么电话？"])
def test_the_line_for_a_complaint_is_the_bodys_service_line_not_the_contact(plain_engine, question):
    answer = plain_engine.ask(question)
    assert answer.kind != "field" and "12315" in answer.answer, answer.answer
