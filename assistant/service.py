"""The assistant as one object: the index kept fresh and loaded, questions in, answers out."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from . import embedding, indexing
from .answering import compose
from .errors import BadInputError
from .evidence import CANDIDATE_HITS, Weights
from .question import analyse
from .retrieval import MODES, Retriever
from .settings import Settings
from .types import Answer, Letter, Passage

MAX_HISTORY = 10


class Assistant:
    """Built once at an edge (CLI, web app, evaluation) and shared by every question."""

    def __init__(self, settings: Settings, index: indexing.LoadedIndex, embedder: Any) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.retriever = Retriever(index)
        self.weights = Weights(index)
        self._sentence_vectors: dict[str, list[float]] = {}

    @classmethod
    def open(
        cls,
        settings: Settings,
        progress: indexing.Progress | None = None,
        embedder: Any | None = None,
    ) -> Assistant:
        """Load the embedder, build or refresh the index when missing or stale, and open it."""
        embedder = embedder or embedding.load(
            settings.embedding_model, settings.query_prompt, settings.passage_prompt
        )
        indexing.check_model(settings)
        if indexing.is_stale(settings):
            indexing.build(settings, embedder, progress=progress)
        return cls(settings, indexing.open_index(settings, embedder), embedder)

    @property
    def letters(self) -> dict[str, Letter]:
        return self.index.letters

    @property
    def passages(self) -> list[Passage]:
        return self.index.passages

    def validate(self, question: object, history: object = ()) -> tuple[str, tuple[str, ...]]:
        """Clean input, or a Danish BadInputError saying what is wrong."""
        if not isinstance(question, str) or not question.strip():
            raise BadInputError("Skriv et spørgsmål.")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise BadInputError(f"Spørgsmålet er for langt ({len(question)} tegn). Højst {limit} tegn.")
        if history is None:
            history = ()
        if isinstance(history, str) or not isinstance(history, list | tuple):
            raise BadInputError("Historikken skal være en liste af tidligere spørgsmål.")
        if not all(isinstance(h, str) for h in history):
            raise BadInputError("Historikken skal være en liste af tidligere spørgsmål.")
        cleaned = tuple(h.strip()[:limit] for h in history if h.strip())[-MAX_HISTORY:]
        return question.strip(), cleaned

    def _similarity(self, query: str) -> Callable[[list[str]], list[float]]:
        """Cosine similarity of sentences to the question; sentence vectors are cached."""

        def score(texts: list[str]) -> list[float]:
            missing = [t for t in texts if t not in self._sentence_vectors]
            if missing:
                for text, vector in zip(missing, self.embedder.embed_documents(missing), strict=True):
                    self._sentence_vectors[text] = vector
            q = self.embedder.embed_query(query)
            return [sum(a * b for a, b in zip(q, self._sentence_vectors[t], strict=True)) for t in texts]

        return score

    def ask(self, question: str, history: Sequence[str] = (), mode: str = "hybrid") -> Answer:
        """Answer from the letters with exact citations, or refuse; ``latency_ms`` is measured here."""
        if mode not in MODES:
            raise BadInputError(f"Ukendt søgemåde '{mode}'. Brug en af: {', '.join(MODES)}.")
        started = time.perf_counter()
        text, past = self.validate(question, history)
        q = analyse(text, past)
        hits = self.retriever.search(q.query, max(self.settings.top_k, CANDIDATE_HITS), mode)
        answer = compose(q, hits, self.index, self.weights, self._similarity(q.query))
        elapsed = (time.perf_counter() - started) * 1000
        return replace(answer, retrieved=answer.retrieved[: self.settings.top_k], latency_ms=elapsed)
