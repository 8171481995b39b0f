"""Privacy: after the QA set has been asked through the web app, no log, cache, index or database
file holds a question's text, and no file or answer holds a CPR number from a letter or a question."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import QA_FILE, SEED
from live_app import start_app, stop_app

CLI = str(Path(sys.executable).parent / "assistant")
LETTER_CPR, QUESTION_CPR = "010203-1234", "241299-4321"
LETTER = (
    "Kære Bo Lind\n\nTak for din henvendelse af 2. juni 2023 (sag vedrørende CPR 010203-1234) om "
    "natteravne i Valby.\n\nKommunen giver natteravnene i Valby 85.000 kr. om året.\n\n"
    "Med venlig hilsen\n\nSara Dahl\nkontorchef"
)


@pytest.mark.server
@pytest.mark.slow
def test_no_question_text_or_cpr_number_is_kept_anywhere(tmp_path: Path) -> None:
    from gradio_client import Client

    app = start_app(tmp_path)
    questions = [json.loads(line)["question"] for line in QA_FILE.read_text(encoding="utf-8").splitlines()]
    asked_with_cpr = f"Mit CPR-nummer er {QUESTION_CPR}. Hvor mange penge får natteravnene i Valby?"
    try:
        (tmp_path / "corpus" / "natteravne.txt").write_text(LETTER, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        flags = ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")]
        built = subprocess.run([CLI, "index", *flags], capture_output=True, text=True, env=env, timeout=900)
        assert built.returncode == 0 and "CPR-lignende" in built.stdout + built.stderr
        client = Client(app.url, verbose=False)
        for question in questions:
            client.predict(question, [], api_name="/ask")
        answer = client.predict("Hvor mange penge får natteravnene i Valby om året?", [], api_name="/ask")
        assert "85.000 kr." in answer["answer"]
        shown = json.dumps([answer, client.predict(asked_with_cpr, [], api_name="/ask")], ensure_ascii=False)
        assert "Valby" in shown and "XXXXXX-XXXX" in shown  # the letter's passage and the question, masked
        assert LETTER_CPR not in shown and QUESTION_CPR not in shown
    finally:
        stop_app(app)

    seed_text = SEED.read_text(encoding="utf-8")
    secrets = [q for q in questions if q not in seed_text] + [
        asked_with_cpr,
        LETTER_CPR,
        QUESTION_CPR,
        "0102031234",
    ]
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.parent != tmp_path / "corpus"]
    assert any(p.name == "server.log" for p in files) and any(p.suffix == ".sqlite3" for p in files)
    found = []
    for path in files:
        data = path.read_bytes()
        found += [(str(path.relative_to(tmp_path)), s[:40]) for s in secrets if s.encode("utf-8") in data]
    assert not found, found
