"""A build's passage vectors: copied from the build before, reused by content hash, or embedded."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.index import embedding
from assistant.index.previous import Previous
from assistant.index.store import VectorStore, collection_name
from assistant.settings import Settings
from assistant.types import Passage


def context_hash(model: str, passage: Passage) -> str:
    return hashlib.sha256(f"{model}\x00{passage.context}".encode()).hexdigest()


def open_store(settings: Settings, build_dir: Path, embedder: Any) -> VectorStore:
    if settings.chroma_url:
        return VectorStore(embedder, collection_name(build_dir.name), url=settings.chroma_url)
    return VectorStore(embedder, "passages", directory=build_dir / "chroma")


def fill(
    settings: Settings,
    build_dir: Path,
    embedder: Any,
    previous: Previous | None,
    all_passages: list[Passage],
    hashes: list[str],
    unchanged: frozenset[str],
    progress: Callable[[str, int, int], None] | None,
) -> tuple[int, int | None]:
    """The new build's vectors: (passages embedded, dimension).

    On disk, the old build's Chroma is copied and only what changed is written: adding a letter
    costs its own passages, not a re-insert of every vector. A server's collection cannot be copied,
    so there every vector is written again (reused by content hash, not embedded).
    """
    copied = previous is not None and not settings.chroma_url and (previous.build_dir / "chroma").is_dir()
    if copied:
        assert previous is not None
        shutil.copytree(previous.build_dir / "chroma", build_dir / "chroma")
    store = open_store(settings, build_dir, embedder)
    write = [i for i, p in enumerate(all_passages) if not copied or p.passage_id not in unchanged]
    reusable: dict[str, list[float]] = {}
    if copied:
        assert previous is not None
        model = embedding.canonical_name(settings.embedding_model)
        old_ids = {context_hash(model, p): pid for pid, p in previous.passages.items()}
        wanted = {old_ids[hashes[i]]: hashes[i] for i in write if hashes[i] in old_ids}
        reusable = {wanted[pid]: vec for pid, vec in store.vectors_of(list(wanted)).items()}
        kept = {p.passage_id for p in all_passages}
        store.delete([pid for pid in previous.passages if pid not in kept])
    elif previous is not None:
        reusable = open_store(settings, previous.build_dir, embedder).vectors_by_hash()
    vectors = {i: reusable[hashes[i]] for i in write if hashes[i] in reusable}
    todo = [i for i in write if i not in vectors]
    batch = 32
    for b in range(0, len(todo), batch):
        chunk = todo[b : b + batch]
        for i, vec in zip(
            chunk, embedder.embed_documents([all_passages[i].context for i in chunk]), strict=True
        ):
            vectors[i] = vec
        if progress:
            progress("Indlejrer passager", min(b + batch, len(todo)), len(todo))
    store.add([all_passages[i] for i in write], [vectors[i] for i in write], [hashes[i] for i in write])
    return len(todo), len(next(iter(vectors.values()))) if vectors else None
