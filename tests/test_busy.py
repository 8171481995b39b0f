"""A full queue on the real server: citizens get the Danish "travlt" message through gradio_client, raw
HTTP and the browser, never an error, and every question that got into the queue is answered.

The server runs with ASSISTANT_WEB_QUEUE=2 and a scripted model that holds every answer until the test
lets go. So the ask group's workers are all held, two questions wait, and each further one meets the
bound; every step waits for a condition (the model's requests, Gradio's queue size), never a time.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_llm import HANG, FakeLLM
from live_app import FIRST, LiveApp, start_app, stop_app
from test_generate import good

QUEUE = 2  # ASSISTANT_WEB_QUEUE
WORKERS = QUEUE + 4  # the ask group's concurrency limit (assistant/web/app.py: queue)
LIMIT = 300  # seconds: generous, for a busy 2-core machine; every wait ends as soon as its condition holds
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    server = FakeLLM(hang_seconds=3 * LIMIT).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def busy_app(tmp_path_factory: pytest.TempPathFactory, fake: FakeLLM) -> Iterator[LiveApp]:
    env = {
        "ASSISTANT_LLM": "openai:fake-model",
        "ASSISTANT_LLM_BASE_URL": f"{fake.url}/v1",
        "ASSISTANT_LLM_TIMEOUT": str(3 * LIMIT),  # the held answers wait for the test, not a timeout
        "ASSISTANT_WEB_QUEUE": str(QUEUE),
    }
    app = start_app(tmp_path_factory.mktemp("busy-app"), extra_env=env)
    yield app
    stop_app(app)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + LIMIT
    while not condition():
        assert time.monotonic() < deadline, f"not within {LIMIT} s: {what}"
        time.sleep(0.1)


def waiting(app: LiveApp) -> int:
    """Events in the citizens' Gradio queue, not yet given a worker (Gradio's own status route)."""
    return int(httpx.get(app.url + "/gradio_api/queue/status", timeout=30).json()["queue_size"])


def raw_ask(app: LiveApp, question: str) -> tuple[str, str]:
    """The documented HTTP API: POST /gradio_api/call/ask, then its event stream."""
    with httpx.Client(timeout=LIMIT) as client:
        start = client.post(app.url + "/gradio_api/call/ask", json={"data": [question, []]})
        assert start.status_code == 200, (start.status_code, start.text)
        stream = client.get(f"{app.url}/gradio_api/call/ask/{start.json()['event_id']}").text
    event = next(line[7:] for line in stream.splitlines() if line.startswith("event: "))
    data = next(line[6:] for line in stream.splitlines() if line.startswith("data: "))
    return event, data


def browser_ask(app: LiveApp, question: str) -> dict[str, Any]:
    """A citizen's browser asks while the queue is full: what the chat shows, toasts, CSP reports."""
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=LIMIT * 1000)
        page = browser.new_page(locale="da-DK")
        page.set_default_timeout(LIMIT * 1000)
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        page.goto(app.url + "/")
        page.fill("#spoergsmaal textarea", question)
        page.press("#spoergsmaal textarea", "Enter")
        page.locator("#samtale .travlt").wait_for()
        shown = {
            "busy": page.locator("#samtale .travlt").inner_text(),
            "asked": page.locator("#samtale [data-testid='user']").last.inner_text(),
            "box": page.input_value("#spoergsmaal textarea"),
            "toasts": page.locator("[data-testid='toast-body']").all_inner_texts(),
            "cache": page.get_by_text("from cache").count(),
            "console": [m for m in console if "Content Security Policy" in m or "rror" in m],
        }
        browser.close()
    return shown


def test_a_bounded_function_answers_busy_only_at_a_join_that_found_the_queue_full() -> None:
    from gradio.caching import CacheMissError, ProbeCache

    from assistant.web import busy

    def answer(q: str) -> str:
        return f"svar på {q}"

    def stream(q: str) -> Iterator[str]:
        yield f"svar på {q}"

    plain = busy.bounded(answer, when_full=lambda q: busy.BUSY)
    streamed = busy.bounded(stream, when_full=lambda q: iter([busy.BUSY]))
    assert hasattr(plain, "cache") and hasattr(streamed, "cache")  # what makes Gradio ask at the join
    assert plain("x") == "svar på x" and list(streamed("x")) == ["svar på x"]  # Gradio's worker
    with ProbeCache():  # a join with room in the queue (or without QueueBound in front): queue it
        with pytest.raises(CacheMissError):
            plain("x")
        with pytest.raises(CacheMissError):
            list(streamed("x"))
        token = busy._FULL.set(True)  # a join that found the queue full: answered there
        try:
            assert plain("x") == busy.BUSY and list(streamed("x")) == [busy.BUSY]
        finally:
            busy._FULL.reset(token)
    assert plain("x") == "svar på x"


@pytest.mark.server
@pytest.mark.browser
def test_beyond_the_bounded_queue_citizens_are_told_it_is_busy(busy_app: LiveApp, fake: FakeLLM) -> None:
    from gradio_client import Client

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    fake.release = threading.Event()
    fake.script = lambda prompt: HANG
    held = []
    for _ in range(WORKERS):  # every worker of the ask group waits for the model
        held.append(Client(busy_app.url, verbose=False).submit(FIRST, [], api_name="/ask"))
    wait_for(lambda: len(fake.requests) >= WORKERS, f"{WORKERS} questions reached the model")
    assert waiting(busy_app) == 0
    for _ in range(QUEUE):  # these wait in the queue
        held.append(Client(busy_app.url, verbose=False).submit(FIRST, [], api_name="/ask"))
    wait_for(lambda: waiting(busy_app) == QUEUE, f"{QUEUE} questions wait in the queue")

    # The queue is full: gradio_client gets an answer object that says so, at once and without error.
    client = Client(busy_app.url, verbose=False)
    answer = client.submit(FIRST, [], api_name="/ask").result(timeout=LIMIT)
    assert answer["busy"] is True and answer["refused"] is True and answer["citations"] == []
    assert answer["answer"] == "Der er travlt lige nu. Prøv igen om lidt." and answer["question"] == FIRST
    history, box = client.submit(FIRST, [], api_name="/chat").result(timeout=LIMIT)
    said = "".join(part["text"] for part in history[-1]["content"])
    assert said.startswith('<div class="travlt"') and "Der er travlt lige nu. Prøv igen om lidt." in said
    assert box == FIRST  # kept in the box, to send again
    # Raw HTTP: a completed event, not Gradio's English 503 ("Queue is full").
    event, data = raw_ask(busy_app, FIRST)
    assert event == "complete" and json.loads(data)[0]["busy"] is True, (event, data)
    # The browser: the chat says it, as a notice; no error toast, no English "from cache" label.
    shown = browser_ask(busy_app, FIRST)
    assert shown["busy"] == "Travlt: Der er travlt lige nu. Prøv igen om lidt.", shown
    assert shown["asked"].strip() == FIRST and shown["box"] == FIRST  # kept, to send again
    assert shown["toasts"] == [] and shown["cache"] == 0 and shown["console"] == [], shown
    assert waiting(busy_app) == QUEUE  # the busy ones never joined the queue
    assert not any(job.done() for job in held)

    # Let go: every question that got into the queue is answered, none with an error or "busy".
    fake.script = good
    fake.release.set()
    for job in held:
        result = job.result(timeout=LIMIT)
        assert not result.get("busy") and result["answer"] and result["question"] == FIRST, result
    wait_for(lambda: waiting(busy_app) == 0, "the queue drained")
    after = Client(busy_app.url, verbose=False).predict(FIRST, [], api_name="/ask")
    assert not after.get("busy") and after["citations"], after
