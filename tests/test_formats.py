"""One fictional reply in every format agencies publish it in reads as the same reply; web pages
lose their page chrome and give their metadata table; scans are OCR'd offline."""

from __future__ import annotations

import difflib
import shutil
import time
from pathlib import Path

import pytest

from indexer.models import Reply
from indexer.parse import parse_reply
from indexer.read import read_source
from tests.conftest import FIXTURES
from tests.documents import render_page, write_docx, write_scan_pdf

FORMATS = FIXTURES / "formats"
REPLY = FORMATS / "changsha-sthjj-2024-37.txt"
PAGE_CHROME = ("打印本页", "关闭窗口", "分享到", "当前位置", "首页", "网站标识码", "ICP备", "版权所有", "相关链接",
               "字号", "浏览次数", "发布时间", "索引号", "主题分类", "第0198号提案")


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


def scan_pages(text: str) -> list:
    """The reply printed as an agency prints it: title centred, signature and date set right."""
    lines = paragraphs(text)
    title = {i for i, line in enumerate(lines) if line.startswith("对") or line.endswith("答复")}
    doc_number = {i for i, line in enumerate(lines) if line.endswith("号") and "〔" in line}
    date = max(i for i, line in enumerate(lines) if line.endswith("日"))
    return [render_page(lines, centred=title | doc_number, right={date - 1, date})]


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
    elif kind == ".scan.pdf":
        write_scan_pdf(path, scan_pages(text))
    else:  # .html (page chrome), .doc (LibreOffice), .pdf (Chromium): see tests/fixtures/formats/README.md
        shutil.copy(REPLY.with_suffix(kind), path)
    return path


@pytest.mark.parametrize("kind", [".gbk.txt", ".utf16.txt", ".html", ".docx", ".doc", ".pdf"])
def test_same_reply_in_every_format(kind: str, from_text: Reply, tmp_path: Path):
    reply = parse(make(kind, tmp_path))
    assert reply.reply_id == from_text.reply_id
    assert reply.title == from_text.title
    assert reply.meta == from_text.meta
    assert outline(reply) == outline(from_text)
    for section, expected in zip(reply.sections, from_text.sections):
        assert "".join(section.text.split()) == "".join(expected.text.split()), section.section_id


def test_scanned_pdf_is_ocrd_into_the_same_reply(from_text: Reply, tmp_path: Path):
    """An image-only PDF (Pillow draws the page with Noto Serif CJK) is OCR'd offline: the same
    metadata and section tree, at least 98% of the body's characters, and a per-file report."""
    path = make(".scan.pdf", tmp_path)
    import pypdf

    assert not (pypdf.PdfReader(path).pages[0].extract_text() or "").strip()  # no text layer at all
    started = time.perf_counter()
    source = read_source(path, REPLY.name)
    seconds = time.perf_counter() - started
    reply = parse_reply(source.text, REPLY.name, hints=source.hints)
    assert source.encoding == "pdf+ocr"
    assert source.ocr is not None and source.ocr.pages == 1 and 0 < source.ocr.seconds <= seconds
    assert any("OCR" in note for note in source.notes)
    assert reply.meta == from_text.meta
    assert outline(reply) == outline(from_text)
    matcher = difflib.SequenceMatcher(None, body(from_text), body(reply), autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks()) / len(body(from_text))
    assert kept >= 0.98, kept
    print(f"OCR: 1 page in {source.ocr.seconds:.1f}s, {kept:.2%} of body characters")


def test_web_page_loses_its_chrome_and_keeps_paragraphs():
    source = read_source(FORMATS / "changsha-sthjj-2024-37.html")
    assert source.encoding == "html (utf-8)"
    assert not [chrome for chrome in PAGE_CHROME if chrome in source.text]
    assert paragraphs(source.text) == paragraphs(REPLY.read_text(encoding="utf-8"))  # a source line break inside a sentence is no break


def test_metadata_table_fills_what_the_page_text_lacks():
    """The GBK page (declared gb2312) has no document number in its text: 文号 of the metadata
    table gives it, and with it the reply id; 发文日期 gives the ISO date."""
    source = read_source(FORMATS / "zhejiang-jtt-2024-58.htm")
    assert source.encoding == "html (gb18030)"
    assert source.hints == {"index_number": "002482070/2024-00356", "topic": "交通运输\\公路", "agency": "浙江省交通运输厅",
                            "date": "2024-07-03", "doc_number": "浙交建〔2024〕58号"}
    assert "浙交建" not in source.text and "索引号" not in source.text
    reply = parse_reply(source.text, "zhejiang-jtt-2024-58.htm", hints=source.hints)
    assert reply.meta.doc_number == "浙交建〔2024〕58号" and reply.reply_id == "浙交建-2024-58"
    assert reply.meta.agency == "浙江省交通运输厅" and reply.meta.date == "2024-07-03"
    assert reply.meta.addressee == "陈立群代表" and reply.meta.proposal_number == "318"
    # The page shows the title above the text only: it is put back at the top.
    assert paragraphs(source.text)[0] == "关于省十四届人大二次会议第318号建议的答复"
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
