"""The language-model answer: the evidence step's verdict gates it, the model writes, each sentence is
verified as it arrives, and the extractive answer stands in whenever too little survives.

Bands of the evidence step (what a question may get from the model):
- ``answer``: the evidence step found an answer; the model rewrites it from the passages.
- ``near``: it refused, but one of the passages the model would see (with its letter's title and
  sender) holds at least NEAR_COVERAGE of the question's IDF-weighted terms, by their stems or
  compounds (no synonyms), and every proper name the question uses stands in one of their letters;
  the model may try only where the setting ``llm_on_refusal`` allows it.
- ``none``: nothing related was retrieved: the model is never asked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from assistant.answer.answers import cite
from assistant.answer.evidence import letter_terms
from assistant.answer.focus import Focus, focus_terms, holds, match, proper_names
from assistant.answer.llm import ChatModel, ModelError
from assistant.answer.prompt import Source, messages
from assistant.answer.question import Question, analyse
from assistant.answer.service import Assistant
from assistant.answer.verify import Verified, Verifier, split
from assistant.index.build import LoadedIndex
from assistant.text import danish
from assistant.text.passages import FRAME_ROLES
from assistant.types import Answer, Citation, Passage, Removed

log = logging.getLogger(__name__)

NEAR_COVERAGE = 0.5  # a refused question whose terms a passage holds less than this: nothing related
SET_ASIDE = "bestod kontrollen, men for lidt af svaret gjorde"  # a kept sentence of a fallen-back answer
MIN_KEPT_SHARE = 0.5  # fewer of the model's (distinct) sentences kept than this: the extractive answer


@dataclass(frozen=True)
class Draft:
    """What the model gets, prepared under the web app's lock (milliseconds): no model call here."""

    question: Question
    extractive: Answer
    band: str  # answer, near or none
    sources: tuple[Source, ...]
    started: float


@dataclass(frozen=True)
class Step:
    """The answer so far (only verified sentences), or, with ``final``, the answer to show."""

    answer: Answer
    final: bool


class Generator:
    """Asks one chat model for the assistant's questions; shared like the Assistant."""

    def __init__(self, assistant: Assistant, model: ChatModel, on_refusal: bool = False) -> None:
        self.assistant = assistant
        self.model = model
        self.on_refusal = on_refusal

    def prepare(self, question: str, history: Sequence[str] = ()) -> Draft:
        started = time.perf_counter()
        a = self.assistant
        q = analyse(*a.validate(question, history))
        extractive = a.ask(question, history)
        sources = self._sources(extractive)
        band = "answer"
        if extractive.refused:
            band = "near" if self.relatedness(q, sources) >= NEAR_COVERAGE else "none"
        return Draft(q, extractive, band, tuple(sources), started)

    def relatedness(self, q: Question, sources: Sequence[Source]) -> float:
        """The largest share of the question's weighted terms that one source holds; 0 when the
        question names someone or something none of their letters names."""
        a = self.assistant
        focus = [
            replace(f, related=frozenset())
            for f in focus_terms(q, a.index, a.weights, a.translate)
            if not f.term.startswith("#")
        ]
        total = sum(f.weight for f in focus)
        if not total or not sources:
            return 0.0
        letters = {s.letter.letter_id: s.letter for s in sources}
        names = [Focus(n, frozenset({n}), 1.0) for n in proper_names(q.text)]
        if any(not any(holds(n, letter_terms(x)) for x in letters.values()) for n in names):
            return 0.0
        best = 0.0
        for s in sources:
            m = s.letter.meta
            terms = set(danish.terms(" ".join(x for x in (s.passage.context, m.title, m.sender or "") if x)))
            best = max(best, sum(f.weight * match(f, terms, terms) for f in focus) / total)
        return best

    def _sources(self, answer: Answer) -> list[Source]:
        """The cited passages first, then what stands next to them in their letters (next to the
        closest passage, for a refusal), then the best of the rest, numbered 1..n as the prompt shows
        them."""
        a, cited = self.assistant, {c.passage_id for c in answer.citations}
        first = [p for p in a.passages if p.passage_id in cited]  # the letter's frame too, if cited
        content = [h.passage for h in answer.retrieved if h.passage.role not in FRAME_ROLES]
        rest = [*_neighbours(a.index, first or content[:1]), *content]
        # the frame (salutation, signature) says nothing else
        unique = {p.passage_id: p for p in rest if p.passage_id not in cited and p.role not in FRAME_ROLES}
        picked = first + list(unique.values())
        picked = picked[: max(a.settings.llm_passages, len(first))]
        return [
            Source(
                n,
                p,
                a.letters[p.letter_id],
                "answers" if p.passage_id in cited else "related" if n <= 3 else "weak",
            )
            for n, p in enumerate(picked, start=1)
        ]

    def asks_model(self, draft: Draft) -> bool:
        return draft.band == "answer" or (draft.band == "near" and self.on_refusal)

    def stream(self, draft: Draft, streaming: bool = True) -> Iterator[Step]:
        """Steps with each newly verified sentence, then the final answer; never an unverified word."""
        if not self.asks_model(draft):
            yield Step(self._timed(draft, draft.extractive), True)
            return
        a = self.assistant
        verifier = Verifier(draft.sources, a.weights, a.words, a.synonyms)
        answer = _Building(draft, self.model.name)
        prompt = messages(draft.question.text, draft.question.history, draft.sources)
        text, done = "", 0
        try:
            chunks = self.model.stream(prompt) if streaming else iter([self.model.complete(prompt)])
            for chunk in chunks:
                text += chunk
                sentences = split(text)
                for sentence in sentences[done:-1]:
                    if answer.take(verifier.check(sentence)):
                        yield Step(self._timed(draft, answer.partial()), False)
                done = max(done, len(sentences) - 1)
            for sentence in split(text)[done:]:
                if answer.take(verifier.check(sentence)):
                    yield Step(self._timed(draft, answer.partial()), False)
        except ModelError as exc:
            log.warning("language model %s failed (%s); the extractive answer stands", self.model.name, exc)
            yield Step(self._timed(draft, answer.fallback(f"modelfejl: {exc}")), True)
            return
        yield Step(self._timed(draft, answer.final(empty=not text.strip())), True)

    def ask(self, question: str, history: Sequence[str] = (), streaming: bool = False) -> Answer:
        """The final answer, the model asked without streaming unless ``streaming``."""
        draft = self.prepare(question, history)
        return [step for step in self.stream(draft, streaming) if step.final][-1].answer

    @staticmethod
    def _timed(draft: Draft, answer: Answer) -> Answer:
        return replace(answer, latency_ms=(time.perf_counter() - draft.started) * 1000)


class _Building:
    """The verified sentences so far, their citations numbered 1..k in order of first use."""

    def __init__(self, draft: Draft, model: str) -> None:
        self.draft = draft
        self.model = model
        self.kept: list[tuple[str, list[int]]] = []
        self.removed: list[Removed] = []
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, int, int], int] = {}

    def take(self, result: Verified | Removed) -> bool:
        if isinstance(result, Removed):
            self.removed.append(result)
            return False
        refs = []
        for passage, start, end in result.support:
            key = (passage.passage_id, start, end)
            if key not in self._numbers:
                n = len(self._numbers) + 1
                self._numbers[key] = n
                letter = next(s.letter for s in self.draft.sources if s.letter.letter_id == passage.letter_id)
                self.citations.append(cite(n, letter, passage, start, end))
            refs.append(self._numbers[key])
        self.kept.append((result.text, sorted(set(refs))))
        return True

    def partial(self) -> Answer:
        text = " ".join(f"{t} {''.join(f'[{n}]' for n in refs)}" for t, refs in self.kept)
        base = self.draft.extractive
        short = base.short_answer
        if short and not any(
            c.letter_id == short.letter_id and c.start <= short.start and short.end <= c.end
            for c in self.citations
        ):
            short = None
        return replace(
            base,
            refused=False,
            answer=text,
            citations=tuple(self.citations),
            contact=None,
            possibly_relevant=(),
            short_answer=short,
            generated=True,
            model=self.model,
            removed=tuple(self.removed),
        )

    def fallback(self, reason: str) -> Answer:
        aside = [Removed(f"{t} {''.join(f'[{n}]' for n in refs)}", SET_ASIDE) for t, refs in self.kept]
        removed = (*self.removed, *aside)
        return replace(self.draft.extractive, model=self.model, removed=removed, fallback=reason)

    def final(self, empty: bool) -> Answer:
        distinct = [r for r in self.removed if r.reason != "gentager en tidligere sætning"]
        if empty:
            return self.fallback("tomt svar fra modellen")
        if not self.kept:
            return self.fallback("ingen sætning bestod kontrollen")
        if len(self.kept) < MIN_KEPT_SHARE * (len(self.kept) + len(distinct)):
            return self.fallback("for få sætninger bestod kontrollen")
        return self.partial()


def _neighbours(index: LoadedIndex, anchors: Sequence[Passage]) -> list[Passage]:
    """The passages just after and just before each anchor, in its own letter."""
    out: list[Passage] = []
    for p in anchors:
        own = index.passages_of(p.letter_id)
        at = next(i for i, q in enumerate(own) if q.passage_id == p.passage_id)
        out += [own[j] for j in (at + 1, at - 1) if 0 <= j < len(own)]
    return out
