"""A real browser (Debian's chromium, Playwright) on `python app.py`: chat, letter, staff view, axe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_app import FIRST, FOLLOW_UP, SCRIPT, STAFF_NAME, STAFF_PASSWORD, LiveApp

pytestmark = [pytest.mark.browser, pytest.mark.server]

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Playwright's waits end as soon as their condition holds: a generous limit costs nothing on an idle
# machine and keeps a busy 2-core one (app, model, chromium and axe at once) from failing on time alone.
TIMEOUT_MS = 120_000

# Where the mark starts, counted in characters of the letter box's text: its offset in letter.text.
MARK_OFFSET = """(box) => {
  const range = document.createRange();
  range.setStart(box, 0);
  range.setEndBefore(box.querySelector('mark'));
  return range.toString().length;
}"""
MARK_IN_VIEW = """(box) => {
  const b = box.getBoundingClientRect(), m = box.querySelector('mark').getBoundingClientRect();
  return box.scrollTop > 0 && m.top >= b.top && m.top < b.bottom;
}"""
# True once nothing in the chat (nor the page) has scrolled since the previous poll.
SCROLL_SETTLED = """() => {
  const now = [...document.querySelectorAll('#samtale *')].map(e => e.scrollTop).join() + ',' + scrollY;
  const settled = now === window.__lastScroll;
  window.__lastScroll = now;
  return settled;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=TIMEOUT_MS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_app: LiveApp) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="da-DK")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    pg.csp = []  # type: ignore[attr-defined]
    pg.on(
        "console",
        lambda m: "Content Security Policy" in m.text and pg.csp.append(m.text),  # type: ignore[attr-defined]
    )
    pg.goto(live_app.url + "/")
    pg.wait_for_selector("#spoergsmaal textarea")
    yield pg
    assert pg.csp == [], pg.csp  # type: ignore[attr-defined]  # the page works under the CSP
    context.close()


def log_in(page: Any, live_app: LiveApp, password: str = STAFF_PASSWORD) -> None:
    """Through the Danish login page, as a staff member would."""
    page.goto(live_app.url + "/staff/")
    page.wait_for_url("**/staff/login")
    page.get_by_label("Brugernavn").fill(STAFF_NAME)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    if password == STAFF_PASSWORD:
        page.get_by_role("tab", name="Kildekontrol").wait_for()


def shot(page: Any, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=full_page)


def ask(page: Any, question: str, wait_for: str) -> Any:
    """Type a question, press Enter, and wait until one more `wait_for` is in the chat."""
    before = page.locator(f"#samtale {wait_for}").count()
    page.fill("#spoergsmaal textarea", question)
    page.press("#spoergsmaal textarea", "Enter")
    page.wait_for_function(
        f"document.querySelectorAll('#samtale {wait_for}').length > {before}"
        " && [...document.querySelectorAll('#samtale .svartekst')].every(e => !e.textContent.endsWith('▍'))"
    )
    return page.locator(f"#samtale {wait_for}").last


def wait_until_scrolling_stops(page: Any) -> None:
    page.evaluate("window.__lastScroll = null")
    page.wait_for_function(SCROLL_SETTLED, polling=250)


def scroll_to_last_question(page: Any) -> None:
    """For the screenshot: the chat scrolled to the last question, after its own autoscroll settled."""
    wait_until_scrolling_stops(page)
    page.mouse.move(0, 0)
    page.locator("#samtale [data-testid='user']").last.evaluate("e => e.scrollIntoView({block: 'start'})")
    wait_until_scrolling_stops(page)


def expected(live_app: LiveApp, question: str, history: list[str]) -> dict[str, Any]:
    from gradio_client import Client

    return Client(live_app.url, verbose=False).predict(question=question, history=history, api_name="/ask")


def assert_accessible(page: Any, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    violations = Axe().run(page, options=options).response["violations"]
    bad = [f"{v['impact']} {v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}" for v in violations]
    bad = [b for b in bad if b.startswith(("serious", "critical"))]
    assert not bad, f"{name}: " + "\n".join(bad)


def test_citizen_asks_follows_up_and_opens_the_letter_at_the_quote(page: Any, live_app: LiveApp) -> None:
    assert page.get_by_role("tab", name="Kildekontrol").count() == 0  # no staff tab for citizens
    note = page.locator(".ai-oplysning")
    assert "AI-assistent" in note.inner_text() and "artikel 50" in note.inner_text()
    assert page.locator("h1").inner_text() == "Spørg om bandepolitikken"

    ask(page, FIRST, ".svar:has(.kilder)")
    answer = ask(page, FOLLOW_UP, ".svar:has(.kilder)")
    want = expected(live_app, FOLLOW_UP, [FIRST])
    cite = next(c for c in want["citations"] if "12,6 mio. kr." in c["quote"])
    text = answer.locator(".svartekst").inner_text()
    assert f"[{cite['n']}]" in text and "12,6 mio. kr." in text
    card = answer.locator(f".kort:has(.nr:text-is('[{cite['n']}]'))")
    assert card.locator(".passage mark").inner_text() == cite["quote"]
    meta = card.locator(".meta").first.inner_text()
    assert "22. marts 2021" in meta and "Beskæftigelses- og Integrationsforvaltningen" in meta
    scroll_to_last_question(page)
    shot(page, "01_chat_med_kilder.png")

    card.get_by_role("button", name="Vis hele brevet").click()
    dialog = page.locator("dialog[open]")
    box = dialog.locator(".brevtekst")
    assert box.locator("mark").inner_text() == cite["quote"]
    assert box.evaluate(MARK_OFFSET) == cite["start"]
    page.wait_for_function(f"({MARK_IN_VIEW})(document.querySelector('dialog[open] .brevtekst'))")
    assert box.inner_text().startswith("Kære") and "Kst. adm. direktør" in box.inner_text()
    shot(page, "02_brev_ved_citatet.png")
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0

    refusal = ask(page, "Hvad koster et buskort?", ".afvisning")
    assert "Intet svar i brevene" in refusal.inner_text() and "Kontakt" in refusal.inner_text()
    assert "Muligvis relevante passager" in refusal.inner_text()
    assert refusal.locator(".ref").count() == 0 and refusal.locator(".kort.muligvis").count() > 0
    scroll_to_last_question(page)
    shot(page, "03_afvisning.png")

    ask(page, SCRIPT, ":is(.svar, .afvisning)")
    assert page.locator("#samtale [data-testid='user']").last.inner_text().strip() == SCRIPT
    assert page.dialogs == [] and page.locator("#samtale script, #samtale img[src='x']").count() == 0

    # clearing while an answer still streams in leaves the chat empty: the stream is cancelled
    users = page.locator("#samtale [data-testid='user']").count()
    page.fill("#spoergsmaal textarea", FIRST)
    page.press("#spoergsmaal textarea", "Enter")
    page.wait_for_function(f"document.querySelectorAll('#samtale [data-testid=\"user\"]').length > {users}")
    page.get_by_role("button", name="Ryd samtalen").click()
    page.wait_for_function(
        "document.querySelectorAll('#samtale [data-testid=\"user\"], #samtale .svartekst').length === 0"
    )
    # Emptied; and it stays empty: an uncancelled stream would refill it within a chunk (40 ms).
    page.wait_for_timeout(1500)
    assert page.locator("#samtale [data-testid='user'], #samtale .svartekst").count() == 0


def test_staff_must_log_in_and_a_wrong_password_is_refused(page: Any, live_app: LiveApp) -> None:
    assert "Kildekontrol" not in page.content()
    log_in(page, live_app, password="forkert forkert")
    assert "Forkert brugernavn eller adgangskode" in page.locator("[role=alert]").inner_text()
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.context.cookies() == []
    shot(page, "05_login.png")
    log_in(page, live_app)
    page.locator("#logget-ind", has_text=f"Logget ind som {STAFF_NAME}").wait_for()  # filled on load
    assert page.context.cookies()[0]["httpOnly"] is True
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/staff/login")
    page.goto(live_app.url + "/staff/")
    page.wait_for_url("**/staff/login")  # logged out: back to the login page


def test_staff_checks_a_citation_beside_the_whole_letter(page: Any, live_app: LiveApp) -> None:
    log_in(page, live_app)
    page.get_by_role("tab", name="Kildekontrol").click()
    page.fill("#staff-spoergsmaal textarea", FOLLOW_UP + " til den styrkede aktiveringsindsats")
    page.click("#staff-send")
    # The app is shared with earlier tests: wait for this answer, not an earlier one's sources.
    table = page.locator("table.tabel").first
    table.locator("td", has_text="til den styrkede aktiveringsindsats").first.wait_for()
    page.locator("#vaelg-svar input").first.wait_for()
    page.wait_for_function(
        "document.querySelector('#vaelg-svar input')?.value.includes('til den styrkede aktiveringsindsats')"
    )
    pair = page.locator(".kildepar").first
    pair.locator(".brevpanel mark").wait_for()
    assert "til den styrkede aktiveringsindsats" in table.inner_text()

    quote = pair.locator(".passage mark").inner_text()
    start, end = map(int, re.findall(r"\d+", pair.locator("dt:text-is('Tegn') + dd").inner_text()))
    box = pair.locator(".brevpanel .brevtekst")
    assert box.locator("mark").inner_text() == quote and len(quote) == end - start
    assert box.evaluate(MARK_OFFSET) == start  # placed by offsets: letter.text[:start] precedes it
    page.wait_for_function(f"({MARK_IN_VIEW})(document.querySelector('.kildepar .brevpanel .brevtekst'))")
    pair.scroll_into_view_if_needed()
    shot(page, "04_kildekontrol.png", full_page=True)

    pair.get_by_label("Korrekt").check()
    pair.get_by_label(re.compile("Begrundelse")).fill("Beløbet står i brevet")
    pair.get_by_role("button", name=re.compile("Gem vurdering")).click()
    assert "Gemt" in pair.locator(".gemt").inner_text()
    page.get_by_role("tab", name="Vurderinger").click()
    table = page.locator("table:has(caption:text('Gemte vurderinger'))")
    assert "Korrekt" in table.inner_text() and "Beløbet står i brevet" in table.inner_text()
    assert f"{start}–{end}" in table.inner_text()
    page.click("#eksport")
    with page.expect_download() as download:
        page.locator("a[download='vurderinger.csv']").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert f",{start},{end},Korrekt,Beløbet står i brevet," in exported
    assert exported.strip().endswith(f",{STAFF_NAME}")  # the verdict names the staff member

    page.get_by_role("tab", name="Breve").click()
    overview = page.locator(".brevoversigt").first
    assert "Svar om Beskæftigelses- og Integrationsudvalgets bandepolitik" in overview.inner_text()
    page.get_by_role("tab", name="Evaluering").click()
    assert page.get_by_role("button", name="Kør evaluering").is_visible()


def test_citizen_page_has_no_serious_accessibility_violations(page: Any) -> None:
    assert_accessible(page, "tom borgerside")
    ask(page, FIRST, ".svar:has(.kilder)")
    ask(page, "Hvad koster et buskort?", ".afvisning")
    assert_accessible(page, "borgerside med svar og afvisning")
    page.locator("#samtale .svar button.vis-brev").first.click()
    page.locator("dialog[open] mark").wait_for()
    assert_accessible(page, "brevet åbent")


def test_staff_page_has_no_serious_accessibility_violations(page: Any, live_app: LiveApp) -> None:
    log_in(page, live_app)
    page.get_by_role("tab", name="Kildekontrol").click()
    page.fill("#staff-spoergsmaal textarea", FIRST)
    page.click("#staff-send")
    page.locator(".kildepar .brevpanel mark").first.wait_for()
    assert_accessible(page, "kildekontrol")
    page.get_by_role("tab", name="Breve").click()
    page.locator(".brevoversigt summary").first.click()
    assert_accessible(page, "brevoversigt")


def test_the_page_stays_light_when_the_system_prefers_dark(browser: Any, live_app: LiveApp) -> None:
    context = browser.new_context(color_scheme="dark")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    pg.goto(live_app.url + "/")
    pg.wait_for_selector("#spoergsmaal textarea")
    assert pg.evaluate("document.body.classList.contains('dark')") is False
    assert pg.evaluate("document.documentElement.lang") == "da"
    context.close()
