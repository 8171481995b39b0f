"""The index on a `chroma run` server (for scale) instead of the on-disk client."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from chroma_server import chroma_server

from assistant.answer.service import Assistant
from assistant.index.store import collection_name

pytestmark = [pytest.mark.slow, pytest.mark.server]


@pytest.fixture
def chroma_url(tmp_path: Path):
    with chroma_server(tmp_path / "chroma-server") as url:
        yield url


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
