"""Hostile questions, in the service, the CLI and the API: a Danish answer or a Danish message,
never a traceback; invisible characters change no answer; CPR numbers are masked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from live_app import FIRST, LiveApp

from assistant.errors import BadInputError
from assistant.text import invisible, privacy

BIN = Path(sys.executable).parent
PLAIN = "Hvor mange penge blev der afsat til ledige med banderelationer?"
# The same question as a terminal, a forger and a copy-paste from a web page would send it.
DISGUISED = (
    "\ufeff\x1b[31mHvor\x1b[0m mange \u202epenge\u202c blev\u200b der af\u200dsat til "
    "ledige\u2066 med\u2069 bande\u00adrelationer?\x07\x00"
)
ODD = [
    "🙂🙂 Hvad er den styrkede aktiveringsindsats? 🙂",
    "ما هي سياسة العصابات في كوبنهاغن؟",
    "Какая политика в отношении банд?",
    "<script>alert(1)</script><img src=x onerror=alert(2)> Hvad er Sikker By?",
    '<a href="javascript:alert(1)">klik</a> Hvem har underskrevet brevet?',
    "![billede](https://evil.example/pixel.png) Hvad er den styrkede aktiveringsindsats?",
]


def test_invisible_characters_are_stripped_and_visible_text_kept() -> None:
    assert invisible.strip(DISGUISED).replace("\u00ad", "") == PLAIN.replace(
        "banderelationer", "banderelationer"
    )
    assert invisible.strip("Æble\tø\nå") == "Æble\tø\nå"
    assert invisible.strip("\x1b]0;titel\x07tekst") == "tekst"  # noqa: B005 (not str.strip)
    for text in ODD[:3]:
        assert invisible.strip(text) == text  # emoji, Arabic and Cyrillic are text, not noise


def test_cpr_numbers_are_masked_but_amounts_periods_and_phones_are_not() -> None:
    text, n = privacy.mask(
        "CPR 010203-1234, 0102031234; 2021-2024, 12.600.000 kr., tlf. 33 66 12 34, 3112991234"
    )
    assert n == 3 and text.count(privacy.MASK) == 3
    assert "2021-2024" in text and "12.600.000" in text and "33 66 12 34" in text
    assert privacy.mask("320199-1234 og 011399-1234")[1] == 0  # no 32nd day, no 13th month


@pytest.mark.slow
def test_disguised_question_gets_the_plain_questions_answer(seed_assistant) -> None:
    plain = seed_assistant.ask(PLAIN)
    disguised = seed_assistant.ask(DISGUISED)
    assert not plain.refused and "12,6 mio. kr." in plain.answer
    assert disguised.answer == plain.answer
    assert [c.quote for c in disguised.citations] == [c.quote for c in plain.citations]
    assert disguised.question == PLAIN


@pytest.mark.slow
def test_odd_questions_get_a_danish_answer_or_refusal(seed_assistant) -> None:
    for text in ODD:
        answer = seed_assistant.ask(text)
        assert answer.answer  # an answer or the Danish refusal, never an exception
        assert "<script" not in answer.answer and "onerror" not in answer.answer
        for c in answer.citations:
            assert seed_assistant.letters[c.letter_id].text[c.start : c.end] == c.quote


@pytest.mark.slow
def test_bad_questions_get_a_danish_message(seed_assistant) -> None:
    cases: list[tuple[Any, Any, str]] = [
        ("", (), "Skriv et spørgsmål."),
        ("   \n\t ", (), "Skriv et spørgsmål."),
        ("\u200b\u202e\x1b[0m", (), "Skriv et spørgsmål."),  # nothing left once cleaned
        ("x" * 100_000, (), "for langt"),
        (None, (), "Skriv et spørgsmål."),
        (42, (), "Skriv et spørgsmål."),
        (PLAIN, "ikke en liste", "Historikken skal være en liste"),
        (PLAIN, [1, 2], "Historikken skal være en liste"),
        (PLAIN, {"a": 1}, "Historikken skal være en liste"),
    ]
    for question, history, message in cases:
        with pytest.raises(BadInputError) as err:
            seed_assistant.ask(question, history)
        assert message in str(err.value)


@pytest.mark.slow
def test_a_thousand_turns_of_history_are_cut_to_the_last_ones(seed_assistant) -> None:
    history = [f"Spørgsmål nummer {i} om ingenting" for i in range(999)] + [FIRST]
    answer = seed_assistant.ask("Hvor mange penge blev der afsat til den?", history)
    assert not answer.refused and "12,6 mio. kr." in answer.answer
    assert len(answer.history) <= 10 and answer.history[-1] == FIRST


@pytest.mark.slow
def test_cpr_number_in_a_question_is_masked_before_it_is_kept(seed_assistant) -> None:
    answer = seed_assistant.ask("Mit CPR er 010203-1234. Hvad er den styrkede aktiveringsindsats?")
    assert "010203-1234" not in answer.question and privacy.MASK in answer.question


@pytest.mark.slow
def test_cli_answers_disguised_questions_and_refuses_bad_ones_with_exit_2(
    corpus_dir: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    flags = ["--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]

    def ask(question: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "assistant"), "ask", question, "--json", *flags],
            capture_output=True, text=True, env=env, timeout=600,
        )  # fmt: skip

    plain, disguised = ask(PLAIN), ask(DISGUISED.replace("\x00", ""))  # argv cannot hold NUL
    assert plain.returncode == disguised.returncode == 0
    assert '"12,6 mio. kr.' in plain.stdout or "12,6 mio. kr." in plain.stdout
    assert json.loads(disguised.stdout)["answer"] == json.loads(plain.stdout)["answer"]
    for bad, message in (
        ("", "Skriv et spørgsmål."),
        ("x" * 100_000, "for langt"),
        ("\u202e\u200b", "Skriv"),
    ):
        done = ask(bad)
        assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


# Bodies a script may send instead of {"data": [question, history]}; gradio_client would refuse to.
NON_STRING: list[Any] = [
    {"data": []},
    {"data": [123]},
    {"data": [None]},
    {"data": [{"a": 1}]},
    {"data": [True]},
    {"data": [[]]},
    {"data": [42, []]},
    {"data": [None, []]},
    {"data": [{"q": 1}, []]},
    {"data": [PLAIN, [1, {"x": 2}]]},
    {"data": [PLAIN, "ikke en liste"]},
    {"data": ["x" * 100_000, []]},
    {"data": "ikke en liste"},
    {"data": None},
    {},
    [PLAIN, []],
]
DANISH = ("Skriv et spørgsmål", "skal være tekst", "Historikken", "for langt", "rigtige form")


@pytest.mark.server
def test_api_gives_danish_messages_for_non_string_json(live_app: LiveApp) -> None:
    """Over raw HTTP, through both ways into the queue: the documented /call/ask, and /queue/join as
    the page and gradio_client use it. Each body is refused with a Danish message before it is queued
    (4xx), or gets a Danish error event; never a 5xx, a traceback or Gradio's null error."""
    import httpx

    call = f"{live_app.url}/gradio_api/call/ask"
    config = httpx.get(live_app.url + "/config", timeout=30).json()
    ask = next(i for i, d in enumerate(config["dependencies"]) if d.get("api_name") == "ask")
    outcomes: list[tuple[str, Any, int, str | None]] = []
    with httpx.Client(timeout=120) as client:
        for n, body in enumerate(NON_STRING):
            start = client.post(call, json=body)
            message = _refusal(start) if start.status_code != 200 else _event_error(client, call, start)
            outcomes.append(("call", body, start.status_code, message))
            if isinstance(body, dict) and isinstance(body.get("data"), list):
                join = {**body, "fn_index": ask, "session_hash": f"fremmed{n}"}
                start = client.post(f"{live_app.url}/gradio_api/queue/join", json=join)
                message = _refusal(start) if start.status_code != 200 else _join_error(client, live_app, join)
                outcomes.append(("join", body, start.status_code, message))
    for way, body, status, message in outcomes:
        shown = (way, str(body)[:60], status, message)
        assert status < 500 and message and "Traceback" not in message, shown
        assert any(m in message for m in DANISH), shown
    with httpx.Client(timeout=120) as client:
        answered = client.post(call, json={"data": [DISGUISED, []]}).json()["event_id"]
        stream = client.get(f"{call}/{answered}").text
        assert "event: complete" in stream and "12,6 mio. kr." in stream


def _refusal(response: Any) -> str | None:
    """The Danish reason of a request refused before it was queued (a 4xx with a JSON detail)."""
    detail = response.json().get("detail") if "json" in response.headers.get("content-type", "") else None
    return detail if 400 <= response.status_code < 500 and isinstance(detail, str) else None


def _event_error(client: Any, call: str, start: Any) -> str | None:
    stream = client.get(f"{call}/{start.json()['event_id']}").text
    assert "event: error" in stream, stream[:300]
    return _error_message(stream)


def _join_error(client: Any, app: LiveApp, join: dict[str, Any]) -> str | None:
    """The error of a joined event, read from its session's event stream."""
    url = f"{app.url}/gradio_api/queue/data?session_hash={join['session_hash']}"
    with client.stream("GET", url) as stream:
        for line in stream.iter_lines():
            message = json.loads(line[5:]) if line.startswith("data:") else {}
            if message.get("msg") == "process_completed":
                assert message["success"] is False, message
                return message["output"].get("error")
    return None


def _error_message(stream: str) -> str | None:
    """The message of the stream's error event (Gradio sends it as JSON, or null)."""
    for line in stream.splitlines():
        if line.startswith("data:"):
            data = json.loads(line[5:])
            if isinstance(data, dict):
                return data.get("error")
    return None
