"""What a citizen notices in a real browser (headless Chromium at 1280 and 390 px) against a real
`dafu serve`: axe-core finds no accessibility violation on any page, /docs lists the API, the focus
ring can be seen, the layout breathes, and on a phone the answer comes into view with focus."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

QUESTION = "GID链主企业的培育目标是多少？"
REAL_ID = "浦科经委办理-2025-61"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# Every page a citizen can reach, the error page and the API docs included.
PAGES = {
    "ask": "/",
    "answer": f"/?q={QUESTION}",
    "abstain": "/?q=火星移民的补贴标准是多少？",
    "replies": "/replies",
    "reply": f"/replies/{REAL_ID}?sec=2.3&hl=0-20#sec-2.3",
    "commitments": "/commitments",
    "chat": "/chat",
    "not-found": "/replies/nope",
    "docs": "/docs",
}

# WCAG contrast of the focus ring against what surrounds the focused element (1.4.11 asks 3:1).
CONTRAST_JS = """(el) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  // What the ring is drawn on: the element just outside it (the skip link lies over the header).
  const r = el.getBoundingClientRect();
  const x = r.left >= 8 ? r.left - 7 : r.right + 7;
  let bg = document.elementsFromPoint(x, r.top + r.height / 2).find((e) => e !== el && !el.contains(e)) || el.parentElement;
  const opaque = (e) => { const c = rgb(getComputedStyle(e).backgroundColor); return c.length === 3 || c[3] === 1; };
  while (bg && !opaque(bg)) bg = bg.parentElement;  // a translucent tint shows what lies under it
  const style = getComputedStyle(el);
  const a = lum(rgb(style.outlineColor)), b = lum(rgb(bg ? getComputedStyle(bg).backgroundColor : 'rgb(255,255,255)'));
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), tag: el.tagName + '.' + el.className};
}"""


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if n["target"] else "" for n in v["nodes"][:3])
            for v in results.response["violations"]]


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_no_violation(server: str, browser, name: str, viewport: str) -> None:
    context = browser.new_context(**PHONE) if viewport == "phone" else browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server + PAGES[name])
    page.wait_for_load_state("networkidle")
    if name == "docs":
        page.locator(".opblock").first.wait_for(timeout=30_000)
    violations = axe_violations(page)
    page.screenshot(path=str(ARTIFACTS / f"axe-{name}-{viewport}.png"), full_page=True)
    context.close()
    assert not violations, "\n".join(violations)
    assert not blocked, blocked


def test_docs_lists_every_operation(server: str, browser) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/docs")
    page.locator(".opblock").first.wait_for(timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "docs.png"), full_page=True)
    assert {"/api/ask", "/api/replies", "/api/commitments", "/healthz"} <= {p.replace("\u200b", "") for p in paths}
    assert page.locator("html").get_attribute("lang")
    assert page.locator("text=Unable to render this definition").count() == 0
    page.close()


def test_focus_ring_is_visible_against_its_background(server: str, browser) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/")
    seen = set()
    for _ in range(14):  # skip link, header links, the question box, the button, examples…
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        ring = page.evaluate(CONTRAST_JS, page.evaluate_handle("document.activeElement"))
        seen.add(ring["tag"])
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        assert ring["ratio"] >= 3, ring
    assert len(seen) >= 4, seen
    page.close()


def test_main_content_keeps_its_distance_from_the_header(server: str, browser) -> None:
    page = browser.new_page(viewport=DESKTOP)
    for path in ["/", "/replies", "/commitments"]:
        page.goto(server + path)
        gap = page.evaluate("""() => {
          const header = document.querySelector('header.site').getBoundingClientRect();
          const first = [...document.querySelector('main').children]
            .map((el) => el.getBoundingClientRect()).find((r) => r.height > 0);
          return first.top - header.bottom; }""")
        assert gap >= 16, f"{path}: first block {gap}px below the header"
    page.close()


def test_phone_placeholder_is_not_cut_off(server: str, browser) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(server + "/")
    fits = page.evaluate("""() => {
      const input = document.getElementById('q'), style = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = style.font;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return {text: ctx.measureText(input.placeholder).width, room}; }""")
    page.screenshot(path=str(ARTIFACTS / "phone-placeholder.png"))
    assert fits["text"] <= fits["room"], fits


def test_phone_answer_comes_into_view_with_focus(server: str, browser) -> None:
    from playwright.sync_api import expect

    page = browser.new_context(**PHONE).new_page()
    for path, answer in [("/", "#thread > li:last-child"), (f"/?q={QUESTION}", "#answer")]:
        page.goto(server + path)
        page.get_by_label("你的问题").fill(QUESTION)
        page.get_by_role("button", name="提问").click()
        expect(page.locator(answer)).to_contain_text("[1]", timeout=30_000)
        expect(page.locator(answer)).to_be_focused()
        top = page.evaluate(f"document.querySelector('{answer}').getBoundingClientRect().top")
        assert 0 <= top < PHONE["viewport"]["height"] / 2, f"{path}: the answer starts {top}px from the top of the screen"
        page.screenshot(path=str(ARTIFACTS / f"phone-answer{len(path)}.png"))
