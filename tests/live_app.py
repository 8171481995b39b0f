"""A real `python app.py` on a free loopback port, for the server and browser tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "000_4d500aeb584640b9.txt"
FIRST = "Hvad er den styrkede aktiveringsindsats?"
FOLLOW_UP = "Hvor mange penge blev der afsat til den?"
STAFF_NAME, STAFF_PASSWORD = "medarbejder", "en lang og hemmelig kode"
SCRIPT = "<script>alert('x')</script> Hvad er den styrkede aktiveringsindsats? **fed** <img src=x onerror=y>"


@dataclass
class LiveApp:
    url: str
    root: Path
    proc: subprocess.Popen[bytes]
    startup_seconds: float

    @property
    def log(self) -> str:
        return (self.root / "server.log").read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(
    root: Path,
    timeout: float = 240,
    letters: Path | None = None,
    extra_env: dict[str, str] | None = None,
    accounts: bool = True,
    extra_letters: tuple[Path, ...] = (),
    corpus: Path | None = None,
    index: Path | None = None,
) -> LiveApp:
    """`python app.py` on a free loopback port over a temp corpus; the env var points elsewhere: flags win.

    The corpus is a copy of the seed letter, or of every file in `letters` when given, plus
    `extra_letters`. Several apps can share one ``corpus`` and ``index`` (each keeps its log and
    state in its ``root``). With ``accounts``, one staff account (STAFF_NAME, STAFF_PASSWORD) exists.
    """
    from assistant.web.accounts import Accounts

    if accounts:
        Accounts(root / "state" / "staff-accounts.json").add(STAFF_NAME, STAFF_PASSWORD)
    if corpus is None:
        corpus = root / "corpus"
        if letters is None:
            corpus.mkdir()
            shutil.copyfile(SEED, corpus / SEED.name)
        else:
            shutil.copytree(letters, corpus)
        for letter in extra_letters:
            shutil.copyfile(letter, corpus / letter.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "GRADIO_"))}
    env.update(
        HF_HUB_OFFLINE="1",
        PYTHONUNBUFFERED="1",
        ASSISTANT_CORPUS_DIR=str(root / "not-this-corpus"),
        ASSISTANT_VERDICTS_DB=str(root / "state" / "verdicts.sqlite3"),
        GRADIO_TEMP_DIR=str(root / "gradio-cache"),
        ASSISTANT_STAFF_ACCOUNTS=str(root / "state" / "staff-accounts.json"),
    )
    env.update(extra_env or {})
    port = free_port()
    cmd = [
        sys.executable,
        "app.py",
        "--port",
        str(port),
        "--corpus",
        str(corpus),
        "--index",
        str(index or root / "index"),
    ]
    started = time.perf_counter()
    with (root / "server.log").open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    app = LiveApp(f"http://127.0.0.1:{port}", root, proc, 0.0)
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}:\n{app.log}")
        try:
            if httpx.get(app.url + "/", timeout=2).status_code == 200:
                app.startup_seconds = time.perf_counter() - started
                return app
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_app(app)
    pytest.fail(f"app.py did not answer within {timeout} s:\n{app.log}")


def staff_cookie(app: LiveApp) -> str:
    """Log in through the login page as a browser would; the session cookie as a Cookie header."""
    r = httpx.post(app.url + "/staff/login", data={"navn": STAFF_NAME, "kode": STAFF_PASSWORD}, timeout=30)
    assert r.status_code == 303 and "bp_staff" in r.cookies, (r.status_code, r.text[:300])
    return f"bp_staff={r.cookies['bp_staff']}"


def stop_app(app: LiveApp) -> None:
    app.proc.terminate()
    try:
        app.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        app.proc.kill()
        app.proc.wait(timeout=5)
