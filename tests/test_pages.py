"""The citizens' pages, server-rendered: ask, answer with sources, reply with highlight, browse, commitments."""

from __future__ import annotations

import html
import re
import threading
import time
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from indexer.models import Commitment
from service.answer import ABSTAIN_TEXT, Answer
from service.app import create_app
from service.engine import Engine
from service.routes.marks import mark_paragraphs, parse_highlight
from service.settings import Settings
from tests.serving import free_port

REAL_ID = "浦科经委办理-2025-61"
QUESTION = "GID链主企业的培育目标是多少？"


def section_html(page: str, section_id: str) -> str:
    match = re.search(rf'<section[^>]*id="sec-{re.escape(section_id)}".*?</section>', page, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def marked_text(fragment: str) -> str:
    return "".join(html.unescape(m) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", fragment, re.S))


def test_home_has_a_labelled_question_box_and_examples(client: TestClient) -> None:
    page = client.get("/").text
    assert '<label for="q"' in page and 'id="q" name="q"' in page
    assert 'action="/chat"' in page and 'method="post"' in page  # the home page starts a conversation
    assert page.count('class="example"') >= 3
    assert 'lang="zh-CN"' in page and '<meta name="viewport"' in page


def test_question_in_the_url_renders_the_answer_server_side(client: TestClient, engine: Engine) -> None:
    answer = engine.ask(QUESTION)
    page = client.get("/", params={"q": QUESTION}).text
    for sentence in answer.sentences:
        assert html.escape(sentence.text, quote=False) in page
        assert f'href="#src-{sentence.n}"' in page and f"[{sentence.n}]" in page
    for citation in answer.citations:
        assert f'id="src-{citation.n}"' in page
        assert f'href="{html.escape(citation.url)}"' in page
        assert html.escape(citation.title, quote=False) in page
        assert html.escape(" › ".join(citation.section_path), quote=False) in page
    assert "解决或采纳" in page and "2025-05-07" in page


def test_a_question_with_script_shows_as_text(client: TestClient) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    for response in [client.get("/", params={"q": attack}),
                     client.get("/replies", params={"agency": attack}),
                     client.get("/commitments", params={"agency": attack})]:
        assert response.status_code == 200
        assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert "&lt;script&gt;alert" in client.get("/", params={"q": attack}).text


def test_an_over_long_question_shows_the_limit(client: TestClient) -> None:
    response = client.get("/", params={"q": "问" * 300})
    assert response.status_code == 422
    assert "问题过长" in response.text and 'role="alert"' in response.text


def test_an_abstention_is_shown_plainly_with_a_link_to_browse(client: TestClient, engine: Engine,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "ask", lambda q, **kw: Answer(question=q, answer=ABSTAIN_TEXT, abstained=True, citations=[]))
    page = client.get("/", params={"q": "今天天气怎么样"}).text
    assert ABSTAIN_TEXT in page and 'href="/replies"' in page and 'class="sources"' not in page


def test_reply_page_has_metadata_outline_and_anchors(client: TestClient, engine: Engine) -> None:
    reply = engine.reply(REAL_ID)
    page = client.get(f"/replies/{quote(REAL_ID)}").text
    assert '<table class="meta-table">' in page
    for label in ("答复单位", "文号", "答复日期", "办理结果"):
        assert f'<th scope="row">{label}</th>' in page
    for section in reply.sections:
        assert f'id="sec-{section.section_id}"' in page
        assert f'href="#sec-{section.section_id}"' in page
    assert "<mark" not in page


def test_cited_span_is_highlighted_and_escaped(client: TestClient, engine: Engine) -> None:
    citation = engine.ask(QUESTION).citations[0]
    page = client.get(citation.url).text
    fragment = section_html(page, citation.section_id)
    section = engine.reply(citation.reply_id).section(citation.section_id)
    assert marked_text(fragment) == section.text[citation.start:citation.end].replace("\n", "")
    assert page.count('id="hl"') == 1 and 'is-cited' in fragment
    # Only the cited section carries marks.
    assert marked_text(page.replace(fragment, "")) == ""


@pytest.mark.parametrize("hl", ["", "abc", "9-3", "5-5", "-1-4", "1-2-3", "99999999-1"])
def test_malformed_highlights_are_ignored(client: TestClient, hl: str) -> None:
    response = client.get(f"/replies/{quote(REAL_ID)}", params={"sec": "2.5", "hl": hl})
    assert response.status_code == 200 and "<mark" not in response.text


def test_commitments_are_marked_in_the_reply_text(client: TestClient, engine: Engine) -> None:
    page = client.get(f"/replies/{quote(REAL_ID)}").text
    mine = [c for c in engine.index.commitments if c.reply_id == REAL_ID]
    assert mine
    for c in mine:
        assert f'id="c-{c.commitment_id}"' in page
    gid = next(c for c in mine if "30家" in c.targets)
    fragment = section_html(page, gid.section_id)
    spans = "".join(html.unescape(t) for t in re.findall(r'<span class="commitment[^"]*"[^>]*>(?:<mark[^>]*>)?(.*?)(?:</mark>)?</span>', fragment, re.S))
    assert gid.text in spans


def test_unknown_reply_page_is_404_html(client: TestClient) -> None:
    for path in ["/replies/no-such-reply", "/replies/..%2F..%2Fetc%2Fpasswd", "/replies/a..b"]:
        response = client.get(path)
        assert response.status_code == 404 and "text/html" in response.headers["content-type"]
        assert "没有" in response.text or "不正确" in response.text


def test_browse_filters_are_built_from_the_data(client: TestClient, engine: Engine) -> None:
    page = client.get("/replies").text
    for reply in engine.replies():
        assert f'href="/replies/{quote(reply.reply_id)}"' in page
        assert f'<option value="{reply.meta.agency}"' in page
        assert f'<option value="{reply.meta.year}"' in page
    for name in ("agency", "year", "session", "category"):
        assert f'<label for="f-{name}">' in page
    # Results are offered by class, whatever words each place writes them in (解决或采纳, 已经解决: A).
    assert '<option value="A">A 已解决或基本解决、采纳</option>' in page
    assert '<option value="解决或采纳">' not in page
    by_class = client.get("/replies", params={"category": "A"}).text
    assert by_class.count('class="reply-card"') == sum(r.meta.resolution == "A" for r in engine.replies())
    filtered = client.get("/replies", params={"agency": engine.reply(REAL_ID).meta.agency, "year": "", "session": ""}).text
    assert filtered.count('class="reply-card"') == 1 and quote(REAL_ID) in filtered
    assert client.get("/replies", params={"year": "1999"}).text.count('class="reply-card"') == 0


def test_commitments_page_links_each_row_to_its_highlighted_span(client: TestClient, engine: Engine) -> None:
    page = client.get("/commitments").text
    assert page.count('<tr id="row-') == len(engine.index.commitments)
    gid = next(c for c in engine.index.commitments if c.reply_id == REAL_ID and "30家" in c.targets)
    row = re.search(rf'<tr id="row-{gid.commitment_id}".*?</tr>', page, re.S).group(0)
    assert "30家" in row and "2025年" in row and "（五）" in row
    link = html.unescape(re.search(r'class="commitment-link" href="([^"]+)"', row).group(1))
    assert link.endswith(f"hl={gid.start}-{gid.end}#sec-{gid.section_id}")
    target = client.get(link).text
    assert marked_text(section_html(target, gid.section_id)) == gid.text.replace("\n", "")

    due = client.get("/commitments", params={"due_before": "2025", "agency": "", "year": ""}).text
    assert due.count('<tr id="row-') == len(engine.commitments(due_before=2025))


def test_commitments_page_shows_follow_through(client: TestClient, engine: Engine,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    promise = next(c for c in engine.index.commitments if c.kind == "commitment")
    report = Commitment(**{**promise.model_dump(), "commitment_id": 10_000, "kind": "progress",
                           "year": (promise.year or 2024) + 1, "text": "已完成。", "start": 0, "end": 4,
                           "follows": [promise.commitment_id]})
    linked = promise.model_copy(update={"follows": [report.commitment_id]})
    commitments = [linked if c.commitment_id == promise.commitment_id else c for c in engine.index.commitments]
    by_id = {c.commitment_id: c for c in commitments + [report]}
    # The page lists from the document store and follows links by id: give it the linked pair.
    monkeypatch.setattr(engine.index.documents, "commitments_of",
                        lambda positions, conditions, params, limit=None, offset=0: (len(by_id), list(by_id.values())[offset:][:limit]))
    monkeypatch.setattr(engine.index.documents, "find_commitment", by_id.get)
    page = client.get("/commitments").text
    row = re.search(rf'<tr id="row-{promise.commitment_id}".*?</tr>', page, re.S).group(0)
    assert f"{promise.year}年承诺（本条）" in row and f"{report.year}年报告进展" in row
    back = re.search(r'<tr id="row-10000".*?</tr>', page, re.S).group(0)
    assert f"{promise.year}年承诺</a>" in back and f"{report.year}年报告（本条）" in back


def test_pages_use_no_external_assets(client: TestClient) -> None:
    for path in ["/", "/replies", f"/replies/{quote(REAL_ID)}", "/commitments"]:
        page = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', page), path
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_mark_paragraphs_splits_overlapping_spans() -> None:
    text = "第一句话。第二句<话>。\n第三句。"
    commitment = Commitment(reply_id="r", section_id="1", path=["一"], text="第二句<话>。\n第三句。", start=5, end=len(text))
    paragraphs = mark_paragraphs(text, (3, 9), [commitment])
    assert ["".join(p.text for p in para) for para in paragraphs] == ["第一句话。第二句<话>。", "第三句。"]
    first = paragraphs[0]
    assert "".join(p.text for p in first if p.mark) == text[3:9]
    assert [p.first_mark for p in first].count(True) == 1
    assert "".join(p.text for para in paragraphs for p in para if p.commitments) == "第二句<话>。第三句。"
    assert [p.text for p in first if p.starting] == ["第二句<"]
    assert parse_highlight("3-999", 10) == (3, 10) and parse_highlight("x", 10) is None


@pytest.fixture(scope="module")
def live_url(index_settings: Settings, engine: Engine):
    """The app served by uvicorn in a thread, sharing the session engine (for the no-JavaScript browser)."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(index_settings, engine=engine), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.browser
def test_the_page_works_with_javascript_disabled(live_url: str, engine: Engine, browser) -> None:
    answer = engine.ask(QUESTION)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_url + "/")
    page.get_by_label("你的问题").fill(QUESTION)
    page.keyboard.press("Enter")
    page.wait_for_url("**/chat/**")  # posted, then redirected to the conversation's address
    page.wait_for_selector("#t1-src-1")
    assert page.locator(".answer-sentence").count() == len(answer.sentences)
    assert page.locator(".sources > li").count() == len(answer.citations)
    page.locator("#t1-src-1 a.source-link").click()
    page.wait_for_selector("mark#hl")
    assert page.locator("mark#hl").is_visible()
    context.close()
