"""A reply broken at a fixed width (a .txt copied out of a PDF, 28 characters a line) or read from a PDF is
joined back into its paragraphs and fields: each rule on a small fictional reply, read by the real text reader
and parser (indexer.formats.text, indexer.formats.pdf, indexer.parse)."""

from __future__ import annotations

from eval.format_variants import PDF_LINE, fixed_width
from indexer.formats.pdf import display_width, place_quotes, unwrap_pages
from indexer.formats.text import read_text
from indexer.parse import parse_reply


def broken(paragraphs: list[str]) -> str:
    """The paragraphs broken at 28 Chinese characters a line, as eval.format_variants and PDF copies break them."""
    return fixed_width(paragraphs)


FILLER = ["一、基本情况", "全县共有农村寄宿制学校二十三所，寄宿学生六千八百余人，学生宿舍和食堂条件逐年改善，床位基本满足需要。" * 2,
          "二、下一步工作", "我们将继续加大投入，完善寄宿制学校生活设施，配齐生活老师，加强安全管理，让学生住得安心、吃得放心。" * 2]


def fixed_width_reply(opening: str, closing: list[str], sections: list[str] = FILLER) -> str:
    paragraphs = ["会理市教育体育局", "会教体复〔2021〕8号", "关于市二届人大五次会议第0019号建议的答复", "吉克某某代表：",
                  opening, *sections, *closing]
    return read_text(broken(paragraphs).encode("utf-8")).text


def test_a_field_label_the_wrap_broke_joins_its_field():
    closing = ["会理市教育体育局", "2021年6月18日", "（联系单位：会理市教育体育局财务股，联系人：沙某某，联系电话：0834-5512367）"]
    text = fixed_width_reply("您提出的《关于改善农村寄宿制学校条件的建议》收悉。现答复如下：", closing)
    assert any(line.endswith("联系") for line in broken(closing).split("\n"))  # the wrap falls inside 联系电话
    contact = parse_reply(text, "x.txt").meta.contact
    assert (contact.name, contact.phone) == ("沙某某", "0834-5512367")


def test_an_opening_sentence_ending_in_xian_dafu_before_a_wrapped_rufu_is_no_title():
    opening = ("您领衔，马某某、阿某某代表联名提出的《关于改善农村寄宿制学校办学条件的建议》收悉。我局高度重视，会同市财政局"
               "开展专题调研，广泛听取学校和家长意见，进行了认真研究，现答复如下：")
    lines = broken([opening]).split("\n")
    assert lines[-2].endswith("现答复") and lines[-1] == "如下："  # the wrap leaves 如下： alone
    meta = parse_reply(fixed_width_reply(opening, ["会理市教育体育局", "2021年6月18日"]), "x.txt").meta
    assert meta.proposers == ["吉克某某", "马某某", "阿某某"]


def test_a_numbered_heading_naming_the_ask_it_answers_ends_however_wide():
    heading = "三、关于设立农村寄宿制学校生活老师专项编制的建议"
    assert display_width(heading) >= 0.85 * PDF_LINE  # wide enough to pass for a wrapped line
    sections = [*FILLER, heading, "生活老师编制由机构编制部门统筹核定，我局将积极反映。"]
    reply = parse_reply(fixed_width_reply("您提出的建议收悉。现答复如下：", ["会理市教育体育局", "2021年6月18日"], sections), "x.txt")
    assert reply.section("3").heading == heading
    assert reply.section("3").text.startswith("生活老师编制")


def test_a_number_broken_after_its_hyphen_is_one_number():
    assert unwrap_pages([["（联系人：沙某某，联系电话：0834-", "5512367）"]]) == ["（联系人：沙某某，联系电话：0834-5512367）"]


def test_a_line_opening_with_a_quote_that_shows_another_displaced_quote_loses_it():
    line = place_quotes("“三、关于拓宽农产品销路。我局依托832 ”平台 （脱贫地区农副产品网络销售")
    assert line.startswith("三、关于拓宽农产品销路")


def test_a_title_closed_by_its_class_ends_before_the_document_number():
    title = "鹤岗市住房和城乡建设局关于市政协十一届三次会议第0178号提案的答复（B 类）"
    assert display_width(title) >= 0.85 * PDF_LINE  # as wide as a wrapped line
    assert unwrap_pages([[title, "鹤住建提复〔2024〕9号", "王某某委员："]]) == [title, "鹤住建提复〔2024〕9号", "王某某委员："]
