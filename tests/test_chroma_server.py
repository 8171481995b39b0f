"""The index on a `chroma run` server (for scale) instead of the on-disk client."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from live_app import free_port

from assistant.answer.service import Assistant
from assistant.index.store import collection_name

pytestmark = [pytest.mark.slow, pytest.mark.server]


@pytest.fixture
def chroma_url(tmp_path: Path):
    beside = Path(sys.executable).parent / "chroma"  # the venv's bin need not be on PATH
    exe = str(beside) if beside.exists() else shutil.which("chroma")
    if exe is None:
        pytest.fail("the chroma CLI (from chromadb) is not on PATH")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
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


def test_index_and_answer_through_the_server(settings, embedder, chroma_url: str) -> None:
    remote = replace(settings, chroma_url=chroma_url)
    assistant = Assistant.open(remote, embedder=embedder)
    assert not (Path(assistant.index.build_dir) / "chroma").exists()  # vectors live in the server
    answer = assistant.ask("Hvor mange penge blev der afsat til ledige med banderelationer?")
    assert "12,6 mio. kr." in answer.citations[0].quote
    import chromadb

    host, port = chroma_url.rsplit(":", 1)
    client = chromadb.HttpClient(host="127.0.0.1", port=int(port))
    names = [c.name for c in client.list_collections()]
    assert names == [collection_name(assistant.index.build_dir.name)]
    assert client.get_collection(names[0]).count() == 10
