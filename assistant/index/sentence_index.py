"""The sentence vectors of every segment a build reads, as one index in the corpus's order.

A sentence's row is its segment's offset plus its row there. "The corpus's order" is the order a
build from scratch would have written them in (letters by path, passages and sentences in text
order), so that an index grown letter by letter answers as one built at once.
"""

from __future__ import annotations

import numpy as np

from assistant.index.sentences import SentenceVectors

Located = dict[str, tuple[int, int]]  # passage id -> (segment, the passage's number there)


def _cosines(matrix: np.ndarray, norms: np.ndarray, query_vector: list[float]) -> np.ndarray:
    """The rows' cosine similarity to the query, their norms given (computed once, at indexing)."""
    q = np.asarray(query_vector, dtype=np.float32)
    scaled = norms * (np.linalg.norm(q) or 1.0)
    return np.asarray((matrix @ q) / np.where(scaled == 0, 1.0, scaled))


class SentenceIndex:
    """``rows(passage_id)`` gives (start, end, row) in text order; ``similarity`` and ``spread``
    compare a question with rows."""

    def __init__(
        self,
        segments: list[SentenceVectors],
        located: Located,
        positions: list[np.ndarray],
        background: np.ndarray,
    ) -> None:
        """``positions``: where each segment's passages stand in the corpus's order (-1: gone);
        ``background``: unit vectors of ordinary text (index/background.py)."""
        self._segments = segments
        self._background = background
        self._located = located
        self._offsets = np.concatenate([[0], np.cumsum([len(s.spans) for s in segments])]).astype(np.int64)
        starts = np.zeros(sum(int((p >= 0).sum()) for p in positions), dtype=np.int64)
        counts = np.zeros_like(starts)
        for k, (segment, position) in enumerate(zip(segments, positions, strict=True)):
            live = np.flatnonzero(position >= 0)
            starts[position[live]] = segment.first[live] + self._offsets[k]
            counts[position[live]] = segment.first[live + 1] - segment.first[live]
        # Every live sentence's row, in the corpus's order: each passage's run of rows, end to end.
        self.order = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(
            counts.sum(), dtype=np.int64
        )

    def _gather(self, rows: list[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The vectors and norms of the given rows, in that order."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(self._segments) == 1:
            return np.asarray(self._segments[0].vectors[rows]), self._segments[0].norms[rows]
        which = np.searchsorted(self._offsets, rows, side="right") - 1
        dim = self._segments[0].vectors.shape[1]
        vectors, norms = np.empty((len(rows), dim), dtype=np.float32), np.empty(len(rows), dtype=np.float32)
        for s in np.unique(which):
            mask = which == s
            local = rows[mask] - self._offsets[s]
            vectors[mask], norms[mask] = self._segments[s].vectors[local], self._segments[s].norms[local]
        return vectors, norms

    def rows(self, passage_id: str) -> list[tuple[int, int, int]]:
        if passage_id not in self._located:
            return []
        segment, i = self._located[passage_id]
        spans = self._segments[segment].spans
        offset = int(self._offsets[segment])
        return [(int(spans[r][0]), int(spans[r][1]), r + offset) for r in self._segments[segment].rows_of(i)]

    def __len__(self) -> int:
        return len(self.order)

    @property
    def matrix(self) -> np.ndarray:
        """Every live sentence's vector, in the corpus's order (a copy: for tests and benchmarks)."""
        return self._gather(self.order)[0]

    @property
    def keys(self) -> list[tuple[str, int, int, str]]:
        """(passage id, start, end, hash of the text embedded) of every live sentence, in order."""
        by_row = {r: pid for pid in self._located for _, _, r in self.rows(pid)}
        out = []
        for r in self.order.tolist():
            s = int(np.searchsorted(self._offsets, r, side="right") - 1)
            local = r - int(self._offsets[s])
            start, end = self._segments[s].spans[local]
            out.append((by_row[r], int(start), int(end), self._segments[s].hashes[local].hex()))
        return out

    def spread(self, query_vector: list[float]) -> tuple[float, float]:
        """Mean and standard deviation of the question's similarity to ordinary text (the fixed
        background sample): what "similar" means for this question, the same in every corpus."""
        if len(self._background) == 0:
            return 0.0, 1.0
        q = np.asarray(query_vector, dtype=np.float32)
        sims = (self._background @ (q / (np.linalg.norm(q) or 1.0))).astype(np.float64)
        mean = float(sims.mean())
        return mean, float(np.sqrt(((sims - mean) ** 2).mean())) or 1.0

    def similarity(self, query_vector: list[float], rows: list[int]) -> list[float]:
        """Cosine similarity of the question to the given sentences (e5 vectors are unit length)."""
        if not rows:
            return []
        return [float(x) for x in _cosines(*self._gather(rows), query_vector)]
