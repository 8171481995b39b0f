"""Staff sessions as a serious product keeps them: logging out ends the session on the server (a copied
cookie is refused after), and repeated wrong passwords pause one name, or one address, for a while."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_app import STAFF_NAME, STAFF_PASSWORD, LiveApp, start_app, stop_app

OTHER_NAME, OTHER_PASSWORD = "kollega", "en anden lang og hemmelig kode"
PAUSED_NAME = "For mange forkerte forsøg med dette brugernavn. Prøv igen om 15 minutter."
PAUSED_ADDRESS = "For mange forkerte forsøg fra din adresse. Prøv igen om 15 minutter."

# --- in-process ---------------------------------------------------------------------------------------


def test_attempts_pause_a_key_after_the_limit_until_the_window_has_passed(monkeypatch) -> None:
    from assistant.web import attempts

    now = [1000.0]
    monkeypatch.setattr(attempts.time, "monotonic", lambda: now[0])
    tries = attempts.Attempts(limit=3, window=600)
    assert [tries.fail("anne") for _ in range(2)] == [0.0, 0.0] and tries.wait("anne") == 0.0
    assert tries.fail("anne") == 600.0 and tries.wait("bo") == 0.0  # per key
    now[0] += 599
    assert tries.wait("anne") == pytest.approx(1.0) and attempts.minutes(tries.wait("anne")) == 1
    now[0] += 2
    assert tries.wait("anne") == 0.0  # the oldest failure left the window
    tries.fail("bo"), tries.fail("bo"), tries.forget("bo")
    assert tries.fail("bo") == 0.0  # a successful login forgets the failures


def test_sessions_close_for_every_copy_survive_a_restart_and_keep_no_id(tmp_path: Path, monkeypatch) -> None:
    from assistant.web import sessions

    path = tmp_path / "state" / "staff-sessions.json"
    store = sessions.Sessions(path, max_age=60)
    first, second = store.open("anne"), store.open("anne")
    assert store.name(first) == store.name(second) == "anne" and store.name("gættet") is None
    store.close(first)
    assert store.name(first) is None and store.name(second) == "anne"
    again = sessions.Sessions(path, max_age=60)  # a restart with the same file
    assert again.name(first) is None and again.name(second) == "anne"
    text = path.read_text(encoding="utf-8")
    assert first not in text and second not in text and len(json.loads(text)["sessions"]) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    later = sessions.time.time() + 61
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    assert again.name(second) is None  # expired on the server, whatever the cookie says


# --- the real server: raw HTTP -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sessions_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    from assistant.web.accounts import Accounts

    root = tmp_path_factory.mktemp("sessions-app")
    Accounts(root / "state" / "staff-accounts.json").add(OTHER_NAME, OTHER_PASSWORD)
    app = start_app(root)
    yield app
    stop_app(app)


def _client(source: str) -> httpx.Client:
    """A client speaking from its own loopback address: each test's failures count apart."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=60)


def _login(client: httpx.Client, app: LiveApp, name: str, password: str) -> httpx.Response:
    return client.post(app.url + "/staff/login", data={"navn": name, "kode": password})


@pytest.mark.server
def test_logging_out_ends_the_session_for_every_copy_of_the_cookie(sessions_app: LiveApp) -> None:
    from gradio_client import Client

    app = sessions_app
    with _client("127.0.0.2") as client:
        login = _login(client, app, STAFF_NAME, STAFF_PASSWORD)
        assert login.status_code == 303
        copied = {"Cookie": f"bp_staff={login.cookies['bp_staff']}"}  # e.g. from a shared computer
        other = _login(client, app, STAFF_NAME, STAFF_PASSWORD)  # the same person, another browser
        kept = {"Cookie": f"bp_staff={other.cookies['bp_staff']}"}
        for path in ("/staff/config", "/staff/gradio_api/info"):
            assert client.get(app.url + path, headers=copied).status_code == 200, path
        logout = client.post(app.url + "/staff/logout", headers=copied)
        assert logout.status_code == 303 and logout.headers["location"] == "/staff/login"
        assert 'bp_staff=""' in logout.headers["set-cookie"] and "Max-Age=0" in logout.headers["set-cookie"]
    with httpx.Client(timeout=60) as fresh:  # the copy, sent again by someone who kept it
        for path in ("/staff/config", "/staff/gradio_api/info", "/staff/gradio_api/queue/join"):
            r = fresh.request("POST" if path.endswith("join") else "GET", app.url + path, headers=copied)
            assert r.status_code == 401 and "Kildekontrol" not in r.text, path
        r = fresh.get(app.url + "/staff/", headers=copied)
        assert r.status_code == 303 and r.headers["location"] == "/staff/login"
        assert fresh.get(app.url + "/staff/config", headers=kept).status_code == 200  # its own session
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do: the staff config itself is 401
        Client(app.url + "/staff/", verbose=False, headers=copied)
    staff = Client(app.url + "/staff/", verbose=False, headers=kept)
    assert "/verdict" in staff.view_api(print_info=False, return_format="dict")["named_endpoints"]


@pytest.mark.server
def test_repeated_wrong_passwords_pause_that_name_with_a_danish_message(sessions_app: LiveApp) -> None:
    app = sessions_app
    with _client("127.0.0.3") as client:
        statuses = [_login(client, app, STAFF_NAME, f"forkert gæt nr. {i}").status_code for i in range(4)]
        assert statuses == [401] * 4
        fifth = _login(client, app, STAFF_NAME, "forkert gæt nr. 5")
        assert fifth.status_code == 429 and PAUSED_NAME in fifth.text and 'lang="da"' in fifth.text
        assert int(fifth.headers["retry-after"]) > 14 * 60
        right = _login(client, app, STAFF_NAME, STAFF_PASSWORD)  # not even the right password now
        assert right.status_code == 429 and PAUSED_NAME in right.text and "bp_staff" not in right.cookies
        assert _login(client, app, OTHER_NAME, OTHER_PASSWORD).status_code == 303  # one name only
        for i in range(5):  # a name no one has is paused the same way: the pause tells nothing
            unknown = _login(client, app, "findes.ikke", f"gæt {i}")
        assert unknown.status_code == 429 and PAUSED_NAME in unknown.text


@pytest.mark.server
def test_ten_wrong_passwords_from_one_address_pause_logins_from_it(sessions_app: LiveApp) -> None:
    app = sessions_app
    with _client("127.0.0.4") as client:
        for i in range(10):  # spread over names, under each name's own limit
            r = _login(client, app, f"navn{i % 4}", "forkert forkert")
            assert r.status_code == 401, (i, r.status_code)
        paused = _login(client, app, OTHER_NAME, OTHER_PASSWORD)
        assert paused.status_code == 429 and PAUSED_ADDRESS in paused.text
        assert "bp_staff" not in paused.cookies
    with _client("127.0.0.5") as elsewhere:
        assert _login(elsewhere, app, OTHER_NAME, OTHER_PASSWORD).status_code == 303
