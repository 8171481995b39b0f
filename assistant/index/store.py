"""Chroma, through langchain-chroma: the only module that imports chromadb."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.types import Passage


def collection_name(build_name: str) -> str:
    """A valid Chroma collection name for a build directory, the same each time and one per build.

    Chroma takes 3-63 characters of [a-zA-Z0-9._-], alphanumeric at both ends, no "..", no IPv4
    address; a mkdtemp suffix can end in "_". The readable part keeps [a-zA-Z0-9-] only, and the
    hash of the whole name keeps builds apart that differ only in what was dropped.
    """
    readable = re.sub(r"[^a-zA-Z0-9-]+", "-", build_name).strip("-")[:40]
    digest = hashlib.sha256(build_name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"passages-{readable}-{digest}" if readable else f"passages-{digest}"


def _settings() -> ChromaSettings:
    """Fresh each time: chromadb's clients write their own fields into the settings they get."""
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _client(directory: Path | None, url: str | None) -> Any:
    if url:
        parsed = urlparse(url)
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000, settings=_settings()
        )
    assert directory is not None
    directory.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(directory), settings=_settings())


# A wide search beam makes the top-k the exact top-k on corpora of thousands of passages, and the
# same from one build to the next.
HNSW = {"hnsw:space": "cosine", "hnsw:search_ef": 256, "hnsw:construction_ef": 256}


class VectorStore:
    """Passage vectors in one Chroma collection (cosine distance)."""

    def __init__(
        self,
        embeddings: Embeddings,
        collection: str,
        directory: Path | None = None,
        url: str | None = None,
        hnsw: dict[str, Any] | None = HNSW,
    ) -> None:
        """``hnsw``: the collection's HNSW settings; None leaves Chroma's defaults (l2, ef 100)."""
        self._client = _client(directory, url)
        self.collection_name = collection
        self._chroma = Chroma(
            collection_name=collection,
            embedding_function=embeddings,
            client=self._client,
            collection_metadata=hnsw,
        )
        self._embeddings = embeddings

    @property
    def _collection(self) -> Any:
        return self._chroma._collection

    @property
    def batch_size(self) -> int:
        """How many records one call may add: Chroma refuses a batch above its client's limit (5461
        on disk), so thousands of letters come in slices."""
        return max(1, min(int(self._client.get_max_batch_size()), 5000))

    def add(self, passages: list[Passage], vectors: list[list[float]], hashes: list[str]) -> None:
        """Store passages with vectors computed (or reused) by the caller."""
        size = self.batch_size
        for b in range(0, len(passages), size):
            chunk = passages[b : b + size]
            self._collection.upsert(
                ids=[p.passage_id for p in chunk],
                embeddings=vectors[b : b + size],
                documents=[p.context for p in chunk],
                metadatas=[
                    {"letter_id": p.letter_id, "start": p.start, "end": p.end, "context_sha": h}
                    for p, h in zip(chunk, hashes[b : b + size], strict=True)
                ],
            )

    def vectors_of(self, passage_ids: list[str]) -> dict[str, list[float]]:
        """The stored vectors of the given passages, by passage id."""
        out: dict[str, list[float]] = {}
        for b in range(0, len(passage_ids), 1000):
            got = self._collection.get(ids=passage_ids[b : b + 1000], include=["embeddings"])
            out |= {pid: [float(x) for x in v] for pid, v in zip(got["ids"], got["embeddings"], strict=True)}
        return out

    def delete(self, passage_ids: list[str]) -> None:
        for b in range(0, len(passage_ids), 1000):
            self._collection.delete(ids=passage_ids[b : b + 1000])

    def count(self) -> int:
        return int(self._collection.count())

    @functools.cached_property
    def _searchable(self) -> int:
        """The count when first searched: a finished build never changes, and Chroma's count
        costs 20 ms a question at 20k passages."""
        return self.count()

    def search(self, query: str, top_k: int) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity), best first."""
        n = min(top_k, self._searchable)
        if n == 0:
            return []
        vector = self._embeddings.embed_query(query)
        got = self._collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return [
            (pid, 1.0 - float(dist)) for pid, dist in zip(got["ids"][0], got["distances"][0], strict=True)
        ]

    def langchain(self) -> Chroma:
        """The LangChain vector store itself, for code that speaks LangChain."""
        return self._chroma

    def drop(self) -> None:
        self._client.delete_collection(self.collection_name)
