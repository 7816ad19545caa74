"""A reply kept as several files is read as one: a web article published over several pages
(STEM.html, STEM_1.html, …), a scan saved a picture a page (答复_1.png, 答复_2.png).

The pages are made here from the fictional Changsha format fixture (tests/fixtures/formats/README.md),
cut at paragraphs the way a site's editor inserts page breaks, each page in the site's frame: the
navigation, a breadcrumb, the title repeated above every page, the TRS pager script and its links.
"""

from __future__ import annotations

from pathlib import Path

from indexer.parse import parse_reply
from indexer.read import fingerprint, read_source, scan

REPLY = Path(__file__).parent / "fixtures" / "formats" / "changsha-sthjj-2024-37.txt"
TITLE = "对长沙市政协十三届三次会议第0256号提案的答复"
STEM = "t20240612_5521"


def page(paragraphs: list[str], number: int, count: int, stem: str = STEM, pager: str = "script") -> str:
    links = " ".join(f'<a href="{stem}{"" if n == 0 else f"_{n}"}.html">{n + 1}</a>' for n in range(count))
    pagers = {
        "script": f'<script>createPageHTML({count}, {number}, "{stem}", "html");</script>',
        "links": f'<div class="page">{links} <a href="{stem}_{min(number + 1, count - 1)}.html">下一页</a></div>',
        "none": "",
    }
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}_建议提案_长沙市生态环境局</title></head>
<body><div class="logo">长沙市生态环境局</div><div class="nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 建议提案办理</div>
<div class="article"><h1 class="title">{TITLE}</h1>
<div class="content">{body}</div>{pagers[pager]}</div>
<div class="footer">主办：长沙市生态环境局 版权所有 备案号：湘ICP备00000000号</div></body></html>"""


def publish(folder: Path, pager: str = "script", stem: str = STEM) -> list[str]:
    """The fixture reply as a three-page article in `folder`; the paragraphs of each page."""
    # The agency's name heads the site (its logo) and signs the reply on the last page, not the header.
    paragraphs = [p for p in REPLY.read_text(encoding="utf-8").split("\n") if p.strip()]
    paragraphs.remove("长沙市生态环境局")
    cuts = [paragraphs[:13], paragraphs[13:18], paragraphs[18:]]  # the last page opens with the signature
    for number, part in enumerate(cuts):
        name = f"{stem}{'' if number == 0 else f'_{number}'}.html"
        (folder / name).write_text(page(part, number, len(cuts), stem, pager), encoding="utf-8")
    return paragraphs


def test_the_later_pages_of_an_article_are_read_with_its_first(tmp_path: Path) -> None:
    for pager, folder in (("script", tmp_path / "trs"), ("links", tmp_path / "links")):
        folder.mkdir()
        paragraphs = publish(folder, pager)
        files, skipped = scan(folder)
        assert [name for _, name in files] == [f"{STEM}.html"] and not skipped, pager
        source = read_source(folder / f"{STEM}.html")
        lines = [line for line in source.text.split("\n") if line.strip()]
        assert lines.count(TITLE) <= 1  # the title every page repeats is kept once
        assert [line for line in lines if line != TITLE] == paragraphs
        assert any(f"{STEM}_1.html、{STEM}_2.html" in note for note in source.notes)
        reply = parse_reply(source.text, source.name)
        alone = parse_reply(REPLY.read_text(encoding="utf-8"), REPLY.name)
        # The closing (date, contact, cc) is on the last page, the header on the first.
        assert reply.meta.date == alone.meta.date == "2024-06-12"
        assert reply.meta.contact == alone.meta.contact and reply.meta.cc == alone.meta.cc
        assert reply.meta.doc_number == alone.meta.doc_number and reply.meta.agency == alone.meta.agency
        assert [s.heading for s in reply.sections] == [s.heading for s in alone.sections]


def test_a_change_on_a_later_page_changes_the_articles_hash(tmp_path: Path) -> None:
    publish(tmp_path)
    first = tmp_path / f"{STEM}.html"
    before = fingerprint(first)
    assert before == read_source(first).sha256
    last = tmp_path / f"{STEM}_2.html"
    last.write_text(last.read_text(encoding="utf-8").replace("周晓岚", "周晓兰"), encoding="utf-8")
    after = fingerprint(first)
    assert after != before and after == read_source(first).sha256


def test_numbered_files_that_are_not_pages_of_one_article_are_read_alone(tmp_path: Path) -> None:
    # No pager on the first page: STEM_1.html is a reply of its own that happens to share the name.
    publish(tmp_path, pager="none")
    files, _ = scan(tmp_path)
    assert len(files) == 3
    assert "周晓岚" not in read_source(tmp_path / f"{STEM}.html").text
    # A page numbered like a continuation with no first page beside it is read on its own.
    lone = tmp_path / "lone"
    lone.mkdir()
    publish(lone)
    (lone / f"{STEM}.html").unlink()
    assert sorted(name for _, name in scan(lone)[0]) == [f"{STEM}_1.html", f"{STEM}_2.html"]


def test_a_scan_saved_a_picture_a_page_is_one_reply(tmp_path: Path) -> None:
    """Real OCR of two rendered pages (tests/documents.py): the header on the first, the closing on the
    second; numbered pictures that are replies of their own come apart again where each opens."""
    from tests.documents import render_page

    paragraphs = [p for p in REPLY.read_text(encoding="utf-8").split("\n") if p.strip()]
    signature = paragraphs.index("长沙市生态环境局", 5)
    for number, part in enumerate([paragraphs[:12], paragraphs[12:]], 1):
        right = {i - (0 if number == 1 else 12) for i in (signature, signature + 1)}
        render_page(part, right=right).save(tmp_path / f"长环函答复_{number}.png")
    files, _ = scan(tmp_path)
    assert [name for _, name in files] == ["长环函答复_1.png"]
    source = read_source(tmp_path / "长环函答复_1.png")
    assert any("按页合并识别" in note for note in source.notes) and source.ocr.pages == 2
    reply = parse_reply(source.text, source.name)
    alone = parse_reply(REPLY.read_text(encoding="utf-8"), REPLY.name)
    assert (reply.meta.doc_number, reply.meta.date, reply.meta.contact.phone) == \
        (alone.meta.doc_number, "2024-06-12", "0731-88661234")
    assert [s.heading for s in reply.sections] == [s.heading for s in alone.sections]


def test_numbered_pictures_that_are_replies_of_their_own_come_apart(tmp_path: Path) -> None:
    from indexer.build import BuildSummary, parse_files
    from tests.documents import render_page

    first = [p for p in REPLY.read_text(encoding="utf-8").split("\n") if p.strip()]
    second = [p.replace("长沙市生态环境局", "株洲市生态环境局").replace("长环函〔2024〕37号", "株环函〔2024〕52号")
              .replace("长沙", "株洲").replace("第0256号", "第0311号") for p in first]
    for number, reply in enumerate([first, second], 1):
        signature = reply.index(reply[2], 5)
        render_page(reply, right={signature, signature + 1}, font_px=24).save(tmp_path / f"提案答复_{number}.png")
    summary = BuildSummary(index=tmp_path / "index")
    replies, _ = parse_files([tmp_path], summary, progress=False)
    assert [r.meta.doc_number for r in replies] == ["长环函〔2024〕37号", "株环函〔2024〕52号"]
    assert [r.source for r in replies] == ["提案答复_1.png", "提案答复_1.png#2"]


def test_a_picture_whose_name_ends_in_digits_opens_its_scan_and_its_pages_follow(tmp_path: Path) -> None:
    """提案0300.jpg then 提案0300_1.jpg: the first name's digits are no page number. Both pictures agree on
    the scan they make, so the second is read with the first, never dropped."""
    from indexer.pages import continuation_pages, first_page_of

    for name in ("提案0300.jpg", "提案0300_1.jpg", "提案0256.jpg", "提案0257.jpg"):
        (tmp_path / name).write_bytes(b"")
    first, second = tmp_path / "提案0300.jpg", tmp_path / "提案0300_1.jpg"
    assert continuation_pages(first) == [second] and first_page_of(second) == first
    assert sorted(name for _, name in scan(tmp_path)[0]) == ["提案0256.jpg", "提案0257.jpg", "提案0300.jpg"]
