"""The trusted header of the municipality's proxy or SSO: accepted from the proxy's address only."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from live_app import LiveApp, start_app, stop_app

pytestmark = pytest.mark.server
PROXY, OTHER = "127.0.0.1", "127.0.0.2"  # both loopback: the test can speak from either address


@pytest.fixture(scope="module")
def header_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    env = {"ASSISTANT_STAFF_HEADER": "X-Forwarded-User", "ASSISTANT_TRUSTED_PROXIES": PROXY}
    app = start_app(tmp_path_factory.mktemp("header-app"), extra_env=env, accounts=False)
    yield app
    stop_app(app)


def _get(app: LiveApp, path: str, source: str, headers: dict[str, str]) -> httpx.Response:
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, timeout=10) as client:
        return client.get(app.url + path, headers=headers, follow_redirects=False)


def test_the_header_from_the_trusted_proxy_signs_staff_in(header_app: LiveApp) -> None:
    r = _get(header_app, "/staff/config", PROXY, {"X-Forwarded-User": "jens.hansen"})
    assert r.status_code == 200 and "Kildekontrol" in r.text
    assert _get(header_app, "/staff/config", PROXY, {}).status_code == 401  # the proxy, but no user


def test_a_forged_header_from_another_address_is_refused(header_app: LiveApp) -> None:
    forged = {"X-Forwarded-User": "jens.hansen", "X-Forwarded-For": PROXY, "X-Real-IP": PROXY}
    forged |= {"Forwarded": f"for={PROXY}"}
    for path in ("/staff/", "/staff/config", "/staff/gradio_api/info"):
        r = _get(header_app, path, OTHER, forged)
        assert r.status_code in (303, 401), (path, r.status_code)
        assert "Kildekontrol" not in r.text
    assert _get(header_app, "/", OTHER, forged).status_code == 200  # citizens are served from anywhere
