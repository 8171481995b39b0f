"""The web app: HTML rendering and verdict checks in-process, then `python app.py` as a real server."""

from __future__ import annotations

import csv
import hashlib
import html
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_app import FIRST, FOLLOW_UP, REPO, SCRIPT, SEED, LiveApp, staff_cookie

from assistant.errors import BadInputError
from assistant.types import Letter, LetterMeta
from assistant.web import render

# --- in-process: rendering and verdict checks -------------------------------------------------------


def test_marked_uses_offsets_not_text_search_and_escapes_everything() -> None:
    text = "ab <b>x</b> ab"
    # the second "ab", where the offsets point, not the first one a text search would find
    assert render.marked(text, 12, 14) == "ab &lt;b&gt;x&lt;/b&gt; <mark>ab</mark>"
    assert render.marked(text, 0, 2, lo=0, hi=6) == "<mark>ab</mark> &lt;b&gt;"


def test_answer_message_has_numbered_cards_with_the_quote_marked_in_its_passage(seed_assistant) -> None:
    answer = seed_assistant.ask(FOLLOW_UP, [FIRST])
    passages = {p.passage_id: p for p in seed_assistant.passages}
    out = render.answer_message(answer, seed_assistant.letters, passages, "a1")
    assert answer.citations and not answer.refused
    for c in answer.citations:
        letter = seed_assistant.letters[c.letter_id]
        assert letter.text[c.start : c.end] == c.quote
        assert f'<span class="nr">[{c.n}]</span>' in out
        assert f"<mark>{html.escape(c.quote)}</mark>" in out
        # the dialog holds the whole letter with the same span marked, by offsets
        whole = render.marked(letter.text, c.start, c.end)
        assert f'<div class="brevtekst" tabindex="0">{whole}</div>' in out
    assert "12,6 mio. kr." in out
    # markers are buttons named for screen readers; the answer text itself keeps its literal [n]
    assert '<button type="button" class="ref" aria-label="kilde 1">[1]</button>' in out
    assert "[1]" in answer.answer and "kilde 1" not in answer.answer
    assert out.startswith('<div class="svar" id="a1">')  # the id marks it finished, for the live region
    assert "22. marts 2021" in out and "Beskæftigelses- og Integrationsforvaltningen" in out
    assert out.count("Vis hele brevet") == len(answer.citations)


def test_refusal_looks_different_and_names_whom_to_contact(seed_assistant) -> None:
    answer = seed_assistant.ask("Hvad koster et buskort?")
    out = render.answer_message(answer, seed_assistant.letters, {}, "a2")
    assert answer.refused and not answer.citations
    assert out.startswith('<div class="afvisning" id="a2">') and "Intet svar i brevene" in out
    assert f"<strong>Hvem kan svare?</strong> {html.escape(answer.contact or '')}</p>" in out
    assert "Muligvis relevante passager" in out and 'class="ref"' not in out
    assert out.count('class="kort muligvis"') == len(answer.possibly_relevant) > 0


def test_markup_in_letters_is_inert() -> None:
    text = "Hej <script>alert(1)</script> og **fed** [tekst](javascript:x) <img src=x onerror=y>."
    letter = Letter("L", "l.txt", "0" * 64, text, LetterMeta(title="<b>Titel</b>", date="2021-03-22"))
    out = render.staff_letter(letter, 4, 29) + render.letter_dialog(letter, 4, 29, "k")
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in out
    assert "**fed** [tekst](javascript:x)" in out  # markdown stays literal text


def test_web_verdicts_are_checked_against_the_index(seed_assistant, tmp_path: Path) -> None:
    from assistant.answer.verdicts import VerdictStore
    from assistant.web.app import WebApp

    web = WebApp(seed_assistant, VerdictStore(tmp_path / "v.sqlite3"))
    key, answer = web.ask(FIRST)
    assert web.log.get(key).answer == answer  # kept for staff (masked: here there is nothing to mask)
    c = answer.citations[0]
    saved = web.verdict(c.letter_id, c.passage_id, c.start, c.end, "Korrekt", "ok")
    assert saved["letter_sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    with pytest.raises(BadInputError, match="findes ikke"):
        web.verdict("ukendt", c.passage_id, c.start, c.end, "Korrekt")
    with pytest.raises(BadInputError, match="uden for passagen"):
        web.verdict(c.letter_id, c.passage_id, c.start, c.end + 10_000, "Korrekt")
    with pytest.raises(BadInputError, match="for langt"):
        web.ask("x" * 1001)


def test_only_the_named_api_is_public_and_the_queue_is_bounded(seed_assistant, tmp_path: Path) -> None:
    from assistant.answer.verdicts import VerdictStore
    from assistant.web.app import WebApp, build
    from assistant.web.staff_app import build_staff

    web = WebApp(seed_assistant, VerdictStore(tmp_path / "v.sqlite3"))
    demo, staff = build(web), build_staff(web)
    public = {fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public"}
    assert public == {"ask"}  # the citizens' app has no staff endpoint at all
    staff_public = {fn.api_name for fn in staff.fns.values() if fn.api_visibility == "public"}
    assert staff_public == {"verdict", "export_verdicts", "export_qa"}
    # the citizens' bound is QueueBound's (busy.py); Gradio's own, above it, is a backstop
    assert demo._queue.max_size == 2 * 32 + 8 and staff._queue.max_size == 32
    for app in (demo, staff):
        assert app._queue.default_concurrency_limit == 4
        assert all(fn.concurrency_limit is not None for fn in app.fns.values() if fn.queue)
        assert app.analytics_enabled is False
    asks = [fn for fn in demo.fns.values() if fn.concurrency_id == "ask"]
    assert asks and all(fn.concurrency_limit == 32 + 4 for fn in asks)
    assert all(hasattr(fn.fn, "cache") for fn in asks)  # answered "travlt" at a join to a full queue


# --- the real server ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(live_app: LiveApp) -> Any:
    from gradio_client import Client

    return Client(live_app.url, verbose=False)


@pytest.fixture(scope="module")
def staff_client(live_app: LiveApp) -> Any:
    from gradio_client import Client

    return Client(live_app.url + "/staff/", verbose=False, headers={"Cookie": staff_cookie(live_app)})


def _text(message: dict[str, Any]) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def _assert_exact(answer: dict[str, Any], letters: dict[str, Letter]) -> None:
    for c in answer["citations"]:
        assert letters[c["letter_id"]].text[c["start"] : c["end"]] == c["quote"]
        assert f"[{c['n']}]" in answer["answer"]


@pytest.mark.server
def test_serves_on_loopback_without_a_share_link(live_app: LiveApp) -> None:
    assert f"Running on local URL:  {live_app.url}" in live_app.log
    assert "gradio.live" not in live_app.log and "public URL" not in live_app.log
    assert live_app.startup_seconds < 60
    print(f"\nstartup: {live_app.startup_seconds:.1f} s")


@pytest.mark.server
def test_ask_answers_with_exact_citations(client: Any, seed_assistant) -> None:
    started = time.perf_counter()
    answer = client.predict(question=FIRST, history=[], api_name="/ask")
    print(
        f"\n/ask round trip: {(time.perf_counter() - started) * 1000:.0f} ms, core {answer['latency_ms']} ms"
    )
    assert answer["question"] == FIRST and answer["history"] == [] and answer["refused"] is False
    passages = {p.passage_id: p for p in seed_assistant.passages}
    assert answer["citations"] and "aktiveringsindsats" in passages[answer["citations"][0]["passage_id"]].text
    assert answer["citations"][0]["date"] == "2021-03-22"
    assert len(answer["retrieved"]) == len(seed_assistant.passages) == 10
    _assert_exact(answer, seed_assistant.letters)


@pytest.mark.server
def test_follow_up_uses_the_history(client: Any, seed_assistant) -> None:
    answer = client.predict(question=FOLLOW_UP, history=[FIRST], api_name="/ask")
    assert answer["history"] == [FIRST] and answer["refused"] is False
    assert any("12,6 mio. kr." in c["quote"] for c in answer["citations"])
    _assert_exact(answer, seed_assistant.letters)


@pytest.mark.server
def test_refusal_cites_nothing_and_names_a_contact(client: Any) -> None:
    answer = client.predict(question="Hvad koster et buskort?", history=[], api_name="/ask")
    assert answer["refused"] is True and answer["citations"] == []
    assert answer["contact"] and answer["possibly_relevant"]
    assert "ikke finde svar" in answer["answer"]


@pytest.mark.server
def test_chat_keeps_the_conversation_and_cites_the_follow_up(live_app: LiveApp) -> None:
    from gradio_client import Client

    chat = Client(live_app.url, verbose=False)  # its own session: its own history
    history, box = chat.predict(FIRST, [], api_name="/chat")
    assert box == "" and [m["role"] for m in history] == ["user", "assistant"]
    history, _ = chat.predict(FOLLOW_UP, history, api_name="/chat")
    assert [_text(m) for m in history if m["role"] == "user"] == [FIRST, FOLLOW_UP]
    last = _text(history[-1])
    assert last.startswith('<div class="svar" id="a') and 'aria-label="kilde 1">[1]</button>' in last
    assert "<mark>" in last and "12,6 mio. kr." in last.split("<mark>", 1)[1].split("</mark>", 1)[0]


@pytest.mark.server
def test_markup_in_a_question_comes_back_inert(client: Any, live_app: LiveApp) -> None:
    answer = client.predict(question=SCRIPT, history=[], api_name="/ask")
    assert answer["question"] == SCRIPT  # JSON is data: kept verbatim
    assert "<script" not in answer["answer"] and (answer["refused"] or answer["citations"])
    from gradio_client import Client

    history, _ = Client(live_app.url, verbose=False).predict(SCRIPT, [], api_name="/chat")
    user, bot = _text(history[0]), _text(history[1])
    assert user == html.escape(SCRIPT)
    assert "<script" not in user + bot and "<img" not in user + bot
    assert bot.startswith(('<div class="svar" id="a', '<div class="afvisning" id="a'))


@pytest.mark.server
def test_bad_input_gives_a_danish_message_not_a_traceback(client: Any, live_app: LiveApp) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    cases = [
        ("x" * 1001, [], "Spørgsmålet er for langt (1001 tegn). Højst 1000 tegn."),
        ("  ", [], "Skriv et"),
    ]
    cases.append((FIRST, "ikke en liste", "Historikken skal være en liste"))
    for question, history, message in cases:
        with pytest.raises(AppError) as err:
            client.predict(question=question, history=history, api_name="/ask")
        assert message in str(err.value) and "Traceback" not in str(err.value)
    history, box = Client(live_app.url, verbose=False).predict("y" * 1001, [], api_name="/chat")
    assert 'class="fejl"' in _text(history[-1]) and "for langt" in _text(history[-1])
    assert box == "y" * 1001  # kept, so the citizen can shorten it


@pytest.mark.server
def test_verdict_is_stored_and_exported(client: Any, staff_client: Any, live_app: LiveApp) -> None:
    from gradio_client.exceptions import AppError

    c = client.predict(question=FOLLOW_UP, history=[FIRST], api_name="/ask")["citations"][0]
    args = dict(letter_id=c["letter_id"], passage_id=c["passage_id"], start=c["start"], end=c["end"])
    q = "Hvilket beløb gælder her?"  # a question of its own: this verdict must not act on other tests
    saved = staff_client.predict(
        **args, verdict="Forkert", reason="Beløbet er for 2018", question=q, api_name="/verdict"
    )
    sha = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert saved["letter_sha256"] == sha and saved["verdict"] == "Forkert"
    assert saved["staff"] == "medarbejder" and saved["question"] == q  # who gave it, for which question
    with pytest.raises(AppError, match="Korrekt eller Forkert"):
        staff_client.predict(**args, verdict="Måske", reason="", question=q, api_name="/verdict")
    with pytest.raises(AppError, match="uden for passagen"):
        staff_client.predict(
            **{**args, "end": c["end"] + 5000}, verdict="Korrekt", reason="", question=q, api_name="/verdict"
        )
    assert (live_app.root / "state" / "verdicts.sqlite3").exists()  # where ASSISTANT_VERDICTS_DB points

    exported = Path(staff_client.predict(api_name="/export_verdicts"))
    with exported.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    row = rows[-1]
    assert (row["letter_id"], row["letter_sha256"], row["passage_id"]) == (
        c["letter_id"],
        sha,
        c["passage_id"],
    )
    assert (int(row["start"]), int(row["end"]), row["verdict"]) == (c["start"], c["end"], "Forkert")
    assert row["reason"] == "Beløbet er for 2018" and len(rows) == 1


@pytest.mark.server
def test_only_what_the_page_needs_is_served(staff_client: Any, live_app: LiveApp) -> None:
    db = live_app.root / "state" / "verdicts.sqlite3"
    staff_client.predict(api_name="/export_verdicts")
    index_file = next(p for p in sorted((live_app.root / "index").rglob("*")) if p.is_file())
    accounts = live_app.root / "state" / "staff-accounts.json"
    secrets = [db, index_file, live_app.root / "corpus" / SEED.name, accounts, Path("/etc/passwd")]
    cookie = {"Cookie": staff_cookie(live_app)}
    cache = next((live_app.root / "gradio-cache").iterdir())
    for path in secrets:
        s = str(path)
        # .. out of Gradio's own cache, encoded slashes and dots, doubled slashes, and case tricks
        up = f"{cache}/{'../' * 12}{s.lstrip('/')}"
        tricks = [s, up, s.replace("/", "%2F"), up.replace("/", "%2f"), up.replace("..", "%2e%2e")]
        tricks += ["/" + s, s.upper(), s.replace("/etc/", "/ETC/"), s.replace("/", "\\")]
        for path_text in tricks:
            for prefix in ("/file=", "/gradio_api/file=", "/gradio_api/file/", "/staff/gradio_api/file="):
                r = httpx.get(f"{live_app.url}{prefix}{path_text}", timeout=10, headers=cookie)
                assert r.status_code in (403, 404), (prefix, path_text, r.status_code)
                assert b"SQLite format 3" not in r.content and b"Kommunes" not in r.content
                assert b"root:" not in r.content and b"argon2" not in r.content
    # the control: the exported CSV, which the staff page does offer, is served from Gradio's cache
    csv_file = next((live_app.root / "gradio-cache").rglob("vurderinger.csv"))
    r = httpx.get(f"{live_app.url}/staff/gradio_api/file={csv_file}", timeout=10, headers=cookie)
    assert r.status_code == 200
    for path in ("/monitoring", "/gradio_api/monitoring", "/monitoring/summary"):
        assert httpx.get(live_app.url + path, timeout=10).status_code in (403, 404)
    config = httpx.get(live_app.url + "/config", timeout=10).json()
    assert config["analytics_enabled"] is False and config["show_error"] is False
    assert config["enable_queue"] is True


def test_bad_flags_exit_2_with_a_danish_message() -> None:
    r = subprocess.run([sys.executable, "app.py", "--port", "abc"], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 2 and "Fejl i kommandoen" in r.stderr


def test_no_question_text_in_the_server_log(client: Any, live_app: LiveApp) -> None:
    marker = "Hvor mange penge fik Zebrafonden privatlivstest?"
    result = client.predict(marker, [], api_name="/ask")
    assert result["question"] == marker
    time.sleep(0.5)  # let the server flush whatever it would write
    assert "Zebrafonden" not in live_app.log
    assert FIRST not in live_app.log
