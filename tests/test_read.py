"""Reading files: encodings, and bad input reported with a reason instead of crashing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.read import ReadError, find_files, read_source
from tests.conftest import BAD_FILES, FIXTURE_REPLIES, FIXTURES, REAL_REPLY
from tests.documents import write_docx

REAL_REPLY_PDF = FIXTURES / "pdf" / "pudong-kjjw-2025-61.pdf"


def test_gb18030_file_is_decoded():
    source = read_source(BAD_FILES / "gbk.txt")
    assert source.encoding == "gb18030"
    assert "答复" in source.text


def test_utf8_bom_is_stripped():
    source = read_source(BAD_FILES / "bom.txt")
    assert source.encoding == "utf-8-sig"
    assert not source.text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.txt", "空文件"), ("blank.txt", "空文件"), ("binary.txt", "二进制文件")],
)
def test_bad_file_raises_with_reason(name: str, reason: str):
    with pytest.raises(ReadError, match=reason):
        read_source(BAD_FILES / name)


def test_undecodable_text_says_which_encodings_were_tried(tmp_path: Path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\x81\x30" * 3 + b"\xff\xfe\xfd")
    with pytest.raises(ReadError, match="UTF-8"):
        read_source(path)


def test_unreadable_path_raises_read_error(tmp_path: Path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="无法读取"):
        read_source(folder)


def test_unsupported_type_is_reported(tmp_path: Path):
    path = tmp_path / "reply.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 a spreadsheet")
    with pytest.raises(ReadError, match="不支持的文件类型 .xls"):
        read_source(path)
    packed = tmp_path / "replies.rar"
    packed.write_bytes(b"Rar!\x1a\x07\x00 packed replies")
    with pytest.raises(ReadError, match="请先解压"):
        read_source(packed)


def test_a_wps_file_is_read_as_the_word_97_file_it_is(tmp_path: Path):
    """WPS Office saves .wps in Word 97's binary format. The bytes here are the LibreOffice .doc of the
    formats fixture renamed: this checks the routing, not a file WPS itself wrote (none is at hand)."""
    path = tmp_path / "reply.wps"
    path.write_bytes((FIXTURES / "formats" / "changsha-sthjj-2024-37.doc").read_bytes())
    assert "长环函〔2024〕37号" in read_source(path).text


@pytest.mark.parametrize(("name", "fixture", "read_as"), [
    ("content_8812.jhtml", "changsha-sthjj-2024-37.html", ".html"),  # a crawled page of a JCMS site
    ("download.jsp", "changsha-sthjj-2024-37.pdf", ".pdf"),
    ("附件下载", "changsha-sthjj-2024-37.ofd", ".ofd"),  # saved without an extension
    ("getFile.aspx", "changsha-sthjj-2024-37.rtf", ".rtf"),
])
def test_a_file_whose_name_does_not_say_is_read_by_its_content(tmp_path: Path, name: str, fixture: str, read_as: str):
    path = tmp_path / name
    path.write_bytes((FIXTURES / "formats" / fixture).read_bytes())
    source = read_source(path)
    assert source.notes[0].startswith(f"扩展名为 {path.suffix or '(无)'}，按内容读作 {read_as}")
    assert "长环函〔2024〕37号" in source.text


def test_a_docx_without_an_extension_is_read_by_its_content(tmp_path: Path):
    path = write_docx(tmp_path / "reply", ["长沙市生态环境局", "长环函〔2024〕37号"])
    assert read_source(path).text.split("\n\n") == ["长沙市生态环境局", "长环函〔2024〕37号"]


def test_a_zip_that_is_no_word_file_or_ofd_is_still_unsupported(tmp_path: Path):
    import zipfile

    path = tmp_path / "table.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReadError, match="不支持的文件类型 .xlsx"):
        read_source(path)


def test_a_scanned_picture_is_read_page_by_page_and_needs_ocr(tmp_path: Path):
    from PIL import Image

    from indexer.formats.image import frames
    from indexer.read import ReadOptions

    path = tmp_path / "scan.tif"
    pages = [Image.new("L", (40, 60), 255), Image.new("L", (40, 60), 0)]
    pages[0].save(path, save_all=True, append_images=pages[1:])
    assert len(frames(path.read_bytes())) == 2  # a scanner's multi-page TIFF: one frame a page
    with pytest.raises(ReadError, match="已关闭 OCR"):
        read_source(path, options=ReadOptions(ocr=False))
    broken = tmp_path / "scan.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 cut short")
    with pytest.raises(ReadError, match="无法打开图片"):
        read_source(broken)


def test_find_files_lists_visible_files_with_relative_names(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("about", encoding="utf-8")
    (tmp_path / "sub" / "readme.txt").write_text("关于本文件夹的说明", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    assert [name for _, name in find_files(tmp_path)] == ["sub/a.txt"]


def test_a_readme_is_documentation_whatever_its_case_or_suffix_but_a_reply_named_after_one_is_not():
    from indexer.read import documentation

    assert all(documentation(name) for name in ("README.md", "readme.txt", "ReadMe", "README.zh.html"))
    assert not any(documentation(name) for name in ("readme-reply-2024.txt", "关于README的答复.txt", "reply.md"))


def test_missing_path_raises(tmp_path: Path):
    with pytest.raises(ReadError, match="路径不存在"):
        find_files(tmp_path / "nope")


def test_word_reply_parses_like_its_text_version(tmp_path: Path):
    from indexer.parse import parse_reply
    from tests.conftest import REAL_REPLY

    text = REAL_REPLY.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line.strip()]
    source = read_source(write_docx(tmp_path / "reply.docx", lines), "reply.docx")
    assert source.encoding == "docx"
    from_word = parse_reply(source.text, "reply.docx")
    from_text = parse_reply(text, "reply.docx")
    assert from_word == from_text
    assert any("加大逆周期" in s.text for s in from_word.sections)  # the page-break split still rejoins


def test_word_header_in_a_table_is_read_as_lines(tmp_path: Path):
    from indexer.parse import parse_reply

    path = write_docx(
        tmp_path / "t.docx",
        ["上海市浦东新区教育局", "浦教办理（2024）3号", "对浦东新区政协七届三次会议", "第 021 号提案的答复", "民进浦东区委：",
         "一、概述", "正文。", "2024年6月20日"],
        table_rows=[("办理结果", "列入计划拟解决"), ("公开属性", "主动公开")],
    )
    reply = parse_reply(read_source(path).text, "t.docx")
    assert reply.meta.category == "列入计划拟解决" and reply.meta.publicity == "主动公开"
    assert reply.meta.doc_number == "浦教办理（2024）3号"


def test_damaged_word_file_is_reported(tmp_path: Path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError, match="无法打开 Word 文件"):
        read_source(path)


def without_whitespace(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def pdf_and_text_replies():
    from indexer.parse import parse_reply

    source = read_source(REAL_REPLY_PDF, REAL_REPLY.name)
    assert source.encoding == "pdf"
    return parse_reply(source.text, REAL_REPLY.name), parse_reply(REAL_REPLY.read_text(encoding="utf-8"), REAL_REPLY.name)


def test_pdf_reply_parses_like_its_text_version(pdf_and_text_replies):
    """The PDF rendered from the real reply gives the .txt's reply: id, title, every meta field,
    section ids and paths; each section's text equals the .txt's section text once all whitespace
    is removed from both (a PDF cannot say whether "2024 年 7 月" had a space where a line wrapped)."""
    from_pdf, from_text = pdf_and_text_replies
    assert from_pdf.reply_id == from_text.reply_id == "浦科经委办理-2025-61"
    assert from_pdf.title == from_text.title
    assert from_pdf.meta == from_text.meta
    assert [(s.section_id, s.path) for s in from_pdf.sections] == [(s.section_id, s.path) for s in from_text.sections]
    for pdf_section, text_section in zip(from_pdf.sections, from_text.sections):
        assert without_whitespace(pdf_section.text) == without_whitespace(text_section.text), pdf_section.section_id


@pytest.mark.parametrize("joined", ["加大逆周期", "金融创新支持", "人才储备基础", "场景研发"])
def test_pdf_page_break_split_is_rejoined(pdf_and_text_replies, joined: str):
    from_pdf, _ = pdf_and_text_replies
    assert any(joined in section.text for section in from_pdf.sections)


def test_pdf_fixture_has_a_paragraph_across_a_page_break():
    import pypdf

    pages = [page.extract_text().strip().split("\n") for page in pypdf.PdfReader(REAL_REPLY_PDF).pages]
    assert len(pages) >= 2 and REAL_REPLY_PDF.stat().st_size < 300_000
    assert all(lines[-1] == f"- {n} -" for n, lines in enumerate(pages, 1))  # footers the reader drops
    text = read_source(REAL_REPLY_PDF).text
    assert "- 1 -" not in text
    from indexer.parse import match_marker

    crossing = [(lines[-2], following[0]) for lines, following in zip(pages, pages[1:])
                if lines[-2][-1] not in "。！？；：" and match_marker(lines[-2]) is None]
    assert crossing, "no paragraph crosses a page break"
    for end, start in crossing:
        assert end + start in text


def test_pdf_line_normalisation_drops_extraction_artifacts():
    from indexer.formats.pdf import normalise_pdf_line, page_lines, unwrap_pages

    assert normalise_pdf_line("浦科经委办理（ 2025 ） 61 号") == "浦科经委办理（2025）61号"
    assert normalise_pdf_line("浦东新区已有 16 家高等学校 ，") == "浦东新区已有 16 家高等学校，"
    assert normalise_pdf_line("会同区委组织部、区数据局等部\u2ed4") == "会同区委组织部、区数据局等部门"
    assert normalise_pdf_line("浦东新区\u2f2f商联") == "浦东新区工商联"
    assert page_lines("- 2 -\n正文\n第 2 页") == ["正文"]
    wide = "收到你们的提案后我委高度重视会同各部门认真研究积极采纳提案中提出"
    assert unwrap_pages([["上海市浦东新区科技和经济委员会", "浦科经委办理（2025）61号", wide, "的对策建议。", "（一）标题"]]) == [
        "上海市浦东新区科技和经济委员会", "浦科经委办理（2025）61号", wide + "的对策建议。", "（一）标题"]


def test_pdf_without_text_layer_is_reported_as_a_scan(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "scan.pdf"
    writer.write(path)
    with pytest.raises(ReadError, match=r"PDF 没有文字层（扫描件），请先做文字识别 \(no text layer: OCR it first\)"):
        read_source(path)


def test_damaged_pdf_is_reported(tmp_path: Path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(REAL_REPLY_PDF.read_bytes()[:2000])
    with pytest.raises(ReadError, match="无法打开 PDF 文件.*damaged or not a PDF"):
        read_source(path)


def test_encrypted_pdf_is_reported(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=REAL_REPLY_PDF)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    with pytest.raises(ReadError, match="PDF 已加密"):
        read_source(path)


def test_folder_with_a_pdf_reply_is_parsed_for_indexing(tmp_path: Path):
    """`dafu index` reads a folder through build.parse_files; the PDF reply comes out whole."""
    import shutil

    from indexer.build import BuildSummary, parse_files

    shutil.copy(REAL_REPLY_PDF, tmp_path / REAL_REPLY_PDF.name)
    summary = BuildSummary(index=tmp_path / "index")
    replies, hashes = parse_files([tmp_path], summary, progress=False)
    assert summary.skipped == []
    assert [reply.reply_id for reply in replies] == ["浦科经委办理-2025-61"]
    assert replies[0].source == REAL_REPLY_PDF.name


# --- bad input of the formats added for web pages, old Word and scans (each a per-file message) ---
FORMATS = FIXTURES / "formats"
CHANGSHA_HTML = FORMATS / "changsha-sthjj-2024-37.html"


def test_truncated_web_page_yields_what_it_has_with_a_note(tmp_path: Path):
    from indexer.parse import parse_reply

    data = CHANGSHA_HTML.read_bytes()
    cut = data.index("（二）推进截污治污".encode()) + 40  # the download stopped inside section 2.2
    path = tmp_path / "cut.html"
    path.write_bytes(data[:cut])
    source = read_source(path)
    assert any("网页不完整" in note for note in source.notes)
    reply = parse_reply(source.text, "cut.html", hints=source.hints)
    assert reply.meta.doc_number == "长环函〔2024〕37号" and reply.meta.date == "2024-06-12"  # the date from the metadata table
    assert [s.section_id for s in reply.sections if s.kind == "body"] == ["1", "2", "2.1", "2.2"]


def test_site_index_page_is_not_a_reply():
    with pytest.raises(ReadError, match="网页中没有答复正文"):
        read_source(FORMATS / "list-page.shtml")


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"\xd0\xcf\x11\xe0 not really", "不是 Word 文档"), ("答复的草稿，纯文本".encode(), "不是 Word 文档"),
     (b"", "空文件")],
)
def test_doc_that_is_not_word_is_reported(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "reply.doc"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=reason):
        read_source(path)


def test_rtf_saved_as_doc_is_read_as_rtf(tmp_path: Path):
    path = tmp_path / "reply.doc"
    path.write_bytes((FORMATS / "changsha-sthjj-2024-37.rtf").read_bytes())
    source = read_source(path)
    assert source.encoding == "rtf" and "实为 RTF" in source.notes[0]
    assert "长环函〔2024〕37号" in source.text.split("\n")


def test_damaged_word_97_file_is_reported_by_antiword(tmp_path: Path):
    path = tmp_path / "reply.doc"
    path.write_bytes((FORMATS / "changsha-sthjj-2024-37.doc").read_bytes()[:3000])
    with pytest.raises(ReadError, match="antiword 无法读取"):
        read_source(path)


def test_web_page_saved_as_doc_is_read_as_a_web_page(tmp_path: Path):
    path = tmp_path / "reply.doc"
    path.write_bytes(CHANGSHA_HTML.read_bytes())
    source = read_source(path)
    assert source.encoding == "html (utf-8)" and source.hints["doc_number"] == "长环函〔2024〕37号"
    assert any("实为网页" in note for note in source.notes)


def test_doc_without_a_converter_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No antiword or LibreOffice on PATH, as on a machine without them."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(ReadError, match="apt-get install antiword"):
        read_source(FORMATS / "changsha-sthjj-2024-37.doc")


SCAN_WITHOUT_OCR = """
import sys
sys.modules["rapidocr_onnxruntime"] = None  # the import fails as when the extra is not installed
from pathlib import Path
from indexer.read import ReadError, read_source
try:
    read_source(Path(sys.argv[1]))
except ReadError as error:
    print(error)
"""


def blank_scan(path: Path) -> Path:
    from PIL import Image

    from tests.documents import write_scan_pdf

    return write_scan_pdf(path, [Image.new("L", (827, 1169), 255)])


def test_scan_without_the_ocr_extra_names_the_install_command(tmp_path: Path):
    """A fresh interpreter with a clean environment in which importing the OCR package fails."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run([sys.executable, "-c", SCAN_WITHOUT_OCR, str(blank_scan(tmp_path / "scan.pdf"))],
                          cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "PDF 没有文字层（扫描件），请先做文字识别 (no text layer: OCR it first)" in done.stdout
    assert "pip install -e '.[ocr]'" in done.stdout


def test_scan_with_ocr_switched_off_is_reported(tmp_path: Path):
    from indexer.read import ReadOptions

    with pytest.raises(ReadError, match="已关闭 OCR"):
        read_source(blank_scan(tmp_path / "scan.pdf"), options=ReadOptions(ocr=False))


# --- files a careless or hostile archive holds: each reaches the skip list with a reason ---------
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_with_bom_is_read_not_rejected_as_binary(tmp_path: Path, encoding: str):
    text = (BAD_FILES / "bom.txt").read_text(encoding="utf-8-sig")
    path = tmp_path / "unicode.txt"
    path.write_bytes("\ufeff".encode(encoding) + text.encode(encoding))
    source = read_source(path)
    assert source.encoding == "utf-16" and source.text == text


def test_file_over_the_size_limit_is_reported(tmp_path: Path):
    from indexer.read import ReadOptions

    path = tmp_path / "big.txt"
    path.write_bytes(REAL_REPLY.read_bytes() * 4)
    with pytest.raises(ReadError, match="文件过大.*DAFU_MAX_FILE_MB"):
        read_source(path, options=ReadOptions(max_bytes=path.stat().st_size - 1))
    assert read_source(path, options=ReadOptions(max_bytes=path.stat().st_size)).text


def test_fifo_is_reported_without_blocking(tmp_path: Path):
    import os

    from indexer.read import scan

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    files, skipped = scan(tmp_path)
    assert [name for _, name in files] == ["a.txt"]
    assert [(s.name, "FIFO" in s.reason) for s in skipped] == [("pipe.txt", True)]
    with pytest.raises(ReadError, match="不是普通文件"):
        read_source(tmp_path / "pipe.txt")  # named directly: `dafu index pipe.txt`


def test_symlink_loops_are_reported(tmp_path: Path):
    from indexer.read import scan

    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    (archive / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (archive / "sub" / "up").symlink_to("..")  # a folder link back to an ancestor
    (archive / "one.txt").symlink_to("two.txt")  # two file links pointing at each other
    (archive / "two.txt").symlink_to("one.txt")
    files, skipped = scan(archive)
    assert [name for _, name in files] == ["sub/a.txt"]
    reasons = {s.name: s.reason for s in skipped}
    assert set(reasons) == {"one.txt", "two.txt", "sub/up/"}
    assert all("符号链接循环" in reason for reason in reasons.values())


def test_symlink_out_of_the_folder_is_not_followed_unless_allowed(tmp_path: Path):
    from indexer.read import ReadOptions, scan

    archive = tmp_path / "archive"
    archive.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("外部文件", encoding="utf-8")
    (archive / "inside.txt").write_text("x", encoding="utf-8")
    (archive / "leak.txt").symlink_to(secret)
    (archive / "alias.txt").symlink_to(archive / "inside.txt")  # a link within the folder is fine
    files, skipped = scan(archive)
    assert [name for _, name in files] == ["alias.txt", "inside.txt"]
    assert [(s.name, "索引文件夹之外" in s.reason) for s in skipped] == [("leak.txt", True)]
    files, skipped = scan(archive, ReadOptions(follow_outside_links=True))
    assert "leak.txt" in [name for _, name in files] and not skipped


UNREADABLE_SCAN = """
import json, os, sys
from pathlib import Path
from indexer.read import scan
if os.geteuid() == 0:  # root reads every folder: drop to the user nobody (65534) first
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
files, skipped = scan(Path(sys.argv[1]))
print(json.dumps({"files": [name for _, name in files], "skipped": [[s.name, s.reason] for s in skipped]}, ensure_ascii=False))
"""


def test_unreadable_folder_is_reported(tmp_path: Path):
    """chmod 000 stops everyone but root; as root (CI) the scanning process drops to the user nobody."""
    import json
    import os
    import subprocess
    import sys
    import tempfile

    from tests.conftest import ROOT

    archive = Path(tempfile.mkdtemp(prefix="dafu-unreadable-"))
    try:
        archive.chmod(0o755)
        (archive / "ok.txt").write_text("x", encoding="utf-8")
        (archive / "locked").mkdir()
        (archive / "locked" / "hidden-reply.txt").write_text("x", encoding="utf-8")
        (archive / "locked").chmod(0)
        done = subprocess.run([sys.executable, "-c", UNREADABLE_SCAN, str(archive)], cwd=ROOT,
                              env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert result["files"] == ["ok.txt"]
        assert [name for name, _ in result["skipped"]] == ["locked/"]
        assert "无法读取文件夹" in result["skipped"][0][1]
    finally:
        (archive / "locked").chmod(0o755)
        shutil.rmtree(archive)


def test_broken_symlink_is_reported(tmp_path: Path):
    from indexer.read import scan

    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    files, skipped = scan(tmp_path)
    assert files == [] and [(s.name, "不存在" in s.reason) for s in skipped] == [("gone.txt", True)]


def test_page_whose_reply_is_an_attached_file_names_it(tmp_path: Path):
    page = ("<html><head><meta charset='utf-8'><title>关于市政协十二届二次会议第0318号提案的答复</title></head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/zwgk/'>政务公开</a></div>"
            "<h1>关于市政协十二届二次会议第0318号提案的答复</h1><div class='content'><p>现将答复全文公开如下：</p>"
            "<p>附件：<a href='/uploads/2024/0318.pdf?v=2'>关于市政协十二届二次会议第0318号提案的答复.pdf</a></p></div>"
            "<div class='footer'>版权所有：某市交通运输局</div></body></html>")
    path = tmp_path / "attachment.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(ReadError, match="答复在附件中：关于市政协十二届二次会议第0318号提案的答复.pdf；请下载附件后索引"):
        read_source(path)


def test_a_page_showing_the_proposal_beside_its_reply_is_read_as_the_reply(tmp_path: Path):
    """提案办理结果公开 pages print the proposal's own text (提案内容) above the reply (办理答复): read
    whole, the proposal's sections became the reply's and its label the addressee."""
    from indexer.parse import parse_reply

    reply = (FIXTURE_REPLIES / "pudong-mzj-2025-09.txt").read_text(encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<html><head><meta charset='utf-8'></head><body><div class='content'>"
                    "<p>提案标题：关于加强社区养老服务的提案</p><p>提案人：浦东新区总工会</p><p>【提案内容】</p>"
                    "<p>一、存在问题</p><p>社区养老设施不足，长者食堂覆盖率低，老年人就餐不便。</p>"
                    "<p>二、几点建议</p><p>建议增加长者食堂，完善助餐服务网络，扩大送餐范围。</p><p>【办理答复】</p>"
                    + "".join(f"<p>{line}</p>" for line in reply.split("\n") if line.strip())
                    + "</div></body></html>", encoding="utf-8")
    source = read_source(page, "page.html")
    assert any(note.startswith("网页同时载有提案（建议）原文：已略去“【提案内容】”下的 4 段") for note in source.notes)
    parsed, alone = parse_reply(source.text, "page.html"), parse_reply(reply, "page.html")
    assert [(s.section_id, s.heading) for s in parsed.sections] == [(s.section_id, s.heading) for s in alone.sections]
    assert parsed.meta.model_dump() == alone.meta.model_dump()
    # a reply that only mentions the proposal's content keeps every line
    assert read_source(FIXTURE_REPLIES / "pudong-mzj-2025-09.txt").notes == ()


def test_an_info_bar_under_the_title_goes_and_the_title_stays(tmp_path: Path):
    """发布时间：… 点击数： set in the title's own block: the counter is the site's, the title is the reply's."""
    from indexer.parse import parse_reply

    page = ('<html><head><meta charset="utf-8"><title>政务公开</title></head><body><div class="hd">'
            '<h1>临汾市水务局关于市政协五届二次会议第0077号提案的答复</h1><div class="info">发布时间：2022-07-01　点击数：12</div></div>'
            '<div class="content"><p>临水函〔2022〕31号</p><p>贾某某委员：</p><p>您提出的《关于加强城区内涝治理的提案》收悉。现答复如下：</p>'
            '<p>一、治理现状</p><p>今年我局完成城区排水管网改造26公里，易涝点由14处减少到5处。</p>'
            '<p>感谢您对水务工作的关心和支持。</p><p>临汾市水务局</p><p>2022年6月20日</p></div></body></html>')
    path = tmp_path / "reply.html"
    path.write_text(page, encoding="utf-8")
    source = read_source(path, path.name)
    assert "点击数" not in source.text and "发布时间" not in source.text
    meta = parse_reply(source.text, path.name).meta
    assert (meta.session, meta.proposal_numbers, meta.addressee) == ("市政协五届二次会议", ["0077"], "贾某某委员")


def xhtml_page(paragraphs: list[str], encoding: str = "UTF-8") -> bytes:
    """A reply as a CMS exports it in XHTML 1.0: an XML declaration naming its encoding, then the XHTML
    doctype, then <html xmlns=…> (fictional wrapper around the formats fixture's text)."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    page = (f'<?xml version="1.0" encoding="{encoding}"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            '<!-- 由内容管理系统生成 -->\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
            f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}" />'
            f'<title>答复</title></head><body><div class="article">{body}</div></body></html>')
    return page.encode("gb18030" if encoding.upper() == "GBK" else encoding)


@pytest.mark.parametrize(("name", "encoding"), [("reply.xhtml", "UTF-8"), ("reply.xht", "GBK"),
                                                ("content_4471.jsp", "UTF-8")])
def test_an_xhtml_page_is_read_as_a_web_page(tmp_path: Path, name: str, encoding: str):
    """XHTML is HTML written as XML: an .xhtml/.xht file is a web page, and so is a crawled page whose
    name says nothing when it opens with an XML declaration and the XHTML doctype rather than <html."""
    text = (FIXTURES / "formats" / "changsha-sthjj-2024-37.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    path = tmp_path / name
    path.write_bytes(xhtml_page(paragraphs, encoding))
    source = read_source(path)
    assert "长环函〔2024〕37号" in source.text
    assert paragraphs[-1].replace(" ", "") in source.text.replace(" ", "")
    assert "<?xml" not in source.text and "由内容管理系统生成" not in source.text
