"""Issue 9, the web half: who reaches /staff, hosts and origins, headers, and what verdicts change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_app import FIRST, FOLLOW_UP, STAFF_NAME, STAFF_PASSWORD, LiveApp, staff_cookie

from assistant.errors import BadInputError

STAFF_PATHS = ["/staff", "/staff/", "/staff/config", "/staff/gradio_api/info", "/STAFF/config", "//staff/"]

# --- in-process ---------------------------------------------------------------------------------------


def _web(seed_assistant: Any, tmp_path: Path) -> Any:
    from assistant.answer.verdicts import VerdictStore
    from assistant.web.app import WebApp

    return WebApp(seed_assistant, VerdictStore(tmp_path / "v.sqlite3"))


def test_a_forkert_quote_is_not_served_again_and_staff_see_the_change(seed_assistant, tmp_path: Path) -> None:
    from assistant.web.staff import changes_table

    web = _web(seed_assistant, tmp_path)
    _, first = web.ask(FIRST + "  ", [])
    wrong = first.citations[0]
    web.verdict(wrong.letter_id, wrong.passage_id, wrong.start, wrong.end, "Forkert", "", FIRST, "anne")
    key, again = web.ask(FIRST.lower(), [])  # the same question, however typed
    spans = {(c.letter_id, c.start, c.end) for c in again.citations}
    assert (wrong.letter_id, wrong.start, wrong.end) not in spans
    assert again.refused or again.citations  # the next best, or the refusal
    assert "Fjernet" in web.log.get(key).changed and "Fjernet" in changes_table(web)
    # another question is not affected
    _, other = web.ask("Hvad er formålet med den styrkede aktiveringsindsats?", [])
    assert not web.log.items()[0][1].changed or other.citations


def test_verdicts_export_as_qa_items_in_the_contract_format(seed_assistant, tmp_path: Path) -> None:
    from assistant.evaluation.qa import load_qa
    from assistant.web.evaluation import export_qa_items

    web = _web(seed_assistant, tmp_path)
    with pytest.raises(BadInputError, match="ingen vurderinger"):
        export_qa_items(web)
    _, answer = web.ask(FOLLOW_UP, [FIRST])
    c = answer.citations[0]
    web.verdict(c.letter_id, c.passage_id, c.start, c.end, "Korrekt", "", FOLLOW_UP, "anne")
    items = load_qa(Path(export_qa_items(web)))
    assert [(i.question, i.gold, i.answerable) for i in items] == [(FOLLOW_UP, (c.quote,), True)]


def test_questions_shown_to_staff_are_masked_and_bounded(seed_assistant, tmp_path: Path, monkeypatch) -> None:
    from assistant.web import recent
    from assistant.web.recent import Recent, mask_cpr

    assert mask_cpr("cpr 010190-1234 og 0101901234, ikke 12345678901") == (
        "cpr XXXXXX-XXXX og XXXXXX-XXXX, ikke 12345678901"
    )
    web = _web(seed_assistant, tmp_path)
    web.ask(f"Jeg har cpr 241299-1234. {FIRST}", ["Mit nummer er 2412991234"])
    shown = web.rows()[0][2]
    assert "241299" not in shown.question + " ".join(shown.history) and "XXXXXX-XXXX" in shown.question
    log = Recent(max_count=2, max_minutes=1)
    now = [1000.0]
    monkeypatch.setattr(recent.time, "monotonic", lambda: now[0])
    for _ in range(3):
        log.add(shown)
    assert [k for k, _ in log.items()] == ["3", "2"]  # by count
    now[0] += 61
    assert log.items() == []  # by age


def test_beyond_the_queue_citizens_get_a_danish_busy_message(seed_assistant, tmp_path: Path) -> None:
    from assistant.web.app import Busy

    web = _web(seed_assistant, tmp_path)
    for _ in range(web.admission.limit):
        assert web.admission.enter()
    with pytest.raises(Busy, match="travlt"):
        web.ask(FIRST)
    web.admission.leave()
    assert web.ask(FIRST)[1].citations


def test_every_bad_line_of_an_uploaded_qa_file_is_reported(tmp_path: Path) -> None:
    from assistant.web.evaluation import check_upload

    good = {"id": "a", "question": "Hvad?", "answerable": False, "gold": []}
    lines = [json.dumps(good), "{ikke json", json.dumps({**good, "id": "a"}), "", json.dumps({"id": "b"})]
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(BadInputError) as err:
        check_upload(str(path), 1024)
    message = str(err.value)
    assert "3 fejl" in message and "Linje 2" in message and "Linje 3" in message and "Linje 5" in message
    path.write_text(json.dumps(good) + "\n" + " " * 3000, encoding="utf-8")
    with pytest.raises(BadInputError, match="for stor"):
        check_upload(str(path), 2)


def test_without_accounts_or_header_staff_is_refused_with_setup_help(seed_assistant, tmp_path: Path) -> None:
    from dataclasses import replace

    from starlette.testclient import TestClient

    from assistant.answer.service import Assistant
    from assistant.web.server import build_server

    settings = replace(seed_assistant.settings, staff_accounts=tmp_path / "none.json")
    web = _web(Assistant(settings, seed_assistant.index, seed_assistant.embedder), tmp_path)
    with TestClient(
        build_server(web, "127.0.0.1"), base_url="http://127.0.0.1", client=("127.0.0.1", 5)
    ) as c:
        for path in ("/staff/", "/staff/config", "/staff/login"):
            r = c.get(path, follow_redirects=False)
            assert r.status_code == 403 and "assistant staff add" in r.text, path  # loopback too
        assert c.get("/").status_code == 200


# --- the real server: raw HTTP -------------------------------------------------------------------------


@pytest.mark.server
def test_no_login_gives_401_or_a_redirect_to_the_danish_login(live_app: LiveApp) -> None:
    for path in STAFF_PATHS:
        r = httpx.get(live_app.url + path, timeout=10)
        assert r.status_code in (303, 307, 401, 404), (path, r.status_code)
        assert "gradio_config" not in r.text and "Kildekontrol" not in r.text
    r = httpx.get(live_app.url + "/staff/", timeout=10)
    assert r.status_code == 303 and r.headers["location"] == "/staff/login"
    join = {"data": [], "fn_index": 0, "session_hash": "x"}
    r = httpx.post(live_app.url + "/staff/gradio_api/queue/join", json=join, timeout=10)
    assert r.status_code == 401
    login = httpx.get(live_app.url + "/staff/login", timeout=10)
    assert login.status_code == 200 and 'lang="da"' in login.text and "Adgangskode" in login.text


@pytest.mark.server
def test_a_wrong_password_or_a_forged_cookie_is_refused(live_app: LiveApp) -> None:
    for name, password in ((STAFF_NAME, "forkert forkert"), ("ukendt", STAFF_PASSWORD), (STAFF_NAME, "")):
        r = httpx.post(live_app.url + "/staff/login", data={"navn": name, "kode": password}, timeout=30)
        assert r.status_code in (401, 422) and "bp_staff" not in r.cookies
        if r.status_code == 401:
            assert "Forkert brugernavn eller adgangskode" in r.text
    good = staff_cookie(live_app)
    forged = [good[:-3] + "abc", f"bp_staff={STAFF_NAME}", 'bp_staff="medarbejder".x.y']
    for cookie in forged:
        r = httpx.get(live_app.url + "/staff/config", headers={"Cookie": cookie}, timeout=10)
        assert r.status_code == 401, cookie
    r = httpx.get(live_app.url + "/staff/config", headers={"Cookie": good}, timeout=10)
    assert r.status_code == 200


@pytest.mark.server
def test_the_session_cookie_is_signed_httponly_samesite_and_expires(live_app: LiveApp) -> None:
    r = httpx.post(
        live_app.url + "/staff/login", data={"navn": STAFF_NAME, "kode": STAFF_PASSWORD}, timeout=30
    )
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=28800" in cookie
    assert "path=/staff" in cookie


@pytest.mark.server
def test_a_citizen_session_cannot_reach_the_staff_api(live_app: LiveApp) -> None:
    from gradio_client import Client

    citizen = Client(live_app.url, verbose=False)
    assert set(citizen.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {"/ask"}
    for name in ("/verdict", "/export_verdicts", "/export_qa"):
        with pytest.raises(ValueError):
            citizen.predict(api_name=name)
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do: the config itself is 401
        Client(live_app.url + "/staff/", verbose=False)


@pytest.mark.server
def test_only_configured_hosts_and_origins_are_accepted(live_app: LiveApp) -> None:
    for host in ("evil.example", "127.0.0.1.evil.example", "localhost.evil"):
        r = httpx.get(live_app.url + "/", headers={"Host": host}, timeout=10)
        assert r.status_code == 400, host
    evil = {"Origin": "https://evil.example"}
    for path in ("/", "/config", "/gradio_api/info", "/staff/login"):
        r = httpx.get(live_app.url + path, headers=evil, timeout=10)
        assert "access-control-allow-origin" not in r.headers, path  # gradio #13594: no reflection
        assert "access-control-allow-credentials" not in r.headers, path
    pre = {**evil, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    r = httpx.options(live_app.url + "/gradio_api/queue/join", headers=pre, timeout=10)
    assert r.status_code == 400 and "access-control-allow-origin" not in r.headers
    login = {"navn": STAFF_NAME, "kode": STAFF_PASSWORD}
    r = httpx.post(live_app.url + "/staff/login", data=login, headers=evil, timeout=30)
    assert r.status_code == 403 and "bp_staff" not in r.cookies  # cross-site form posts are refused


@pytest.mark.server
def test_every_page_carries_the_security_headers(live_app: LiveApp) -> None:
    for path in ("/", "/staff/login", "/config"):
        r = httpx.get(live_app.url + path, timeout=10)
        csp = r.headers["content-security-policy"]
        assert (
            "default-src 'self'" in csp
            and "frame-ancestors 'none'" in csp
            and "'unsafe-inline'" not in (csp.split("script-src", 1)[1].split(";", 1)[0])
        )
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin" and r.headers["x-frame-options"] == "DENY"
    page = httpx.get(live_app.url + "/", timeout=10)
    nonce = page.headers["content-security-policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert page.text.count("<script") == page.text.count(f'<script nonce="{nonce}"') > 0
    assert "server" not in page.headers
