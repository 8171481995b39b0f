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
    corpus: Path | None = None,
    index: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> LiveApp:
    """`python app.py` on a free loopback port over a temp corpus; the env var points elsewhere: flags win.

    Several apps can share one ``corpus`` and ``index`` (each keeps its log and state in its ``root``);
    ``extra_env`` adds settings such as ASSISTANT_CHROMA_URL.
    """
    if corpus is None:
        corpus = root / "corpus"
        corpus.mkdir()
        shutil.copyfile(SEED, corpus / SEED.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "GRADIO_"))}
    env.update(
        HF_HUB_OFFLINE="1",
        PYTHONUNBUFFERED="1",
        ASSISTANT_CORPUS_DIR=str(root / "not-this-corpus"),
        ASSISTANT_VERDICTS_DB=str(root / "state" / "verdicts.sqlite3"),
        GRADIO_TEMP_DIR=str(root / "gradio-cache"),
        **(extra_env or {}),
    )
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


def stop_app(app: LiveApp) -> None:
    app.proc.terminate()
    try:
        app.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        app.proc.kill()
        app.proc.wait(timeout=5)
