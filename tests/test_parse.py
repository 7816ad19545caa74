"""Parsing the real reply (corpus/) and edge cases of the reply structure."""

from __future__ import annotations

import re

import pytest

from indexer.parse import ParseError, parse_reply, repair_page_breaks
from tests.conftest import REAL_REPLY


@pytest.fixture(scope="module")
def real():
    return parse_reply(REAL_REPLY.read_text(encoding="utf-8"), REAL_REPLY.name)


def test_real_reply_metadata_has_exact_values(real):
    meta = real.meta
    assert real.reply_id == "浦科经委办理-2025-61"
    assert real.title == "对浦东新区政协七届四次会议第 057 号提案的答复"
    assert meta.agency == "上海市浦东新区科技和经济委员会"
    assert meta.doc_number == "浦科经委办理（2025）61号"
    assert meta.session == "浦东新区政协七届四次会议"
    assert meta.proposal_number == "057"
    assert meta.proposal_kind == "提案"
    assert meta.proposal_title == "关于促进 AIGC 产业高质量发展助推浦东国际消费中心建设的建议"
    assert meta.addressee == "浦东新区工商联"
    assert meta.date == "2025-05-07"
    assert meta.year == 2025
    assert meta.category == "解决或采纳"
    assert meta.publicity == "主动公开"
    assert meta.contact.name == "卿逸男"
    assert meta.contact.phone == "58788388-64516"
    assert meta.contact.address == "浦东新区世纪大道2001号"
    assert meta.contact.postcode == "200135"
    assert meta.cc == ["区政府办公室", "区政协提案委"]


def test_real_reply_section_tree(real):
    top = [s for s in real.sections if s.kind == "body" and s.level == 1]
    assert [s.heading for s in top] == ["一、对本提案的办理概述", "二、对提案建议的答复"]
    under_two = [s for s in real.sections if s.level == 2 and s.path[0] == "二、对提案建议的答复"]
    assert [s.section_id for s in under_two] == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    assert under_two[2].path == ["二、对提案建议的答复", "（三）持续加大 AI 人才引育，强化专业队伍建设"]
    assert [s.kind for s in real.sections] == [
        "header", "intro", "body", "body", "body", "body", "body", "body", "body", "conclusion", "closing"
    ]


def test_section_text_is_its_own_not_its_childrens(real):
    two = real.section("2")
    assert two.text.startswith("浦东新区作为全国首个人工智能创新应用先导区")
    assert "产业政策方面" not in two.text
    assert real.section("2.1").text.startswith("产业政策方面")


def test_header_and_closing_are_citable_sections(real):
    assert "浦科经委办理（2025）61号" in real.section("header").text
    closing = real.section("closing").text
    assert "2025年5月7日" in closing and "联系电话：58788388-64516" in closing
    assert real.section("conclusion").text.startswith("下一步，浦东将充分发挥引领区战略优势")


@pytest.mark.parametrize("joined", ["加大逆周期", "金融创新支持", "人才储备基础", "场景研发"])
def test_page_break_split_is_rejoined(real, joined):
    assert any(joined in s.text for s in real.sections)


def test_bold_markers_are_formatting_not_text(real):
    assert all("**" not in s.text for s in real.sections)
    assert "一是出台各项人才政策。" in real.section("2.3").text


def test_no_body_character_is_lost(real):
    original = REAL_REPLY.read_text(encoding="utf-8").replace("**", "")
    parsed = "".join(s.heading + s.text for s in real.sections)
    missing = [ch for ch in re.sub(r"\s", "", original)]
    counts_original: dict[str, int] = {}
    for ch in missing:
        counts_original[ch] = counts_original.get(ch, 0) + 1
    counts_parsed: dict[str, int] = {}
    for ch in re.sub(r"\s", "", parsed):
        counts_parsed[ch] = counts_parsed.get(ch, 0) + 1
    lost = {ch: n - counts_parsed.get(ch, 0) for ch, n in counts_original.items() if counts_parsed.get(ch, 0) < n}
    assert lost == {}


def test_page_break_repair_keeps_real_paragraph_ends():
    paragraphs = ["（一）标题行没有标点", "第一段正文很长" * 8 + "。", "第二段" * 20, "继续的文字。"]
    repaired = repair_page_breaks(paragraphs)
    assert repaired == ["（一）标题行没有标点", "第一段正文很长" * 8 + "。", "第二段" * 20 + "继续的文字。"]


def test_a_table_typed_with_ideographic_spaces_keeps_its_rows():
    # Rows whose cells an ideographic space separates, under a heading; each row longer than a page-break
    # cut may be, none ending in punctuation. Read as prose, each row was glued to the next.
    rows = ["黔东南州农村客运站点  建设数量（个）  总投资（万元）  建设内容：候车亭、招呼站和停靠港湾的新建与改造",
            "凯里市及周边镇村  46  1380  建设内容：候车亭、招呼站和停靠港湾的新建与改造工程，同步完善标识",
            "雷山县　12　360　建设内容：候车亭、招呼站和停靠港湾的新建与改造工程，同步完善标识标牌"]
    text = ("办理结果：B\n\n黔东南州交通运输局\n\n黔东南交函〔2023〕18号\n\n对州十四届人大二次会议第0043号建议的答复\n\n"
            "李　明代表：\n\n您提出的建议收悉，现答复如下。\n\n一、建设安排\n\n"
            + "\n\n".join(row.replace("  ", "\u3000") for row in rows)
            + "\n\n二、下一步\n\n我局将按季度调度进展。\n\n黔东南州交通运输局\n\n2023年6月2日")
    reply = parse_reply(text, "qdn.txt")
    assert reply.section("1").text.split("\n") == [row.replace("雷山县　12　360　", "雷山县  12  360  ") for row in rows]
    assert "李 明" in reply.meta.addressee or "李明" in reply.meta.addressee  # a padded name is no table


def test_out_of_sequence_marker_stays_text():
    text = (
        "办理结果：解决或采纳\n\n某区教育局\n\n浦教办理（2024）3号\n\n对某会议第 1 号提案的答复\n\n张三委员：\n\n"
        "一、总体情况\n\n正文。\n\n3. 这不是编号，只是一句以数字开头的话。\n\n二、具体措施\n\n措施正文。\n\n2024年3月1日"
    )
    reply = parse_reply(text, "x.txt")
    ids = [s.section_id for s in reply.sections if s.kind == "body"]
    assert ids == ["1", "2"]
    assert "3. 这不是编号" in reply.section("1").text


def test_inline_heading_and_lower_levels():
    text = (
        "浦教办理（2024）3号\n\n对某会议第 1 号提案的答复\n\n张三委员：\n\n一、措施\n\n"
        "1. 加强师资。今年新招教师120名，覆盖全部新建学校。\n\n（1）小学部分\n\n小学新增学位800个。\n\n"
        "（2）初中部分\n\n初中新增学位400个。\n\n2. 优化布局。新建学校3所。\n\n2024年3月1日"
    )
    reply = parse_reply(text, "x.txt")
    by_id = {s.section_id: s for s in reply.sections}
    assert by_id["1.1"].heading == "1. 加强师资"
    assert by_id["1.1"].text == "今年新招教师120名，覆盖全部新建学校。"
    assert by_id["1.1.1"].path == ["一、措施", "1. 加强师资", "（1）小学部分"]
    assert by_id["1.1.2"].text == "初中新增学位400个。"
    assert by_id["1.2"].text == "新建学校3所。"


def test_pdf_spaces_in_document_number_are_normalised():
    text = "上海市浦东新区科技和经济委员会\n\n浦科经委办理（ 2025 ） 61 号\n\n对某会议第 57 号提案的答复\n\n某某：\n\n一、概述\n\n正文。"
    reply = parse_reply(text, "x.txt")
    assert reply.meta.doc_number == "浦科经委办理（2025）61号"
    assert reply.reply_id == "浦科经委办理-2025-61"


def test_reply_without_document_number_gets_id_from_file():
    reply = parse_reply("对某会议第 5 号提案的答复\n\n某某：\n\n一、概述\n\n正文。", "sub/我的 答复.txt")
    assert reply.reply_id == "sub-我的-答复"


def test_unstructured_text_is_rejected_with_a_reason():
    with pytest.raises(ParseError, match="未识别出答复结构"):
        parse_reply("今天开了一个会。大家讨论了很多问题。会议很成功。", "notes.txt")


def test_an_inline_run_of_numbered_items_is_text_but_one_item_a_line_is_a_section():
    head = "某县某局\n某函〔2020〕3号\n对某会议第5号提案的答复\n某某：\n一、措施\n"
    inline = parse_reply(head + "（1）新建站点12个；（2）培训人员300人次；（3）更新设备40台。\n某县某局\n2020年5月6日", "x.txt")
    assert [s.section_id for s in inline.sections if s.kind == "body"] == ["1"]
    assert inline.section("1").text.startswith("（1）新建站点12个；（2）")
    listed = parse_reply(head + "（1）新建站点\n正文。\n（2）培训人员\n正文。\n某县某局\n2020年5月6日", "x.txt")
    assert [s.section_id for s in listed.sections if s.kind == "body"] == ["1", "1.1", "1.2"]


def test_a_list_number_followed_at_once_by_a_year_is_a_marker_but_a_decimal_is_not():
    head = "某县某局\n某函〔2020〕3号\n对某会议第5号提案的答复\n某某：\n一、措施\n"
    reply = parse_reply(head + "1.建设站点\n正文。\n2.2021年底前完成验收\n正文。\n3.5万元用于培训。\n某县某局\n2020年5月6日", "x.txt")
    assert [s.heading for s in reply.sections if s.kind == "body"] == ["一、措施", "1.建设站点", "2.2021年底前完成验收"]
    assert "3.5万元用于培训。" in reply.section("1.2").text


def test_fields_are_known_by_their_labels_after_the_contact_and_the_cc_line():
    text = ("某县某局\n某函〔2020〕3号\n对某会议第5号提案的答复\n某某：\n一、措施\n正文。\n某县某局\n2020年5月6日\n"
            "联系人：何某（办公室）　电话：0710-1234567\n抄送：县政协提案委\n签发人：罗某\n解决程度：正在解决\n公开属性：不予公开")
    meta = parse_reply(text, "x.txt").meta
    assert (meta.signer, meta.category, meta.resolution, meta.publicity) == ("罗某", "正在解决", "B", "不予公开")
    assert (meta.contact.name, meta.contact.phone, meta.cc, meta.date) == ("何某", "0710-1234567", ["县政协提案委"], "2020-05-06")


def test_a_publicity_note_in_brackets_is_a_field_not_the_agency():
    text = "（此件依申请公开）\n某部\n某函〔2020〕3号\n对某会议第5号提案的答复\n某某委员：\n一、措施\n正文。\n某部\n2020年5月6日"
    meta = parse_reply(text, "x.txt").meta
    assert (meta.agency, meta.publicity) == ("某部", "依申请公开")


def test_a_co_handling_opinion_names_the_proposer_in_its_opening_sentence():
    text = ("某市某局关于某会议第5号建议的会办意见\n某函〔2020〕3号\n某市某厅：\n"
            "钱某、孙某代表提出的《关于某事的建议》收悉。现提出会办意见如下：\n一、意见\n正文。\n某市某局\n2020年5月6日")
    assert parse_reply(text, "x.txt").meta.proposers == ["钱某", "孙某"]
    unnamed = text.replace("钱某、孙某代表", "部分市人大代表")
    assert parse_reply(unnamed, "x.txt").meta.proposers == []


def test_a_long_one_sentence_item_is_its_own_heading_and_stays_quotable():
    item = "（2）关于您提出的“将全部社区卫生站纳入财政全额保障”，因涉及财政体制调整，目前暂不具备条件，我委将继续向上争取。"
    text = ("临沧市卫生健康委员会\n\n临卫复〔2023〕9号\n\n对市政协五届二次会议第33号提案的答复\n\n赵某委员：\n\n"
            f"一、下一步工作\n\n（1）扩大订单培养。每年定向招收30名学生。\n\n{item}\n\n2023年6月30日")
    section = parse_reply(text, "x.txt").section("1.2")
    assert section.heading == item.rstrip("。")  # the sentence up to its 。, as the golden files write it
    assert section.text == item[3:]


@pytest.mark.parametrize("line, name, unit", [
    ("（联系人：公路局 陈某；联系电话：010-65290000）", "陈某", "公路局"),
    ("联系单位：渔业渔政管理局；联系人：吴某；联系电话：010-59190000", "吴某", "渔业渔政管理局"),
    ("（联系单位及电话：财务司 010-66090000）", "财务司", "财务司"),  # an office alone is who to call
    ("联系人：欧阳某某　联系电话：0731-88000000", "欧阳某某", None),
])
def test_a_contact_written_with_its_office_keeps_the_person_as_the_name(line, name, unit):
    text = ("某某部\n\n某建议〔2022〕第8号\n\n对十三届全国人大五次会议第8号建议的答复\n\n某某代表：\n\n"
            f"一、概述\n\n正文。\n\n某某部\n\n2022年7月1日\n\n{line}")
    contact = parse_reply(text, "x.txt").meta.contact
    assert (contact.name, contact.unit) == (name, unit)
    assert contact.phone and contact.phone.startswith("0")


def test_numbers_typed_as_one_enclosed_character_are_markers():
    # WPS and old Word turn automatic numbering into ㈠ ⑴ ⒈: they are （一） （1） 1. to a reader.
    text = ("办理结果：A\n延吉市住房和城乡建设局\n延市建函〔2022〕14号\n关于市政协十五届二次会议第31号提案的答复\n朴某委员：\n"
            "你们的提案收悉，现答复如下：\n一、工作进展\n㈠建设情况\n今年建成12个。\n㈡资金保障\n⑴市级资金\n安排3000万元。\n"
            "⑵区级资金\n安排1000万元。\n二、下一步\n⒈扩大覆盖\n明年再建8个。\n⒉加强管理\n建立考核制度。\n"
            "延吉市住房和城乡建设局\n2022年6月1日")
    reply = parse_reply(text, "yanji.txt")
    assert [(s.section_id, s.heading) for s in reply.sections if s.kind == "body"] == [
        ("1", "一、工作进展"), ("1.1", "（一）建设情况"), ("1.2", "（二）资金保障"), ("1.2.1", "（1）市级资金"),
        ("1.2.2", "（2）区级资金"), ("2", "二、下一步"), ("2.1", "1.扩大覆盖"), ("2.2", "2.加强管理")]
