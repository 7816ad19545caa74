"""Whether the archive answers a question at all, read through the grammar of what is asked: a share asked
as 百分之几, a weight or an area asked in its unit, a superlative that singles out one thing, a quantity asked
through a verb of change. Real model, real FAISS/BM25 index over fictional replies from places no other
fixture uses (tests/fixtures/silence/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.asked import asked
from service.engine import Engine
from tests.conftest import index_with

SILENCE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "silence"


@pytest.fixture(scope="module")
def silence_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, SILENCE_FIXTURES, "silence")
    return Engine.load(settings, embedder=embedder)


@pytest.mark.parametrize("question, kind", [
    ("贷款年利率是百分之几？", "ratio"),
    ("占比提高了多少个百分点？", "ratio"),
    ("亩产能到多少公斤？", "count"),
])
def test_a_share_or_a_measure_is_asked_in_its_own_words(question, kind):
    assert asked(question).kind == kind


def test_a_weight_is_answered_in_weight_not_by_any_number():
    shape = asked("一年能产多少吨茶叶？").answers
    assert shape.search("新增库容41万吨") and shape.search("亩产520公斤")
    assert not shape.search("茶园12万亩") and not shape.search("加工厂34个")


def test_a_superlative_before_de_singles_out_one_thing_but_a_bound_before_a_verb_does_not():
    assert asked("种油茶最多的那个镇有多少亩油茶林？").ranked
    assert asked("树龄最大的那棵古树有多少年了？").ranked
    bound = asked("每户最多能贷多少？")
    assert not bound.ranked and bound.kind == "rate"


@pytest.mark.parametrize("question, quoted", [
    ("凯里油茶贷的贴息比例是百分之几？", "50%"),              # a share asked as 百分之几, stated as a share
    ("凯里油茶示范基地亩产能到多少公斤？", "520公斤"),         # a weight per 亩, stated in 公斤
    ("凯里种油茶最多的那个镇有多少亩油茶林？", "4.2万亩"),     # the reply names the largest town
    ("甘州区改造了多少公里供热管网？", "38公里"),
    ("甘州区供热管网热损失率降到百分之几？", "12%"),           # a fall asked, a fall stated
])
def test_what_the_reply_states_in_the_asked_shape_is_answered(silence_engine, question, quoted):
    answer = silence_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert any(quoted in s.text for s in answer.sentences), [s.text for s in answer.sentences]


@pytest.mark.parametrize("question", [
    "凯里油茶贷的贷款年利率是百分之几？",   # only the subsidy's share (50%) and a loan ceiling are stated
    "凯里的茶园一年能产多少吨茶叶？",       # areas in 亩 and a count of factories, no weight of tea
    "甘州区最早的那座热源厂是哪年建的？",   # the newest plant's year is stated, not the oldest one's
    "凯里油茶林最老的一片种了多少年？",
    "甘州区供暖一年要烧多少吨煤？",
    "甘州区供暖费每年涨了百分之几？",       # the reply waives 50% for some; it never says the fee rose
])
def test_a_figure_of_another_kind_or_of_another_thing_is_no_answer(silence_engine, question):
    answer = silence_engine.ask(question)
    assert answer.abstained, (answer.focus, [s.text for s in answer.sentences])


@pytest.mark.parametrize("question, quoted", [
    ("玉林现在村里有多少个互助养老点？", "412个"),                 # 村里 sets the place, as a place name does
    ("玉林村里的互助养老点一年能拿多少补贴？", "1万元"),
    ("玉林八十多岁的老人装那个呼叫的东西要钱吗？", "免费"),        # whether it costs: answered by 免费
    ("玉林的时间银行是怎么回事？", "时间银行"),                   # 怎么回事 names no act; every focus word is there
    ("凯里种油茶的大户还贷的那部分钱，能由财政来贴吗？", "贴息"),  # the clause asked in names 财政
])
def test_everyday_wording_of_what_the_reply_states_is_answered(silence_engine, question, quoted):
    answer = silence_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert any(quoted in s.text for s in answer.sentences), [s.text for s in answer.sentences]


@pytest.mark.parametrize("question", [
    "玉林留守老人每个月能领多少养老金？",                   # a subsidy per point is stated, no pension
    "玉林互助养老点吃一顿饭多少钱？",                       # meals are offered; no price is stated
    "玉林12349热线晚上几点以后就没人接了？",
    "甘州区的暖气费，能用微信交吗？",                       # the clause asked names a means the reply never names
    "凯里种油茶的大户还贷的那部分钱，能由保险公司来赔吗？",
])
def test_everyday_wording_of_what_the_reply_lacks_abstains(silence_engine, question):
    answer = silence_engine.ask(question)
    assert answer.abstained, (answer.focus, [s.text for s in answer.sentences])


def test_a_place_said_with_a_locative_scopes_the_question():
    from service.phrase import without_places

    assert without_places("村里的互助养老点").split() == ["的互助养老点"]
    assert without_places("县里的学校").split() == ["的学校"]  # (jieba tags 县里 a noun: the form decides)
    assert "窗口" in without_places("哪个窗口")  # a space word that is no place set by a locative


def test_whether_something_costs_is_asked_as_a_price():
    for question in ("装呼叫终端要钱吗？", "体检收不收费？", "课后服务免费吗？", "停车要不要钱？"):
        assert asked(question).kind == "money", question


def test_which_body_is_answered_only_by_a_name():
    from service.bodies import names_body

    assert asked("长期护理失能评估是哪家第三方机构做的？").body == "机构"
    assert names_body("申报材料由凯里市茶叶产业协会负责整理")         # a place makes the name its own
    assert names_body("选定“安康评估”公司开展评估")                   # so does a quoted name
    assert not names_body("由各市医保部门委托第三方评估机构组织开展评估")  # the kind alone names none
    assert not names_body("由具有资质的专业机构开展")


def test_a_body_named_by_the_reply_answers_and_an_unnamed_one_does_not(silence_engine):
    answer = silence_engine.ask("凯里红茶申请地理标志是哪家单位在弄？")
    assert not answer.abstained, answer.focus
    assert any("凯里市茶叶产业协会" in s.text for s in answer.sentences)
    # 志愿者 are named, and who organises them; no 协会 is
    assert silence_engine.ask("玉林探访留守老人的志愿者是哪个协会组织的？").abstained
    assert silence_engine.ask("甘州区的城东热源厂是哪家公司在运营？").abstained  # 供热企业, unnamed


def test_the_everyday_lexicon_maps_one_way():
    from service.synonyms import Synonyms

    synonyms = Synonyms([], {"暖气": ["供暖", "供热"], "装电梯": ["加装电梯"]})
    assert set(synonyms.of("暖气")) == {"供暖", "供热"}
    assert synonyms.of("供暖") == ()  # a reply's everyday word never holds a question's official one
    assert synonyms.everyday_in("老楼装电梯，暖气也不热") == ["装电梯", "暖气"]


def test_a_malformed_line_of_the_everyday_lexicon_says_where_it_is(tmp_path):
    from service.synonyms import LexiconError, read_everyday

    lexicon = tmp_path / "everyday.tsv"
    lexicon.write_text("# comment\n暖气\t供暖|供热\t水电气暖\n打电话\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"everyday.tsv:3"):
        read_everyday(lexicon)


def test_the_shipped_everyday_lexicon_reads():
    from service.synonyms import lexicon

    assert "供暖" in lexicon().official("暖气")
    assert lexicon().official("供暖") == ()


@pytest.mark.parametrize("question, quoted", [
    ("甘州区暖气费每平方米多少钱？", "21元"),                  # 暖气费: the reply writes 供暖费
    ("海勃湾区暖气坏了打电话多久上门？", "4小时"),             # 打电话, 暖气: 服务热线, 供热
])
def test_an_everyday_word_is_held_where_the_reply_writes_its_official_term(silence_engine, question, quoted):
    answer = silence_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert any(quoted in s.text for s in answer.sentences), [s.text for s in answer.sentences]


@pytest.mark.parametrize("question", [
    "海勃湾区暖气费每平方米多少钱？",     # 供热费 is written (refunded by the day), no price per 平方米
    "甘州区的公租房租金每平方米多少钱？",  # 公租房's official term is nowhere; a price of heating is no rent
])
def test_an_everyday_word_whose_fact_is_not_written_still_abstains(silence_engine, question):
    answer = silence_engine.ask(question)
    assert answer.abstained, (answer.focus, [s.text for s in answer.sentences])


def test_a_distributive_is_no_word_the_evidence_must_hold(silence_engine):
    from service.phrase import frame_words

    tokenizer = silence_engine.tokenizer
    assert {"各区", "分别"} <= frame_words("各区托育机构分别有多少家？", tokenizer)
    assert "各自" in frame_words("两个县各自补了多少？", tokenizer)
    answer = silence_engine.ask("各区供热管网分别改造了多少？")
    assert not answer.abstained and answer.evidence == 1.0, answer.evidence
    quoted = {c.agency for c in answer.citations if c.in_answer}  # each district's own reply
    assert {"张掖市甘州区住房和城乡建设局", "乌海市海勃湾区住房和城乡建设局"} <= quoted, quoted


@pytest.mark.parametrize("question, quoted", [
    ("海勃湾区明年重点改哪些片区？", "滨河片区"),            # a reply of 2021: 明年 is 2022, which it writes
    ("甘州区去年改造了多少公里管网？", "38公里"),            # a reply of 2023: 去年 is 2022
])
def test_a_year_said_relative_to_now_is_read_against_the_replys_own(silence_engine, question, quoted):
    answer = silence_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert any(quoted in s.text for s in answer.sentences), [s.text for s in answer.sentences]


@pytest.mark.parametrize("question", [
    "海勃湾区去年改造了多少公里管网？",   # the reply of 2021 dates its figures 2021 and 2022, none 2020
    "海勃湾区后年计划改造多少公里管网？",
])
def test_a_sentence_dated_to_another_year_than_the_relative_one_asked_abstains(silence_engine, question):
    answer = silence_engine.ask(question)
    assert answer.abstained, (answer.focus, [s.text for s in answer.sentences])


def test_a_thing_named_by_its_number_is_that_one(silence_engine):
    from service.phrase import numbered_names

    assert numbered_names("地铁21号线浦东段什么时候通车？") == ["21号线"]
    assert numbered_names("12路公交车几点收班？") == ["12路"]
    assert numbered_names("中山路101号在哪？") == []  # an address's street is no numbered name
    # the reply names the bus routes that detour by their numbers, 1路 and 6路
    assert not silence_engine.ask("海勃湾区修管网的时候，6路公交车怎么绕行？").abstained
    assert silence_engine.ask("海勃湾区修管网的时候，12路公交车怎么绕行？").abstained
    assert silence_engine.ask("海勃湾区修管网的时候，2路公交车怎么绕行？").abstained


def test_a_sentence_on_another_institution_does_not_answer_for_the_one_asked():
    from indexer.lexical import Tokenizer
    from service.bodies import names_another_body

    tokenizer = Tokenizer()
    question = "贵阳幼儿师范学校的学前教育专业去年招了多少学生？"
    assert names_another_body(question, "遵义市职业技术学校开设学前教育专业，每年招生300名。", tokenizer)
    assert not names_another_body(question, "贵阳幼儿师范学校学前教育专业2018年招收学生120名。", tokenizer)
    assert not names_another_body(question, "学前教育专业每年招生120名。", tokenizer)  # no other body named
    # an office named is who answers, not an institution asked about
    assert not names_another_body("遵义市教育局招了多少老师？", "遵义市职业技术学校每年招生300名。", tokenizer)


def test_bm25_may_also_search_the_official_terms_of_an_everyday_word(silence_engine):
    from dataclasses import replace

    from service.retrieve import Retriever

    retriever = silence_engine.answerer.retriever
    question = "暖气费每平方米多少钱？"
    tokens = retriever.tokenizer.tokenize(question)
    assert retriever.with_official_terms(question, tokens) == tokens  # off by default (eval config everyday-terms)
    searching = Retriever(retriever.index, retriever.embedder, retriever.tokenizer,
                          replace(retriever.config, everyday_terms=True))
    assert {"供暖", "供暖费"} <= set(searching.with_official_terms(question, tokens)) - set(tokens)


def test_a_sum_asked_per_piece_is_answered_by_a_sum_per_piece():
    shape = asked("四川藏族唐卡一幅能卖多少钱？").answers
    assert shape.search("每幅唐卡售价3000元") and asked("太原加装电梯每台补多少钱？").answers.search("目前太原市对每台加装电梯补助20万元")
    assert asked("香菇一斤多少钱？").answers.search("香菇收购价12元/斤")
    assert not shape.search("目前太原市对每台加装电梯补助20万元")  # a sum per another piece (tests/test_plain_forms.py)
    assert not shape.search("带动贫困户居家就业，人均年增收4000元以上")  # an income, not what one piece fetches
    assert asked("一次性补多少钱？").answers.search("给予一次性补助5000元")  # 一次性 is once for all, no piece
    assert asked("一般要花多少钱？").answers.search("总投资4600万元")


def test_a_total_does_not_say_what_one_piece_costs(silence_engine):
    answer = silence_engine.ask("凯里油茶贷一户最多能贷多少钱？")
    assert not answer.abstained and any("50万元" in s.text for s in answer.sentences)  # 单户最高可贷50万元
    # the plan's 4600万元 pays for 15公里: the reply never says what one 公里 costs
    assert silence_engine.ask("海勃湾区供热管网改造一公里要花多少钱？").abstained
