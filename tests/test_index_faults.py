"""Faults while indexing: a killed rebuild loses nothing, and a running app picks up a new index."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEV_DIR, SEED
from live_app import start_app, stop_app

from assistant.index import build as indexing

CLI = str(Path(sys.executable).parent / "assistant")
NEW_LETTER = (
    "Kære Bo Lind\n\nTak for din henvendelse af 2. juni 2023 om natteravne i Valby.\n\n"
    "Kommunen giver natteravnene i Valby 85.000 kr. om året til trøjer og kaffe.\n\n"
    "Med venlig hilsen\n\nSara Dahl\nkontorchef"
)
NEW_QUESTION = "Hvor mange penge får natteravnene i Valby om året?"


def _env() -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}, "HF_HUB_OFFLINE": "1"}


def _wait(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.1)


@pytest.mark.slow
def test_kill_9_during_a_rebuild_keeps_the_last_good_index(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copyfile(SEED, corpus / SEED.name)
    for letter in sorted((DEV_DIR / "letters").glob("*.txt"))[:8]:  # enough to make a rebuild take a while
        shutil.copyfile(letter, corpus / letter.name)
    flags = ["--corpus", str(corpus), "--index", str(index)]
    first = subprocess.run([CLI, "index", *flags], capture_output=True, text=True, env=_env(), timeout=1200)
    assert first.returncode == 0, first.stderr
    good = indexing.current_build(index)
    assert good is not None

    rebuild = subprocess.Popen([CLI, "index", "--rebuild", *flags], env=_env(), stderr=subprocess.PIPE)
    _wait(lambda: any(p != good for p in index.glob("build-*")), 300, "the rebuild to start writing")
    time.sleep(1.0)  # let it write part of the new build
    rebuild.send_signal(signal.SIGKILL)
    rebuild.wait(timeout=60)
    assert rebuild.returncode == -signal.SIGKILL
    assert indexing.current_build(index) == good  # the pointer still names the last good build
    assert len(list(index.glob("build-*"))) == 2  # and the half-written one is left behind

    asked = subprocess.run(
        [CLI, "ask", "Hvor mange penge blev der afsat til ledige med banderelationer?", *flags],
        capture_output=True, text=True, env=_env(), timeout=600,
    )  # fmt: skip
    assert asked.returncode == 0 and "12,6 mio. kr." in asked.stdout, asked.stderr
    again = subprocess.run([CLI, "index", *flags], capture_output=True, text=True, env=_env(), timeout=1200)
    assert again.returncode == 0 and "Indeks klar: 9 breve" in again.stdout, again.stderr
    builds = set(index.glob("build-*"))
    assert indexing.current_build(index) in builds and good in builds and len(builds) == 2


@pytest.mark.server
@pytest.mark.slow
def test_a_running_app_answers_from_a_new_index_without_a_restart(tmp_path: Path) -> None:
    from gradio_client import Client

    app = start_app(tmp_path)
    try:
        client = Client(app.url, verbose=False)
        before = client.predict(NEW_QUESTION, [], api_name="/ask")
        assert before["refused"]
        (tmp_path / "corpus" / "natteravne.txt").write_text(NEW_LETTER, encoding="utf-8")
        flags = ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")]
        built = subprocess.run(
            [CLI, "index", *flags], capture_output=True, text=True, env=_env(), timeout=900
        )
        assert built.returncode == 0, built.stderr
        after = client.predict(NEW_QUESTION, [], api_name="/ask")
        assert not after["refused"] and "85.000 kr." in after["answer"]
        assert after["citations"][0]["letter_id"] == "natteravne"
        seed = client.predict(
            "Hvor mange penge blev der afsat til ledige med banderelationer?", [], api_name="/ask"
        )
        assert "12,6 mio. kr." in seed["answer"]  # the old letters are still there
    finally:
        stop_app(app)
