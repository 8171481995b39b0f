"""The web chat with a language model: `python app.py` against the scripted model server, through
gradio_client: sentences stream in only once verified, the `ask` API returns the same answer object as
the CLI, staff see what was removed, and a slow model does not block other citizens."""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fake_llm import HANG, FakeLLM
from live_app import LiveApp, start_app, stop_app
from test_generate import FALLS_BACK, MONEY, PLANTED, REASONS, SCRIPTS, good

TIMEOUT = 15  # the app's model timeout (s): a never-answering model falls back after it


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    server = FakeLLM().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def llm_app(tmp_path_factory: pytest.TempPathFactory, fake: FakeLLM) -> Iterator[LiveApp]:
    env = {
        "ASSISTANT_LLM": "openai:fake-model",
        "ASSISTANT_LLM_BASE_URL": f"{fake.url}/v1",
        "ASSISTANT_LLM_TIMEOUT": str(TIMEOUT),
    }
    app = start_app(tmp_path_factory.mktemp("llm-app"), extra_env=env, extra_letters=(PLANTED,))
    yield app
    stop_app(app)


def _text(message: dict[str, Any]) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content if isinstance(content, str) else str(content)


def chat(app: LiveApp, question: str) -> list[str]:
    """Every state of the assistant's last message while it streamed, the final one last."""
    from gradio_client import Client

    job = Client(app.url, verbose=False).submit(question, [], api_name="/chat")
    job.result(timeout=300)
    return [
        _text(history[-1]) for history, *_ in job.outputs() if history and history[-1]["role"] == "assistant"
    ]


@pytest.mark.server
@pytest.mark.parametrize("name", list(SCRIPTS))
def test_the_chat_shows_only_verified_sentences(name: str, fake: FakeLLM, llm_app: LiveApp) -> None:
    script, question, shown, never = SCRIPTS[name]
    fake.script = script
    fake.release = threading.Event()
    states = chat(llm_app, question)
    final = states[-1]
    assert shown in html.unescape(final) and final.startswith('<div class="svar"')
    for state in states:
        assert "▍" in state or "skriver" in state or state is final
        if never:  # in what the assistant says (the source cards show whole letters)
            assert never not in re.search(r'<p class="svartekst[^"]*"[^>]*>(.*?)</p>', state, re.S).group(1)
    assert "skriver" in states[0]  # the typing indicator until a sentence has passed
    if name in FALLS_BACK:
        assert "Skrevet af sprogmodellen" not in final
    else:
        assert (
            "Skrevet af sprogmodellen openai:fake-model" in final
            and 'aria-label="kilde 1">[1]</button>' in final
        )
        assert len(states) >= 3  # typing, at least one verified sentence on its own, the final message
    if name == "never_answers":
        assert question not in llm_app.log and "timeout" in llm_app.log


@pytest.mark.server
@pytest.mark.parametrize("name", ["good", "made_up_amount", "planted_instruction"])
def test_the_api_returns_the_answer_object_with_what_was_removed(
    name: str, fake: FakeLLM, llm_app: LiveApp
) -> None:
    from gradio_client import Client

    script, question, shown, never = SCRIPTS[name]
    fake.script = script
    answer = Client(llm_app.url, verbose=False).predict(question=question, history=[], api_name="/ask")
    assert shown in answer["answer"] and answer["model"] == "openai:fake-model"
    assert answer["generated"] is (name not in FALLS_BACK)
    if never:
        assert never not in answer["answer"]
    if name in REASONS:
        assert any(REASONS[name] in r["reason"] for r in answer["removed"])


@pytest.mark.server
def test_a_slow_model_does_not_block_other_citizens(fake: FakeLLM, llm_app: LiveApp) -> None:
    from gradio_client import Client

    fake.release = threading.Event()
    fake.script = lambda prompt: HANG if "fritidsjob" in prompt.split("<spørgsmål>")[1] else good(prompt)
    slow = Client(llm_app.url, verbose=False).submit(
        "Hvad gør fritidsjobindsatsen i Nordvest?", [], api_name="/chat"
    )
    deadline = time.monotonic() + 120
    while len(fake.requests) == 0 or "fritidsjob" not in str(fake.requests[-1]):
        assert time.monotonic() < deadline, "the slow question never reached the model"
        time.sleep(0.2)
    answer = Client(llm_app.url, verbose=False).predict(question=MONEY, history=[], api_name="/ask")
    assert answer["generated"] and "12,6 mio. kr." in answer["answer"]
    assert not slow.done()  # still waiting for its model, without holding up the answer above
    fake.release.set()
    slow.result(timeout=120)


def test_staff_see_which_sentences_the_check_removed() -> None:
    from assistant.types import Answer, Removed
    from assistant.web import generated

    removed = (
        Removed("Udvalget afsatte 40 mio. kr. [1].", "tallet «40 mio.» står ikke i den citerede kilde"),
    )
    answer = Answer("q", (), False, "Svar [1]", (), (), generated=True, model="openai:m", removed=removed)
    out = generated.staff_removed(answer)
    assert "Fjernet af kontrollen (1)" in out and "40 mio. kr." in out and "tallet «40 mio.»" in out
    markup = Answer("q", (), False, "", (), (), model="m", removed=(Removed("<script>x</script>", "r"),))
    assert "<script" not in generated.staff_removed(markup)
    assert generated.staff_removed(Answer("q", (), False, "", (), ())) == ""  # no model, nothing to show


def test_citizens_are_told_when_a_remote_model_receives_their_questions(seed_assistant) -> None:
    from dataclasses import replace

    from assistant.web import generated

    assert generated.notice(seed_assistant) == ""
    local = replace(seed_assistant.settings, llm="ollama:m")
    remote = replace(local, llm_base_url="https://models.example.org", llm_remote_ok=True)
    assert generated.notice(type("A", (), {"settings": local})()) == ""
    shown = generated.notice(type("A", (), {"settings": remote})())
    assert "models.example.org" in shown and "uden for kommunens server" in shown
