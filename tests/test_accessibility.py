"""WCAG 2.1 AA on the citizens' page beyond axe: reflow at 320 px, 200 % zoom, keyboard, live region, targets.

The app runs over two letters of the tests' own (tests/fixtures/to_breve): they give different amounts for
the same initiative, so the answer cites both, whatever changes elsewhere in how answers are made.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_app import REPO, LiveApp, start_app, stop_app
from test_browser import ARGS, CHROMIUM, TIMEOUT_MS, ask, assert_accessible, scroll_to_last_question

pytestmark = [pytest.mark.browser, pytest.mark.server]

LETTERS = REPO / "tests" / "fixtures" / "to_breve"
TWO_SOURCES = "Hvor mange penge er der afsat til Læringsbroen?"
UNRELATED = "Hvad koster et buskort?"
# Screenshots go where CI collects artifacts; locally under artifacts/ (ignored by git).
SHOTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", REPO / "artifacts")) / "accessibility"
# (width, device scale factor): phones, and a 1280 px window at 200 % zoom (640 CSS px at scale 2)
PHONES = [(320, 1), (360, 1), (390, 1)]
ZOOM_200 = (640, 2)

SHOWN = """(e) => e.checkVisibility() && !e.closest('[aria-hidden="true"]')
  && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0"""
DESCRIBE = """(e) => {
  const r = e.getBoundingClientRect(), text = (e.textContent || '').trim().slice(0, 30);
  return `${e.tagName.toLowerCase()}.${e.className} "${text}" x ${Math.round(r.left)}-${Math.round(r.right)}`
    + ` ${Math.round(r.width)}x${Math.round(r.height)}`;
}"""
CONTROLS = "button, a[href], input:not([type=hidden]), textarea, select, summary, [role=tab]"
BLOCKS = "#samtale :is(.svar, .afvisning, .kortsvar, .svartekst, .kort, .passage, mark), dialog[open] *"
# Reflow (1.4.10): the page is no wider than the window, no control or answer block reaches past its
# right edge, and nothing in the chat scrolls sideways inside its own box.
REFLOW = f"""() => {{
  const shown = {SHOWN}, describe = {DESCRIBE};
  const w = document.documentElement.clientWidth;
  const all = [...document.querySelectorAll('{CONTROLS}, {BLOCKS}')].filter(shown);
  const out = (r) => r.right > w + 0.5 || r.left < -0.5;
  const past = all.filter(e => out(e.getBoundingClientRect()));
  const clips = (e) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX);
  const sideways = [...document.querySelectorAll('#samtale *, dialog[open] *')]
    .filter(e => clips(e) && e.scrollWidth > e.clientWidth + 1);
  return {{scrollWidth: document.documentElement.scrollWidth, clientWidth: w,
    past: past.map(describe), sideways: sideways.map(describe)}};
}}"""
# Target size (2.5.8): every control shown is at least 24 x 24 CSS px.
TARGETS = f"""() => {{
  const shown = {SHOWN}, describe = {DESCRIBE};
  const controls = [...document.querySelectorAll('{CONTROLS}')].filter(shown);
  const sizes = controls.map(e => e.getBoundingClientRect());
  const small = controls.filter(e => e.getBoundingClientRect().width < 23.99
    || e.getBoundingClientRect().height < 23.99);
  return {{small: small.map(describe), count: sizes.length,
    minWidth: Math.min(...sizes.map(r => r.width)), minHeight: Math.min(...sizes.map(r => r.height))}};
}}"""
# Focus visible (2.4.7): an outline, or Gradio's focus ring on text boxes (a box shadow).
FOCUS = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), cls: String(e.className), id: e.id,
    text: (e.textContent || '').trim(), label: e.getAttribute('aria-label') || '',
    inDialog: !!e.closest('dialog[open]'),
    visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'};
}"""
RECORD_LIVE = """() => {
  window.__spoken = [];
  const region = document.getElementById('opslag');
  new MutationObserver(() => window.__spoken.push(region.textContent)).observe(region,
    {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def two_letter_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    app = start_app(tmp_path_factory.mktemp("to_breve"), letters=LETTERS)
    yield app
    stop_app(app)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=TIMEOUT_MS)
        yield b
        b.close()


def open_page(browser: Any, app: LiveApp, width: int, scale: int = 1, height: int = 800) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, locale="da-DK"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(app.url + "/")
    page.wait_for_selector("#spoergsmaal textarea")
    return page


def shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def assert_reflows(page: Any, where: str) -> None:
    got = page.evaluate(REFLOW)
    assert got["scrollWidth"] <= got["clientWidth"], f"{where}: page {got['scrollWidth']} px wide: {got}"
    assert not got["past"], f"{where}: past the right edge: {got['past']}"
    assert not got["sideways"], f"{where}: scrolls sideways inside: {got['sideways']}"


def assert_targets(page: Any, where: str) -> None:
    got = page.evaluate(TARGETS)
    assert got["count"] > 0 and not got["small"], f"{where}: smaller than 24 x 24 px: {got['small']}"


def assert_markers_named(answer: Any) -> None:
    markers = answer.locator(".svartekst .ref")
    assert markers.count() == 2
    for i in range(markers.count()):
        n = markers.nth(i).inner_text().strip("[]")
        assert markers.nth(i).get_attribute("aria-label") == f"kilde {n}"


def check_everything(page: Any, where: str) -> None:
    """After an answer with two sources and a refusal, then with the letter open: reflow, targets, axe."""
    answer = ask(page, TWO_SOURCES, ".svar:has(.kilder)")
    assert answer.locator(".kort").count() == 2
    assert_markers_named(answer)
    assert_reflows(page, f"{where}, svar")
    assert_targets(page, f"{where}, svar")
    refusal = ask(page, UNRELATED, ".afvisning")
    assert "Intet svar i brevene" in refusal.inner_text()
    assert_reflows(page, f"{where}, afvisning")
    assert_targets(page, f"{where}, afvisning")
    assert_accessible(page, f"{where}, svar og afvisning")

    answer.locator(".kort").first.scroll_into_view_if_needed()
    answer.get_by_role("button", name="Vis hele brevet").first.click()
    dialog = page.locator("dialog[open]")
    dialog.locator("mark").wait_for()
    assert_reflows(page, f"{where}, brevet")
    assert_targets(page, f"{where}, brevet")
    assert_accessible(page, f"{where}, brevet")
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0

    page.get_by_role("button", name="Ryd samtalen").click()
    page.wait_for_function("document.querySelectorAll('#samtale .svartekst').length === 0")
    assert_reflows(page, f"{where}, ryddet")


@pytest.mark.parametrize(("width", "scale"), PHONES, ids=[f"{w}px" for w, _ in PHONES])
def test_the_chat_reflows_on_a_phone(browser: Any, two_letter_app: LiveApp, width: int, scale: int) -> None:
    page = open_page(browser, two_letter_app, width, scale)
    assert_reflows(page, f"{width} px, tom")
    assert_targets(page, f"{width} px, tom")
    assert_accessible(page, f"{width} px, tom")
    if width == 360:
        ask(page, TWO_SOURCES, ".svar:has(.kilder)")
        scroll_to_last_question(page)
        shot(page, "borger_360px.png")
        page.get_by_role("button", name="Ryd samtalen").click()
        page.wait_for_function("document.querySelectorAll('#samtale .svartekst').length === 0")
    check_everything(page, f"{width} px")
    page.context.close()


def test_nothing_is_lost_at_200_percent_zoom(browser: Any, two_letter_app: LiveApp) -> None:
    width, scale = ZOOM_200
    page = open_page(browser, two_letter_app, width, scale, height=500)
    check_everything(page, "1280 px ved 200 % zoom")
    page.context.close()


def test_the_wide_page_and_its_screenshot(browser: Any, two_letter_app: LiveApp) -> None:
    page = open_page(browser, two_letter_app, 1280, height=1000)
    ask(page, TWO_SOURCES, ".svar:has(.kilder)")
    assert_reflows(page, "1280 px")
    assert_accessible(page, "1280 px")
    scroll_to_last_question(page)
    shot(page, "borger_1280px.png")
    page.context.close()


def test_the_accessibility_statement_is_linked_from_the_footer(browser: Any, two_letter_app: LiveApp) -> None:
    page = open_page(browser, two_letter_app, 320)
    link = page.locator("footer.sidefod a", has_text="Tilgængelighedserklæring")
    href = link.evaluate("a => a.href")
    response = httpx.get(href, timeout=30)
    assert response.status_code == 200 and 'lang="da"' in response.text
    assert "Fandt du et problem?" in response.text and "320" in response.text
    link.click()
    page.wait_for_selector("h1:has-text('Tilgængelighedserklæring')")
    assert_reflows(page, "erklæringen")
    assert_targets(page, "erklæringen")
    assert_accessible(page, "erklæringen")
    page.context.close()


def tab_until(page: Any, selector: str, key: str = "Tab", limit: int = 40) -> list[dict[str, Any]]:
    """Press `key` until the focused element matches `selector`; focus must be visible at every stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        stop = page.evaluate(FOCUS)
        stops.append(stop)
        assert stop["tag"] != "body", f"focus lost after {stops}"
        assert stop["visible"], f"focus not visible on {stop}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return stops
    raise AssertionError(f"{selector} not reached with {key}: {stops}")


def test_keyboard_only(browser: Any, two_letter_app: LiveApp) -> None:
    page = open_page(browser, two_letter_app, 360)
    tab_until(page, "#spoergsmaal textarea")
    page.keyboard.type(TWO_SOURCES)
    page.keyboard.press("Enter")
    answer = page.locator("#samtale .svar:has(.kilder)")
    answer.wait_for()
    page.wait_for_function("document.getElementById('opslag').textContent.length > 0")
    assert page.evaluate("document.activeElement.matches('#spoergsmaal textarea')"), "focus lost"

    # forward from the question box: Send, the examples, the statement in the footer
    after = tab_until(page, "footer.sidefod a")
    names = [s["text"] for s in after]
    assert names[:2] == ["Send", "Ryd samtalen"]
    for example in ("Hvad er den styrkede aktiveringsindsats?", "Hvad er Sikker By-strategien?"):
        assert example in names

    # back from the question box into the answer: each source card and its "Vis hele brevet"
    page.locator("#spoergsmaal textarea").focus()
    back = tab_until(page, "#samtale .svartekst button.ref", key="Shift+Tab")
    kinds = [(s["tag"], s["cls"]) for s in back]
    assert kinds[:4] == [("button", "vis-brev"), ("li", "kort"), ("button", "vis-brev"), ("li", "kort")]
    assert back[-1]["label"] == "kilde 2"

    # a marker takes focus to its source card
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS)["label"] == "kilde 1"
    page.keyboard.press("Enter")
    card = page.evaluate(FOCUS)
    assert card["tag"] == "li" and card["id"].endswith("-k1") and card["visible"]

    # the letter opens with Enter and closes with Escape, focus back where it was
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS)["text"] == "Vis hele brevet"
    page.keyboard.press("Enter")
    page.locator("dialog[open] mark").wait_for()
    assert page.evaluate(FOCUS)["inDialog"], "focus stayed behind the open dialog"
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0
    back_on = page.evaluate(FOCUS)
    assert back_on["text"] == "Vis hele brevet" and back_on["visible"]
    page.context.close()


def spoken(text: str) -> str:
    return " ".join(re.sub(r"\[(\d+)\]", r"kilde \1", text).split())


def test_a_screen_reader_hears_each_finished_answer_once(browser: Any, two_letter_app: LiveApp) -> None:
    page = open_page(browser, two_letter_app, 390)
    region = page.locator("#opslag")
    assert region.get_attribute("aria-live") == "polite"
    page.evaluate(RECORD_LIVE)

    answer = ask(page, TWO_SOURCES, ".svar:has(.kilder)")
    page.wait_for_function("window.__spoken.length > 0")
    shown = f"Svar: {answer.locator('.kortsvar').inner_text()} {answer.locator('.svartekst').inner_text()}"
    assert "kilde 1" in spoken(shown) and "kilde 2" in spoken(shown)
    refusal = ask(page, UNRELATED, ".afvisning")
    page.wait_for_function("window.__spoken.length > 1")
    refused = f"Intet svar i brevene. {refusal.locator('.svartekst').inner_text()}"

    heard = [" ".join(t.split()) for t in page.evaluate("window.__spoken")]
    assert heard == [spoken(shown), spoken(refused)]  # once each, whole, not chunk by chunk
    # the chat's own log region, which would read the stream as it arrives, is silenced
    assert page.locator("#samtale [aria-live]:not([aria-live='off'])").count() == 0
    page.context.close()
