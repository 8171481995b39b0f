"""The assistant as one object: the index kept fresh and loaded, questions in, answers out."""

from __future__ import annotations

import functools
import gc
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from assistant.answer import answerability
from assistant.answer.answers import compose
from assistant.answer.evidence import CANDIDATE_HITS, Resources, gist_evidence
from assistant.answer.focus import Weights
from assistant.answer.question import GIST_KINDS, Question, analyse
from assistant.answer.retrieval import MODES, Retriever
from assistant.errors import BadInputError
from assistant.index import build as indexing
from assistant.index import embedding
from assistant.settings import Settings
from assistant.text import facts_names, invisible, lexicon, privacy, synonyms
from assistant.types import Answer, Hit, Letter, Passage

MAX_HISTORY = 10
log = logging.getLogger(__name__)


def clean(text: str) -> str:
    """What a reader sees of the text, with CPR numbers masked."""
    return privacy.mask(invisible.strip(text))[0]


class Assistant:
    """Built once at an edge (CLI, web app, evaluation) and shared by every question."""

    def __init__(self, settings: Settings, index: indexing.LoadedIndex, embedder: Any) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.retriever = Retriever(index)
        self.weights = Weights(index)
        self.words = facts_names.vocabulary(str(settings.wordlist))

    @functools.cached_property
    def model(self) -> answerability.Model:
        """The fitted answerability model, loaded at the first question (calibration needs none)."""
        return answerability.load()

    def translate(self, word: str) -> frozenset[str]:
        """An English word's Danish translations (empty where the lexicon is not installed)."""
        return lexicon.english_to_danish(word, self.settings.lexicon_dir)

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
            report = indexing.build(settings, embedder, progress=progress)
            for line in [*report.errors, *report.notices]:  # file names and reasons, no question text
                log.warning(line)
        assistant = cls(settings, indexing.open_index(settings, embedder), embedder)
        assistant.warm_up()
        return assistant

    def warm_up(self) -> None:
        """Load now what the first question of its kind would otherwise wait for: the English-Danish
        lexicon, and the sentences that give each letter's gist (found once per index, from every
        passage: 0.2-0.3 s at 100k passages). Not the thesaurus: its 0.5-1 s would double the start
        of a small index, and the first question that names a Danish word loads it."""
        lexicon.load_lexicon(self.settings.lexicon_dir)
        for kind in GIST_KINDS:
            gist_evidence(self.index, kind)
        # What is loaded now lives as long as the index. Frozen, it is no longer walked by every
        # full collection of Python's garbage collector: one took 0.5 s mid-question at 100k
        # passages (300k objects), 0.3 ms once frozen. refresh() thaws it to let an old index go.
        gc.freeze()

    def refresh(self) -> bool:
        """Switch to a newer complete build (from `assistant index` elsewhere) without a restart;
        True when it switched. The old build stays on disk until the build after next."""
        current = indexing.current_build(self.settings.index_dir)
        if current is None or current == self.index.build_dir:
            return False
        gc.unfreeze()
        self.index = indexing.open_index(self.settings, self.embedder)
        self.retriever = Retriever(self.index)
        self.weights = Weights(self.index)
        self.warm_up()
        log.info("switched to index build %s", current.name)
        return True

    @property
    def letters(self) -> dict[str, Letter]:
        return self.index.letters

    @property
    def passages(self) -> list[Passage]:
        return self.index.passages

    def validate(self, question: object, history: object = ()) -> tuple[str, tuple[str, ...]]:
        """Clean input, or a Danish BadInputError saying what is wrong. Escapes, controls and
        invisible characters are taken out and CPR numbers masked before anything reads it."""
        if question is not None and not isinstance(question, str):  # a number, list or object in the API
            raise BadInputError("Spørgsmålet skal være tekst. Skriv et spørgsmål.")
        question = clean(question or "")
        if not question.strip():
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
        kept = [clean(h) for h in list(history)[-MAX_HISTORY:]]
        cleaned = tuple(h.strip()[:limit] for h in kept if h.strip())
        return question.strip(), cleaned

    def _similarity(self, query: str) -> Callable[[list[int]], list[tuple[float, float]]]:
        """Cosine similarity of the question to sentences whose vectors the index holds, and the
        same as a z-score against ordinary text (index/background.py: comparable across corpora)."""

        def score(rows: list[int]) -> list[tuple[float, float]]:
            vector = self.embedder.embed_query(query)
            mean, std = self.index.sentences.spread(vector)
            return [(x, (x - mean) / std) for x in self.index.sentences.similarity(vector, rows)]

        return score

    def resources(self, query: str) -> Resources:
        return Resources(self.weights, self.words, self.translate, self._similarity(query), self.synonyms)

    def synonyms(self, word: str) -> frozenset[str]:
        """Stems of a Danish word's general synonyms (empty where the thesaurus is not installed)."""
        return synonyms.of(word, self.settings.synonyms)

    def read(
        self, question: str, history: Sequence[str] = (), mode: str = "hybrid"
    ) -> tuple[Question, list[Hit]]:
        """The question understood, and the passages retrieved for it."""
        text, past = self.validate(question, history)
        self.refresh()
        q = analyse(text, past)
        translations = tuple(t for w in q.words for t in self.translate(w)) if q.english else ()
        return q, self.retriever.search(q.query, max(self.settings.top_k, CANDIDATE_HITS), mode, translations)

    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        mode: str = "hybrid",
        exclude: frozenset[tuple[str, int, int]] = frozenset(),
    ) -> Answer:
        """Answer from the letters with exact citations, or refuse; ``latency_ms`` is measured here.
        Quotes in ``exclude`` (letter id, start, end), marked wrong by staff, are not cited."""
        if mode not in MODES:
            raise BadInputError(f"Ukendt søgemåde '{mode}'. Brug en af: {', '.join(MODES)}.")
        started = time.perf_counter()
        q, hits = self.read(question, history, mode)
        answer = compose(q, hits, self.index, self.resources(q.query), self.model, exclude)
        elapsed = (time.perf_counter() - started) * 1000
        return replace(answer, retrieved=answer.retrieved[: self.settings.top_k], latency_ms=elapsed)
