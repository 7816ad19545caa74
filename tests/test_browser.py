"""A real browser against a real `dafu serve`: ask, see a cited answer, follow the citation to the
highlighted span; follow a commitment from /commitments to its span. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

from service.conversations import ConversationStore
from service.settings import Settings
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

QUESTION = "GID链主企业的培育目标是多少？"


def test_ask_then_follow_the_citation_to_the_highlighted_span(server: str, browser) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # keyboard users can skip the header

    page.evaluate("window.__sameDocument = true")
    page.get_by_label("你的问题").fill(QUESTION)
    page.get_by_role("button", name="提问").click()
    expect(page.locator(".sources > li").first).to_be_visible(timeout=30_000)
    assert page.evaluate("window.__sameDocument === true"), "with JavaScript the answer must not reload the page"
    assert "/chat/" in page.url  # the conversation's address can be shared, and renders server-side
    expect(page.locator(".answer-sentence").first).to_contain_text("[1]")
    citation = page.locator("#t1-src-1 a.source-link")
    expect(citation).to_be_visible()
    expect(page.locator(".answer-lead").first).to_contain_text("的答复中")
    # The card of a quoted source shows what surrounds the quote, not the quote a second time.
    expect(page.locator("#t1-src-1 .context")).not_to_be_empty()
    quote = page.locator(".answer-sentence").first.inner_text().split("”")[0].lstrip("“")
    assert quote[:12] not in page.locator("#t1-src-1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "ask.png"), full_page=True)

    citation.click()
    page.wait_for_url("**/replies/**")
    mark = page.locator("mark#hl")
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    assert "#sec-" in page.url
    section_id = page.url.split("#sec-", 1)[1]
    assert page.locator(f'[id="sec-{section_id}"] mark').count() >= 1
    page.screenshot(path=str(ARTIFACTS / "reply.png"))
    page.close()


def ask(browser, server: str, question: str):
    """A new page at the ask form, the question sent with the button (the script fetches the answer)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    page.get_by_label("你的问题").fill(question)
    page.get_by_role("button", name="提问").click()
    return page


def test_field_answer_states_the_value_and_highlights_its_header_line(server: str, browser) -> None:
    from playwright.sync_api import expect

    page = ask(browser, server, "第057号提案的办理结果是什么？")
    stated = page.locator('.answer-sentence[data-field="category"]')
    expect(stated).to_contain_text("办理结果：解决或采纳", timeout=30_000)
    expect(page.locator(".answer-lead")).to_contain_text("对第057号提案的答复中写明：")
    page.screenshot(path=str(ARTIFACTS / "ask-field.png"), full_page=True)
    page.locator("#t1-src-1 a.source-link").click()
    page.wait_for_url("**/replies/**")
    expect(page.locator("mark#hl")).to_have_text("办理结果：解决或采纳")
    assert page.url.endswith("#sec-header")
    page.close()


def test_abstention_suggests_the_closest_replies(server: str, browser) -> None:
    from playwright.sync_api import expect

    page = ask(browser, server, "浦东地铁票价是多少？")
    expect(page.locator(".abstain")).to_contain_text("没有找到", timeout=30_000)
    suggestions = page.locator(".suggestions a")
    expect(suggestions.first).to_be_visible()
    assert suggestions.count() >= 1
    assert page.locator(".sources").count() == 0  # nothing is quoted
    page.screenshot(path=str(ARTIFACTS / "ask-abstain.png"), full_page=True)
    suggestions.first.click()
    page.wait_for_url("**/replies/**")
    expect(page.locator("h1")).to_contain_text("答复")
    page.close()


def test_follow_a_commitment_to_its_span(server: str, browser) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/commitments?due_before=2025")
    row = page.locator("tr", has_text="30家").first
    expect(row).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "commitments.png"), full_page=True)
    row.locator("a.commitment-link").click()
    page.wait_for_url("**/replies/**")
    mark = page.locator("mark#hl")
    expect(mark).to_be_in_viewport()
    highlighted = "".join(page.locator("mark").all_inner_texts())
    assert "30家" in highlighted and "1000家" in highlighted
    expect(page.locator(".commitment").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "commitment-reply.png"))
    page.close()


def test_pages_fit_a_phone_screen(server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    for name, path in [("phone-ask", f"/?q={QUESTION}"), ("phone-replies", "/replies"), ("phone-commitments", "/commitments")]:
        page.goto(server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways on a phone ({overflow}px)"
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.close()


def test_a_three_turn_conversation_with_a_citation_and_feedback(server: str, browser, index_settings: Settings) -> None:
    """Ask, follow up twice, follow a citation of the second turn, come back and give feedback."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    page.evaluate("window.__sameDocument = true")
    box = page.get_by_label("你的问题")
    box.fill("长者食堂的助餐补贴标准是多少？")
    page.get_by_role("button", name="提问").click()
    expect(page.locator("#turn-1 .answer-sentence").first).to_be_visible(timeout=30_000)
    assert "/chat/" in page.url
    conversation_url = page.url

    page.locator("#q").fill("那联系电话呢？")
    page.get_by_role("button", name="提问").click()
    expect(page.locator("#turn-2 .understood")).to_contain_text("我理解为：")
    expect(page.locator("#turn-2 .answer-sentence").first).to_contain_text("68542288-3312")

    page.locator("#q").fill("这份答复是哪天发的？")
    page.get_by_role("button", name="提问").click()
    expect(page.locator("#turn-3 .answer-sentence").first).to_contain_text("2025年5月20日")
    assert page.evaluate("window.__sameDocument === true"), "with JavaScript a turn must not reload the page"
    assert page.locator("#thread > li.turn").count() == 3
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)

    page.locator("#turn-2 details.turn-sources > summary").click()
    page.locator("#t2-src-1 a.source-link").click()
    page.wait_for_url("**/replies/**")
    expect(page.locator("mark#hl")).to_be_visible()
    # A contact answer cites the name and phone lines of the closing: both are highlighted.
    assert "68542288-3312" in "".join(page.locator("mark").all_inner_texts())

    page.goto(conversation_url)  # the shared address shows the whole thread, drawn by the server
    expect(page.locator("#thread > li.turn")).to_have_count(3)
    page.locator("#comment-3").fill("想知道印发日期")
    page.locator("#turn-3 form.feedback").get_by_role("button", name="没有帮助").click()
    expect(page.locator("#turn-3 .feedback-thanks")).to_be_visible()
    conversation_id = conversation_url.rsplit("/", 1)[1].split("#")[0]
    stored = ConversationStore(index_settings.app_db_path()).feedback()  # the server's application database
    assert any(f.conversation_id == conversation_id and f.turn == 3 and f.rating == "down"
               and f.comment == "想知道印发日期" and f.answer["citations"] for f in stored)
    page.close()


def test_a_conversation_without_javascript_posts_forms_and_redraws_the_thread(server: str, browser,
                                                                            index_settings: Settings) -> None:
    """With JavaScript off the page is still a conversation: each question is a form post that the server
    answers by redirecting to the conversation's address, which draws the whole thread; feedback too."""
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + "/")
    page.get_by_label("你的问题").fill("长者食堂的助餐补贴标准是多少？")
    page.get_by_role("button", name="提问").click()
    page.wait_for_url("**/chat/**")
    expect(page.locator("#turn-1 .answer-sentence").first).to_be_visible()

    page.locator("#q").fill("那联系电话呢？")
    page.get_by_role("button", name="提问").click()
    expect(page.locator("#thread > li.turn")).to_have_count(2)
    expect(page.locator("#turn-2 .understood")).to_contain_text("我理解为：")
    expect(page.locator("#turn-2 .answer-sentence").first).to_contain_text("68542288-3312")

    page.locator("#turn-2 form.feedback").get_by_role("button", name="有帮助", exact=True).click()
    expect(page.locator("#turn-2 .feedback-thanks")).to_be_visible()
    conversation_id = page.url.split("/chat/", 1)[1].split("#")[0].split("?")[0]
    stored = ConversationStore(index_settings.app_db_path()).feedback()
    assert any(f.conversation_id == conversation_id and f.turn == 2 and f.rating == "up" for f in stored)
    page.screenshot(path=str(ARTIFACTS / "chat-no-javascript.png"), full_page=True)
    context.close()
