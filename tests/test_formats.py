"""One fictional reply in every format agencies publish it in (OFD too) reads as the same reply; web pages
lose their page chrome and give their metadata table; scans are OCR'd offline."""

from __future__ import annotations

import difflib
import json
import shutil
import time
from pathlib import Path

import pytest

from indexer.models import Reply
from indexer.parse import parse_reply
from indexer.read import ReadError, ReadOptions, read_source
from tests.conftest import FIXTURES
from tests.documents import (render_page, stamp_seal, write_docx, write_list_docx, write_mht, write_odt, write_ofd,
                             write_scan_pdf)

FORMATS = FIXTURES / "formats"
REPLY = FORMATS / "changsha-sthjj-2024-37.txt"
PAGE_CHROME = ("打印本页", "关闭窗口", "分享到", "当前位置", "首页", "网站标识码", "ICP备", "版权所有", "相关链接",
               "字号", "浏览次数", "发布时间", "索引号", "主题分类", "第0198号提案")


# The metadata table of the web page, row by row as it opens the page's text (header lines).
TABLE_ROWS = ["索引号：743004561/2024-01187", "主题分类：生态环境\\水污染防治", "发布机构：长沙市生态环境局",
              "成文日期：2024年06月12日", "文号：长环函〔2024〕37号"]


def paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def parse(path: Path) -> Reply:
    source = read_source(path, REPLY.name)
    return parse_reply(source.text, REPLY.name, hints=source.hints)


def outline(reply: Reply) -> list[tuple[str, list[str]]]:
    return [(section.section_id, section.path) for section in reply.sections]


def body(reply: Reply) -> str:
    return "".join("".join(section.text.split()) for section in reply.sections)


@pytest.fixture(scope="module")
def from_text() -> Reply:
    reply = parse(REPLY)
    # The reply itself parses as written: these are what every other format must give back.
    assert reply.meta.agency == "长沙市生态环境局" and reply.meta.doc_number == "长环函〔2024〕37号"
    assert reply.meta.date == "2024-06-12" and reply.meta.contact.phone == "0731-88661234"
    assert [s.section_id for s in reply.sections] == ["header", "intro", "1", "2", "2.1", "2.2", "2.3", "conclusion", "closing"]
    return reply


def print_layout(lines: list[str]) -> tuple[set[int], set[int]]:
    """How an agency prints the reply: title and document number centred, signature and date set right."""
    title = {i for i, line in enumerate(lines) if line.startswith("对") or line.endswith("答复")}
    doc_number = {i for i, line in enumerate(lines) if line.endswith("号") and "〔" in line}
    date = max(i for i, line in enumerate(lines) if line.endswith("日"))
    return title | doc_number, {date - 1, date}


def scan_pages(text: str) -> list:
    lines = paragraphs(text)
    centred, right = print_layout(lines)
    return [render_page(lines, centred=centred, right=right)]


def make(kind: str, folder: Path) -> Path:
    """The reply in `kind`, written by the tool an agency would use (or the committed file that tool made)."""
    text = REPLY.read_text(encoding="utf-8")
    path = folder / f"reply{kind}"
    if kind == ".gbk.txt":
        path.write_bytes(text.encode("gb18030"))
    elif kind == ".utf16.txt":
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))  # Notepad's "Unicode": BOM + UTF-16-LE
    elif kind == ".docx":
        write_docx(path, paragraphs(text))
    elif kind == ".glyphs.ofd":  # 12 lines a page, so paragraphs run on across page breaks
        centred, right = print_layout(paragraphs(text))
        write_ofd(path, paragraphs(text), centred=centred, right=right, rows=12)
    elif kind == ".gbk.rtf":  # as Chinese Word and WPS write RTF: GBK bytes as \'hh escapes under \ansicpg936
        escaped = ["".join(c if c.isascii() else "".join(f"\\'{b:02x}" for b in c.encode("gbk")) for c in line)
                   for line in paragraphs(text)]
        path.write_bytes(("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\f0\\fs32 "
                          + "\\par\n".join(escaped) + "\\par}").encode("ascii"))
    elif kind == ".scan.pdf":
        write_scan_pdf(path, scan_pages(text))
    elif kind == ".mht":  # the web page saved as one file
        write_mht(path, (REPLY.parent / (REPLY.stem + ".html")).read_text(encoding="utf-8"))
    elif kind == ".odfpy.odt":
        write_odt(path, paragraphs(text))
    else:  # .html (page chrome), .doc, .rtf, .odt, -textbox.docx and .running-head.pdf (LibreOffice), .pdf (Chromium), .ofd (easyofd):
        shutil.copy(REPLY.parent / (REPLY.stem + kind), path)  # see tests/fixtures/formats/README.md
    return path


@pytest.mark.parametrize("kind", [".gbk.txt", ".utf16.txt", ".html", ".mht", ".docx", ".doc", ".rtf", ".gbk.rtf", "-textbox.docx",
                                  ".odt", ".odfpy.odt", ".pdf",
                                  ".running-head.pdf", ".ofd",
                                  ".glyphs.ofd"])
def test_same_reply_in_every_format(kind: str, from_text: Reply, tmp_path: Path):
    reply = parse(make(kind, tmp_path))
    assert reply.reply_id == from_text.reply_id
    # LibreOffice's PDFs read with a space after digits ("第0256 号"), which the parser keeps (a PDF cannot
    # tell an added space from a written one).
    assert "".join(reply.title.split()) == "".join(from_text.title.split())
    # A web page's metadata table adds what the text never says (索引号, 主题分类); the rest is equal.
    page_only = {"index_number", "topic"}
    assert reply.meta.model_dump(exclude=page_only) == from_text.meta.model_dump(exclude=page_only)
    web_page = kind in (".html", ".mht")
    if web_page:
        assert reply.meta.index_number and reply.meta.topic
    assert outline(reply) == outline(from_text)
    for section, expected in zip(reply.sections, from_text.sections):
        lines = section.text.split("\n")
        if web_page and section.section_id == "header":
            # The page's metadata table opens the header, a citable line per field (索引号, 文号…).
            assert lines[: len(TABLE_ROWS)] == TABLE_ROWS
            lines = lines[len(TABLE_ROWS):]
        assert "".join("".join(lines).split()) == "".join(expected.text.split()), section.section_id


def sealed_scan(page):
    """The page as a colour scan with the agency's red seal stamped over its signature and date (the
    lowest lines on the right half of the page), as every sealed reply is."""
    import numpy as np

    ink = np.asarray(page.convert("L")) < 128
    right = ink[:, ink.shape[1] // 2:]
    date_row = int(np.nonzero(right.any(axis=1))[0].max())
    return stamp_seal(page, (int(ink.shape[1] * 0.7), date_row - 30), "长沙市生态环境局")


def test_a_grey_scans_seal_is_taken_out_and_its_text_kept():
    """A greyscale scan prints the red seal mid-grey: that ink goes, the black text (under the seal too)
    stays; an unsealed grey page and a faint one, whose text itself is grey, are left as they are."""
    import numpy as np

    from indexer.formats.ocr import without_seal

    page = scan_pages(REPLY.read_text(encoding="utf-8"))[0].convert("L")
    sealed = np.asarray(sealed_scan(page).convert("L").convert("RGB"))
    plain = np.asarray(page.convert("RGB"))
    cleaned = without_seal(sealed)
    seal_ink = (sealed[..., 0] >= 60) & (sealed[..., 0] < 200) & (plain[..., 0] > 250)  # grey where paper was
    assert seal_ink.sum() > 5000 and (cleaned[..., 0][seal_ink] == 255).mean() > 0.8
    text = plain[..., 0] < 60
    assert (cleaned[..., 0][text] < 60).mean() > 0.99  # black strokes, under the seal too, are kept
    assert without_seal(plain) is plain
    faint = np.asarray(page.point(lambda v: 110 + v * 145 // 255).convert("RGB"))
    assert without_seal(faint) is faint


@pytest.mark.parametrize("kind, encoding", [(".png", "image+ocr"), (".sealed.png", "image+ocr"),
                                            (".grey-sealed.png", "image+ocr"), (".askew.png", "image+ocr"),
                                            (".askew-other-way.png", "image+ocr"), (".upside-down.png", "image+ocr"),
                                            (".scan.ofd", "ofd+ocr")])
def test_a_scan_kept_as_a_picture_is_ocrd_into_the_same_reply(kind: str, encoding: str, from_text: Reply,
                                                              tmp_path: Path):
    """The same page as the scanned PDF below, saved as a PNG, as archives keep scans (sealed, grey, fed
    askew or upside down), or as an OFD whose page is that picture (a scan saved as OFD, written by a third-party
    converter)."""
    path = tmp_path / f"reply{kind}"
    if kind == ".png":
        scan_pages(REPLY.read_text(encoding="utf-8"))[0].save(path)
    elif kind == ".sealed.png":
        sealed_scan(scan_pages(REPLY.read_text(encoding="utf-8"))[0]).save(path)
    elif kind == ".grey-sealed.png":  # scanned in greyscale, as most office scanners do: the seal prints grey
        sealed_scan(scan_pages(REPLY.read_text(encoding="utf-8"))[0]).convert("L").save(path)
    elif kind.startswith(".askew"):  # fed a little crooked, as a scanner's feeder often does
        page = scan_pages(REPLY.read_text(encoding="utf-8"))[0].convert("L")
        page.rotate(1.5 if kind == ".askew.png" else -2.5, expand=True, fillcolor=255).save(path)
    elif kind == ".upside-down.png":  # a page put in the feeder the wrong way round
        scan_pages(REPLY.read_text(encoding="utf-8"))[0].rotate(180).save(path)
    else:
        path = make(kind, tmp_path)
    source = read_source(path, REPLY.name)
    assert source.encoding == encoding and source.ocr.pages == 1
    reply = parse_reply(source.text, REPLY.name)
    assert reply.meta == from_text.meta
    assert outline(reply) == outline(from_text)
    matcher = difflib.SequenceMatcher(None, body(from_text), body(reply), autojunk=False)
    assert sum(block.size for block in matcher.get_matching_blocks()) / len(body(from_text)) >= 0.98


def test_a_pdf_whose_text_layer_cannot_be_decoded_is_read_as_images(from_text: Reply, tmp_path: Path):
    """A PDF whose fonts were embedded without their Unicode maps (/ToUnicode) gives glyph numbers, not
    text; such pages are drawn (PDFium) and OCR'd, and the build summary says why."""
    import io

    import pypdf
    from pypdf.generic import NameObject

    pdf = pypdf.PdfWriter()
    for page in pypdf.PdfReader(FORMATS / "changsha-sthjj-2024-37.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
        pdf.add_page(page)
    data = io.BytesIO()
    pdf.write(data)
    path = tmp_path / "reply.pdf"
    path.write_bytes(data.getvalue())
    assert "长沙" not in pypdf.PdfReader(path).pages[0].extract_text()  # glyph numbers, not text
    source = read_source(path, REPLY.name)
    assert source.encoding == "pdf+ocr" and "文字层无法解码" in source.notes[0]
    reply = parse_reply(source.text, REPLY.name)
    assert reply.meta == from_text.meta and outline(reply) == outline(from_text)
    with pytest.raises(ReadError, match="文字层无法解码"):
        read_source(path, REPLY.name, ReadOptions(ocr=False))


def test_scanned_pdf_is_ocrd_into_the_same_reply(from_text: Reply, tmp_path: Path):
    """An image-only PDF (Pillow draws the page with Noto Serif CJK) read as `dafu index` reads a
    folder: OCR'd offline into the same metadata and section tree with at least 98% of the body's
    characters, and the build summary says it was OCR'd and how long that took."""
    import pypdf

    from indexer.build import BuildSummary, parse_files

    folder = tmp_path / "archive"
    folder.mkdir()
    path = make(".scan.pdf", folder)
    assert not (pypdf.PdfReader(path).pages[0].extract_text() or "").strip()  # no text layer at all
    summary = BuildSummary(index=tmp_path / "index")
    started = time.perf_counter()
    [reply], _ = parse_files([folder], summary, progress=False)
    seconds = time.perf_counter() - started
    assert summary.skipped == []
    [ocr] = summary.ocr
    assert ocr.name == path.name and ocr.pages == 1 and 0 < ocr.seconds <= round(seconds, 2)  # reported rounded
    assert any(warning.startswith(f"{path.name}: 扫描页已做文字识别 OCR") for warning in summary.warnings)
    assert reply.meta == from_text.meta
    assert outline(reply) == outline(from_text)
    matcher = difflib.SequenceMatcher(None, body(from_text), body(reply), autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks()) / len(body(from_text))
    assert kept >= 0.98, kept
    print(f"OCR: 1 page in {ocr.seconds:.1f}s, {kept:.2%} of body characters")


def test_web_page_loses_its_chrome_and_keeps_paragraphs():
    source = read_source(FORMATS / "changsha-sthjj-2024-37.html")
    assert source.encoding == "html (utf-8)"
    lines = paragraphs(source.text)
    assert lines[: len(TABLE_ROWS)] == TABLE_ROWS  # the metadata table, kept as header lines
    text = "\n".join(lines[len(TABLE_ROWS):])
    assert not [chrome for chrome in PAGE_CHROME if chrome in text]
    assert paragraphs(text) == paragraphs(REPLY.read_text(encoding="utf-8"))  # a source line break inside a sentence is no break


def test_metadata_table_fills_what_the_page_text_lacks():
    """The GBK page (declared gb2312) has no document number in its text: 文号 of the metadata
    table gives it, and with it the reply id; 发文日期 gives the ISO date."""
    source = read_source(FORMATS / "zhejiang-jtt-2024-58.htm")
    assert source.encoding == "html (gb18030)"
    assert source.hints == {"index_number": "002482070/2024-00356", "topic": "交通运输\\公路", "agency": "浙江省交通运输厅",
                            "date": "2024-07-03", "doc_number": "浙交建〔2024〕58号"}
    # Only the table writes the document number: its rows open the text as header lines.
    lines = paragraphs(source.text)
    assert lines[:5] == ["索引号：002482070/2024-00356", "主题分类：交通运输\\公路", "发布机构：浙江省交通运输厅",
                         "发文日期：2024-07-03", "文号：浙交建〔2024〕58号"]
    assert "浙交建" not in "".join(lines[5:])
    reply = parse_reply(source.text, "zhejiang-jtt-2024-58.htm", hints=source.hints)
    assert reply.meta.doc_number == "浙交建〔2024〕58号" and reply.reply_id == "浙交建-2024-58"
    assert reply.meta.agency == "浙江省交通运输厅" and reply.meta.date == "2024-07-03"
    assert reply.meta.addressee == "陈立群代表" and reply.meta.proposal_number == "318"
    # The page shows the title above the text only: it is put back at the top.
    assert lines[5] == "关于省十四届人大二次会议第318号建议的答复"
    assert [s.section_id for s in reply.sections if s.kind == "body"] == ["1", "2", "2.1", "2.2", "2.3"]


def test_table_in_a_web_page_becomes_readable_rows():
    lines = paragraphs(read_source(FORMATS / "zhejiang-jtt-2024-58.htm").text)
    assert "年份  改造线路（条）  新增候车亭（个）  省级补助（万元）" in lines
    assert "2023年  201  688  10200" in lines
    # Two paragraphs the page separates by <br> inside one <p> stay two paragraphs.
    assert any(line.startswith("（三）提升服务品质") for line in lines)


def test_hints_never_override_the_text(from_text: Reply):
    reply = parse_reply(REPLY.read_text(encoding="utf-8"), REPLY.name,
                        hints={"agency": "别的机关", "doc_number": "某〔2020〕1号", "date": "2020-01-01"})
    assert reply.meta == from_text.meta


def test_ocr_rows_become_paragraphs_across_pages():
    """Layout only (no OCR run): boxes as the recogniser returns them for two pages of 30 px text in
    a column from x=180 to x=1475 (200 to 1495 on the second). A wrapped paragraph continues over the page break, the page number
    goes, a label and its value on one row are one line, an indented line starts a paragraph."""
    from indexer.formats.ocr import Box, page_rows, paragraphs

    def box(left, top, right, text):
        return Box(left, top, right, top + 34, text)

    first = [box(240, 100, 1470, "督促沿河区县完成雨污分流改造管网86公里，整治入河排污口132个，力争到"),
             box(180, 146, 1472, "2025年底实现城区支流排污口动态清零，并将支流水质纳入河长制年度考核，对断面"),
             box(780, 2200, 880, "- 1 -")]
    # The scanner placed the second page 20 px further right.
    second = [box(200, 100, 780, "水质连续两个月下降的区县开展约谈。"),
              box(260, 146, 520, "(三)压实河长责任"),
              box(260, 192, 440, "联系人:"), box(450, 192, 620, "周晓岚"),
              box(1200, 238, 1435, "长环函[2024]37号")]
    assert paragraphs([page_rows(first), page_rows(second)]) == [
        "督促沿河区县完成雨污分流改造管网86公里，整治入河排污口132个，力争到2025年底实现城区支流排污口动态清零，"
        "并将支流水质纳入河长制年度考核，对断面水质连续两个月下降的区县开展约谈。",
        "（三）压实河长责任",
        "联系人：周晓岚",
        "长环函〔2024〕37号",
    ]


ANNEX = ["附件", "湘江长沙段支流水质自动监测站", "浏阳河入江口站、捞刀河入江口站、靳江河入江口站、龙王港入江口站、圭塘河入江口站、沩水入江口站。"]


@pytest.fixture(scope="module")
def text_pdf_with_a_scanned_page(tmp_path_factory) -> Path:
    """The text PDF of the reply with a scanned annex page appended (pypdf), as when an agency
    scans a signed or stamped page and adds it to the PDF it exported."""
    from pypdf import PdfWriter

    folder = tmp_path_factory.mktemp("mixed")
    scan = write_scan_pdf(folder / "annex.pdf", [render_page(ANNEX, centred={0, 1})])
    writer = PdfWriter(clone_from=REPLY.with_suffix(".pdf"))
    writer.append(scan)
    path = folder / "mixed.pdf"
    writer.write(path)
    return path


def test_scanned_page_of_a_text_pdf_is_ocrd(text_pdf_with_a_scanned_page: Path, from_text: Reply):
    source = read_source(text_pdf_with_a_scanned_page, REPLY.name)
    assert source.encoding == "pdf+ocr" and source.ocr is not None and source.ocr.pages == 1
    assert any(note.startswith("第 2 页：扫描页已做文字识别 OCR") for note in source.notes)
    read_back = paragraphs(source.text)[-len(ANNEX):]
    # OCR may misread a rare character (沩 as 为 here): each line must come back nearly whole.
    assert all(difflib.SequenceMatcher(None, line, want).ratio() >= 0.95 for line, want in zip(read_back, ANNEX)), read_back
    reply = parse_reply(source.text, REPLY.name, hints=source.hints)
    assert reply.meta.doc_number == from_text.meta.doc_number and reply.meta.date == from_text.meta.date


def test_scanned_page_of_a_text_pdf_without_ocr_is_a_note(text_pdf_with_a_scanned_page: Path):

    source = read_source(text_pdf_with_a_scanned_page, REPLY.name, ReadOptions(ocr=False))
    assert source.encoding == "pdf" and source.ocr is None
    assert source.text == read_source(REPLY.with_suffix(".pdf")).text  # every text page, nothing else
    assert any(note.startswith("第 2 页是扫描图像，没有文字层，未读取") for note in source.notes)


def test_a_scanned_ofd_with_ocr_switched_off_says_so(tmp_path: Path):
    from indexer.read import ReadError, ReadOptions

    with pytest.raises(ReadError, match="OFD 没有文字层（扫描件）.*已关闭 OCR"):
        read_source(make(".scan.ofd", tmp_path), REPLY.name, ReadOptions(ocr=False))


@pytest.mark.parametrize("name", ["hebi-zgj-2019-0077", "mof-2022-88", "mohurd-2021-3210-cppcc", "shouguang-nyj-2015-56"])
def test_a_reply_printed_to_pdf_by_libreoffice_parses_to_its_golden_fields(name: str):
    """pypdf reads LibreOffice's quotes out of place, a full-width title as wrapped into its addressee,
    a wide gap between fields as one space (tests/fixtures/pdf/libreoffice/README.md)."""
    from eval.parse_eval import compare, golden_of

    source = read_source(FIXTURES / "pdf" / "libreoffice" / f"{name}.pdf", f"{name}.pdf")
    golden = json.loads((FIXTURES / "layouts" / f"{name}.golden.json").read_text(encoding="utf-8"))
    result = compare(golden_of(parse_reply(source.text, f"{name}.pdf", hints=source.hints)), golden)
    assert [field for field, ok in result.items() if not ok] == []


@pytest.mark.parametrize("line, placed", [
    ("“ ”一、 高效办成一件事 推进情况", "一、“高效办成一件事”推进情况"),
    ("“ ”“ ”推进 放管服 和 一网通办 改革", "推进“放管服”和“一网通办”改革"),
    ("（3 “）关于通组路拓宽。您提出的 将通组路全部拓宽至6 ”米 的建议", "（3）关于通组路拓宽。您提出的“将通组路全部拓宽至6 米”的建议"),
    ("“ ”提升 智慧水平", "提升 智慧水平"),  # one gap for two quotes: where they belong is unknown, so they go
    ("“放管服”“一网通办”改革，“十四五”期间", "“放管服”“一网通办”改革，“十四五”期间"),  # quotes in place stay
    # an opening quote pulled to the start of the line, and one after a plus and a space
    ("“（二）推行 线上+ ” “ ”线下 撮合服务。开发 包头零工 小程序", "（二）推行“线上+ 线下”撮合服务。开发“包头零工”小程序"),
    ("“责任人；二是推行 互联网+”明厨亮灶", "责任人；二是推行“互联网+”明厨亮灶"),
    ("“您建议2020 年底前实现全覆盖”。根据“十三五”规划", "“您建议2020 年底前实现全覆盖”。根据“十三五”规划"),  # in place
])
def test_quotes_a_pdf_reader_put_out_of_place_go_back_where_they_left_a_space(line: str, placed: str):
    from indexer.formats.pdf import normalise_pdf_line

    assert normalise_pdf_line(line) == placed


def test_a_page_setting_the_reply_in_divs_loses_its_link_bars_and_breadcrumb(from_text: Reply, tmp_path: Path):
    """An older CMS sets each line of the reply in a <div> (no <p>), so readability keeps the whole
    page body: the site's link bar and breadcrumb must not open the reply as its agency."""
    import html

    lines = paragraphs(REPLY.read_text(encoding="utf-8"))
    page = ('<html><head><meta charset="utf-8"></head><body>'
            '<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a></div>'
            '<div class="nav">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 建议提案办理</div>'
            '<div id="zoom">' + "".join(f"<div><span>{html.escape(line)}</span></div>" for line in lines) + "</div>"
            '<div class="foot">主办单位：长沙市人民政府办公厅 版权所有</div></body></html>')
    path = tmp_path / "reply.html"
    path.write_text(page, encoding="utf-8")
    text = read_source(path, REPLY.name).text
    assert not any(word in text for word in ("首页", "当前位置", "互动交流"))
    assert parse_reply(text, REPLY.name).meta.model_dump() == from_text.meta.model_dump()


def test_a_word_reply_reads_as_shown_with_revisions_accepted_and_its_content_controls_filled():
    """A .docx from a drafting chain keeps tracked changes and a template's content controls (文号, 签发人,
    the date as a DATE field): the reply is what Word shows with the revisions accepted."""
    import io

    import docx
    from docx.oxml import parse_xml

    from indexer.formats.word import docx_text

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraphs = [
        f'<w:sdt {ns}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>伊宁市住房和城乡建设局</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>伊市建函〔2023〕27号</w:t></w:r></w:p></w:sdtContent></w:sdt>',
        f'<w:p {ns}><w:r><w:t>签发人：</w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>艾力</w:t></w:r>'
        '</w:sdtContent></w:sdt></w:p>',
        f'<w:p {ns}><w:r><w:t>对市政协十届二次会议第0118号提案的答复</w:t></w:r></w:p>',
        f'<w:p {ns}><w:r><w:t>民盟伊宁市委员会：</w:t></w:r></w:p>',
        f'<w:p {ns}><w:r><w:t>你们提出的提案收悉，现答复如下。</w:t></w:r></w:p>',
        f'<w:p {ns}><w:r><w:t>一、改造进展</w:t></w:r></w:p>',
        f'<w:p {ns}><w:r><w:t>今年全市完成老旧小区改造</w:t></w:r><w:del w:id="1" w:author="x"><w:r>'
        '<w:delText>20个</w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>26个</w:t></w:r></w:ins>'
        '<w:r><w:t>，惠及居民4100户。</w:t></w:r></w:p>',
        f'<w:p {ns}><w:r><w:t>伊宁市住房和城乡建设局</w:t></w:r></w:p>',
        f'<w:p {ns}><w:fldSimple w:instr="DATE \\@ &quot;yyyy年M月d日&quot;"><w:r><w:t>2023年7月12日</w:t></w:r>'
        '</w:fldSimple></w:p>',
    ]
    document = docx.Document()
    for xml in paragraphs:
        document.element.body.insert(len(document.element.body) - 1, parse_xml(xml))
    data = io.BytesIO()
    document.save(data)
    reply = parse_reply(docx_text(data.getvalue()), "yining.docx")
    assert reply.meta.doc_number == "伊市建函〔2023〕27号" and reply.meta.agency == "伊宁市住房和城乡建设局"
    assert reply.meta.signer == "艾力" and reply.meta.date == "2023-07-12"
    assert "完成老旧小区改造26个，惠及居民4100户。" in reply.section("1").text and "20个" not in reply.section("1").text


def test_headings_numbered_by_a_word_list_keep_their_markers(from_text: Reply, tmp_path: Path):
    """An author who numbers the headings with Word's automatic list (一、 （一） 1.) leaves the markers
    out of the paragraphs' text: the reader draws them again from the list, so the sections stand."""
    import docx

    path = write_list_docx(tmp_path / "reply.docx", paragraphs(REPLY.read_text(encoding="utf-8")))
    assert not any(p.text.startswith(("一、", "（一）")) for p in docx.Document(path).paragraphs)
    reply = parse(path)
    assert outline(reply) == outline(from_text)
    assert reply.meta.model_dump() == from_text.meta.model_dump()


def test_a_text_broken_at_a_fixed_width_is_joined_into_its_paragraphs(from_text: Reply, tmp_path: Path):
    """Text copied out of a PDF keeps the page's line breaks: 28 characters a line on a 公文 page."""
    from eval.format_variants import fixed_width

    path = tmp_path / "reply.txt"
    path.write_text(fixed_width(paragraphs(REPLY.read_text(encoding="utf-8"))), encoding="utf-8")
    source = read_source(path, REPLY.name)
    assert any("固定宽度" in note for note in source.notes)
    reply = parse_reply(source.text, REPLY.name)
    assert reply.meta.model_dump() == from_text.meta.model_dump() and outline(reply) == outline(from_text)
    assert [s.text for s in reply.sections] == [s.text for s in from_text.sections]
    # a text whose paragraphs are whole lines is left as it is
    assert read_source(REPLY, REPLY.name).notes == ()


def test_a_fixed_width_text_keeps_a_row_of_fields_and_joins_a_value_wrapped_after_its_label(tmp_path: Path):
    """Broken at 28 characters: a line of fields set apart by wide gaps (文号 … 签发人：…) is as wide as a
    wrapped line but ends where it stands, and a phone number the break moved below its label is the
    label's value."""
    from eval.format_variants import fixed_width

    lines = ["思民〔2022〕31号　　　　　　　　签发人：陈某某", "关于区十七届人大一次会议第19号、第27号建议的答复",
             "林某某代表：", "您提出的《关于加快建设社区长者食堂的建议》收悉，现答复如下：",
             "一、建设情况", "截至2022年5月底，全区已建成社区长者食堂36家，覆盖全区十个街道，日均服务老年人约四千二百人次，"
             "其中八十周岁以上老人和低保、特困老人享受每餐三元至五元不等的助餐补贴，补贴资金由区财政全额承担。",
             "二、下一步工作", "我局将于2022年底前新建长者食堂8家，推动老年助餐服务向社区全体居民开放，提高运营的可持续性。",
             "厦门市某区民政局", "2022年6月30日", "经办处室：区民政局养老服务科；经办人：苏某某；联系电话：0592-2156832",
             "抄送：区人大常委会代表工作委员会"]
    path = tmp_path / "reply.txt"
    path.write_text(fixed_width(lines), encoding="utf-8")
    reply = parse_reply(read_source(path).text, path.name)
    assert reply.meta.signer == "陈某某" and reply.meta.proposal_numbers == ["19", "27"]
    assert reply.meta.contact.phone == "0592-2156832" and reply.meta.cc == ["区人大常委会代表工作委员会"]


def test_a_page_saved_as_one_file_is_read_by_its_content_and_one_without_a_page_says_so(from_text: Reply, tmp_path: Path):
    saved = make(".mht", tmp_path)
    unnamed = saved.rename(tmp_path / "download")  # a browser download without an extension
    source = read_source(unnamed, REPLY.name)
    assert source.encoding.startswith("mht") and any(".mht" in note for note in source.notes)
    assert parse_reply(source.text, REPLY.name, hints=source.hints).meta.doc_number == from_text.meta.doc_number
    pictures_only = tmp_path / "pictures.mht"
    pictures_only.write_bytes(b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n--b\n"
                              b"Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b--\n")
    with pytest.raises(ReadError, match="没有网页部分"):
        read_source(pictures_only)


def test_a_running_head_is_left_out_of_every_page_but_a_red_header_repeating_it_stays():
    from indexer.formats.pdf import unwrap_pages, without_running_lines

    pages = [["长沙市生态环境局", "长沙市生态环境局", "长环函〔2024〕37号", "我局将支流水质纳入河长制年度考核，对断面水质连续两个"],
             ["长沙市生态环境局 第2页", "月下降的河段约谈责任单位。我局还将在支流入江口新建水质自动监测站6座，监"],
             ["长沙市生态环境局 第3页", "测数据实时公开。", "长沙市生态环境局", "2024年6月12日"]]
    assert unwrap_pages(pages) == ["长沙市生态环境局", "长环函〔2024〕37号",
                                   "我局将支流水质纳入河长制年度考核，对断面水质连续两个月下降的河段约谈责任单位。"
                                   "我局还将在支流入江口新建水质自动监测站6座，监测数据实时公开。",
                                   "长沙市生态环境局", "2024年6月12日"]
    # Two pages, the usual length of a reply: the agency opening both may be a red header and a signature
    # the page break moved (a date follows it), and a date line's digits are no page number.
    two = [["长沙市生态环境局", "长环函〔2024〕37号", "感谢您的关心。"], ["长沙市生态环境局", "2024年6月12日"]]
    assert without_running_lines(two) == two
    dated = [["长沙市生态环境局", "长环函〔2024〕37号", "感谢您的关心。", "长沙市生态环境局"], ["2024年6月12日", "联系人：周某"]]
    assert without_running_lines(dated) == dated
    # A head opening both pages with text after it on the second, or a date after it when the first page
    # already ends with the signature, or a head carrying a page number, is a running head.
    head = [["桑植县文旅广体局", "桑植县文旅广体局", "桑文旅函〔2022〕19号", "我局将对全县民宿开展等级评定，对评"],
            ["桑植县文旅广体局", "上的民宿给予一次性奖励。", "桑植县文旅广体局", "二〇二二年七月八日"]]
    assert without_running_lines(head) == [head[0][1:], head[1][1:]]
    signed = [["桑植县文旅广体局", "桑植县文旅广体局", "感谢您对我县文化旅游工作的关心和支持，欢迎继续提出宝贵意见。", "桑植县文旅广体局"],
              ["桑植县文旅广体局", "二〇二二年七月八日", "联系人：覃某"]]
    assert without_running_lines(signed) == [signed[0][1:], signed[1][1:]]
    numbered = [["桑文旅函〔2022〕19号", "感谢您的关心。"], ["桑植县文旅广体局 — 2 —", "桑植县文旅广体局", "二〇二二年七月八日"]]
    assert without_running_lines(numbered) == [numbered[0], numbered[1][1:]]


def test_a_result_row_of_the_metadata_table_is_kept_for_the_parser(tmp_path: Path):
    """A page's catalogue may carry the reply's class (办理类别：C) beside 索引号 and 文号; the table is
    dropped from the text, so that row is kept as a header line and the class is read."""
    rows = "".join(f"<tr><td>{label}：</td><td>{value}</td></tr>" for label, value in (
        ("索引号", "11410600MB1234567X/2020-00311"), ("发布机构", "鹤壁市城市管理局"),
        ("发文字号", "鹤城管提〔2020〕14号"), ("成文日期", "2020-08-12"), ("办理类别", "C"), ("发布日期", "2020-08-20")))
    page = (f"<html><head><meta charset='utf-8'><title>答复</title></head><body><table>{rows}</table>"
            "<div class='article'><h2>鹤壁市城市管理局关于市政协十一届四次会议第0311号提案的答复</h2>"
            "<p>宋某某委员：</p><p>您提出的《关于增设城区公共厕所的提案》收悉。现答复如下：</p>"
            "<p>一、现状</p><p>城区现有公共厕所236座，按照每平方公里3座的标准仍有缺口。</p>"
            "<p>二、关于新建独立式公厕的建议</p><p>受用地条件限制，老城区新建独立式公厕目前暂不具备条件，我局将推动沿街单位厕所对外开放。</p>"
            "<p>鹤壁市城市管理局</p><p>2020年8月12日</p></div></body></html>")
    path = tmp_path / "hebi-cgj-2020-0311.html"
    path.write_text(page, encoding="utf-8")
    source = read_source(path)
    assert "办理类别：C" in paragraphs(source.text)
    meta = parse_reply(source.text, path.name, hints=source.hints).meta
    assert (meta.category, meta.resolution, meta.doc_number) == ("C", "C", "鹤城管提〔2020〕14号")


def test_an_opendocument_reply_reads_its_header_table_and_list_items_in_order(tmp_path: Path):
    """An .odt (LibreOffice, WPS) whose header fields sit in a two-column table and whose last items are a
    list: each row reads "label：value" and each item is a paragraph, in document order; the bytes decide
    when the name does not say (.odt saved as .dat)."""
    lines = paragraphs(REPLY.read_text(encoding="utf-8"))
    header = [("办理结果", "A"), ("公开属性", "主动公开")]
    body = [line for line in lines if line not in ("办理结果：A", "公开属性：主动公开")]
    path = write_odt(tmp_path / "reply.odt", body, table_rows=header, listed=3)
    source = read_source(path)
    assert paragraphs(source.text)[:2] == ["办理结果：A", "公开属性：主动公开"]
    assert paragraphs(source.text)[-3:] == body[-3:]
    renamed = tmp_path / "reply.dat"
    renamed.write_bytes(path.read_bytes())
    assert read_source(renamed).text == source.text
    meta = parse_reply(source.text, REPLY.name).meta
    assert (meta.resolution, meta.doc_number, meta.contact.phone) == ("A", "长环函〔2024〕37号", "0731-88661234")


@pytest.mark.parametrize("suffix", [".docx", ".html", ".odt"])
def test_bold_topic_sentences_run_into_paragraphs_are_the_sections(suffix: str, tmp_path: Path):
    """A reply without numbers answering point by point, each paragraph opened by a short topic
    sentence in bold (关于绿道规划。) and its text in plain type: the bold is the heading's only mark, so
    the reader (Word runs, a page's <strong> or bold style, an OpenDocument span whose text style is bold
    for Chinese) sets it on a line of its own and the points
    are the sections. A bold word inside a paragraph is emphasis, and the same sentences in plain type
    are text (a .txt keeps no bold)."""
    import html

    import docx

    opening = ["国家林业和草原局", "林提复〔2021〕33号", "关于政协十三届全国委员会第四次会议第1187号提案的答复",
               "某某委员：", "您提出的《关于加强城市绿道建设的提案》收悉。现答复如下："]
    points = [("关于绿道规划。", "我局已会同住房城乡建设部印发绿道规划建设导则，明确绿道分级标准。"),
              ("关于资金支持。", "中央财政通过林业改革发展资金支持国家森林城市绿道建设。"),
              ("关于绿道养护", "。我局将指导各地落实养护责任，纳入城市园林绿化日常管理。")]  # the stop in plain type
    emphasis = ("各地要", "严格落实", "养护责任。")
    closing = ["感谢您对林业和草原工作的关心和支持。", "国家林业和草原局", "2021年7月9日"]

    def write(path: Path, bold: bool) -> Path:
        if suffix == ".docx":
            document = docx.Document()
            for line in opening:
                document.add_paragraph(line)
            for topic, text in points:
                paragraph = document.add_paragraph()
                paragraph.add_run(topic).bold = bold
                paragraph.add_run(text)
            paragraph = document.add_paragraph(emphasis[0])
            paragraph.add_run(emphasis[1]).bold = True
            paragraph.add_run(emphasis[2])
            for line in closing:
                document.add_paragraph(line)
            document.save(path)
            return path
        if suffix == ".odt":
            from odf.opendocument import OpenDocumentText
            from odf.style import Style, TextProperties
            from odf.text import P, Span

            document = OpenDocumentText()
            heavy = Style(name="T1", family="text")
            heavy.addElement(TextProperties(fontweightasian="bold" if bold else "normal"))
            document.automaticstyles.addElement(heavy)
            for line in opening:
                document.text.addElement(P(text=line))
            for topic, text in points:
                paragraph = P()
                paragraph.addElement(Span(stylename=heavy, text=topic))
                paragraph.addText(text)
                document.text.addElement(paragraph)
            paragraph = P(text=emphasis[0])
            paragraph.addElement(Span(stylename=heavy, text=emphasis[1]))
            paragraph.addText(emphasis[2])
            document.text.addElement(paragraph)
            for line in closing:
                document.text.addElement(P(text=line))
            document.save(str(path))
            return path
        strong = ("<strong>{}</strong>", '<span style="font-weight: bold">{}</span>') if bold else ("{}", "{}")
        lines = [f"<p>{html.escape(line)}</p>" for line in opening]
        lines += [f"<p>{strong[n % 2].format(topic)}{text}</p>" for n, (topic, text) in enumerate(points)]
        lines += [f"<p>{emphasis[0]}<b>{emphasis[1]}</b>{emphasis[2]}</p>", *(f"<p>{line}</p>" for line in closing)]
        path.write_text(f"<html><head><title>答复</title></head><body><div class=\"article\">{''.join(lines)}</div></body></html>",
                        encoding="utf-8")
        return path

    def numbered(reply: Reply) -> list[tuple[str, str]]:
        return [(s.section_id, s.heading) for s in reply.sections if s.section_id[0].isdigit()]

    reply = parse(write(tmp_path / f"bold{suffix}", bold=True))
    assert numbered(reply) == [("1", "关于绿道规划"), ("2", "关于资金支持"), ("3", "关于绿道养护")]
    assert reply.section("2").text.startswith("中央财政") and "各地要严格落实养护责任。" in reply.section("3").text
    assert reply.section("3").text.startswith("我局将指导")
    assert numbered(parse(write(tmp_path / f"plain{suffix}", bold=False))) == []


def word_reply_with_footer(footer_lines: list[str], sections: int = 1, first_page_only: list[str] = ()) -> bytes:
    """A .docx reply whose body ends at the date and whose page footer holds `footer_lines` (a template's footer
    printed on every page), across `sections` sections sharing that footer; `first_page_only` is written into a
    first-page footer that the document never switches on."""
    import io

    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    for line in ("某省某局", "某提复〔2026〕3号", "关于省政协某届某次会议第0211号提案的答复", "王某委员：",
                 "您提出的提案收悉，现答复如下：", "一、建设进展", "全省已建成社区体育公园120个。"):
        document.add_paragraph(line)
    for _ in range(sections - 1):
        document.add_section(WD_SECTION.NEW_PAGE)  # a later section's footer stays linked to the first's
        document.add_paragraph("二、下一步工作\n将继续推进。")
    for line in ("某省某局", "2026年6月12日"):
        document.add_paragraph(line)
    footer = document.sections[0].footer
    footer.paragraphs[0].text = footer_lines[0]
    for line in footer_lines[1:]:
        footer.add_paragraph(line)
    if first_page_only:
        document.sections[0].first_page_footer.paragraphs[0].text = first_page_only[0]
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def test_a_word_replys_page_footer_is_read_after_the_body_so_its_contact_and_cc_are_closing_fields():
    """A template may keep the contact and 抄送 in the page footer, where they print under the last page: the
    footer's lines follow the body, once however many sections share it, without its page number."""
    from indexer.formats.word import docx_text

    footer = ["- 1 -", "联系人：李某　联系电话：025-83270000", "抄送：省政协提案委员会，省政府办公厅"]
    text = docx_text(word_reply_with_footer(footer, sections=2))
    assert text.split("\n\n")[-3:] == ["2026年6月12日", *footer[1:]]
    assert text.count("联系人：李某") == 1 and "- 1 -" not in text
    reply = parse_reply(text, "footer.docx")
    assert (reply.meta.contact.name, reply.meta.contact.phone) == ("李某", "025-83270000")
    assert reply.meta.cc == ["省政协提案委员会", "省政府办公厅"]
    assert "联系人：李某" in reply.section("closing").text  # a line a contact answer can cite


def test_a_footer_word_does_not_print_and_a_page_number_footer_add_nothing():
    """A first-page footer defined while the document does not use one is not printed, so not read; a footer of
    only a page number ("第 1 页 共 3 页") adds no line."""
    from indexer.formats.word import docx_text

    text = docx_text(word_reply_with_footer(["第 1 页 共 3 页"], first_page_only=["联系人：赵某"]))
    assert text.split("\n\n")[-1] == "2026年6月12日" and "赵某" not in text


def test_a_footer_line_of_a_phone_is_no_page_number():
    """A page number has three digits at most: a footer line holding only a phone (the contact's, under its name on
    the line above) stays the reply's."""
    from indexer.formats.word import docx_text

    text = docx_text(word_reply_with_footer(["- 2 -", "联系人：李某", "025-83270000"]))
    assert text.split("\n\n")[-2:] == ["联系人：李某", "025-83270000"] and "- 2 -" not in text
