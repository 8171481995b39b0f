"""The Content-Security-Policy: every exception to default-src 'self' that the server sends is named and
explained in SECURITY.md (and nothing more is listed there), and the pages work under it in chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from chromium import reported, watched_page
from live_app import FIRST, STAFF_NAME, STAFF_PASSWORD, LiveApp, staff_cookie

REPO = Path(__file__).resolve().parent.parent
NOT_EXCEPTIONS = {"'self'", "'none'"}


def exceptions(policy: str) -> set[tuple[str, str]]:
    """(directive, source) for every source beyond 'self' and 'none'; a nonce as 'nonce-…'."""
    found = set()
    for directive in filter(None, (d.strip() for d in policy.split(";"))):
        name, *sources = directive.split()
        for source in sources:
            source = re.sub(r"^'nonce-[^']+'$", "'nonce-…'", source)
            if source not in NOT_EXCEPTIONS:
                found.add((name, source))
    return found


def documented() -> dict[tuple[str, str], str]:
    """The table of CSP exceptions in SECURITY.md: (directive, source) -> why."""
    text = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    section = text.split("### Content-Security-Policy exceptions", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| `([^`]+)` \| (.+?) \|$", section, re.M)
    return {(directive, source): why.strip() for directive, source, why in rows}


@pytest.mark.server
def test_every_csp_exception_is_named_and_explained_in_security_md(live_app: LiveApp) -> None:
    table = documented()
    assert table, "SECURITY.md has no table of CSP exceptions"
    for (directive, source), why in table.items():
        assert len(why.split()) >= 8, f"{directive} {source}: explain why Gradio's page needs it"
    cookie = {"Cookie": staff_cookie(live_app)}
    policies = {
        path: httpx.get(live_app.url + path, headers=cookie, timeout=30).headers["content-security-policy"]
        for path in ("/", "/staff/", "/staff/login", "/tilgaengelighed", "/config", "/gradio_api/info")
    }
    for path, policy in policies.items():
        assert policy.startswith("default-src 'self';"), (path, policy)
        sent = exceptions(policy)
        assert sent - table.keys() == set(), f"{path}: sent but not explained in SECURITY.md"
        assert table.keys() - sent == set(), f"{path}: explained in SECURITY.md but not sent"


@pytest.fixture
def watched(live_app: LiveApp) -> Iterator[Any]:
    with watched_page() as page:
        yield page


@pytest.mark.server
@pytest.mark.browser
def test_the_citizen_and_staff_pages_work_under_the_csp(watched: Any, live_app: LiveApp) -> None:
    page = watched
    page.goto(live_app.url + "/")
    page.fill("#spoergsmaal textarea", FIRST)
    page.press("#spoergsmaal textarea", "Enter")
    answer = page.locator("#samtale .svar:has(.kilder)").last
    answer.wait_for()
    assert "[1]" in answer.locator(".svartekst").inner_text()
    answer.get_by_role("button", name="Vis hele brevet").first.click()
    page.locator("dialog[open] mark").wait_for()
    page.keyboard.press("Escape")
    assert reported(page) == [], "citizen page"

    page.goto(live_app.url + "/staff/")
    page.get_by_label("Brugernavn").fill(STAFF_NAME)
    page.get_by_label("Adgangskode").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.locator("#logget-ind", has_text=f"Logget ind som {STAFF_NAME}").wait_for()
    page.fill("#staff-spoergsmaal textarea", FIRST)
    page.click("#staff-send")
    page.locator(".kildepar .brevpanel mark").first.wait_for()
    page.locator(".kildepar").first.get_by_label("Korrekt").check()  # the theme's mark is a data: image
    page.get_by_role("tab", name="Breve").click()
    page.locator(".brevoversigt").first.wait_for()
    page.get_by_role("tab", name="Evaluering").click()
    page.get_by_role("button", name="Kør evaluering").wait_for()
    assert reported(page) == [], "staff page"

    # The watch itself sees a violation: an inline script without the page's nonce is blocked.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                  " document.body.appendChild(s); }")  # fmt: skip
    page.wait_for_function("(window.__csp || []).length > 0")
    assert page.evaluate("window.__ran") is None and "script-src" in reported(page)[0]
