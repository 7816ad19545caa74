"""The government-document grammar (indexer/grammar.py): numbers, dates, categories, agencies."""

from __future__ import annotations

import re

import pytest

from indexer import grammar
from indexer.lexical import load_alias_groups


@pytest.mark.parametrize(
    ("line", "expected", "reply_id"),
    [
        ("浦科经委办理（2025）61号", "浦科经委办理（2025）61号", "浦科经委办理-2025-61"),
        ("教建议〔2024〕第123号", "教建议〔2024〕第123号", "教建议-2024-123"),
        ("X函〔2024〕45号", "X函〔2024〕45号", "X函-2024-45"),
        ("浙海渔提[2024]12号", "浙海渔提[2024]12号", "浙海渔提-2024-12"),
        ("川教函(2023)8号", "川教函(2023)8号", "川教函-2023-8"),
        ("浦科经委办理（ 2025 ） 61 号", "浦科经委办理（2025）61号", "浦科经委办理-2025-61"),
        ("国办函﹝2021﹞5号", "国办函﹝2021﹞5号", "国办函-2021-5"),  # the small brackets many sites use for 〔〕
        ("黔交建〖2021〗105号", "黔交建〖2021〗105号", "黔交建-2021-105"),
    ],
)
def test_document_numbers_in_every_bracket_style(line, expected, reply_id):
    assert grammar.parse_doc_number(line) == expected
    assert grammar.doc_number_id(expected) == reply_id


def test_a_title_is_not_a_document_number():
    assert grammar.parse_doc_number("对某会议第 57 号提案的答复") is None
    assert grammar.parse_doc_number("（2025）61号") is None  # no issuing code: a reference, not a header line


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("2024年6月12日", "2024-06-12"),
        ("二〇二四年六月十二日", "2024-06-12"),
        ("二○一九年十二月三十一日", "2019-12-31"),
        ("2024-06-12 印发", "2024-06-12"),
        ("2024.6.12", "2024-06-12"),
        ("2024 年 6 月 12 日", "2024-06-12"),
        ("（2023年5月8日）", "2023-05-08"),
    ],
)
def test_date_lines_in_arabic_or_chinese_numerals(line, iso):
    assert grammar.parse_date_line(line) == iso


def test_a_sentence_with_a_date_is_not_a_date_line():
    assert grammar.parse_date_line("2024年6月12日，我厅召开了座谈会。") is None
    assert grammar.parse_date_line("2024年13月40日") is None


@pytest.mark.parametrize(
    ("title", "session", "numbers", "kind"),
    [
        ("对浦东新区政协七届四次会议第 057 号提案的答复", "浦东新区政协七届四次会议", ["057"], "提案"),
        ("关于市十六届人大二次会议第0123号代表建议的答复", "市十六届人大二次会议", ["0123"], "建议"),
        ("关于十四届全国人大二次会议第1234号建议的答复", "十四届全国人大二次会议", ["1234"], "建议"),
        ("对省政协十二届三次会议第045号、第112号提案的答复", "省政协十二届三次会议", ["045", "112"], "提案"),
        ("成都市教育局关于市政协十八届二次会议第210号提案的会办意见", "市政协十八届二次会议", ["210"], "提案"),
        # The CPPCC's full name holds 会议 itself: the session is the whole formal name.
        ("关于中国人民政治协商会议第十三届北京市委员会第二次会议第0123号提案的答复",
         "中国人民政治协商会议第十三届北京市委员会第二次会议", ["0123"], "提案"),
    ],
)
def test_session_and_every_proposal_number_of_a_title(title, session, numbers, kind):
    assert grammar.find_session(title) == session
    assert grammar.find_proposal_numbers(title) == numbers
    assert grammar.proposal_kind(title) == kind


@pytest.mark.parametrize(
    ("category", "resolution"),
    [
        ("解决或采纳", "A"), ("A", "A"), ("A类", "A"), ("（A类）", "A"), ("已解决或基本解决", "A"),
        ("列入计划拟解决", "B"), ("B类（正在解决或列入计划解决）", "B"), ("正在解决", "B"),
        ("正在办理", "B"), ("落实中", "B"), ("列入2026年建设计划", "B"), ("正在推进", "B"),
        ("留作参考", "C"), ("因条件限制暂不能解决", "C"), ("C", "C"), ("D", "C"), ("D类", "C"),
        ("主动公开", None), (None, None),
    ],
)
def test_resolution_letters_and_words_normalise_to_a_b_c(category, resolution):
    assert grammar.resolution(category) == resolution


@pytest.mark.parametrize(
    ("question", "serials", "documents"),
    [
        ("38号楼的加装电梯怎么申请？", set(), set()),
        ("地铁16号线什么时候延伸？", set(), set()),
        ("057号提案是谁答复的？", {57}, set()),
        ("第0318号代表建议办得怎么样", {318}, set()),
        ("提案（第 57 号）的答复", {57}, set()),
        ("浦科经委办理（ 2025 ）61号讲了什么", set(), {"2025-61"}),
    ],
)
def test_only_a_proposal_or_document_number_names_a_reply(question, serials, documents):
    assert grammar.referenced_numbers(question) == (serials, documents)


@pytest.fixture(scope="module")
def groups():
    return load_alias_groups()


def test_agency_levels_and_places():
    assert grammar.parse_agency("上海市浦东新区科技和经济委员会") == grammar.Agency(("上海市", "浦东新区"), "district", "科技和经济委员会")
    assert grammar.parse_agency("市科委").level == "city"
    assert grammar.parse_agency("浙江省教育厅").level == "province"
    assert grammar.parse_agency("中华人民共和国教育部").level == "national"
    assert grammar.parse_agency("教育部").level == "national"
    assert grammar.parse_agency("城市管理行政执法局").level is None  # 城市 is not a place
    assert grammar.parse_agency("市场监督管理局").level is None  # nor is 市场 a city
    # 市 inside a body's name opens a word (市容, 市场), not a place: 绿化和市 is no city.
    assert grammar.parse_agency("上海市浦东新区绿化和市容管理局") == grammar.Agency(
        ("上海市", "浦东新区"), "district", "绿化和市容管理局")
    assert grammar.parse_agency("杭州市西湖区城乡建设和市场发展局").core == "城乡建设和市场发展局"


def test_an_agency_without_its_places_and_the_places_people_name():
    assert grammar.without_places("上海市浦东新区科技和经济委员会") == "科技和经济委员会"
    assert grammar.without_places("中华人民共和国教育部") == "教育部"
    assert grammar.without_places("区科经委") == "区科经委"  # a short form keeps its level word
    assert grammar.without_places("上海市城市管理行政执法局") == "城市管理行政执法局"
    assert grammar.place_names("成都市武侯区教育局") == ["成都市", "成都", "武侯区", "武侯"]
    assert grammar.place_names("恩施土家族苗族自治州民政局") == ["恩施土家族苗族自治州", "恩施"]
    assert grammar.place_names("琼中黎族苗族自治县交通运输局") == ["琼中黎族苗族自治县", "琼中"]
    assert grammar.place_names("新疆维吾尔自治区教育厅") == ["新疆维吾尔自治区", "新疆"]  # (a nationality without 族)
    assert grammar.place_names("内蒙古自治区林业和草原局") == ["内蒙古自治区", "内蒙古"]  # (no nationality: 蒙古 stays)
    assert grammar.place_names("教育部") == []


def test_agency_names_end_like_a_body():
    assert all(grammar.is_agency_name(n) for n in ("科技和经济委员会", "区科经委", "教育部", "区政府办公室", "浙江省教育厅"))
    assert not any(grammar.is_agency_name(n) for n in ("人工智能", "联系电话", "政协提案"))


def test_same_agency_keeps_district_city_province_and_nation_apart(groups):
    pudong = "上海市浦东新区科技和经济委员会"
    assert grammar.same_agency("区科经委", pudong, groups)
    assert grammar.same_agency("科经委", pudong, groups)
    assert grammar.same_agency("浦东新区科经委", pudong, groups)
    assert not grammar.same_agency("市科委", pudong, groups)
    assert not grammar.same_agency("市教委", "上海市浦东新区教育局", groups)
    assert not grammar.same_agency("省教育厅", "教育部", groups)
    assert not grammar.same_agency("杭州市教育局", "宁波市教育局", groups)
    assert grammar.same_agency("教育厅", "浙江省教育厅", groups)


def test_agency_key_is_one_per_agency(groups):
    keys = {grammar.agency_key(n, groups) for n in ("上海市浦东新区科技和经济委员会", "区科经委", "浦东新区科经委",
                                                     "上海市浦东新区科技和经济委员会办公室")}
    assert len(keys) == 1
    assert grammar.agency_key("市科委", groups) not in keys


def test_alias_mentions_respect_word_and_level_boundaries():
    assert not grammar.mentions("please email me", "ai")
    assert not grammar.mentions("how to maintain it", "ai")
    assert grammar.mentions("ai 大模型", "ai")
    assert not grammar.mentions("市科委的政策", "科委", "district")
    assert grammar.mentions("区科委的政策", "科委", "district")
    assert grammar.mentions("区市场监管局", "市场监管局", "district")


def test_reply_ids_keep_the_serial_as_written():
    assert grammar.doc_number_id("浦数据办理（2025）06号") == "浦数据办理-2025-06"
    assert grammar.find_doc_numbers("浦数据办理（2025）06号")[0].key == "2025-6"


@pytest.mark.parametrize("text, number", [
    ("1.1万余起", "1.1万余"), ("三百余名", "三百余"), ("4.2万个", "4.2万"), ("两所", "两"), ("5200余名", "5200余"),
])
def test_a_number_as_replies_write_it(text, number):
    assert re.match(grammar.NUMBER, text).group(0).replace(" ", "") == number



@pytest.mark.parametrize("wanted, session, same", [
    ("七届四次", "浦东新区政协七届四次会议", True),
    ("七届四次", "中国人民政治协商会议上海市浦东新区第七届委员会第四次会议", True),
    ("政协第七届第四次会议", "中国人民政治协商会议上海市浦东新区第七届委员会第四次会议", True),
    ("7届4次", "浦东新区政协七届四次会议", True),
    ("全国人大十四届二次", "十四届全国人大二次会议", True),
    ("全国人大十四届二次", "政协十四届全国委员会第二次会议", False),  # another body
    ("七届四次", "浦东新区政协七届三次会议", False),
    ("浦东新区政协", "浦东新区政协七届四次会议", True),  # part of the name, as before
    ("七届四次", None, False),
])
def test_a_session_filter_names_a_term_and_sitting_however_written(wanted, session, same):
    from indexer.grammar import same_session

    assert same_session(wanted, session) is same


@pytest.mark.parametrize("wanted, category, same", [
    ("A", "解决或采纳", True), ("A", "已经解决", True), ("解决或采纳", "A类", True), ("已解决", "（A类）", True),
    ("B", "列入计划拟解决", True), ("留作参考", "D", True), ("C", "因条件限制暂不能解决", True),
    ("A", "列入计划拟解决", False), ("B", "解决或采纳", False), ("A", None, False),
])
def test_a_result_filter_names_its_class_however_a_place_writes_it(wanted, category, same):
    from indexer.grammar import same_resolution

    assert same_resolution(wanted, category) is same


def test_a_body_named_zhongguo_is_national_and_called_without_it():
    # 中国气象局, 中国民用航空局 are national bodies as 国家… ones are; people call them 气象局, 民航局.
    assert grammar.parse_agency("中国气象局").level == "national"
    assert grammar.parse_agency("中国民用航空局").level == "national"
    assert grammar.without_nation("中国气象局") == "气象局"
    assert grammar.without_nation("国家粮食和物资储备局") == "粮食和物资储备局"
    # A zone or the party that opens with 中国 is no national body; a name that leaves too little stays whole.
    assert grammar.parse_agency("中国（上海）自由贸易试验区管理委员会").level != "national"
    assert grammar.without_nation("中国共产党浦东新区委员会") == "中国共产党浦东新区委员会"
    assert grammar.without_nation("国家局") == "国家局"
