"""Header and closing fields are read by their labels and shapes, in any order and layout: one test
per rule, each on a small fictional reply parsed by the real parser (fixtures in
tests/fixtures/layouts exercise the same rules inside whole replies)."""

from __future__ import annotations

import pytest

from indexer import grammar
from indexer.parse import parse_reply

BODY = "一、措施\n正文。\n"


def reply(header: str, closing: str = "某市某局\n2024年6月12日", body: str = BODY) -> str:
    return f"{header}\n{body}{closing}"


def body_outline(parsed) -> list[tuple[str, str]]:
    """The body sections of a parsed reply, as (section id, heading)."""
    return [(s.section_id, s.heading) for s in parsed.sections if s.kind == "body"]


def test_a_long_title_is_not_joined_to_the_addressee_as_a_page_break():
    title = "关于政协十三届全国委员会第四次会议第3210号（城乡建设类157号）提案答复的函"
    meta = parse_reply(reply(f"建城提函〔2021〕57号\n{title}\n王某某委员："), "x.txt").meta
    assert (meta.doc_number, meta.session, meta.addressee) == ("建城提函〔2021〕57号", "政协十三届全国委员会第四次会议", "王某某委员")
    assert meta.proposal_numbers == ["3210"]


@pytest.mark.parametrize("line, category, resolution", [
    ("办理类型：B类", "B类", "B"),
    ("提案办理结果：已经解决", "已经解决", "A"),
    ("答复类别：Ａ类", "A类", "A"),  # full-width letters and digits are folded as the text is read
    ("办复类别：C", "C", "C"),
])
def test_a_result_field_is_known_by_the_shape_of_its_label(line, category, resolution):
    meta = parse_reply(reply(f"某市某局\n某函〔2024〕1号\n{line}\n关于某会议第1号提案的答复\n某某委员："), "x.txt").meta
    assert (meta.category, meta.resolution) == (category, resolution)


def test_prose_under_a_result_shaped_label_is_text_not_a_category():
    text = reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员：",
                 body="办理情况：经研究，我局将逐步推进此项工作。\n一、措施\n正文。\n")
    parsed = parse_reply(text, "x.txt")
    assert parsed.meta.category is None and "办理情况" in parsed.section("intro").text


def test_a_result_shaped_label_after_the_contact_is_read_too():
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员：",
                             closing="某市某局\n2024年6月12日\n联系人：王某\n办理类型：C类"), "x.txt").meta
    assert (meta.category, meta.resolution, meta.contact.name) == ("C类", "C", "王某")


@pytest.mark.parametrize("lines, proposers", [
    ("领衔人：顾某某\n联名人：沈某、陆某某", ["顾某某", "沈某", "陆某某"]),
    ("代表：庄某某（领衔）、林某、蔡某某", ["庄某某", "林某", "蔡某某"]),
    ("提案人：罗某某等3人", ["罗某某"]),
    ("共同提案人：民盟某市委、九三学社某市委", ["民盟某市委", "九三学社某市委"]),
])
def test_proposers_under_any_label_of_that_shape_without_notes_or_counts(lines, proposers):
    meta = parse_reply(reply(f"某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n{lines}\n某某委员："), "x.txt").meta
    assert meta.proposers == proposers


@pytest.mark.parametrize("line, name, phone", [
    ("联 系 人：刘某　　　联系电话：0536-5220000", "刘某", "0536-5220000"),
    ("联系人：陈某　手机：13900000000", "陈某", "13900000000"),
    ("联系电话：0731-83600000（汤某）", "汤某", "0731-83600000"),
    ("联系人：李某　联系电话：010-58934000（城市建设司）", "李某", "010-58934000"),
    ("承办人：赵某　　办公电话：（0872）2310000　传真：0872-2310001", "赵某", "（0872）2310000"),
    ("联系电话：0898-88360000　联系人：邢某", "邢某", "0898-88360000"),
])
def test_contact_in_any_order_under_any_of_its_labels(line, name, phone):
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员：",
                             closing=f"某市某局\n2024年6月12日\n{line}"), "x.txt").meta
    assert (meta.contact.name, meta.contact.phone) == (name, phone)


def test_a_mobile_number_is_never_cut_to_a_landline_length():
    assert grammar.PHONE.findall("手机：13900000000，座机 0536-5220000 转 12") == ["13900000000", "0536-5220000 转 12"]
    assert grammar.PHONE.findall("2024年投入资金12345678901234元") == []


def test_paragraphs_opened_by_an_ordinal_are_sections_but_a_first_batch_is_not():
    body = ("第一，关于资质管理。我局清理无证船只36艘。\n第一批名单已公示。\n第二，关于价格监管。推行明码标价。\n"
            "第三，关于安全保障。节假日驻点巡查。\n")
    parsed = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员：", body=body), "x.txt")
    assert body_outline(parsed) == [
        ("1", "第一，关于资质管理"), ("2", "第二，关于价格监管"), ("3", "第三，关于安全保障")]
    assert "第一批名单已公示。" in parsed.section("1").text


@pytest.mark.parametrize("first, second", [("第一部分 ", "第二部分 "), ("第一部分", "第二部分"), ("第一　", "第二　"),
                                           ("第一 ", "第二 ")])
def test_an_ordinal_heading_set_off_by_a_space_or_named_a_part(first, second):
    body = (f"{first}办理基本情况\n截至2023年底，全县建成农村污水处理终端212个。\n第一批终端已移交运维。\n"
            f"{second}下一步打算\n（一）落实运维资金\n每个终端每年补助1.2万元。\n（二）推行第三方运维\n年底前全部移交。\n")
    parsed = parse_reply(reply("某县某局\n某函〔2024〕3号\n关于某会议第3号提案的答复\n某某委员：", body=body), "x.txt")
    assert [sid for sid, _ in body_outline(parsed)] == ["1", "2", "2.1", "2.2"]
    assert "第一批终端已移交运维。" in parsed.section("1").text

def test_a_year_numbered_session_and_a_session_named_only_in_the_opening_sentence():
    assert grammar.find_session("对二〇一五年市人代会第56号建议的答复") == "二〇一五年市人代会"
    header = "某市某局\n某函〔2024〕1号\n关于第0089号提案的答复\n陆某委员："
    body = "您在区政协二届二次会议期间提出的《关于发展休闲农业的提案》收悉。现答复如下：\n" + BODY
    meta = parse_reply(reply(header, body=body), "x.txt").meta
    assert (meta.session, meta.proposal_numbers) == ("区政协二届二次会议", ["0089"])
    # Any other meeting in the opening sentence is not the session.
    other = "您在全市工作会议上提出的意见收悉。\n" + BODY
    assert parse_reply(reply(header, body=other), "x.txt").meta.session is None


def test_a_ministry_is_known_by_its_document_code_only_for_a_national_session():
    national = "关于十三届全国人大三次会议第0189号建议的答复\n工信建函〔2020〕189号\n赵某某代表："
    assert parse_reply(reply(national, closing="2020年7月20日"), "x.txt").meta.agency == "工业和信息化部"
    local = "关于县十六届人大五次会议第25号建议的答复\n建教复〔2016〕12号\n杨某某代表："
    assert parse_reply(reply(local, closing="2016年6月30日"), "x.txt").meta.agency is None


def test_the_agency_a_title_opens_with_and_the_fullest_form_of_the_agency():
    titled = "苏州市吴中区农业农村局关于第0089号提案的答复\n吴农函〔2023〕16号\n陆某委员："
    assert parse_reply(reply(titled, closing="区农业农村局\n2023年6月9日"), "x.txt").meta.agency == "苏州市吴中区农业农村局"
    short = "州文化和旅游局\n大文旅函〔2021〕33号\n关于州十四届人大五次会议第0066号建议的答复\n杨某代表："
    signed = "大理白族自治州文化和旅游局\n2021年7月1日"
    assert parse_reply(reply(short, closing=signed), "x.txt").meta.agency == "大理白族自治州文化和旅游局"
    # A different body in the signature (a co-signing office) does not replace the header's agency.
    assert parse_reply(reply(short, closing="某市某局\n2021年7月1日"), "x.txt").meta.agency == "州文化和旅游局"


def test_corner_marks_are_the_class_the_publicity_and_the_urgency_not_the_agency():
    header = "A\n主动公开\n特急\n浏阳市教育局\n浏教复〔2025〕7号\n关于市政协十二届四次会议0058号提案的答复\n罗某某委员："
    meta = parse_reply(reply(header), "x.txt").meta
    assert (meta.category, meta.resolution, meta.publicity, meta.agency) == ("A", "A", "主动公开", "浏阳市教育局")
    assert meta.proposal_numbers == ["0058"]


def test_a_number_without_its_kind_after_it_is_no_proposal_number():
    assert grammar.find_proposal_numbers("关于市政协十二届四次会议0058号提案的答复") == ["0058"]
    assert grammar.find_proposal_numbers("关于落实浙政办〔2024〕12号文件的答复") == []


@pytest.mark.parametrize("line, addressee", [("尊敬的郭某某委员：您好！", "郭某某委员"), ("王某某代表：你好！", "王某某代表")])
def test_an_addressee_with_the_greeting_on_its_line(line, addressee):
    meta = parse_reply(reply(f"某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n{line}"), "x.txt").meta
    assert (meta.addressee, meta.doc_number, meta.proposers) == (addressee, "某函〔2024〕1号", [addressee[:-2]])


def test_a_title_opening_with_the_agency_before_dui_and_a_signature_with_its_seal_note():
    title = "邢台市信都区民政局对区政协一届四次会议第0021号提案的答复\n信民函〔2020〕9号\n郭某某委员："
    assert parse_reply(reply(title), "x.txt").meta.agency == "邢台市信都区民政局"
    sealed = parse_reply(reply("关于某会议第1号提案的答复\n某某委员：", closing="某县某局（盖章）\n2020年7月3日"), "x.txt")
    assert sealed.meta.agency == "某县某局"


def test_a_proposer_field_drops_the_title_after_the_name():
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n提案人：郭某某委员\n某某："), "x.txt").meta
    assert meta.proposers == ["郭某某"]


def test_a_result_field_on_its_own_line_inside_the_body_is_a_field_not_section_text():
    body = "您提出的建议收悉。现答复如下：\n答复类型：C（留作参考）\n一、措施\n正文。\n办理结果：C\n感谢您的关心。\n"
    parsed = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号建议的答复\n某某代表：", body=body), "x.txt")
    assert (parsed.meta.category, parsed.meta.resolution) == ("C（留作参考）", "C")
    assert "答复类型" not in parsed.section("intro").text and "办理结果" not in parsed.section("1").text
    assert parsed.section("closing").text.startswith("答复类型：C（留作参考）\n办理结果：C")


def test_a_header_table_row_of_label_and_value_cells_gives_each_field(tmp_path):
    import docx

    from indexer.read import read_source

    document = docx.Document()
    document.add_paragraph("某市某委员会函")
    table = document.add_table(rows=0, cols=4)
    for row in (("签发人", "刘某", "办理结果", "A类"), ("届次", "市五届人大三次会议", "领衔代表", "吴某某")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    for line in ("某卫函〔2022〕88号", "关于第0142号建议的答复", "吴某某代表：", "一、措施", "正文。", "某市某委员会", "2022年6月22日"):
        document.add_paragraph(line)
    document.save(tmp_path / "reply.docx")
    source = read_source(tmp_path / "reply.docx", "reply.docx")
    assert "签发人\t刘某\t办理结果\tA类" in source.text
    meta = parse_reply(source.text, "reply.docx").meta
    assert (meta.signer, meta.category, meta.session, meta.proposers) == ("刘某", "A类", "市五届人大三次会议", ["吴某某"])
    assert meta.agency == "某市某委员会"  # the red header's 函 is the document's kind, not the agency's name


CONTACT_TABLES = [
    [["联系人", "蒲某", "联系电话", "0812-3336529"]],  # one row, labels beside their values
    [["联系人", "联系电话"], ["蒲某", "0812-3336529"]],  # a row of labels over a row of values
    [["联系人", "蒲某"], ["联系电话", "0812-3336529"]],  # two columns, a field a row
    [["联系人：", "蒲某", "电话：", "0812-3336529"]],
]
REPLY_LINES = ("某市某委员会", "某卫函〔2022〕88号", "关于市十一届人大一次会议第58号建议的答复", "吴某某代表：",
               "您提出的《关于做好老人医疗服务的建议》收悉。现答复如下。", "一、关于异地就医直接结算",
               "目前，全市已有126家定点医疗机构开通跨省异地就医住院费用直接结算，外地老人办理备案后可直接结算。",
               "二、关于家庭医生签约", "我市已将居住满3个月的外地老人纳入家庭医生签约服务范围，签约后可享受健康评估等服务。",
               "感谢您对卫生健康工作的关心和支持。")
CLOSING_LINES = ("某市某委员会", "2022年6月15日")


def docx_with_table(path, rows, before_signature):
    import docx

    document = docx.Document()
    for line in REPLY_LINES + (() if before_signature else CLOSING_LINES):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    for line in (CLOSING_LINES if before_signature else ()) + ("抄送：市政府办公室，市医保局",):
        document.add_paragraph(line)
    document.save(path)


def page_with_table(path, rows, before_signature):
    table = "<table border=1>" + "".join(
        "<tr>" + "".join(f"<td><p>{cell}</p></td>" for cell in row) + "</tr>" for row in rows) + "</table>"
    paragraphs = [f"<p>{line}</p>" for line in REPLY_LINES]
    closing = [f"<p>{line}</p>" for line in CLOSING_LINES]
    paragraphs += [table, *closing] if before_signature else [*closing, table]
    paragraphs.append("<p>抄送：市政府办公室，市医保局</p>")
    page = f"<html><head><title>答复</title></head><body><div class=content>{''.join(paragraphs)}</div></body></html>"
    path.write_text(page, encoding="utf-8")


@pytest.mark.parametrize("rows", CONTACT_TABLES)
@pytest.mark.parametrize("write, suffix", [(docx_with_table, ".docx"), (page_with_table, ".html")])
@pytest.mark.parametrize("before_signature", [False, True])
def test_a_contact_set_in_a_table_of_any_layout_gives_the_person_and_phone(tmp_path, rows, write, suffix, before_signature):
    from indexer.read import read_source

    path = tmp_path / f"reply{suffix}"
    write(path, rows, before_signature)
    source = read_source(path, path.name)
    parsed = parse_reply(source.text, path.name, hints=source.hints)
    meta = parsed.meta
    assert (meta.contact.name, meta.contact.phone) == ("蒲某", "0812-3336529")
    assert (meta.agency, meta.date, meta.cc) == ("某市某委员会", "2022-06-15", ["市政府办公室", "市医保局"])
    # The contact stays where the reply writes it, a closing line a contact answer can cite.
    assert "蒲某" in parsed.section("closing").text and "蒲某" not in parsed.section("header").text


def test_only_a_table_of_labels_and_their_values_is_a_field_table():
    from indexer.parse import table_fields

    assert table_fields([["联系人", "联系电话"], ["蒲某", "0812-3336529"]]) == [[("联系人", "蒲某"), ("联系电话", "0812-3336529")]]
    assert table_fields([["序号", "项目"], ["1", "修缮"]]) is None
    assert table_fields([["联系人", "联系电话"], ["联系人", "联系电话"]]) is None


def test_the_reply_fields_of_a_page_catalogue_table_are_kept_for_the_parser(tmp_path):
    # a 信息公开 catalogue (标题, 文号, 成文日期) that also carries the reply's own fields (签发人, 提案编号, 提案人);
    # the page's own 分类 of it stays the catalogue's, never the reply's result
    from indexer.read import read_source

    catalogue = ("<table border=1><tr><th>标题</th><td colspan=3>对省政协十二届二次会议第0458号提案的答复</td></tr>"
                 "<tr><th>提案编号</th><td>0458</td><th>提案人</th><td>孙某某</td></tr>"
                 "<tr><th>文号</th><td>某交提复〔2019〕33号</td><th>签发人</th><td>王某某</td></tr>"
                 "<tr><th>成文日期</th><td>2019-06-21</td><th>分类</th><td>交通\\建议提案复文</td></tr></table>")
    body = "".join(f"<p>{line}</p>" for line in REPLY_LINES[3:] + CLOSING_LINES)
    path = tmp_path / "reply.html"
    path.write_text(f"<html><head><title>答复</title></head><body>{catalogue}<div class=content>{body}</div></body></html>",
                    encoding="utf-8")
    source = read_source(path, path.name)
    parsed = parse_reply(source.text, path.name, hints=source.hints)
    meta = parsed.meta
    assert (meta.signer, meta.proposal_numbers, meta.proposers) == ("王某某", ["0458"], ["孙某某"])
    assert (meta.doc_number, meta.category) == ("某交提复〔2019〕33号", None)
    assert "签发人：王某某" in parsed.section("header").text


@pytest.mark.parametrize("title, session", [
    ("对郑某某、刘某某代表所提十四届全国人大一次会议第3108号建议的答复", "十四届全国人大一次会议"),
    ("关于王某委员在区政协二届二次会议上提出的第5号提案的答复", "区政协二届二次会议"),
    ("关于李某代表提出的市十五届人大二次会议第12号建议的答复", "市十五届人大二次会议"),
])
def test_the_session_of_a_title_that_names_the_proposers_first_starts_after_their_act(title, session):
    assert grammar.find_session(title) == session
    meta = parse_reply(reply(f"某部\n某函〔2023〕1号\n{title}\n某某代表："), "x.txt").meta
    assert meta.session == session


def test_a_data_table_row_is_not_read_as_fields():
    header = "某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员："
    body = "一、措施\n序号\t项目\t金额\n1\t修缮\t30万元\n"
    parsed = parse_reply(reply(header, body=body), "x.txt")
    assert parsed.meta.signer is None and "序号\t项目\t金额" in parsed.section("1").text


def test_a_chinese_numeral_year_typed_with_a_latin_zero_is_a_date():
    assert grammar.find_dates("二0一九年七月二日，二O二O年一月三日") == ["2019-07-02", "2020-01-03"]
    meta = parse_reply(reply("关于某会议第1号建议的答复\n某某代表：", closing="鹤壁市某局\n二0一九年七月二日\n联系人：郑某"), "x.txt").meta
    assert (meta.date, meta.agency, meta.contact.name) == ("2019-07-02", "鹤壁市某局", "郑某")


@pytest.mark.parametrize("opening, session", [
    ("在市十届人大四次会议期间，您提出的《关于增设停车场的建议》收悉。", "市十届人大四次会议"),
    ("您领衔的市九届人大四次会议第0156号建议《关于发展林下种植的建议》收悉。", "市九届人大四次会议"),
    ("贵委在县政协十届三次会议上所提《关于乡村振兴的提案》收悉。", "县政协十届三次会议"),
    ("您在全市工作会议上提出的意见收悉。", None),
])
def test_the_session_an_opening_sentence_names_in_any_of_its_turns(opening, session):
    assert grammar.find_session_in_text(opening) == session


def test_words_of_a_result_that_cannot_be_met_now_are_c():
    assert [grammar.resolution(v) for v in ("因条件限制，暂时不能解决", "目前不具备实施条件", "正在解决")] == ["C", "C", "B"]


@pytest.mark.parametrize("addressee, opening, proposers", [
    ("市人大常委会代表工作委员会", "畅某某等3名代表提出的《关于农田水利的建议》收悉。", ["畅某某"]),
    ("县政府督查室", "李某委员提出的《关于乡村道路的提案》收悉。", ["李某"]),
    ("王某某等代表", "你们提出的《关于农田水利的建议》收悉。", ["王某某"]),
    ("民盟某市委", "贵委提出的《关于职业教育的提案》收悉。", ["民盟某市委"]),
])
def test_a_reply_sent_through_an_office_takes_its_proposers_from_the_opening(addressee, opening, proposers):
    text = reply(f"某市某局\n某函〔2021〕12号\n关于某会议第33号建议的答复\n{addressee}：", body=opening + "\n" + BODY)
    assert parse_reply(text, "x.txt").meta.proposers == proposers


def test_a_red_header_and_a_signature_set_with_spaces_between_characters():
    meta = parse_reply(reply("洛 阳 市 教 育 局 文 件\n洛教〔2017〕106号\n关于某会议第1号建议的答复\n某某代表：",
                             closing="洛 阳 市 教 育 局\n2017年7月12日"), "x.txt").meta
    assert meta.agency == "洛阳市教育局"
    # Words of a table row keep their spaces: only single characters spaced out are one word.
    assert parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员：",
                             body="一、措施\n序号 项目 金额 备注\n正文。\n"), "x.txt").section("1").text.startswith("序号 项目 金额 备注")


def test_catalogue_labels_of_every_spelling_give_agency_date_and_number():
    from indexer.formats.html import read_html

    rows = (("索引号", "000/2021-1"), ("公开主体", "某市某局"), ("生成日期", "2021-07-09"), ("文件编号", "某商函〔2021〕76号"))
    table = "".join(f"<tr><td>{label}：</td><td>{value}</td></tr>" for label, value in rows)
    text = "关于某会议第1号提案答复的函</p><p>某某委员：</p><p>" + "您提出的提案收悉，现答复如下。" * 6 + "</p><p>一、措施</p><p>正文。"
    page = f"<html><body><table>{table}</table><div><p>{text}</p></div></body></html>".encode()
    extracted = read_html(page)
    assert extracted.hints["agency"] == "某市某局" and extracted.hints["date"] == "2021-07-09"
    meta = parse_reply(extracted.text, "x.html", extracted.hints).meta
    assert (meta.agency, meta.doc_number, meta.date) == ("某市某局", "某商函〔2021〕76号", "2021-07-09")


@pytest.mark.parametrize("title_row", [
    "标题：关于市十七届人大三次会议第213号代表建议的答复    发布机构：赣州市教育局    发布日期：2024-06-20",
    "名称\t关于市十七届人大三次会议第213号代表建议的答复",
])
def test_a_title_given_only_by_a_metadata_row_is_the_title(title_row):
    """A page's metadata row names the title (标题/名称：关于…的答复) and its text may not repeat it; when
    the text does repeat it, it is one title, not two."""
    for repeated in ("", "关于市十七届人大三次会议第213号代表建议的答复\n"):
        parsed = parse_reply(reply(f"{title_row}\n赣市教建字〔2024〕21号\n{repeated}刘某代表："), "x.txt")
        assert parsed.title == "关于市十七届人大三次会议第213号代表建议的答复"
        assert (parsed.meta.session, parsed.meta.proposal_numbers, parsed.meta.proposal_kind) == (
            "市十七届人大三次会议", ["213"], "建议")


def test_digits_and_letters_typed_in_full_width_are_read_as_digits_and_letters():
    text = ("珠海市香洲区卫生健康局\n香卫函〔２０２２〕３７号\n关于区政协十届一次会议第０１２号提案的答复\n民建香洲区委：\n"
            "一、措施\n２０２２年底前实现街道全覆盖。\n珠海市香洲区卫生健康局\n２０２２年６月１５日\n"
            "（联系人：黄某；联系电话：０７５６－２２１２３４５）")
    parsed = parse_reply(text, "x.txt")
    meta = parsed.meta
    assert (meta.doc_number, meta.proposal_numbers, meta.date) == ("香卫函〔2022〕37号", ["012"], "2022-06-15")
    assert (meta.contact.name, meta.contact.phone) == ("黄某", "0756-2212345")
    assert "2022年底前实现街道全覆盖。" in parsed.sections[-2].text


@pytest.mark.parametrize("mark, category", [("（B）", "B"), ("【A类】", "A类"), ("(C类)", "C类")])
def test_a_class_in_brackets_closing_the_title_is_the_category_not_part_of_the_title(mark, category):
    title = "绵阳市涪城区农业农村局对区政协十一届三次会议第0045、0112号提案的答复"
    parsed = parse_reply(reply(f"{title}{mark}\n涪农函字〔2023〕第45号\n张三委员、李四委员："), "x.txt")
    assert (parsed.title, parsed.meta.category, parsed.meta.resolution) == (title, category, category[0])
    assert parsed.meta.proposal_numbers == ["0045", "0112"] and parsed.meta.addressee == "张三委员、李四委员"


def test_a_title_in_brackets_that_is_no_class_keeps_its_words():
    title = "关于区政协十一届三次会议第0045号提案（加强农田水利建设）的答复"
    assert parse_reply(reply(f"某局\n某函〔2023〕1号\n{title}\n张三委员："), "x.txt").title == title


def test_a_publicity_note_closing_the_date_line_is_the_publicity():
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员：",
                             closing="拉萨市文化局\n二〇二四年六月十八日（此件公开发布）"), "x.txt").meta
    assert (meta.date, meta.publicity) == ("2024-06-18", "公开发布")


@pytest.mark.parametrize("header", [
    "【办理结果】A类（已解决或基本解决）\n【公开属性】依申请公开\n怒江州林业和草原局\n怒林草函〔2021〕7号\n关于州十三届人大五次会议第21号建议的答复",
    "[办理结果]A类（已解决或基本解决）\n[公开属性] 依申请公开\n怒江州林业和草原局\n怒林草函〔2021〕7号\n关于州十三届人大五次会议第21号建议的答复",
])
def test_a_field_label_in_brackets_is_a_label(header):
    meta = parse_reply(reply(f"{header}\n和某某代表："), "x.txt").meta
    assert (meta.agency, meta.category, meta.resolution, meta.publicity) == (
        "怒江州林业和草原局", "A类（已解决或基本解决）", "A", "依申请公开")


@pytest.mark.parametrize("first, second, session", [
    ("国家林业和草原局关于十四届全国人大二次会议", "第 1234 号建议答复的函", "十四届全国人大二次会议"),
    ("滁州市南谯区水利局关于", "区政协十届三次会议第0088号提案的答复", "区政协十届三次会议"),
])
def test_a_title_that_names_its_agency_first_over_two_lines_is_one_title(first, second, session):
    parsed = parse_reply(reply(f"某函〔2024〕9号\n{first}\n{second}\n某某代表："), "x.txt")
    agency = first.split("关于")[0]
    assert parsed.title == first + second and parsed.meta.agency == agency
    assert parsed.meta.session == session
    # a unit whose name holds 对 is no title: 商务部对外贸易司 stays a line of the header
    assert parse_reply(reply("商务部对外贸易司\n商贸函〔2024〕3号\n关于某会议第1号建议的答复\n某某代表："),
                       "x.txt").title == "关于某会议第1号建议的答复"


@pytest.mark.parametrize("line, name, unit, phone", [
    ("联系单位及联系人：规划处　王某某；联系电话：0871-63210000", "王某某", "规划处", "0871-63210000"),
    ("联系人和联系电话：赵某 0451-82600000", "赵某", None, "0451-82600000"),
    ("联系部门与电话：综合科 0898-65300000", "综合科", "综合科", "0898-65300000"),
])
def test_contact_labels_joined_by_and_give_the_person_office_and_phone(line, name, unit, phone):
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员：",
                             closing=f"某市某局\n2024年6月12日\n{line}\n抄送：市政协提案委"), "x.txt").meta
    assert (meta.contact.name, meta.contact.unit, meta.contact.phone) == (name, unit, phone)
    assert meta.date == "2024-06-12" and meta.cc == ["市政协提案委"]


def test_a_header_line_that_names_no_body_gives_way_to_the_signature():
    """A web page's column heading kept above the reply (答复公开) is no agency; the signature names it."""
    meta = parse_reply(reply("答复公开\n农渔函〔2024〕63号\n关于政协十四届全国委员会第二次会议第02345号提案答复的函\n陈某委员：",
                             closing="农业农村部\n2024年7月1日"), "x.txt").meta
    assert meta.agency == "农业农村部"
    # a body whose name has no usual ending (…证监会) is still the agency when nothing better names one
    assert parse_reply(reply("中国证监会\n证监函〔2024〕5号\n关于某会议第1号提案的答复\n某某委员：", closing="2024年7月1日"),
                       "x.txt").meta.agency == "中国证监会"


def test_a_joint_opinion_names_the_proposers_after_the_office_that_sent_it():
    parsed = parse_reply("某省住房和城乡建设厅\n某建会〔2025〕4号\n关于省十四届人大三次会议第0101号建议的会办意见\n省交通运输厅：\n"
                         "贵厅转来的韦某某代表、蒙某代表提出的《关于加快县域公交发展的建议》收悉。现提出会办意见如下：\n"
                         "一、关于公交场站用地\n我厅将在年内出台指引。\n某省住房和城乡建设厅\n2025年5月6日", "x.txt")
    assert parsed.meta.proposers == ["韦某某", "蒙某"] and parsed.meta.reply_kind == "会办意见"


def test_the_record_printed_after_the_attachments_is_read_with_the_closing():
    """GB/T 9704 prints the 版记 (抄送, the issuing office and 印发 date) last, after the attachments."""
    parsed = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员：",
                               closing="附件：2023年各县区项目清单\n某市某局\n2024年6月12日\n联系人：钱某　联系电话：0551-62000000\n"
                                       "附件\n2023年各县区项目清单\n序号\t县区\t项目数\n1\t肥西县\t12\n"
                                       "抄送：市政协提案委，市政府督查室\n某市某局办公室\n2024年6月13日印发\n（共印5份）"),
                         "x.txt")
    assert parsed.meta.cc == ["市政协提案委", "市政府督查室"] and parsed.meta.date == "2024-06-12"
    [attachment] = [s for s in parsed.sections if s.kind == "attachment"]
    assert attachment.text.split("\n")[-1].split() == ["1", "肥西县", "12"]
    assert "抄送" not in attachment.text and "印发" not in attachment.text


@pytest.mark.parametrize("line", ["临沧市文化和旅游局　　2023年7月4日", "临沧市文化和旅游局 2023年7月4日",
                                  "临沧市文化和旅游局\t二〇二三年七月四日"])
def test_a_signature_and_date_on_one_line_are_both_read(line):
    meta = parse_reply(reply("临文旅函〔2023〕8号\n关于市五届人大二次会议第0031号建议的答复\n某某代表：", closing=line),
                       "x.txt").meta
    assert (meta.agency, meta.date) == ("临沧市文化和旅游局", "2023-07-04")


@pytest.mark.parametrize("value, unit, name", [
    ("运输服务司李涛", "运输服务司", "李涛"),  # an OFD or PDF lost the space between office and person
    ("规划处 王某某", "规划处", "王某某"), ("综合处", "综合处", "综合处"), ("李涛", None, "李涛"),
    ("政策法规处处长", None, "政策法规处处长"),  # an office and a title name no person: kept whole
])
def test_a_contact_value_gives_its_office_and_person(value, unit, name):
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n某某委员：",
                             closing=f"某市某局\n2024年6月12日\n联系人：{value}，联系电话：0351-4000000"), "x.txt").meta
    assert (meta.contact.unit, meta.contact.name, meta.contact.phone) == (unit, name, "0351-4000000")


def test_a_bracketed_contact_wrapped_over_two_lines_is_read():
    meta = parse_reply(reply("某部\n某函〔2024〕1号\n关于某会议第1号建议的答复\n某某代表：",
                             closing="某部\n2024年7月2日\n（联系单位：某部城市建设司；联系人：周某；\n联系电话：010-58934127）\n抄送：某某"),
                       "x.txt").meta
    assert (meta.date, meta.contact.name, meta.contact.phone, meta.cc) == ("2024-07-02", "周某", "010-58934127", ["某某"])


def test_paragraphs_opened_by_yi_shi_outline_a_reply_that_has_no_numbered_headings():
    header = "某县某局\n某函〔2019〕7号\n关于县政协九届三次会议第21号提案的答复\n某某委员："
    body = ("您提出的《关于改善农村饮水的提案》收悉。现答复如下：\n"
            "一是推进水厂改造。今年完成两座水厂提标，新增供水能力3000吨。\n"
            "二是加强水质检测，每季度抽检一次，结果在县政府网站公开。\n"
            "三是落实管护责任。各乡镇明确专人负责。\n")
    parsed = parse_reply(reply(header, body=body), "x.txt")
    assert body_outline(parsed) == [
        ("1", "一是推进水厂改造"), ("2", "二是加强水质检测，每季度抽检一次，结果在县政府网站公开"), ("3", "三是落实管护责任")]
    assert "3000吨" in parsed.section("1").text
    assert "收悉" in parsed.section("intro").text


def test_yi_shi_paragraphs_inside_numbered_sections_or_alone_stay_text():
    header = "某县某局\n某函〔2019〕7号\n关于县政协九届三次会议第21号提案的答复\n某某委员："
    numbered = "一、关于水厂\n一是推进改造。完成两座。\n二是加强检测。每季度一次。\n二、关于管护\n各乡镇明确专人。\n"
    parsed = parse_reply(reply(header, body=numbered), "x.txt")
    assert [section_id for section_id, _ in body_outline(parsed)] == ["1", "2"]
    assert "二是加强检测" in parsed.section("1").text
    # One 一是 paragraph, or 一是…；二是… inside one paragraph, is not an outline.
    for body in ("一是推进改造，完成两座水厂提标。\n另外各乡镇明确专人。\n",
                 "我局一方面推进改造。\n一是推进改造；二是加强检测；三是落实管护。\n"):
        assert not body_outline(parse_reply(reply(header, body=body), "x.txt"))


def test_a_header_table_whose_cells_a_pdf_glued_is_read_field_by_field():
    # A Word header table printed to PDF: cell borders are lost, so a label runs into its value
    # (签发人刘某) and a value into the next label (吴某某公开属性).
    header = ("某市卫生健康委员会函\n签发人刘某 办理结果 A 类\n届次 市五届人大三次会议 建议编号 0142\n"
              "领衔代表 吴某某公开属性 主动公开\n某卫函〔2022〕88号\n关于第0142号建议的答复\n吴某某代表：")
    meta = parse_reply(reply(header), "x.pdf").meta
    assert (meta.signer, meta.resolution, meta.session, meta.proposal_numbers, meta.proposers) == (
        "刘某", "A", "市五届人大三次会议", ["0142"], ["吴某某"])
    # A value that holds a short label word (代表, 委员) is not cut there.
    meta = parse_reply(reply("某市某局\n签发人 王某 领衔代表 市政协委员张某\n某函〔2024〕1号\n关于第1号提案的答复\n张某委员："), "x.pdf").meta
    assert meta.signer == "王某" and meta.proposers == ["市政协委员张某"]


def test_headings_without_numbers_on_lines_of_their_own_outline_a_reply():
    # Headings set in bold with no number: the text keeps only that each stands on its own line.
    header = "某市某局\n某函〔2017〕5号\n关于市政协十一届一次会议第88号提案的答复\n某某委员："
    body = ("您提出的《关于加强古村落保护的提案》收悉。现答复如下：\n"
            "摸清家底\n我局会同住建部门完成全市古村落普查，建立名录42处。\n"
            "资金保障\n市财政每年安排保护专项资金800万元。\n对列入名录的村落给予修缮补助。\n"
            "活化利用\n支持发展乡村旅游和非遗工坊。\n"
            "感谢您对古村落保护工作的关心。\n")
    parsed = parse_reply(reply(header, body=body), "x.docx")
    assert body_outline(parsed) == [
        ("1", "摸清家底"), ("2", "资金保障"), ("3", "活化利用")]
    assert "修缮补助" in parsed.section("2").text
    assert "感谢您" in parsed.section("conclusion").text


def test_a_running_head_or_a_short_list_is_not_an_outline():
    header = "某市某局\n某函〔2017〕5号\n关于市政协十一届一次会议第88号提案的答复\n某某委员："
    # A PDF's running head repeats on every page; items of an unpunctuated list follow one another.
    for body in ("您的提案收悉。\n某市某局2017年答复\n我局完成普查，建立名录42处。\n某市某局2017年答复\n市财政安排资金800万元。\n",
                 "您的提案收悉。重点村落如下：\n东村古建群\n西村祠堂\n南村石桥\n以上村落已列入名录，今年启动修缮。\n"):
        assert not body_outline(parse_reply(reply(header, body=body), "x.pdf"))


def test_a_header_table_of_labels_over_values_is_read_column_by_column():
    # A Word or web table: one row of labels, the row below of values (a .docx row reads as tab-separated cells).
    for gap in ("\t", "    "):
        header = (f"某县教育局\n签发人{gap}办理结果{gap}公开属性\n刘某{gap}A类{gap}主动公开\n某教函〔2022〕9号\n"
                  "关于县政协九届二次会议第12号提案的答复\n王某委员：")
        meta = parse_reply(reply(header), "x.docx").meta
        assert (meta.signer, meta.category, meta.resolution) == ("刘某", "A类", "A")
    # A data table whose first row is not all labels is left to the body.
    meta = parse_reply(reply("某县教育局\n项目\t金额\n校舍\t200万元\n某教函〔2022〕9号\n关于第12号提案的答复\n王某委员："), "x.docx").meta
    assert meta.signer is None


def test_a_title_wrapped_inside_the_sessions_name_is_one_title_under_its_agency():
    # A PDF line ends at 委员会 inside the session's name: the line is the title's first, not an agency.
    header = "医保函〔2026〕41号\n国家医疗保障局关于政协十四届全国委员会\n第三次会议第02214号提案答复的函\n杜某某委员："
    meta = parse_reply(reply(header, closing="国家医疗保障局\n2025年7月3日"), "x.txt").meta
    assert meta.agency == "国家医疗保障局" and meta.session == "政协十四届全国委员会第三次会议"
    assert meta.proposal_numbers == ["02214"]


def test_a_contact_line_naming_its_office_is_read_and_not_joined_to_the_cc_line():
    # 经办处室 is the office's label (who handled it + what office); the line ends in a phone number, so
    # without knowing the cc line below as a field the page-break repair glued the two.
    closing = ("吉林省林业和草原局\n2022年6月28日\n经办处室：省林草局生态保护修复处；经办人：韩某某；联系电话：0431-88626000\n"
               "抄送：省人大常委会环境与资源保护委员会")
    meta = parse_reply(reply("吉林草函〔2022〕33号\n关于省十三届人大六次会议第0412号建议的答复\n金某某代表：", closing=closing),
                       "x.txt").meta
    assert meta.date == "2022-06-28" and meta.cc == ["省人大常委会环境与资源保护委员会"]
    assert (meta.contact.name, meta.contact.unit, meta.contact.phone) == ("韩某某", "省林草局生态保护修复处", "0431-88626000")


def test_an_attachment_titled_below_the_date_holds_the_text_after_it():
    # "附件：TITLE" under the closing opens that attachment's own text (here a table); above the signature
    # the same line would list the attachments.
    closing = ("广西壮族自治区水利厅\n2016年8月5日\n联系人：覃某　0771-2185000\n抄送：自治区人民政府办公厅\n"
               "附件：2016年桂西北山区小型水源工程安排表\n序号　县（区）　工程数量（处）　补助资金（万元）\n"
               "1　凤山县　26　1300\n2　东兰县　31　1550")
    parsed = parse_reply(reply("桂水复〔2016〕12号\n关于自治区十二届人大五次会议第108号建议的答复\n韦某某代表：",
                               closing=closing), "x.txt")
    assert parsed.meta.date == "2016-08-05" and parsed.meta.cc == ["自治区人民政府办公厅"]
    assert parsed.meta.contact.phone == "0771-2185000"
    [attachment] = [s for s in parsed.sections if s.kind == "attachment"]
    assert attachment.heading == "附件：2016年桂西北山区小型水源工程安排表"
    assert attachment.text.split("\n")[-1] == "2  东兰县  31  1550"


def test_an_attached_documents_own_headings_are_its_sections_and_its_list_items_are_not():
    # An attached 办法 outlined by 一、/二、 is cited by the part that says it; its 1./2. lines are items.
    closing = ("遵义市民政局\n2021年6月2日\n联系人：冉某　联系电话：0851-28220000\n"
               "附件\n遵义市城区养老机构床位补贴办法\n一、补贴对象\n在城区登记备案的民办养老机构。\n"
               "二、补贴标准\n1.新增护理型床位每张补贴8000元。\n2.新增普通床位每张补贴5000元。\n三、申请方式\n每年3月向区民政局申报。")
    parsed = parse_reply(reply("遵民函〔2021〕21号\n关于市五届人大五次会议第0093号建议的答复\n冯某某代表：",
                               closing=closing), "x.txt")
    attached = [(s.section_id, s.heading) for s in parsed.sections if s.kind == "attachment"]
    assert attached == [("attachment-1", "附件"), ("attachment-1.1", "一、补贴对象"), ("attachment-1.2", "二、补贴标准"),
                        ("attachment-1.3", "三、申请方式")]
    standard = next(s for s in parsed.sections if s.section_id == "attachment-1.2")
    assert standard.path == ["附件", "二、补贴标准"] and "每张补贴5000元" in standard.text
    assert next(s for s in parsed.sections if s.section_id == "attachment-1").text == "遵义市城区养老机构床位补贴办法"


def test_an_attachment_listed_below_the_date_and_then_marked_on_its_own_page_is_one_attachment():
    # "附件：TITLE" under the contact lists the attachment when its own page follows, marked 附件 alone
    # (GB/T 9704): one attachment section, headed by that mark, not a second one for the listing line.
    closing = ("贵州省农业农村厅\n2019年7月3日\n联系人：杨某　联系电话：0851-85200000\n"
               "附件：2019年全省农村饮水安全巩固提升项目表\n附件\n2019年全省农村饮水安全巩固提升项目表\n"
               "1.黔南州完成项目120处。\n2.铜仁市完成项目86处。")
    parsed = parse_reply(reply("黔农函〔2019〕77号\n关于省十三届人大二次会议第0512号建议的答复\n罗某某代表：",
                               closing=closing), "x.txt")
    assert parsed.meta.contact.phone == "0851-85200000"
    [attachment] = [s for s in parsed.sections if s.kind == "attachment"]
    assert attachment.heading == "附件"
    assert attachment.text.split("\n")[0] == "2019年全省农村饮水安全巩固提升项目表"


@pytest.mark.parametrize("label", ["发文日期", "发布日期", "印发时间"])
def test_a_date_the_reply_was_sent_or_published_gives_way_to_the_date_it_was_signed(label):
    # A catalogue row's 发布日期 (a page put on the web days later) is the reply's date only when no date is
    # signed under it; a date of the making (成文日期) stays the reply's date, as before.
    header = f"索引号：11370800MB0000000A/2018-00044\n{label}：2018-09-03\n济任农函〔2018〕19号\n关于区二届人大三次会议第44号建议的答复\n孔某代表："
    signed = parse_reply(reply(header, closing="任城区农业农村局\n2018年8月27日"), "x.txt").meta
    unsigned = parse_reply(reply(header, closing="任城区农业农村局\n联系人：颜某　联系电话：0537-2300000"), "x.txt").meta
    assert (signed.date, unsigned.date) == ("2018-08-27", "2018-09-03")
    made = parse_reply(reply(header.replace(label, "成文日期"), closing="任城区农业农村局\n2018年8月27日"), "x.txt").meta
    assert made.date == "2018-09-03"


def test_a_joint_replys_header_naming_two_bodies_side_by_side_gives_the_lead_one():
    # 联合答复: the red header sets both bodies on one line, the lead (主办) first; the agency is the lead's.
    header = "汝城县交通运输局　汝城县公路建设养护中心\n关于县十七届人大二次会议第21号建议的答复\n汝交函〔2017〕8号\n朱某代表："
    closing = "汝城县交通运输局\n汝城县公路建设养护中心\n2017年6月9日"
    assert parse_reply(reply(header, closing=closing), "x.txt").meta.agency == "汝城县交通运输局"
    one = "汝城县 交通运输局\n关于县十七届人大二次会议第21号建议的答复\n汝交函〔2017〕8号\n朱某代表："
    # One body spaced in two is not two bodies: 汝城县 alone names no body.
    assert parse_reply(reply(one, closing="汝城县交通运输局\n2017年6月9日"), "x.txt").meta.agency.replace(" ", "") == "汝城县交通运输局"


def test_the_lead_proposer_comes_first_wherever_the_layout_writes_the_field():
    header = "附议代表：吴某某、潘某\n领衔代表：杨某某\n黔东南交函〔2021〕5号\n关于州十四届人大五次会议第12号建议的答复\n杨某某代表："
    assert parse_reply(reply(header), "x.txt").meta.proposers == ["杨某某", "吴某某", "潘某"]


def test_contact_lines_above_the_signature_are_read_with_a_note_between():
    closing = "联系人：陈某　手机：13900000000\n（此件主动公开）\n六安市卫生健康委员会\n2020年6月28日"
    meta = parse_reply(reply("六卫健〔2020〕45号\n关于市五届人大四次会议第0031号建议的答复\n詹某代表：", closing=closing), "x.txt").meta
    assert (meta.contact.name, meta.contact.phone, meta.date) == ("陈某", "13900000000", "2020-06-28")
    assert meta.publicity == "主动公开"


@pytest.mark.parametrize("row", [
    "文　　号 川交函〔2023〕88号 签发人 罗某",  # a Word table's row as a web page or a PDF leaves it
    "文 号 川交函〔2023〕88号 签 发 人 罗某",
])
def test_a_table_cell_label_spaced_to_its_column_is_still_a_label(row):
    meta = parse_reply(reply(f"四川省交通运输厅\n{row}\n关于省十四届人大一次会议第512号建议的答复\n某某代表："), "x.txt").meta
    assert (meta.doc_number, meta.signer) == ("川交函〔2023〕88号", "罗某")


def test_a_document_number_printed_under_the_date_is_the_replys():
    meta = parse_reply(reply("关于县政协十届二次会议第15号提案的答复\n某某委员：",
                             closing="岚皋县住房和城乡建设局\n2022年7月1日\n岚住建复〔2022〕6号\n抄送：县政协提案委"), "x.txt").meta
    assert (meta.doc_number, meta.date, meta.cc) == ("岚住建复〔2022〕6号", "2022-07-01", ["县政协提案委"])


def test_header_fields_set_on_one_line_under_the_date_are_each_read():
    meta = parse_reply(reply("关于县政协十届二次会议第15号提案的答复\n某某委员：",
                             closing="吉首市民政局\n2023年6月9日\n答复类别：A类\u3000\u3000\u3000\u3000吉民建复〔2023〕15号"),
                       "x.txt").meta
    assert (meta.category, meta.doc_number) == ("A类", "吉民建复〔2023〕15号")


@pytest.mark.parametrize("opening, proposers", [
    ("您领衔提出、陈某某、黄某委员附议的《关于某事的提案》收悉。", ["马某某", "陈某某", "黄某"]),
    ("您与欧阳某某等代表联名提出的《关于某事的建议》收悉。", ["马某某", "欧阳某某"]),
    ("您提出的《关于某事的提案》收悉。", ["马某某"]),
    ("您领衔，卢某某、贺某委员联名提出的《关于某事的提案》收悉。", ["马某某", "卢某某", "贺某"]),
    ("您领衔提出的《关于某事的提案》收悉。对您和饶某某、韦某等委员关心某事表示感谢。", ["马某某", "饶某某", "韦某"]),
    ("您提出的《关于某事的提案》收悉。感谢您和其他委员的关心。", ["马某某"]),
])
def test_co_signers_named_in_the_opening_join_the_lead_proposer(opening, proposers):
    text = f"关于市政协九届三次会议第8号提案的答复\n马某某委员：\n{opening}\n一、措施\n正文。\n某市某局\n2024年6月12日"
    assert parse_reply(text, "x.txt").meta.proposers == proposers


def test_a_signature_date_and_contact_run_into_one_line_are_read_apart():
    meta = parse_reply(reply("关于县人大十七届三次会议第22号建议的答复\n某某代表：",
                             closing="汝城县卫生健康局 2021年7月9日 （联系人：曹某某 联系电话：0735-8220000）\n抄送：县人大选联工委"),
                       "x.txt").meta
    assert (meta.date, meta.contact.name, meta.contact.phone) == ("2021-07-09", "曹某某", "0735-8220000")
    assert meta.agency == "汝城县卫生健康局"


def test_a_contact_written_person_then_office_gives_both():
    meta = parse_reply(reply("关于第3号提案的答复\n某某委员：",
                             closing="某市某局\n2024年6月12日\n（联系人：钟某某，市水务局河湖科；联系电话：0797-8120000）"), "x.txt").meta
    assert (meta.contact.name, meta.contact.unit, meta.contact.phone) == ("钟某某", "市水务局河湖科", "0797-8120000")


def test_a_next_steps_line_between_bare_headings_is_a_heading():
    text = ("关于第21号提案的答复\n某某委员：\n您提出的提案收悉。\n现状\n全县现有某某12处。\n做法\n今年新建某某3处。\n"
            "下一步工作\n我局将继续推进。\n感谢您的关心和支持。\n某县某局\n2021年5月6日")
    assert [h for _, h in body_outline(parse_reply(text, "x.txt"))] == ["现状", "做法", "下一步工作"]


@pytest.mark.parametrize("colon", ["：", ":"])
def test_a_letter_opening_with_its_addressee_reads_the_title_and_fields_below_it(colon):
    text = (f"邵某某代表{colon}\n汉中市交通运输局关于市七届人大三次会议第0142号建议的答复\n汉交建复〔2023〕9号\n办理结果：B类\n"
            "您提出的《关于加密城乡公交班次的建议》收悉。现答复如下：\n一、现状\n全市城乡公交线路86条。\n二、下一步打算\n新增班次120个。\n"
            "汉中市交通运输局\n2023年6月30日")
    meta = parse_reply(text, "x.txt").meta
    assert (meta.addressee, meta.doc_number, meta.session, meta.proposal_numbers, meta.category) == (
        "邵某某代表", "汉交建复〔2023〕9号", "市七届人大三次会议", ["0142"], "B类")
    assert meta.agency == "汉中市交通运输局"


def test_a_run_on_heading_ends_at_an_ascii_full_stop():
    body = ("一、办理情况\n(一)落实资金. 市财政安排资金300万元, 用于站点改造.\n(二)优化线路. 新开通线路4条.\n")
    parsed = parse_reply(reply("关于第31号建议的答复\n某某代表:", body=body), "x.txt")
    assert body_outline(parsed) == [("1", "一、办理情况"), ("1.1", "(一)落实资金"), ("1.2", "(二)优化线路")]
    assert parsed.section("1.1").text.startswith("市财政安排资金300万元")


def test_header_fields_in_a_footer_below_a_rule_belong_to_the_closing():
    closing = ("九江市生态环境局\n2022年7月4日\n联系人：桂某某　　联系电话：0792-8580000\n——————————————\n"
               "信息公开选项：主动公开\n文号：九环提复〔2022〕12号\n办理结果：A类\n抄送：市政协提案委")
    meta = parse_reply(reply("关于市政协十五届一次会议第0207号提案的答复\n某某委员：", closing=closing), "x.txt").meta
    assert (meta.agency, meta.date, meta.contact.name, meta.contact.phone) == (
        "九江市生态环境局", "2022-07-04", "桂某某", "0792-8580000")
    assert (meta.doc_number, meta.category, meta.publicity, meta.cc) == ("九环提复〔2022〕12号", "A类", "主动公开", ["市政协提案委"])


@pytest.mark.parametrize("lines, phone", [
    ("联系人：庞某某\n手机：13900000000\n办公电话：0412-5520000", "0412-5520000"),
    ("办公电话：0412-5520000\n联系人：庞某某\n手机：13900000000", "0412-5520000"),
    ("联系人：庞某某\n手机：13900000000", "13900000000"),
])
def test_the_office_phone_is_the_contact_phone_wherever_a_mobile_is_written(lines, phone):
    meta = parse_reply(reply("关于第5号建议的答复\n某某代表：", closing=f"某市某局\n2021年6月30日\n{lines}"), "x.txt").meta
    assert (meta.contact.name, meta.contact.phone) == ("庞某某", phone)


@pytest.mark.parametrize("line, category, resolution", [
    ("（办理结果：基本解决）", "基本解决", "A"),
    ("(答复类别：B类)", "B类", "B"),
    ("【办理类型：C类】", "C类", "C"),
])
def test_a_field_set_in_brackets_on_a_line_of_its_own_is_that_field(line, category, resolution):
    header = f"岳西县农业农村局\n对县政协九届三次会议第0031号提案的答复\n{line}\n岳农函〔2023〕7号\n县政协经济委员会："
    meta = parse_reply(reply(header), "x.txt").meta
    assert (meta.category, meta.resolution) == (category, resolution)
    assert meta.doc_number == "岳农函〔2023〕7号"
    # a note in brackets that is no field is still no field (nor the agency)
    noted = parse_reply(reply("岳西县农业农村局\n（共印8份）\n岳农函〔2023〕7号\n关于第31号提案的答复\n某某委员："), "y.txt").meta
    assert noted.category is None and noted.agency == "岳西县农业农村局"


def test_proposers_written_in_brackets_after_the_proposals_title_are_its_proposers():
    opening = ("贵局转来的市政协九届二次会议第0147号提案《关于加强校园周边食品安全监管的提案》（提案人：覃立群委员、"
               "韦美玲委员）收悉。我局会办意见如下：")
    text = f"柳州市市场监督管理局\n关于市政协九届二次会议第0147号提案的会办意见\n柳市监函〔2019〕33号\n市教育局：\n{opening}\n一、措施\n正文。\n柳州市市场监督管理局\n2019年5月8日"
    assert parse_reply(text, "x.txt").meta.proposers == ["覃立群", "韦美玲"]
    # a bracket naming no proposer (the proposal's own number) names no one
    other = text.replace("（提案人：覃立群委员、韦美玲委员）", "（编号：0147）")
    assert parse_reply(other, "y.txt").meta.proposers == []


@pytest.mark.parametrize("opening, proposers", [
    ("关于市人大代表钟某某等提出的《关于增设社区公厕的建议》，经研究，现提出会办意见如下：", ["钟某某"]),
    ("对县政协委员蓝某、石某某联名提出的《关于加强山塘水库管护的提案》，我局会办意见如下：", ["蓝某", "石某某"]),
    ("关于市人大代表提出的《关于增设社区公厕的建议》，经研究，现提出会办意见如下：", []),  # no one named
])
def test_proposers_named_after_their_title_in_a_consulted_opinion_are_its_proposers(opening, proposers):
    text = (f"漳州市城市管理局\n关于市十七届人大三次会议第58号建议的会办意见\n漳城管会〔2022〕9号\n市住建局：\n{opening}\n"
            "一、措施\n正文。\n漳州市城市管理局\n2022年5月6日")
    assert parse_reply(text, "x.txt").meta.proposers == proposers


def test_a_catalogue_table_of_labels_over_values_gives_each_value_its_label():
    from indexer.formats.html import read_html

    labels = ("索引号", "发文机关", "发文字号", "成文日期", "主题分类")
    values = ("11530000/2018-00457", "云南省林业和草原局", "云林提复〔2018〕41号", "2018-07-12", "林业\\建议提案")
    table = ("<table class='meta'><tr>" + "".join(f"<th>{label}</th>" for label in labels) + "</tr><tr>"
             + "".join(f"<td>{value}</td>" for value in values) + "</tr></table>")
    text = "关于省十三届人大一次会议第0212号建议的答复</p><p>赵某某代表：</p><p>" + "您提出的建议收悉，现答复如下。" * 6 \
        + "</p><p>一、措施</p><p>正文。</p><p>云南省林业和草原局</p><p>2018年7月12日"
    page = f"<html><body>{table}<div><p>{text}</p></div></body></html>".encode()
    extracted = read_html(page)
    assert extracted.hints["doc_number"] == "云林提复〔2018〕41号" and extracted.hints["date"] == "2018-07-12"
    assert "发文字号：云林提复〔2018〕41号" in extracted.text.split("\n")  # a line a field answer can cite
    meta = parse_reply(extracted.text, "x.html", extracted.hints).meta
    assert (meta.doc_number, meta.agency, meta.date) == ("云林提复〔2018〕41号", "云南省林业和草原局", "2018-07-12")


def test_a_data_table_of_the_body_is_not_read_as_labels_over_values():
    from lxml import html as lxml_html

    from indexer.formats.html import pair_label_rows

    root = lxml_html.fragment_fromstring(
        "<table><tr><th>年份</th><th>新建公里</th></tr><tr><td>2022年</td><td>120</td></tr></table>", create_parent="div")
    pair_label_rows(root)  # labels of no field: not a catalogue, its two rows stay as they are
    assert [[c.text_content() for c in row] for row in root.iter("tr")] == [["年份", "新建公里"], ["2022年", "120"]]


def test_a_reply_set_in_a_pre_keeps_its_lines():
    from indexer.formats.html import read_html

    body = ("玉溪市水务局\n\n玉水复〔2016〕12号\n\n关于市四届人大五次会议第0033号建议的答复\n\n周某某代表：\n\n"
            + "您提出的《关于加强农村饮水安全的建议》收悉。现答复如下：\n\n一、水源保护\n\n"
            + "全市划定饮用水水源保护区42个。\n\n二、水质检测\n\n每季度检测一次。\n\n玉溪市水务局\n\n2016年6月20日")
    page = f"<html><head><title>答复</title></head><body><table><tr><td><pre>{body}</pre></td></tr></table></body></html>"
    reply = parse_reply(read_html(page.encode()).text, "x.html")
    assert reply.meta.doc_number == "玉水复〔2016〕12号" and reply.meta.addressee == "周某某代表"
    assert [(s.section_id, s.heading) for s in reply.sections if s.kind == "body"] == [("1", "一、水源保护"), ("2", "二、水质检测")]


@pytest.mark.parametrize("number", ["宁建（提）复〔2013〕9号", "京政（办）函〔2020〕3号"])
def test_a_document_number_whose_code_holds_a_kind_in_brackets(number):
    assert grammar.parse_doc_number(number) == number
    meta = parse_reply(reply(f"某省某厅\n{number}\n关于某会议第1号提案的答复\n某某委员："), "x.txt").meta
    assert meta.doc_number == number


@pytest.mark.parametrize("line, resolution", [("类别标记：A", "A"), ("办理类型标识：B类", "B"), ("类型：C类", "C")])
def test_a_result_label_followed_by_what_marks_it(line, resolution):
    meta = parse_reply(reply(f"某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n{line}\n某某委员："), "x.txt").meta
    assert meta.resolution == resolution


@pytest.mark.parametrize("label", ["签发日期", "办复日期", "答复时间"])
def test_a_date_under_the_act_that_dates_the_reply(label):
    header = f"某区某局\n某复〔2024〕29号  答复类别：A  {label}：二〇二四年十一月二日  公开方式：主动公开\n关于某会议第1号建议的答复\n某某代表："
    assert parse_reply(reply(header, closing="某区某局"), "x.txt").meta.date == "2024-11-02"


def test_a_page_typed_in_english_punctuation_is_a_reply_not_a_list_page():
    from indexer.formats.html import read_html

    lines = ["嘉兴市商务局关于市政协九届三次会议第0088号提案的答复", "嘉商函(2021)14号", "办理结果:B类", "钱某某委员:",
             "您提出的《关于规范社区团购的提案》收悉.经认真研究,现答复如下:", "一、监管情况",
             "全市共检查社区团购平台12家,约谈3家.下一步将开展专项整治,规范价格行为."]
    page = "<html><body><div class='content'>" + "".join(f"<p>{line}</p>" for line in lines) + "</div></body></html>"
    reply = parse_reply(read_html(page.encode()).text, "x.html")
    assert reply.meta.doc_number == "嘉商函(2021)14号" and reply.section("1").heading == "一、监管情况"


def test_a_signature_run_into_its_date_with_no_gap_is_two_closing_lines():
    closing = "凉山州教育和体育局2021 年6 月18 日（联系人：沙某某联系电话：0834-2212367）"
    meta = parse_reply(reply("凉山州教育和体育局\n凉教体复〔2021〕9号\n关于某会议第1号建议的答复\n某某代表：", closing=closing), "x.txt").meta
    assert meta.date == "2021-06-18" and meta.contact.phone == "0834-2212367"


def test_a_contact_in_brackets_with_the_signature_run_on_after_it():
    closing = "（联系人：沙某某，州教体局基础教育科，联系电话：0834-2212367）凉山州教育和体育局\n2021年6月18日"
    meta = parse_reply(reply("凉山州教育和体育局\n凉教体复〔2021〕9号\n关于某会议第1号建议的答复\n某某代表：", closing=closing), "x.txt").meta
    assert (meta.contact.name, meta.contact.phone, meta.date) == ("沙某某", "0834-2212367", "2021-06-18")


@pytest.mark.parametrize("line, number, signer, category", [
    ("文号：凉教体函〔2021〕9号办理类别：B 类", "凉教体函〔2021〕9号", None, "B类"),   # a field glued to the value before it
    ("签发人沙某某文号 凉教体函〔2021〕9号", "凉教体函〔2021〕9号", "沙某某", None),   # a short label glued to a name
])
def test_header_fields_a_pdf_ran_together(line, number, signer, category):
    meta = parse_reply(reply(f"凉山州教育和体育局\n{line}\n关于某会议第1号建议的答复\n某某代表："), "x.txt").meta
    assert (meta.doc_number, meta.signer, meta.category) == (number, signer, category)


@pytest.mark.parametrize("line", ["（联系人：茶叶发展科　陈静　电话：0376-6228140）",
                                  "联系人：茶叶发展科　陈静　电话：0376-6228140",
                                  "联系人：陈静　茶叶发展科　联系电话：0376-6228140"])
def test_a_contact_office_and_person_set_apart_by_wide_gaps_give_both(line):
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号建议的答复\n某某代表：",
                             closing=f"某市某局\n2024年6月12日\n{line}\n抄送：市政府督查室"), "x.txt").meta
    assert (meta.contact.unit, meta.contact.name, meta.contact.phone) == ("茶叶发展科", "陈静", "0376-6228140")
    assert meta.cc == ["市政府督查室"]


@pytest.mark.parametrize("contact", [
    "联系人：茶叶发展科\n陈静\n电话：0376-6228140",  # the person under the office, a narrow cell wrapped
    "联系人及电话：茶叶发展科　陈静　0376-6228140",  # the phone bare after the person
    "联系方式：茶叶发展科　陈静　0376-6228140",  # who and how under the label for how
    "（联系人：茶叶发展科 陈静；联系电话：0376-\n6228140）",  # a PDF wrapped the phone after its hyphen
])
def test_a_contact_written_with_its_office_in_any_layout_gives_person_office_and_phone(contact):
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号建议的答复\n某某代表：",
                             closing=f"某市某局\n2024年6月12日\n{contact}\n抄送：市政府督查室"), "x.txt").meta
    assert (meta.contact.unit, meta.contact.name, meta.contact.phone) == ("茶叶发展科", "陈静", "0376-6228140")
    assert (meta.date, meta.cc) == ("2024-06-12", ["市政府督查室"])


def test_contact_lines_above_the_signature_keep_the_signature_out_of_the_contact():
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号建议的答复\n某某代表：",
                             closing="联系人：茶叶发展科\n某市某局\n2024年6月12日"), "x.txt").meta
    assert (meta.contact.name, meta.agency, meta.date) == ("茶叶发展科", "某市某局", "2024-06-12")


def test_a_report_on_the_handling_with_its_addressee_under_zhusong_after_the_body():
    """A 办理情况的报告 to the congress's committee: no labels and no addressee above the body, the opening says when
    the proposal was made, 特此报告 ends the body, and the 主送 line comes after the contact (the 版记)."""
    text = ("某县某局\n某局报〔2019〕7号\n关于县十八届人大三次会议第12号建议办理情况的报告\n"
            "县十八届人大三次会议期间，王某某代表提出的《关于规范景区交通秩序的建议》（第12号）交由我局主办。现将办理情况报告如下：\n"
            "一、停车场扩容\n正文。\n二、交通组织\n正文。\n办理结果：A类\n特此报告。\n"
            "某县某局\n2019年7月15日\n联系人：韩某　联系电话：0937-8822156\n"
            "主送：县人大常委会人事代表选举联络工作委员会\n抄送：王某某代表，县交通运输局")
    parsed = parse_reply(text, "x.txt")
    meta = parsed.meta
    assert (meta.agency, meta.doc_number, meta.date) == ("某县某局", "某局报〔2019〕7号", "2019-07-15")
    assert (meta.session, meta.proposal_numbers, meta.proposal_kind) == ("县十八届人大三次会议", ["12"], "建议")
    assert meta.addressee == "县人大常委会人事代表选举联络工作委员会"
    assert meta.proposers == ["王某某"]  # named in the opening, not the committee the report is sent to
    assert (meta.contact.name, meta.contact.phone, meta.category) == ("韩某", "0937-8822156", "A类")
    assert meta.cc == ["王某某代表", "县交通运输局"]
    assert body_outline(parsed) == [("1", "一、停车场扩容"), ("2", "二、交通组织")]
    last = next(s for s in parsed.sections if s.section_id == "2")
    assert last.text == "正文。"  # 特此报告 closes the body, as 特此答复 does


def test_a_zhusong_line_above_the_body_names_the_addressee():
    meta = parse_reply(reply("某市某局\n某函〔2024〕1号\n关于某会议第1号建议的答复\n主送：市人大常委会代表工作委员会\n"
                             "您提出的建议收悉，现答复如下："), "x.txt").meta
    assert meta.addressee == "市人大常委会代表工作委员会"


@pytest.mark.parametrize("lines", [
    "办理结果：B类 某委提函〔2017〕86号\n公开属性：主动公开 签发人：赵某",  # the two columns a space apart
    "办理结果：B类某委提函〔2017〕86号\n公开属性：主动公开 签发人：赵某",  # glued to the class
    "签发人：赵某 某委提函〔2017〕86号\n办理结果：B类",  # after another field of the left column
])
def test_a_document_number_a_pdf_ran_on_after_the_field_beside_it_is_the_document_number(lines):
    """A header of two columns (办理结果 and 公开属性 at the left, the 文号 at the right) comes out of a PDF row by row:
    the number follows the field beside it on one line and is cut from that field's value."""
    meta = parse_reply(reply(f"{lines}\n国家某委员会\n关于某会议第1453号提案答复的函\n某某委员："), "x.pdf").meta
    assert (meta.doc_number, meta.category, meta.resolution, meta.signer) == ("某委提函〔2017〕86号", "B类", "B", "赵某")


def test_a_value_that_is_a_document_number_is_kept_whole_under_its_own_label():
    meta = parse_reply(reply("文号：某委提函〔2017〕86号\n办理结果：A类\n关于某会议第1号提案的答复\n某某委员："), "x.txt").meta
    assert (meta.doc_number, meta.category) == ("某委提函〔2017〕86号", "A类")


@pytest.mark.parametrize("closing", [
    "某区某局\n2023年4月27日\n（A类）\n联系人：高某　联系电话：0335-4040000",  # under the date, as the header prints it
    "某区某局\n2023年4月27日\n联系人：高某　联系电话：0335-4040000\n抄送：区政府办公室\n(A类)",  # the last line
])
def test_a_class_in_brackets_on_a_closing_line_of_its_own_is_the_result(closing):
    meta = parse_reply(reply("某区某局\n某复〔2023〕11号\n关于某会议第17号建议的答复\n某某代表：", closing=closing), "x.txt").meta
    assert (meta.category, meta.resolution, meta.contact.name) == ("A类", "A", "高某")


def test_a_huiban_names_the_deputy_after_the_session_in_its_opening():
    """A 会办意见 is addressed to the lead office; its opening names the deputy, after the session the suggestion
    was made at (你局转来的市五届人大四次会议吴某某代表提出的…)."""
    body = "你局转来的市五届人大四次会议吴某某代表提出的《关于加快保障性住房建设的建议》（第52号）收悉。现提出如下会办意见：\n" + BODY
    meta = parse_reply(reply("某市某局\n某函〔2014〕38号\n关于市五届人大四次会议第52号建议的会办意见\n市住房和城乡建设局：",
                             body=body), "x.txt").meta
    assert (meta.reply_kind, meta.addressee, meta.proposers) == ("会办意见", "市住房和城乡建设局", ["吴某某"])


@pytest.mark.parametrize("opening, numbers", [
    ("你们在县十八届人大四次会议上提出的第24号建议收悉。", ["24"]),
    ("您提出的《关于加强乡村医生队伍建设的建议》（第0017号）收悉。", ["0017"]),
    ("您提出的建议收悉。根据第3号令，现答复如下：", []),  # a figure's number, not the suggestion's
])
def test_a_title_without_the_proposal_number_takes_it_from_the_opening_sentence(opening, numbers):
    header = "某县某局\n某建复〔2024〕15号\n对陈某、黄某代表提出的《关于加强乡村医生队伍建设的建议》的答复\n陈某代表、黄某代表："
    meta = parse_reply(reply(header, body=opening + "\n" + BODY), "x.txt").meta
    assert meta.proposal_numbers == numbers and meta.proposal_number == (numbers[0] if numbers else None)


def test_headings_in_lenticular_brackets_without_numerals_are_the_sections():
    """【基本情况】 … 【下一步打算】 on lines of their own head a reply's parts; a note in the same brackets does not."""
    body = ("您提出的提案收悉。现答复如下：\n【基本情况】\n辖区已建成加装电梯23部。\n【已开展的工作】\n设立服务站4个。\n"
            "【下一步打算】\n年内再完成12部。\n感谢您对街道工作的关心和支持。\n")
    parsed = parse_reply(reply("某街道办事处\n某街复〔2021〕3号\n关于某会议第36号提案的答复\n刘某委员：", body=body,
                               closing="某街道办事处\n2021年5月26日\n【此件公开】"), "x.txt")
    assert body_outline(parsed) == [("1", "【基本情况】"), ("2", "【已开展的工作】"), ("3", "【下一步打算】")]
    assert parsed.section("1").text == "辖区已建成加装电梯23部。" and parsed.meta.publicity == "公开"
    assert parsed.section("closing").text.endswith("【此件公开】")


@pytest.mark.parametrize("line", ["【打印本页】", "【关闭窗口】", "【联系人：张某】"])
def test_a_page_button_or_a_label_in_lenticular_brackets_is_no_heading(line):
    """A site's buttons (【打印本页】) and a label with its value (【联系人：张某】) are no part of the reply."""
    from indexer.parse import is_bracketed_heading

    assert not is_bracketed_heading(line) and is_bracketed_heading("【基本情况】")
