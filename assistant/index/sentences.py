"""Sentence vectors: every sentence of every passage, embedded once when the letters are indexed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.text import danish
from assistant.types import Passage

BATCH = 32
Progress = Callable[[str, int, int], None]


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


def _hash(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


class SentenceVectors:
    """One row per sentence; ``rows(passage_id)`` gives (start, end, row) in text order."""

    def __init__(self, keys: list[tuple[str, int, int, str]], matrix: np.ndarray) -> None:
        self.keys = keys  # passage_id, start, end, content hash
        self.matrix = matrix
        self._norms = np.linalg.norm(matrix, axis=1) if len(matrix) else np.zeros(0, np.float32)
        self._sample: tuple[int, np.ndarray, np.ndarray] | None = None  # spread's rows
        self._rows: dict[str, list[tuple[int, int, int]]] = {}
        for row, (pid, start, end, _) in enumerate(keys):
            self._rows.setdefault(pid, []).append((start, end, row))

    @classmethod
    def build(
        cls,
        model: str,
        passages: list[Passage],
        embedder: Any,
        reusable: dict[str, np.ndarray],
        progress: Progress | None = None,
        previous: SentenceVectors | None = None,
        unchanged: frozenset[str] = frozenset(),
    ) -> SentenceVectors:
        """Embed the sentences not seen before (unchanged text keeps its vector), many per call.
        The ``unchanged`` passages take their rows from ``previous`` as they are, unsplit."""
        keys: list[tuple[str, int, int, str]] = []
        texts: list[str] = []
        for p in passages:
            if previous is not None and p.passage_id in unchanged:
                for _, _, row in previous.rows(p.passage_id):
                    keys.append(previous.keys[row])
                    texts.append("")
                    reusable.setdefault(previous.keys[row][3], previous.matrix[row])
                continue
            for s, e in spans(p):
                text = in_context(p, p.text[s - p.start : e - p.start])
                keys.append((p.passage_id, s, e, _hash(model, text)))
                texts.append(text)
        vectors: dict[str, np.ndarray] = {k[3]: reusable[k[3]] for k in keys if k[3] in reusable}
        todo = list({k[3]: t for k, t in zip(keys, texts, strict=True) if k[3] not in vectors}.items())
        for b in range(0, len(todo), BATCH):
            chunk = todo[b : b + BATCH]
            embedded = embedder.embed_documents([t for _, t in chunk])
            for (h, _), vec in zip(chunk, embedded, strict=True):
                vectors[h] = np.asarray(vec, dtype=np.float32)
            if progress:
                progress("Indlejrer sætninger", min(b + BATCH, len(todo)), len(todo))
        dim = len(next(iter(vectors.values()))) if vectors else 0
        matrix = np.stack([vectors[k[3]] for k in keys]) if keys else np.zeros((0, dim), np.float32)
        return cls(keys, matrix)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "vectors.npy", self.matrix)
        (directory / "keys.json").write_text(json.dumps(self.keys), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> SentenceVectors:
        keys = [tuple(k) for k in json.loads((directory / "keys.json").read_text(encoding="utf-8"))]
        return cls(keys, np.load(directory / "vectors.npy"))  # type: ignore[arg-type]

    def by_hash(self) -> dict[str, np.ndarray]:
        return {k[3]: self.matrix[i] for i, k in enumerate(self.keys)}

    def rows(self, passage_id: str) -> list[tuple[int, int, int]]:
        return self._rows.get(passage_id, [])

    def spread(self, query_vector: list[float], sample: int = 4096) -> tuple[float, float]:
        """Mean and standard deviation of the question's similarity to the corpus's sentences (an
        evenly spaced sample): what "similar" means in this corpus, for this question."""
        if len(self.matrix) == 0:
            return 0.0, 1.0
        step = max(1, len(self.matrix) // sample)
        if self._sample is None or self._sample[0] != step:  # the sample's rows, copied once
            rows = list(range(0, len(self.matrix), step))
            self._sample = (step, self.matrix[rows], self._norms[rows])
        sims = _cosines(self._sample[1], self._sample[2], query_vector).astype(np.float64)
        mean = float(sims.mean())
        return mean, float(np.sqrt(((sims - mean) ** 2).mean())) or 1.0

    def similarity(self, query_vector: list[float], rows: list[int]) -> list[float]:
        """Cosine similarity of the question to the given sentences (e5 vectors are unit length)."""
        if not rows:
            return []
        return [float(x) for x in _cosines(self.matrix[rows], self._norms[rows], query_vector)]


def _cosines(matrix: np.ndarray, norms: np.ndarray, query_vector: list[float]) -> np.ndarray:
    """The rows' cosine similarity to the query, their norms given (computed once, at load)."""
    q = np.asarray(query_vector, dtype=np.float32)
    scaled = norms * (np.linalg.norm(q) or 1.0)
    return np.asarray((matrix @ q) / np.where(scaled == 0, 1.0, scaled))
