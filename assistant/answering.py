"""Compose a cited answer from the letters' own sentences, or refuse when they hold no answer."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from . import danish, thesaurus
from .indexing import LoadedIndex
from .question import Question, danish_match, has_numbers, satisfies_type
from .types import Answer, Citation, Hit, Letter, Passage

MIN_COVERAGE = 0.6  # share of the question's (IDF-weighted) focus terms the evidence must hold
CANDIDATE_HITS = 6
MAX_CITATIONS = 2
REFUSAL = "Det kan jeg ikke finde svar på i brevene."
_LIST_MARKER = re.compile(r"^\d{1,2}[.)]\s+")


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, scored against the question."""

    hit_rank: int
    passage: Passage
    start: int
    end: int
    coverage: float


class Weights:
    """Inverse document frequency of terms over the index's passages."""

    def __init__(self, index: LoadedIndex) -> None:
        self.n = max(len(index.passages), 1)
        self.df: Counter[str] = Counter()
        for p in index.passages:
            self.df.update(set(danish.terms(p.context)))
        self.vocabulary = index.lexical.vocabulary
        self._cache: dict[str, float] = {}

    def weight(self, term: str) -> float:
        """Rare terms weigh most; a term found nowhere (even through the thesaurus) weighs most of all."""
        if term not in self._cache:
            related = thesaurus.expand(term)
            df = max(
                (n for t, n in self.df.items() if any(danish_match(r, t) for r in related)), default=0
            )
            self._cache[term] = math.log(1 + self.n / (1 + min(df, self.n)))
        return self._cache[term]


def _covers(term: str, unit_terms: set[str]) -> bool:
    related = thesaurus.expand(term)
    return any(danish_match(r, u) for r in related for u in unit_terms)


def _unit_terms(passage: Passage, sentence: str, title: str) -> set[str]:
    return set(danish.terms(sentence)) | set(danish.terms(title)) | set(danish.terms(passage.heading))


def _title(passage: Passage) -> str:
    """A list item's first sentence names its subject; later sentences lean on it."""
    if passage.role != "list_item":
        return ""
    spans = danish.sentence_spans(passage.text)
    return passage.text[spans[0][0] : spans[0][1]] if spans else ""


def find_evidence(question: Question, hits: list[Hit], weights: Weights, focus: list[str]) -> list[Evidence]:
    """Sentences that hold the kind of fact asked for and cover the question, best first."""
    total = sum(weights.weight(t) for t in focus) or 1.0
    found: list[Evidence] = []
    for rank, hit in enumerate(hits[:CANDIDATE_HITS]):
        p = hit.passage
        title = _title(p)
        for s, e in danish.sentence_spans(p.text, offset=p.start):
            sentence = p.text[s - p.start : e - p.start]
            if not satisfies_type(question, sentence) or not has_numbers(question, sentence):
                continue
            terms = _unit_terms(p, sentence, title)
            covered = sum(weights.weight(t) for t in focus if _covers(t, terms))
            found.append(Evidence(rank, p, s, e, covered / total))
    found.sort(key=lambda ev: (-round(ev.coverage, 3), ev.hit_rank, ev.start))
    return found


def _quote_span(letter: Letter, ev: Evidence) -> tuple[int, int]:
    """The sentence; a bare list-item title takes the sentence after it along."""
    start, end = ev.start, ev.end
    sentence = letter.text[start:end]
    if ev.passage.role == "list_item" and _LIST_MARKER.match(sentence):
        spans = danish.sentence_spans(ev.passage.text, offset=ev.passage.start)
        following = [sp for sp in spans if sp[0] >= end]
        if following:
            end = following[0][1]
    return start, end


def cite(n: int, letter: Letter, passage: Passage, start: int, end: int) -> Citation:
    """A citation whose quote is cut from the letter by its offsets, and checked to be so."""
    quote = letter.text[start:end]
    if not (passage.start <= start < end <= passage.end) or passage.text[start - passage.start : end - passage.start] != quote:
        raise AssertionError(f"citation {passage.passage_id} [{start}:{end}] is not an exact span")
    return Citation(
        n=n,
        letter_id=letter.letter_id,
        title=letter.meta.title,
        date=letter.meta.date,
        sender=letter.meta.sender,
        passage_id=passage.passage_id,
        quote=quote,
        start=start,
        end=end,
        page=letter.page_at(start),
    )


def compose(question: Question, hits: list[Hit], index: LoadedIndex, weights: Weights) -> Answer:
    focus = [index.lexical.query_terms(t)[0] if index.lexical.query_terms(t) else t for t in question.focus]
    evidence = find_evidence(question, hits, weights, focus) if focus else []
    best = [ev for ev in evidence if ev.coverage >= MIN_COVERAGE]
    if not best:
        return refuse(question, hits, index)
    chosen: list[tuple[Passage, int, int]] = []
    for ev in best:
        if len(chosen) == MAX_CITATIONS or ev.coverage < best[0].coverage - 0.1:
            break
        letter = index.letters[ev.passage.letter_id]
        start, end = _quote_span(letter, ev)
        if any(s < end and start < e for _, s, e in chosen):
            continue
        chosen.append((ev.passage, start, end))
    citations = [
        cite(n, index.letters[p.letter_id], p, s, e) for n, (p, s, e) in enumerate(chosen, start=1)
    ]
    text = " ".join(f"{_LIST_MARKER.sub('', c.quote)} [{c.n}]" for c in citations)
    return Answer(
        question=question.text,
        history=question.history,
        refused=False,
        answer=text,
        citations=tuple(citations),
        retrieved=tuple(hits),
    )


def refuse(question: Question, hits: list[Hit], index: LoadedIndex) -> Answer:
    """No evidence: say so, show the closest passages, and name whom to ask."""
    senders = Counter(
        index.letters[h.passage.letter_id].meta.sender for h in hits[:3] if index.letters[h.passage.letter_id].meta.sender
    )
    contact = senders.most_common(1)[0][0] if senders else None
    text = REFUSAL + " De nærmeste passager er vist nedenfor som muligvis relevante, men de besvarer ikke spørgsmålet."
    if contact:
        text += f" Kontakt {contact} for at få svar."
    return Answer(
        question=question.text,
        history=question.history,
        refused=True,
        answer=text,
        citations=(),
        retrieved=tuple(hits),
        contact=contact,
        possibly_relevant=tuple(hits[:3]),
    )
