"""A real `chroma run` server on a free loopback port, for the tests that put vectors on a server."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from live_app import free_port


@contextmanager
def chroma_server(data_dir: Path, timeout: float = 120) -> Iterator[str]:
    """`chroma run` with its data in ``data_dir``; yields its URL, and stops it on the way out."""
    beside = Path(sys.executable).parent / "chroma"  # the venv's bin need not be on PATH
    exe = str(beside) if beside.exists() else shutil.which("chroma")
    if exe is None:
        pytest.fail("the chroma CLI (from chromadb) is not on PATH")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "run", "--path", str(data_dir), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("chroma run did not come up")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
