"""The data that flows through the pipeline: Letter -> Passage -> Hit -> Answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class LetterMeta:
    """What a letter says about itself; any field can be overridden by a sidecar file."""

    title: str
    recipient: str | None = None
    date: str | None = None  # ISO date of the citizen's inquiry
    question: str | None = None
    signatory: str | None = None
    signatory_title: str | None = None
    sender: str | None = None  # the administration that answered
    synthetic: bool = False


@dataclass(frozen=True)
class Letter:
    """One letter: its normalized text is what every offset refers to."""

    letter_id: str
    path: str  # relative to the corpus directory
    sha256: str  # of the file's bytes
    text: str
    meta: LetterMeta
    page_starts: tuple[int, ...] = ()  # offset of each page's first character; empty: no pages

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset``, or None when the source has no pages."""
        if not self.page_starts:
            return None
        page = 0
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i
        return page + 1


@dataclass(frozen=True)
class Passage:
    """A span of a letter: ``letter.text[start:end] == text``."""

    passage_id: str
    letter_id: str
    start: int
    end: int
    text: str
    role: str  # salutation, question, body, list_item, closing, signature
    heading: str = ""  # the section heading (and list intro) the passage sits under
    page: int | None = None

    @property
    def context(self) -> str:
        """The text a model sees: the heading gives a list item its subject."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its fused score (higher is better) and per-retriever ranks."""

    passage: Passage
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_similarity: float | None = None


@dataclass(frozen=True)
class Citation:
    """An exact quote: ``letter.text[start:end] == quote``, checked when made."""

    n: int
    letter_id: str
    title: str
    date: str | None
    sender: str | None
    passage_id: str
    quote: str
    start: int
    end: int
    page: int | None

    @classmethod
    def of(cls, n: int, letter: Letter, passage_id: str, quote: str, start: int, end: int) -> Citation:
        """A citation carrying the letter's title, date, sender and the page at ``start``."""
        m = letter.meta
        return cls(
            n,
            letter.letter_id,
            m.title,
            m.date,
            m.sender,
            passage_id,
            quote,
            start,
            end,
            letter.page_at(start),
        )


@dataclass(frozen=True)
class ShortAnswer:
    """The exact span that answers a fact question: ``letter.text[start:end] == text``."""

    text: str
    letter_id: str
    start: int
    end: int

    @classmethod
    def of(cls, letter: Letter, start: int, end: int) -> ShortAnswer:
        return cls(letter.text[start:end], letter.letter_id, start, end)


@dataclass(frozen=True)
class Removed:
    """A sentence the language model wrote that the verification dropped, and why (in Danish)."""

    sentence: str
    reason: str


@dataclass(frozen=True)
class Answer:
    """What the assistant says, with its evidence; ``to_dict`` is the CONTRACTS.md shape."""

    question: str
    history: tuple[str, ...]
    refused: bool
    answer: str
    citations: tuple[Citation, ...]
    retrieved: tuple[Hit, ...]
    latency_ms: float = 0.0
    contact: str | None = None
    possibly_relevant: tuple[Hit, ...] = field(default=())
    short_answer: ShortAnswer | None = None
    generated: bool = False  # a language model wrote ``answer``; every sentence passed verification
    model: str | None = None  # the language model asked, also when its answer fell back
    removed: tuple[Removed, ...] | None = None  # None: no language model was asked
    fallback: str | None = None  # why the extractive answer stands in for the model's

    def to_dict(self, qa_id: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if qa_id is not None:
            out["id"] = qa_id
        out.update(
            question=self.question,
            history=list(self.history),
            refused=self.refused,
            answer=self.answer,
            citations=[asdict(c) for c in self.citations],
            retrieved=[_hit_dict(h) for h in self.retrieved],
            latency_ms=round(self.latency_ms, 2),
            contact=self.contact,
            possibly_relevant=[_hit_dict(h) for h in self.possibly_relevant],
            short_answer=asdict(self.short_answer) if self.short_answer else None,
            generated=self.generated,
            model=self.model,
            removed=None if self.removed is None else [asdict(r) for r in self.removed],
        )
        if self.fallback:
            out["fallback"] = self.fallback
        return out


def _hit_dict(hit: Hit) -> dict[str, Any]:
    p = hit.passage
    return {
        "passage_id": p.passage_id,
        "letter_id": p.letter_id,
        "start": p.start,
        "end": p.end,
        "score": round(hit.score, 6),
        "text": p.text,
        "role": p.role,
        "page": p.page,
    }
