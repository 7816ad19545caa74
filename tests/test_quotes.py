"""Sentence choice inside a passage: a word the question abbreviates (社保) counts where the reply writes
it in full (社会保险), and agreeing with the proposal (高度认同) or acknowledging it (…收悉。) is a
courtesy, not an answer. Real model,
real FAISS/BM25 index over fictional replies (tests/fixtures/quotes/README.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from service.asked import PLACE_OF_ACT
from service.citations import cite
from service.engine import Engine
from service.quotes import (ATTACHMENT_TITLE, COURTESY, PROBLEM, RECEIPT, Quote, abbreviated, kinds_of_noun,
                            other_kinds, revises, spelled_out, whole_list_item)
from service.selection import QuoteSelector, says_only_the_proposal
from tests.conftest import index_with

QUOTE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quotes"
COMPOUND_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "compound"  # its measures are cut by "；"


@pytest.fixture(scope="module")
def quotes_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, [QUOTE_FIXTURES, COMPOUND_FIXTURES], "quotes")
    return Engine.load(settings, embedder=embedder)


@pytest.mark.parametrize(("word", "tokens"), [
    ("高校", {"高等", "学校", "高等学校"}), ("社保", {"社会", "保险", "社会保险"}), ("公交", {"公共", "交通", "公共交通"}),
])
def test_a_two_character_abbreviation_is_found_in_its_full_form(word, tokens):
    assert abbreviated([word], tokens) == {word}


@pytest.mark.parametrize(("word", "tokens"), [
    ("高校", {"高中", "学校", "提高"}),       # two words side by side are no compound
    ("社保", {"社保", "社会", "保险", "社会保险"}),  # written as asked: nothing to expand
    ("社区", {"社会", "保险", "社会保险"}),     # 区 is not in the second half
])
def test_no_abbreviation_without_a_compound_holding_it(word, tokens):
    assert abbreviated([word], tokens) == set()


def test_a_one_character_verb_is_held_by_the_verb_compound_it_opens():
    assert spelled_out(["赔", "查"], {"先行", "赔偿", "查阅", "档案"}) == {"赔", "查"}
    assert spelled_out(["建", "去"], {"建议", "去年"}) == set()  # a noun and a time, not the verb asked
    assert spelled_out(["赔"], {"赔", "损失"}) == set()  # written as asked: nothing to spell out


def test_who_compensates_is_quoted_where_the_reply_writes_the_verb_in_full(quotes_engine):
    # 谁来赔: 赔偿 in the sentence naming who compensates, not the sentence beside it naming another body (协会负责).
    answer = quotes_engine.ask("江门快递丢失了谁来赔？")
    assert not answer.abstained, answer.focus
    assert "先行赔偿" in answer.sentences[0].text
    assert "丢失率" not in answer.answer


def test_where_to_go_asked_after_a_yes_no_question_is_answered_by_the_place_of_the_act(quotes_engine):
    # "能不能补办…？去哪里申请？": the sentence naming where one applies (在…任一合作银行网点提出申请), not the one sharing
    # more of the yes/no question's words (补办社保卡的进度…).
    assert PLACE_OF_ACT.search("群众在户籍地以外任一开通服务的档案馆提出申请")
    assert not PLACE_OF_ACT.search("补办社保卡的进度可通过小程序随时查看")
    answer = quotes_engine.ask("在外地打工，能不能补办绵阳的社保卡？去哪里申请？")
    assert not answer.abstained, answer.focus
    assert "合作银行网点提出申请" in answer.sentences[0].text


def test_a_figure_written_under_the_full_name_answers_the_abbreviation(quotes_engine):
    answer = quotes_engine.ask("长春灵活就业人员有多少人参加了社保？")
    assert not answer.abstained
    assert "12.6万人" in answer.sentences[0].text


def test_agreeing_with_the_proposal_and_acknowledging_it_are_courtesies():
    assert COURTESY.search("提案中提出的“加强畜禽养殖粪污资源化利用”，我局高度认同。")
    assert COURTESY.search("对您的建议，我们完全赞同。")
    assert COURTESY.search("刘建国委员提出的《关于加强畜禽养殖粪污资源化利用的提案》（第0088号）收悉。")
    assert RECEIPT.search("根据提案办理分工，我局为会办单位，现提出会办意见如下：")
    assert not COURTESY.search("对收悉的群众来信，我局均在5个工作日内回复。")


def test_what_was_done_is_quoted_instead_of_the_agreement(quotes_engine):
    answer = quotes_engine.ask("潍坊畜禽养殖粪污资源化利用推广了什么设施？")
    assert not answer.abstained
    first = answer.sentences[0].text
    assert "堆肥池" in first and "高度认同" not in first


def test_two_sentences_the_question_cannot_tell_apart_are_quoted_together(quotes_engine):
    answer = quotes_engine.ask("南昌的医院在预约挂号上怎么照顾老年人？")
    assert not answer.abstained
    first = answer.sentences[0].text
    assert "现场号源" in first and "亲情代约" in first


def quote_of(text: str, piece: str) -> Quote:
    """The quote of the one clause of `text` (cut at 。 or ；) that starts with `piece`."""
    start = text.index(piece)
    end = min(i + 1 for i in (text.find("；", start), text.find("。", start)) if i >= 0)
    return Quote(1.0, start, end, text[start:end])


LIST = ("三、资金保障\n一是积极争取上级补助。2022年已争取省级补助资金4260万元，较上年增长12%；二是落实县级配套。"
        "县财政按每公里80万元安排配套资金；三是深化“路长制”。全县已设立路长1206名。")


@pytest.mark.parametrize("piece, quoted", [
    ("2022年已争取", "一是积极争取上级补助。2022年已争取省级补助资金4260万元，较上年增长12%；"),  # the item with its label
    ("县财政按", "二是落实县级配套。县财政按每公里80万元安排配套资金；"),
    ("全县已设立", "三是深化“路长制”。全县已设立路长1206名。"),
])
def test_a_list_of_measures_is_quoted_item_by_item_with_its_label(piece, quoted):
    assert whole_list_item(LIST, quote_of(LIST, piece), 180).text == quoted


def test_a_sentence_cut_at_a_semicolon_is_quoted_whole():
    text = "对查实的非法营运车辆依法暂扣车辆，并对驾驶人处3万元罚款；2022年共查处非法营运车辆57辆。同时公布举报电话。"
    whole = "对查实的非法营运车辆依法暂扣车辆，并对驾驶人处3万元罚款；2022年共查处非法营运车辆57辆。"
    assert whole_list_item(text, quote_of(text, "对查实"), 180).text == whole
    assert whole_list_item(text, quote_of(text, "2022年"), 180).text == whole
    assert whole_list_item(text, quote_of(text, "2022年"), 30).text == "2022年共查处非法营运车辆57辆。"  # too long


@pytest.mark.parametrize("question, quoted", [
    ("无锡用国产芯片算力的企业补贴比例是多少？", "对AI企业租用本市智算中心算力的，按合同金额的30%给予算力补贴"),  # the half before
    ("无锡算力券兑付要多长时间？", "二是简化兑付流程。"),  # the item's label
])
def test_a_quote_is_not_cut_mid_list_at_a_semicolon(quotes_engine, question, quoted):
    answer = quotes_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert quoted in answer.sentences[0].text


def test_the_problem_restated_is_told_from_a_measure_naming_it():
    assert PROBLEM.search("受私家车普及和人口外出影响，部分偏远线路客流下降，沿线学生、老人出行不便。")
    assert PROBLEM.search("部分早期建设的村道路面宽度不足，山区路段会车难问题仍较突出。")
    assert PROBLEM.search("企业反映高端人才引不进的问题较为突出。")
    assert not PROBLEM.search("2022年共查处非法营运车辆57辆。")


@pytest.mark.parametrize("question, quoted", [
    ("无锡的智算中心有哪些？", "已建成智算中心2个"),
    ("无锡算力券怎么申领？", "线上办理"),
])
def test_an_attachment_listed_by_its_title_is_not_quoted(quotes_engine, question, quoted):
    # "附件：1. 无锡市智算中心服务目录" shares the question's words and says nothing of what it names.
    answer = quotes_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert quoted in answer.sentences[0].text
    assert not any(s.text.startswith(("附件", "2.")) for s in answer.sentences)


def test_an_attachment_title_is_a_line_of_no_clause():
    assert ATTACHMENT_TITLE.match("附件：1. 安吉县2022年农村公路提档升级项目清单")
    assert ATTACHMENT_TITLE.match("2. 安吉县农村公路错车道设置标准")
    assert not ATTACHMENT_TITLE.match("连江渔港经济区 总投资12.4亿元 2023年9月开工 建设内容：黄岐中心渔港扩建、冷链物流中心")


def test_a_reply_among_several_is_quoted_through_its_paragraph(quotes_engine):
    # One reply's say in an answer gathering several runs on from its best sentence through the sentences
    # after it in its paragraph (what the measure came to), up to multi_quote_chars, and no further.
    answerer = quotes_engine.answerer
    reply = next(r for r in answerer.retriever.index.replies.values() if r.meta.agency == "无锡市工业和信息化局")
    section = next(s for s in reply.sections if s.text.startswith("2023年，全市新引进"))
    first = section.text.index("。") + 1
    ran = answerer.quotes.run_on(cite(reply, section.section_id, 0, first))
    assert ran.quote == section.text.strip() and "500万元" in ran.quote
    short = QuoteSelector(answerer.retriever, replace(answerer.config, multi_quote_chars=first + 5))
    assert short.run_on(cite(reply, section.section_id, 0, first)).quote == section.text[:first]


def test_a_sentence_writing_what_a_yes_no_question_asks_is_quoted(quotes_engine):
    # 会自动断电吗: the sentence writing 自动断电, not the siting rules that share 充电点 and 城中村.
    answer = quotes_engine.ask("柳州城中村的充电点要是过热起火会自动断电吗？")
    assert not answer.abstained, answer.focus
    assert "自动断电" in answer.answer


@pytest.mark.parametrize(("question", "sentence", "other"), [
    ("北京的口袋公园晚上关门吗", "我局已协调市属公园在夏季将闭园时间延长至晚上9点。", {"口袋", "公园"}),
    ("北京的口袋公园晚上关门吗", "口袋公园全部免费、全天开放。", set()),                # the kind asked
    ("北京的口袋公园晚上关门吗", "公园晚上9点关门。", set()),                          # the head alone: no other kind
    ("北京的口袋公园晚上关门吗", "市民可在公园内健身。", set()),                        # after a preposition
])
def test_a_head_written_only_in_other_compounds_is_another_kind(question, sentence, other):
    assert other_kinds(sentence, kinds_of_noun(question)) == other


def test_a_figure_the_paragraph_later_says_was_changed_is_quoted_with_the_change(quotes_engine):
    # The question's words choose "县财政按每人每月600元发放护林员补助"; the sum in force is the one raised this year
    # (800元), and the proposal's 1000元 is no change.
    answer = quotes_engine.ask("桐庐护林员补助每月多少钱？")
    assert not answer.abstained, answer.focus
    first = answer.sentences[0].text
    assert "600元" in first and "今年补助标准提高到每人每月800元" in first


def test_a_change_the_proposal_asked_for_is_no_change():
    assert revises("您建议将补助提高到每人每月1000元。") is None
    assert revises("您建议将补助提高到每人每月1000元，今年补助标准提高到每人每月800元。").group("number") == "800"


def test_a_quote_only_restating_the_proposal_says_nothing_of_what_is_done():
    assert says_only_the_proposal("您在建议中反映，孩子放学后无人看管的问题较为突出，建议延长学校课后服务时间。")
    assert says_only_the_proposal("随着学校布局调整，学生上学距离增加，家长接送负担加重。")
    assert not says_only_the_proposal("您反映的问题，我局已会同团市委研究，年内新增暑期托管班40个。")
    assert not says_only_the_proposal("学校可提供延时托管服务至18:00，由在校教师和志愿者轮流值守。")


def test_asked_what_is_done_the_proposal_restated_is_cited_after_the_measures(quotes_engine):
    # "孩子放学后怎么办": the opening restating the proposal shares the question's words; the measure does not. A reply
    # restates, then reports: the sections of measures are cited first.
    answer = quotes_engine.ask("宜昌孩子放学后怎么办？")
    assert not answer.abstained, answer.focus
    ranked = sorted(answer.citations, key=lambda c: c.rank)
    assert ranked[0].section_id != "intro" and "无人看管" not in ranked[0].quote
    assert any(c.section_id == "intro" for c in ranked), "the opening is still cited, after the measures"
