"""Answers a citizen can read: field answers, the reply the question is about, readable quotes, and
abstention when the question's focus has no support. Real model, real FAISS/BM25 index."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from service.answer import Answerer, AnswerConfig
from service.compose import annotate, resolutions
from service.engine import Engine
from service.fields import asked_field
from service.quotes import readable_start
from tests.conftest import index_with

ANSWER_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "answers"
REAL = "浦科经委办理-2025-61"


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    """The test archive plus a 区人社局 reply on AI talent that shares the real reply's words."""
    return Engine.load(index_with(tmp_path_factory, embedder, archive, ANSWER_FIXTURES, "crowded"), embedder=embedder)


def section_text(engine: Engine, reply_id: str, section_id: str) -> str:
    return engine.index.replies[reply_id].section(section_id).text


def test_field_answer_states_the_resolution_and_cites_the_header_line(engine):
    answer = engine.ask("第057号提案的办理结果是什么？")
    assert not answer.abstained and answer.kind == "field"
    first = answer.sentences[0]
    assert first.field == "category" and first.text == "办理结果：解决或采纳"
    cited = next(c for c in answer.citations if c.n == first.n)
    assert (cited.reply_id, cited.section_id) == (REAL, "header")
    assert cited.quote == "办理结果：解决或采纳"
    assert section_text(engine, REAL, "header")[cited.start:cited.end] == cited.quote
    assert f"hl={cited.start}-{cited.end}" in cited.url
    assert answer.citations[0] is cited  # the stated line is the first source
    assert answer.lead.startswith("上海市浦东新区科技和经济委员会在2025年5月7日对第057号提案的答复中")


def test_contact_field_cites_name_and_phone_lines_of_the_closing(engine):
    answer = engine.ask("第057号提案答复的联系人和联系电话是什么？")
    stated = answer.sentences[0]
    assert stated.field == "contact"
    assert "卿逸男" in stated.text and "58788388-64516" in stated.text
    cited = answer.citations[0]
    assert cited.section_id == "closing"
    assert cited.quote == "联系人姓名：卿逸男\n联系电话：58788388-64516"


@pytest.mark.parametrize("question", ["张江夜间公交那份答复对外公开吗？", "张江夜间公交的提案答复是否向社会公开？"])
def test_how_a_reply_is_made_public_is_part_of_asking_its_publicity(engine, question):
    """对外/向社会 before 公开 says how it is published, not something the reply is about: without it in the field
    words, the reply is looked for by 对外 and the answer falls back to quoting the text."""
    answer = engine.ask(question)
    assert answer.kind == "field", answer.answer
    stated = answer.sentences[0]
    assert stated.field == "publicity" and stated.text == "公开属性：主动公开"
    assert answer.citations[0].reply_id == "浦建交办理-2025-27"


def test_field_the_named_reply_does_not_write_is_said_to_be_missing(engine):
    """Not an abstention: the reply is found, and the answer says it writes no signer, citing its title line."""
    answer = engine.ask("第145号提案的答复是谁签发的？")
    assert not answer.abstained and answer.kind == "field"
    assert "答复中没有写明签发人" in answer.answer and answer.sentences[0].field == "signer"
    cited = next(c for c in answer.citations if c.in_answer)
    assert cited.section_id == "header" and "第 145 号提案的答复" in cited.quote


@pytest.mark.parametrize(("question", "field"), [
    ("这个提案被采纳了吗？", "category"),
    ("这是哪次会议上提出的提案？", "session"),
    ("公共数据开放的建议是第几号建议？", "proposal_number"),
    ("夜间公交的提案是谁提的？", "proposers"),
    ("长者食堂的提案是哪个部门答复的？", "agency"),
    ("第145号提案是谁签发的？", "signer"),
    ("刘某某代表关于公共数据开放的建议是哪个文号答复的？", "doc_number"),
    ("临港小学学位的提案是哪天答复的？", "date"),
    ("这份答复是哪天发的？", "date"),
    ("数据开放有问题打哪个电话？", "contact"),
    ("夜间公交的答复抄送给了哪些单位？", "cc"),
    ("这份答复是否公开？", "publicity"),
    ("区科经委对AI人才有什么举措？", None),
    ("2024年7月修订的专项操作细则是哪个文号？", None),  # another document's number is content
    ("夜间需求响应式公交什么时候试点？", None),
])
def test_field_questions_are_recognised_by_their_language(question, field):
    asked = asked_field(question)
    assert (asked.spec.key if asked else None) == field


def test_named_agency_changes_the_first_citation(crowded):
    question = "科经委对AI人才有什么举措？"
    unpreferred = Answerer(crowded.answerer.retriever, AnswerConfig(prefer_named=False)).ask(question)
    preferred = crowded.ask(question)
    assert unpreferred.citations[0].reply_id != REAL  # the 人社局's reply shares every word
    assert not preferred.abstained and preferred.agency_note is None
    assert all(c.reply_id == REAL for c in preferred.citations if c.in_answer)
    assert next(c for c in preferred.citations if c.n == 1).reply_id == REAL


def test_named_agency_with_nothing_on_the_question_answers_from_others_and_says_so(crowded):
    answer = crowded.ask("区建交委对公共数据开放有什么举措？")
    assert not answer.abstained
    assert answer.agency_note and "区建交委" in answer.agency_note
    assert not any(c.reply_id.startswith("浦建交") for c in answer.citations if c.in_answer)


def test_self_reference_and_relative_time_are_resolved_in_brackets_without_altering_the_quote(engine):
    answer = engine.ask("区建交委对开通夜间公交线路怎么答复的？")
    sentence = next(s for s in answer.sentences if "我委" in s.text)
    assert "我委〔区建交委〕" in sentence.display
    cited = next(c for c in answer.citations if c.n == sentence.n)
    assert sentence.text == cited.quote  # the quote stays verbatim
    assert section_text(engine, cited.reply_id, cited.section_id)[cited.start:cited.end] == cited.quote
    assert "〔" not in cited.quote


def test_relative_years_resolve_from_the_replys_own_date(engine):
    reply = engine.index.replies[REAL]
    meanings = resolutions(reply, engine.tokenizer)
    shown = annotate("年内我委将出台细则，明年完成。", meanings, set())
    assert shown == "年内〔2025年〕我委〔区科经委〕将出台细则，明年〔2026年〕完成。"
    # a span of years said with 年内 is not this year
    assert annotate("计划三年内新建停车场12处，5年内全部建成。", meanings, set()) == "计划三年内新建停车场12处，5年内全部建成。"


def test_multi_reply_answer_is_grouped_by_reply_with_a_lead_each(engine):
    answer = engine.ask("关于公共数据，区科经委和区数据局分别是怎么答复的？")
    assert not answer.abstained
    replies = [s.reply_id for s in answer.sentences]
    assert len(set(replies)) == 2
    # Each reply's quotes are together and open with that reply's lead.
    groups = [r for i, r in enumerate(replies) if i == 0 or replies[i - 1] != r]
    assert len(groups) == 2
    assert [s.lead is not None for s in answer.sentences] == [i == 0 or replies[i - 1] != r for i, r in enumerate(replies)]
    assert "数据局在2025年6月10日对第0102号建议的答复中说：" in answer.answer
    # Markers in reading order: 1, 2, 3 …
    assert [int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)] == list(range(1, len(answer.sentences) + 1))


def test_a_quote_opening_with_a_connective_starts_at_its_lead_in():
    text = "张江科学城现有公交线路58条。其中夜宵线3条，主要集中在轨交站点周边。"
    start = text.index("其中")
    assert readable_start(text, start) == 0
    assert readable_start(text, 0) == 0


def test_source_cards_carry_the_surrounding_text(engine):
    answer = engine.ask("GID链主企业的培育目标是多少？")
    cited = next(c for c in answer.citations if c.in_answer)
    text = section_text(engine, cited.reply_id, cited.section_id)
    assert cited.context_before and text[:cited.start].rstrip().endswith(cited.context_before.lstrip("…"))
    assert cited.context_after and text[cited.end:].lstrip().startswith(cited.context_after.rstrip("…"))


def test_header_and_closing_lines_are_not_evidence_for_a_content_question(engine):
    answer = engine.ask("浦东有哪些支持人工智能人才的政策？")
    assert answer.kind == "quote"
    assert not any(c.section_id in ("header", "closing") for c in answer.citations)


@pytest.mark.parametrize("question", ["浦东地铁票价是多少？", "张江人工智能岛在哪里？"])
def test_unsupported_focus_abstains_and_suggests_replies(engine, question):
    answer = engine.ask(question)
    assert answer.abstained and answer.citations == []
    assert answer.focus and not answer.focus["supported"]
    assert answer.suggestions and "相关答复：" in answer.answer
    assert all(s.url.startswith("/replies/") for s in answer.suggestions)


def test_promise_answer_links_to_the_agencys_commitments(engine):
    answer = engine.ask("区科经委承诺过哪些AI相关的事？")
    assert answer.kind == "promise" and not answer.abstained
    assert answer.commitments_url == "/commitments?agency=%E5%8C%BA%E7%A7%91%E7%BB%8F%E5%A7%94"
    assert answer.lead and answer.lead.startswith("上海市浦东新区科技和经济委员会")


def test_a_promise_link_for_a_place_and_a_short_form_lists_that_places_body_only(tmp_path_factory, archive, embedder):
    # 信都区民政局 is 信都 + 区民政局, the short form every district's bureau shares (浦东's is in the archive too):
    # the link filters to the body the promises come from, not to every 区民政局.
    other = tmp_path_factory.mktemp("xindu")
    shutil.copy(Path(__file__).resolve().parent / "fixtures" / "layouts" / "xindu-mzj-2020-greeting.txt", other)
    engine = Engine.load(index_with(tmp_path_factory, embedder, archive, other, "xindu-index"), embedder=embedder)
    answer = engine.ask("信都区民政局承诺过哪些事？")
    assert answer.kind == "promise" and all(c.reply_id.startswith("信民") for c in answer.citations)
    assert unquote(answer.commitments_url) == "/commitments?agency=邢台市信都区民政局"
