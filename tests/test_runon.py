"""A quote that lacks what the question asks runs on into the next sentence of its paragraph when that one holds
it (a count, a number to call, the act asked about); a sum asked for one thing is a rate; 多长 asks a length of a
way; a contact asked as an act (打哪个电话问, 找谁咨询) is the contact field. Real model, real FAISS/BM25 index
over fictional replies (tests/fixtures/runon/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.answer import AnswerConfig
from service.engine import Engine
from service.figures import asked_units, carried, figure_pattern
from service.quotes import Quote, with_what_it_lacks
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "runon"


@pytest.fixture(scope="module")
def runon_settings(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder):
    return index_with(tmp_path_factory, embedder, archive, FIXTURES, "runon")


@pytest.fixture(scope="module")
def runon_engine(runon_settings, embedder) -> Engine:
    return Engine.load(runon_settings, embedder=embedder)


@pytest.fixture(scope="module")
def word_engine(runon_settings, embedder) -> Engine:
    """The same index, quotes never running on for what they lack."""
    return Engine.load(runon_settings, embedder=embedder, answer=AnswerConfig(run_on_for_fact=False))


def quoted(engine: Engine, question: str) -> str:
    """The answer's quotes however the focus check decides (it judges whether to answer, not which sentence)."""
    answerer = engine.answerer
    answer = answerer.respond(question, answerer.retriever.search(question, k=5), 5, allow_abstain=False)
    return said(answer)


@pytest.mark.parametrize("question, fact", [
    ("伊宁市利用闲置地建的口袋公园有多少个？", "37处"),               # a count (in 处), not the 22时 before it
    ("伊宁市夜间施工噪音扰民，城管的热线是多少？", "12319"),         # a number to call
    ("涪城区课后服务另收其他费用怎么反映？", "0816-2356018"),          # the act asked (反映)
])
def test_the_fact_in_the_next_sentence_of_the_paragraph_is_quoted(runon_engine, word_engine, question, fact):
    assert fact in quoted(runon_engine, question)
    assert fact not in quoted(word_engine, question), "the words alone must choose the sentence before it"


def test_a_run_on_stays_in_its_paragraph_and_keeps_the_quote_when_it_holds_the_fact():
    text = "我局建设口袋公园，开放至22时。\n截至2022年5月，全市已建成37处。"
    sentences = [(0, 15, "我局建设口袋公园，开放至22时。", []), (16, len(text), text[16:], [])]
    first = Quote(1.0, 0, 15, text[:15])
    needs = carried("建了多少口袋公园？", "count", None, None)
    assert with_what_it_lacks(text, first, sentences, needs, 180) == first  # a line break ends the paragraph
    joined = text.replace("\n", "")
    sentences = [(0, 15, "我局建设口袋公园，开放至22时。", []), (15, len(joined), joined[15:], [])]
    assert with_what_it_lacks(joined, first, sentences, needs, 180).text == joined
    assert with_what_it_lacks(joined, first, sentences, needs, 20).text == joined[15:]  # too long for both: the fact
    counted = Quote(1.0, 15, len(joined), joined[15:])
    assert with_what_it_lacks(joined, counted, sentences, needs, 180) == counted


def test_a_number_to_call_is_a_phone_or_a_hotline_never_a_sum():
    needs = carried("城管的热线是多少？", "count", None, None)
    for said_ in ("可拨打12319城管服务热线", "联系电话：0999-8036412", "拨打96110咨询"):
        assert needs.search(said_), said_
    for sum_ in ("每户补助15000元", "共培训12000人"):
        assert not needs.search(sum_), sum_


def test_a_sum_asked_for_one_thing_is_a_rate_not_a_total(runon_engine):
    figure = figure_pattern("伊宁市新建一座公厕市里补多少钱？")
    assert figure.search("市财政按每座8万元给予奖补") and not figure.search("共安排资金1560万元")
    for total in ("公厕改造一共花了多少钱？", "一年补多少钱？"):
        assert figure_pattern(total).search("共安排资金1560万元"), total
    said_ = quoted(runon_engine, "伊宁市新建一座公厕市里补多少钱？")
    assert "每座8万元" in said_, said_


def test_how_long_asks_a_length_of_a_way_and_a_time_of_anything_else(runon_engine):
    assert asked_units("滨河绿道有多长？") == ("公里", "千米", "厘米", "毫米", "米")
    assert asked_units("修了多长的路？") == ("公里", "千米", "厘米", "毫米", "米")
    for question in ("工期多长？", "审批要多长时间？", "假期有多长？"):
        assert "公里" not in asked_units(question) and "天" in asked_units(question), question
    both = asked_units("要多长？")
    assert "公里" in both and "天" in both  # said of nothing: the unit a candidate is written in decides
    said_ = quoted(runon_engine, "伊宁滨河绿道有多长？")
    assert "12.6公里" in said_, said_


@pytest.mark.parametrize("question", [
    "伊宁口袋公园那个答复打哪个电话问？",
    "伊宁市口袋公园这事找谁咨询一下？",
    "伊宁城管局公厕改造的事联系谁？",
])
def test_a_contact_asked_as_an_act_is_answered_from_the_contact_field(runon_engine, question):
    answer = runon_engine.ask(question)
    assert answer.kind == "field" and not answer.abstained, answer.answer
    assert answer.sentences[0].field == "contact" and "0999-8036412" in answer.answer, answer.answer


@pytest.mark.parametrize("question, fact", [
    # a yes/no question shares its words with the proposal restated; the verdict after the reasons answers it
    ("嘉峪关会不会给夜市摊主发租金补贴？", "条件尚不具备"),
    # a when-question finds the work reported by its words (2023年，我局安排…); the deadline follows it
    ("嘉峪关雄关夜市公厕和照明线路改造什么时候完工？", "2023年10月底前"),
])
def test_a_verdict_or_a_deadline_after_the_sentence_the_words_choose_is_quoted(runon_engine, word_engine, question, fact):
    assert fact in quoted(runon_engine, question)
    assert fact not in quoted(word_engine, question), "the words alone must choose the sentence before it"


def test_a_ruling_against_a_proposal_denies_it_or_grants_it_in_part():
    from service.quotes import ruling_clauses

    def rules_against(sentence: str, proposition: str = "") -> bool:
        return bool(ruling_clauses(sentence, proposition))

    assert rules_against("对网络文学作者个人作品登记费用予以减半收取。", "要交全额费用")  # granted in part
    # A charge halved rules on paying, not on receiving or doing something else.
    assert not rules_against("80周岁以上老年人减半收取。", "能领取暖补贴")
    assert not rules_against("80周岁以上老年人减半收取，可持社保卡刷卡结算。", "能刷信用卡")
    assert rules_against("现阶段区财政难以承担。") and rules_against("目前条件尚不具备。")
    assert not rules_against("我局将于2024年底前出台实施细则。")  # a promise grants it
    assert not rules_against("目前共有督导员310名。")
    # A ticket bought is a charge paid (买…票, as a question names it: service/charges.py), a taxi (出租车) is none.
    assert rules_against("60周岁以上老年人购票享受半价优惠。", "要买全票")
    assert not rules_against("新能源出租车运价实行八折优惠。", "能刷卡坐出租车")


def test_a_negation_governs_its_own_clause():
    from service.quotes import ruling_clauses

    # the clause the negation stands in, and whether it ends there with no object of its own
    assert ruling_clauses("督导员补贴按季度发放，部分居民仍无法准确分类投放垃圾。") == (
        ("部分居民仍无法准确分类投放垃圾", False),)
    assert ruling_clauses("全区推开后所需资金较大，现阶段区财政难以承担。") == (("现阶段区财政难以承担", True),)
    assert ruling_clauses("另设专项补助的条件尚不具备。") == (("另设专项补助的条件尚不具备", True),)
    assert ruling_clauses("对作者个人作品登记费用予以减半收取。", "要交全额费用") == (("对作者个人作品登记费用予以减半收取", True),)


def test_a_verdict_run_on_stops_at_the_paragraph_and_at_another_proposal():
    from service.quotes import says_verdict, with_its_verdict

    assert says_verdict("另设专项补助的条件尚不具备。") and says_verdict("目前暂不将其纳入正式统计。")
    assert says_verdict("我局将于2024年底前出台实施细则。")  # a promise says yes
    assert not says_verdict("煤矿智能化改造属于企业技术改造，主要由企业自主投入。")
    # a cost the office cannot bear, and a proposal against the rules, are declined
    assert says_verdict("现阶段区财政难以承担。") and says_verdict("全额由省级承担不符合现行事权划分。")
    text = "您建议设立专项补助。补助主要由企业自主投入。\n另设专项补助的条件尚不具备。"
    sentences = [(0, 10, "您建议设立专项补助。", []), (10, 22, "补助主要由企业自主投入。", []), (23, len(text), text[23:], [])]
    first = Quote(1.0, 0, 10, text[:10])
    assert with_its_verdict(text, first, sentences, 180) == first  # a line break ends the paragraph
    text = "您建议设立专项补助。您还建议减免税费。另设专项补助的条件尚不具备。"
    sentences = [(0, 10, "您建议设立专项补助。", []), (10, 19, "您还建议减免税费。", []), (19, len(text), text[19:], [])]
    assert with_its_verdict(text, first, sentences, 180) == first  # another proposal restated is another matter
    text = "您建议设立专项补助。补助主要由企业自主投入。另设专项补助的条件尚不具备。"
    sentences = [(0, 10, "您建议设立专项补助。", []), (10, 22, "补助主要由企业自主投入。", []), (22, len(text), text[22:], [])]
    assert with_its_verdict(text, first, sentences, 180).text == text  # on through the reasons to the verdict
    assert with_its_verdict(text, first, sentences, 20).text == text[22:]  # ...or to the verdict alone when too long


def test_a_proposal_restated_and_passed_on_to_another_body_runs_on_to_the_verdict():
    """"…属财政部职责范围，我委已将您的意见转送财政部研究" answers in a clause of the office's own, but a referral says
    neither yes nor no: the quote runs on to the verdict the paragraph gives (条件尚不具备)."""
    from service.quotes import restated_and_referred, with_its_verdict

    referred = "您建议单独设立专项基金，属财政部职责范围，我委已将您的意见转送财政部研究。"
    assert restated_and_referred(referred)
    assert not restated_and_referred("您建议设立专项基金，我委已将其纳入明年工作计划。")  # taken up, not passed on
    assert not restated_and_referred("我委已将您的意见转送财政部研究。")  # no proposal restated
    text = referred + "目前国家正在整合专项资金，新设专项的条件尚不具备。"
    sentences = [(0, len(referred), referred, []), (len(referred), len(text), text[len(referred):], [])]
    first = Quote(1.0, 0, len(referred), referred)
    assert with_its_verdict(text, first, sentences, 180).text == text


def test_a_when_question_needs_a_promised_deadline_not_a_year_a_report_opens_with():
    from service.quotes import PromisedDeadline

    deadline = PromisedDeadline()
    assert deadline.search("改造工作计划于2023年10月底前完成，确保国庆后投入使用。")
    assert not deadline.search("2023年，我局安排资金120万元，支持雄关夜市改造公厕。")


def test_which_firms_are_asked_by_name_and_a_count_of_them_does_not_answer(runon_engine):
    from service.asked import asked

    found = asked("嘉峪关便民摊点示范街区的样本企业具体是哪几家？")
    assert found.kind is None and found.body == "企业"  # 哪几家 asks which, not how many
    assert asked("示范街区有几家企业？").kind == "count"
    assert runon_engine.ask("嘉峪关便民摊点示范街区的样本企业具体是哪几家？").abstained
    assert not runon_engine.ask("嘉峪关便民摊点示范街区有几家样本企业？").abstained
