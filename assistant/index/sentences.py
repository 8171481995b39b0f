"""Sentence vectors: every sentence of every passage, embedded once when the letters are indexed.

A segment's sentences are stored as columns (a passage's rows together, in text order), their
vectors memory-mapped: a question reads the rows of its 20 best passages and a fixed sample.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.text import danish
from assistant.types import Passage

BATCH = 32
Progress = Callable[[str, int, int], None]
_ARRAYS = ("first", "spans", "hashes", "vectors", "norms")


def spans(passage: Passage) -> list[tuple[int, int]]:
    """The passage's sentences as letter offsets."""
    return danish.sentence_spans(passage.text, offset=passage.start)


def in_context(passage: Passage, sentence: str) -> str:
    """The sentence as it is embedded: after its section heading, and its list item's title, so
    that "Telefon: 33 66 12 34" under "Ungecenter Nord" says whose number it is."""
    first = spans(passage)[:1]
    title = passage.text[: first[0][1] - passage.start] if passage.role == "list_item" and first else ""
    lead = " ".join(x for x in (passage.heading.replace("\n", " "), title) if x and x != sentence)
    return f"{lead}: {sentence}" if lead else sentence


def sentence_hash(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


def first_rows(hashes: np.ndarray, wanted: set[str]) -> list[int]:
    """The first row holding each of the wanted hashes (hex) in an array of raw ones (S32)."""
    rows = np.flatnonzero(np.isin(hashes, np.asarray([bytes.fromhex(h) for h in wanted], dtype="S32")))
    _, first = np.unique(hashes[rows], return_index=True)
    return [int(r) for r in rows[first]]


class SentenceVectors:
    """One segment's sentences: passage i's rows are ``first[i]:first[i + 1]``, each with its
    span in the letter, the hash of the text embedded, its vector and the vector's norm."""

    def __init__(
        self, first: np.ndarray, spans: np.ndarray, hashes: np.ndarray, vectors: np.ndarray, norms: np.ndarray
    ) -> None:
        self.first, self.spans, self.hashes, self.vectors, self.norms = first, spans, hashes, vectors, norms

    def rows_of(self, i: int) -> range:
        return range(int(self.first[i]), int(self.first[i + 1]))

    def with_hashes(self, wanted: set[str]) -> dict[str, np.ndarray]:
        """The vectors of the sentences whose text has one of the given hashes, by hash."""
        return {self.hashes[r].hex(): np.asarray(self.vectors[r]) for r in first_rows(self.hashes, wanted)}

    @classmethod
    def build(
        cls,
        model: str,
        passages: list[Passage],
        embedder: Any,
        taken: list[tuple[SentenceVectors, int] | None],
        reusable: dict[str, np.ndarray],
        progress: Progress | None = None,
    ) -> SentenceVectors:
        """Passage i's sentences as ``taken[i]`` holds them (a segment and the passage's number
        there), unsplit; or split, and embedded unless their text has a vector in ``reusable``
        (by hash). Texts not seen before are embedded many per call, each once."""
        first, rows, texts = [0], [], []
        for p, source in zip(passages, taken, strict=True):
            if source is not None:
                old, i = source
                rows += [(old.spans[r], old.hashes[r].hex(), old.vectors[r]) for r in old.rows_of(i)]
                texts += [""] * len(old.rows_of(i))
            else:
                for s, e in spans(p):
                    text = in_context(p, p.text[s - p.start : e - p.start])
                    rows.append(
                        ((s, e), sentence_hash(model, text), reusable.get(sentence_hash(model, text)))
                    )
                    texts.append(text)
            first.append(len(rows))
        vectors = {h: v for _, h, v in rows if v is not None}
        todo = list({h: t for (_, h, _), t in zip(rows, texts, strict=True) if h not in vectors}.items())
        for b in range(0, len(todo), BATCH):
            chunk = todo[b : b + BATCH]
            for (h, _), vec in zip(chunk, embedder.embed_documents([t for _, t in chunk]), strict=True):
                vectors[h] = np.asarray(vec, dtype=np.float32)
            if progress:
                progress("Indlejrer sætninger", min(b + BATCH, len(todo)), len(todo))
        dim = len(next(iter(vectors.values()))) if vectors else 0
        matrix = np.stack([vectors[h] for _, h, _ in rows]) if rows else np.zeros((0, dim), np.float32)
        return cls(
            np.asarray(first, dtype=np.int64),
            np.asarray([s for s, _, _ in rows], dtype=np.int64).reshape(-1, 2),
            np.asarray([bytes.fromhex(h) for _, h, _ in rows], dtype="S32"),
            matrix,
            np.linalg.norm(matrix, axis=1) if len(matrix) else np.zeros(0, np.float32),
        )

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            np.save(directory / f"{name}.npy", getattr(self, name))

    @classmethod
    def load(cls, directory: Path) -> SentenceVectors:
        """The vectors memory-mapped: read where a question needs them, not at start."""
        arrays = {name: np.load(directory / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
        return cls(**{k: v if k == "vectors" else np.asarray(v) for k, v in arrays.items()})
