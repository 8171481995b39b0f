"""Compose a cited answer from the letters' own sentences, or refuse when they hold no answer."""

from __future__ import annotations

from collections import Counter

from . import danish
from .evidence import (
    LIST_MARKER,
    Evidence,
    Similarity,
    Weights,
    find_evidence,
    focus_terms,
    gist_evidence,
    rank_by_evidence,
    rerank,
)
from .indexing import LoadedIndex
from .passages import FRAME_ROLES
from .question import Question, gist_kind
from .types import Answer, Citation, Hit, Letter, Passage

MIN_COVERAGE = 0.5  # the evidence must hold more than this share of the question's weighted terms
SECOND_CITATION_MARGIN = 0.1
MAX_CITATIONS = 2
REFUSAL = "Det kan jeg ikke finde svar på i brevene."


def _quote_span(letter: Letter, ev: Evidence) -> tuple[int, int]:
    """The sentence; a bare list-item title takes the sentence after it along."""
    start, end = ev.start, ev.end
    sentence = letter.text[start:end]
    if ev.passage.role == "signature":  # a name line takes the title lines under it along
        end = ev.passage.end
    elif ev.passage.role == "list_item" and LIST_MARKER.match(sentence):
        spans = danish.sentence_spans(ev.passage.text, offset=ev.passage.start)
        following = [sp for sp in spans if sp[0] >= end]
        if following:
            end = following[0][1]
    return start, end


def cite(n: int, letter: Letter, passage: Passage, start: int, end: int) -> Citation:
    """A citation whose quote is cut from the letter by its offsets, and checked to be so."""
    quote = letter.text[start:end]
    if (
        not (passage.start <= start < end <= passage.end)
        or passage.text[start - passage.start : end - passage.start] != quote
    ):
        raise AssertionError(f"citation {passage.passage_id} [{start}:{end}] is not an exact span")
    return Citation.of(n, letter, passage.passage_id, quote, start, end)


def compose(
    question: Question,
    hits: list[Hit],
    index: LoadedIndex,
    weights: Weights,
    similarity: Similarity | None = None,
) -> Answer:
    focus = focus_terms(question, index, weights)
    evidence = find_evidence(question, hits, index, focus) if focus else []
    hits = rank_by_evidence(hits, evidence)
    best = [ev for ev in evidence if ev.coverage > MIN_COVERAGE]
    if similarity is not None:
        best = rerank(best, index, similarity)
    if kind := gist_kind(question.text):
        best = gist_evidence(index, kind) or best
    if not best:
        return refuse(question, hits, index)
    chosen: list[tuple[Passage, int, int]] = []
    held: set[str] = set()
    for ev in best:
        if len(chosen) == MAX_CITATIONS or ev.coverage < best[0].coverage - SECOND_CITATION_MARGIN:
            break
        if chosen and ev.covered <= held:  # a second citation must add something the first lacks
            continue
        held |= ev.covered
        letter = index.letters[ev.passage.letter_id]
        start, end = _quote_span(letter, ev)
        if any(s < end and start < e for _, s, e in chosen):
            continue
        chosen.append((ev.passage, start, end))
    citations = [cite(n, index.letters[p.letter_id], p, s, e) for n, (p, s, e) in enumerate(chosen, start=1)]
    text = " ".join(f"{LIST_MARKER.sub('', c.quote)} [{c.n}]" for c in citations)
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
        index.letters[h.passage.letter_id].meta.sender
        for h in hits[:3]
        if index.letters[h.passage.letter_id].meta.sender
    )
    contact = senders.most_common(1)[0][0] if senders else None
    text = (
        REFUSAL
        + " De nærmeste passager er vist nedenfor som muligvis relevante, men de besvarer ikke spørgsmålet."
    )
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
        # The letter's frame (salutation, signature) says nothing on any topic.
        possibly_relevant=tuple([h for h in hits if h.passage.role not in FRAME_ROLES][:3]),
    )
