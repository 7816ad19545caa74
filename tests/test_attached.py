"""A web page whose reply is a file it links to, both saved in the archive (indexer.attached): the file
is the reply, the page's catalogue table fills the fields the file lacks, the page is no reply itself.

The page is written here around the fictional Changsha format fixture's PDF (tests/fixtures/formats)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import BuildSummary, parse_files
from indexer.read import ReadError, fingerprint, read_source

PDF = Path(__file__).parent / "fixtures" / "formats" / "changsha-sthjj-2024-37.pdf"
PAGE = """<html><head><meta charset="utf-8"><title>对长沙市政协十三届三次会议第0256号提案的答复_长沙市生态环境局</title></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a></div>
<table class="meta"><tr><td>索引号：</td><td>430100-0001/2024-00321</td><td>主题分类：</td><td>生态环境</td></tr>
<tr><td>发布机构：</td><td>长沙市生态环境局</td><td>成文日期：</td><td>2024-06-12</td></tr>
<tr><td>文号：</td><td>长环函〔2024〕37号</td><td>发布日期：</td><td>2024-06-20</td></tr></table>
<h1>对长沙市政协十三届三次会议第0256号提案的答复</h1>
<div class="content"><p>附件：<a href="/attach/2024/06/{name}">长环函〔2024〕37号答复</a></p></div>
<div class="footer">主办：长沙市生态环境局</div></body></html>"""


def save(folder: Path, name: str = "P020240612.pdf") -> tuple[Path, Path]:
    folder.mkdir(exist_ok=True)
    shutil.copy(PDF, folder / name)
    (folder / "t20240612_77.html").write_text(PAGE.replace("{name}", name), encoding="utf-8")
    return folder / "t20240612_77.html", folder / name


def test_the_attachment_is_the_reply_with_the_pages_catalogue_fields(tmp_path: Path) -> None:
    page, attachment = save(tmp_path / "site")
    summary = BuildSummary(index=tmp_path / "index")
    [reply], _ = parse_files([tmp_path / "site"], summary, progress=False)
    assert reply.source == attachment.name
    # The file's own text gives its fields; the page adds those only it has (索引号, 主题分类).
    assert reply.meta.doc_number == "长环函〔2024〕37号" and reply.meta.date == "2024-06-12"
    assert (reply.meta.index_number, reply.meta.topic) == ("430100-0001/2024-00321", "生态环境")
    [skipped] = summary.skipped
    assert skipped.name == page.name and "已按附件读取" in skipped.reason
    assert any("以此文件为附件" in warning for warning in summary.warnings)


def test_the_page_is_part_of_the_attachments_hash(tmp_path: Path) -> None:
    page, attachment = save(tmp_path / "site")
    before = fingerprint(attachment)
    assert before == read_source(attachment).sha256
    page.write_text(page.read_text(encoding="utf-8").replace("生态环境</td>", "环境保护</td>"), encoding="utf-8")
    assert fingerprint(attachment) != before


def test_a_page_whose_attachment_was_not_saved_says_to_download_it(tmp_path: Path) -> None:
    page, attachment = save(tmp_path / "site")
    attachment.unlink()
    with pytest.raises(ReadError, match="请下载附件后索引"):
        read_source(page)


def test_a_page_whose_reply_is_the_scans_it_shows_is_that_reply(tmp_path: Path) -> None:
    """A county page saved with its pictures (PAGE_files/): the site's logo and the reply scanned a
    picture a page. The scans are OCR'd in page order (real OCR) as the page's reply, with the page's
    catalogue fields; no picture is a reply of its own."""
    from PIL import Image

    from tests.documents import render_page

    text = (Path(__file__).parent / "fixtures" / "formats" / "changsha-sthjj-2024-37.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    signature = paragraphs.index("长沙市生态环境局", 5)
    files = tmp_path / "t2024_9_files"
    files.mkdir()
    render_page(paragraphs[:12]).save(files / "P020240612391.jpg")
    render_page(paragraphs[12:], right={signature - 12, signature - 11}).save(files / "P020240612392.jpg")
    Image.new("RGB", (300, 80), "red").save(files / "logo.png")
    page = tmp_path / "t2024_9.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>对长沙市政协十三届三次会议第0256号提案的答复</title></head><body>'
        '<div class="top"><img src="t2024_9_files/logo.png"></div><table><tr><td>索引号：</td><td>430100-0001/2024-00321'
        '</td></tr><tr><td>发布机构：</td><td>长沙市生态环境局</td></tr></table><h1>对长沙市政协十三届三次会议第0256号提案的答复</h1>'
        '<div class="content"><p><img src="t2024_9_files/P020240612391.jpg"></p>'
        '<p><img src="./t2024_9_files/P020240612392.jpg?v=2"></p></div></body></html>', encoding="utf-8")
    summary = BuildSummary(index=tmp_path / "index")
    [reply], _ = parse_files([tmp_path], summary, progress=False)
    assert reply.source == page.name and summary.skipped == []
    assert (reply.meta.doc_number, reply.meta.date, reply.meta.index_number) == \
        ("长环函〔2024〕37号", "2024-06-12", "430100-0001/2024-00321")
    assert any("扫描图片" in warning for warning in summary.warnings)
    assert fingerprint(page) == read_source(page).sha256
