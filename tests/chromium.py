"""A chromium page for the browser tests that records every Content-Security-Policy violation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 120_000  # waits end when their condition holds; the limit is for a busy 2-core machine
# Every violation, as the page sees it (console messages can be missed or reworded).
WATCH = """document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  (window.__csp = window.__csp || []).push(`${e.effectiveDirective} ${e.blockedURI} ${where}`);
});"""


@contextmanager
def watched_page() -> Iterator[Any]:
    """A fresh chromium page (Danish locale, 1280 x 1000) with the watch installed before any script."""
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=TIMEOUT_MS)
        context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="da-DK")
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(WATCH)
        page = context.new_page()
        page.console_csp = []
        page.on("console", lambda m: "Content Security Policy" in m.text and page.console_csp.append(m.text))
        try:
            yield page
        finally:
            browser.close()


def reported(page: Any) -> list[str]:
    """Every violation so far on the current document, and every CSP message in the console."""
    return [*page.evaluate("window.__csp || []"), *page.console_csp]
