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


def test_letters_added_against_the_server_go_into_a_collection_of_their_own(
    settings, embedder, chroma_url: str, monkeypatch
) -> None:
    """Adding a letter writes one new collection; the old one stays as it was, both are searched,
    and a collection no build reads any more is dropped from the server."""
    import chromadb
    from test_indexing import SECOND

    from assistant.index import build as indexing

    monkeypatch.setattr(indexing, "MERGE_FACTOR", 0)  # no merging: a segment a letter
    remote = replace(settings, chroma_url=chroma_url)
    first = indexing.build(remote, embedder)
    (settings.corpus_dir / "vaeresteder.txt").write_text(SECOND, encoding="utf-8")
    added = indexing.build(remote, embedder)
    assert first.embedded == 10 and added.reused == 10
    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_url.rsplit(":", 1)[1]))
    segments = [e["name"] for e in indexing.read_manifest(remote.index_dir)["segments"]]
    assert len(segments) == 2
    assert {c.name for c in client.list_collections()} >= {collection_name(name) for name in segments}
    assistant = Assistant.open(remote, embedder=embedder)
    assert "syv væresteder" in assistant.ask("Hvor mange væresteder driver kommunen?").citations[0].quote
    assert "12,6 mio. kr." in assistant.ask("Hvor mange penge blev der afsat til ledige?").citations[0].quote

    (settings.corpus_dir / "vaeresteder.txt").unlink()
    indexing.build(remote, embedder)  # the letter's segment is no longer read ...
    indexing.build(remote, embedder)  # ... nor by the build before: its collection goes
    assert collection_name(segments[1]) not in {c.name for c in client.list_collections()}
