"""Passage vectors: a segment's written once (copied, reused by content hash, or embedded), and
dense search over every segment a build reads."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.index import embedding
from assistant.index.store import VectorStore, collection_name
from assistant.settings import Settings
from assistant.types import Passage

if TYPE_CHECKING:
    from assistant.index.segment import Taken

BATCH = 32
HASHES, VECTORS = "hashes.npy", "vectors.npy"  # beside a segment's store: text hashes, vectors


def model_name(settings: Settings) -> str:
    return embedding.canonical_name(settings.embedding_model)


def context_hash(model: str, passage: Passage) -> str:
    return hashlib.sha256(f"{model}\x00{passage.context}".encode()).hexdigest()


def open_store(settings: Settings, build_dir: Path, embedder: Any) -> VectorStore:
    if settings.chroma_url:
        return VectorStore(embedder, collection_name(build_dir.name), url=settings.chroma_url)
    return VectorStore(embedder, "passages", directory=build_dir / "chroma")


def fill(
    settings: Settings,
    directory: Path,
    embedder: Any,
    passages: list[tuple[Passage, Taken | None]],
    reusable: dict[str, np.ndarray],
    progress: Callable[[str, int, int], None] | None,
) -> tuple[int, int | None, dict[str, np.ndarray]]:
    """The segment's passage vectors, written to its store: (passages embedded, dimension, each
    passage's vector by the hash of its text). A text with a vector in ``reusable`` (by hash) is
    not embedded."""
    model = model_name(settings)
    hashes = [context_hash(model, p) for p, _ in passages]
    found: dict[int, list[float]] = {}
    by_segment: dict[str, list[int]] = {}
    for i, (_, taken) in enumerate(passages):
        if taken is not None:
            by_segment.setdefault(taken[0].name, []).append(i)
        elif hashes[i] in reusable:
            found[i] = reusable[hashes[i]].tolist()
    for rows in by_segment.values():  # copied from the segments that held them
        segment = passages[rows[0]][1][0]  # type: ignore[index]
        found |= {i: segment.vectors[passages[i][1][1]].tolist() for i in rows}  # type: ignore[index,union-attr]
    todo = [i for i in range(len(passages)) if i not in found]
    for b in range(0, len(todo), BATCH):
        chunk = todo[b : b + BATCH]
        texts = [passages[i][0].context for i in chunk]
        for i, vec in zip(chunk, embedder.embed_documents(texts), strict=True):
            found[i] = vec
        if progress:
            progress("Indlejrer passager", min(b + BATCH, len(todo)), len(todo))
    store = open_store(settings, directory, embedder)
    store.add([p for p, _ in passages], [found[i] for i in range(len(passages))], hashes)
    np.save(directory / HASHES, np.asarray([bytes.fromhex(h) for h in hashes], dtype="S32"))
    matrix = np.asarray([found[i] for i in range(len(passages))], dtype=np.float32)
    np.save(directory / VECTORS, matrix)
    return len(todo), matrix.shape[1] if found else None, dict(zip(hashes, matrix, strict=True))


class DenseIndex:
    """Dense search over the Chroma collections of every segment a build reads. Each is asked for
    enough to make up for its passages that are gone (letters changed or removed since it was
    written); the live ones are merged by similarity."""

    def __init__(
        self, stores: list[VectorStore], located: dict[str, tuple[int, int]], sizes: list[int]
    ) -> None:
        """``located``: each live passage's segment and number there; ``sizes``: each segment's passages."""
        self._stores = stores
        self._located = located
        live = np.bincount([s for s, _ in located.values()], minlength=len(stores))
        self._gone = [size - int(n) for size, n in zip(sizes, live, strict=True)]

    def count(self) -> int:
        return len(self._located)

    def search(self, query: str, top_k: int) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity), best first."""
        if len(self._stores) == 1 and not self._gone[0]:
            return self._stores[0].search(query, top_k)  # a build from scratch: one collection
        found: list[tuple[str, float]] = []
        for k, store in enumerate(self._stores):
            hits = store.search(query, top_k + self._gone[k])
            found += [(pid, sim) for pid, sim in hits if self._located.get(pid, (-1, 0))[0] == k]
        return sorted(found, key=lambda hit: -hit[1])[:top_k]

    def vectors_of(self, passage_ids: list[str]) -> dict[str, list[float]]:
        """The stored vectors of the given live passages, by passage id."""
        out: dict[str, list[float]] = {}
        for k, store in enumerate(self._stores):
            mine = [pid for pid in passage_ids if self._located.get(pid, (-1, 0))[0] == k]
            if mine:
                out |= store.vectors_of(mine)
        return out

    def stores(self) -> list[VectorStore]:
        """The segments' stores, oldest first (recall measurements, tests)."""
        return list(self._stores)
