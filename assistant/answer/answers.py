"""Compose a cited answer from the letters' own sentences, or refuse when they hold no answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from assistant.answer.answerability import Model, decision_features
from assistant.answer.evidence import (
    FEATURES,
    LIST_MARKER,
    Evidence,
    Resources,
    find_evidence,
    gist_evidence,
    rank_by_evidence,
)
from assistant.answer.fact_kinds import DEFINITION, LETTER_KINDS
from assistant.answer.focus import focus_terms
from assistant.answer.letterfacts import letter_fact
from assistant.answer.question import Question, gist_kind
from assistant.answer.shortanswer import differs, short_answer
from assistant.index.build import LoadedIndex
from assistant.text import danish
from assistant.text.passages import FRAME_ROLES
from assistant.types import Answer, Citation, Hit, Letter, Passage, ShortAnswer

RANK_MARGIN = 1.0  # a runner-up within this of the best rank score (log-odds) may be cited too
MAX_CITATIONS = 2
REFUSAL = "Det kan jeg ikke finde svar på i brevene."


def _quote_span(letter: Letter, ev: Evidence) -> tuple[int, int]:
    """The sentence; a bare list-item title takes the sentence after it along."""
    start, end = ev.start, ev.end
    sentence = letter.text[start:end]
    if ev.passage.role == "list_item" and LIST_MARKER.match(sentence):
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


def candidates(question: Question, hits: list[Hit], index: LoadedIndex, lang: Resources) -> list[Evidence]:
    """Every content sentence of the best passages, with its signals, not yet scored."""
    focus = focus_terms(question, index, lang.weights, lang.translate, lang.synonyms, lang.words)
    if not focus and question.answer_type is None:
        return []
    return find_evidence(question, hits, index, focus, lang.similarity, lang.words)


def scored_evidence(
    question: Question, hits: list[Hit], index: LoadedIndex, lang: Resources, model: Model
) -> list[Evidence]:
    """Every candidate sentence with the model's probability that it answers, best first."""
    evidence = candidates(question, hits, index, lang)
    scores = model.score([ev.features for ev in evidence])
    scored = [replace(ev, score=p, rank_score=r) for ev, (p, r) in zip(evidence, scores, strict=True)]
    scored.sort(key=lambda ev: (-ev.rank_score, ev.hit_rank, ev.start))
    if question.answer_type == DEFINITION:  # among the close ones, the sentence that introduces the term
        close = [ev for ev in scored if _close(ev, scored[0], model)]
        definers = [ev for ev in close if ev.features[FEATURES.index("defines")] > 0]
        if definers and definers[0] is not scored[0]:
            lead = replace(definers[0], score=scored[0].score)
            scored = [lead, *[ev for ev in scored if ev is not definers[0]]]
    return scored


def _close(ev: Evidence, top: Evidence, model: Model) -> bool:
    """A runner-up that would answer too: near the top in rank, and answering if it were first."""
    return ev.rank_score >= top.rank_score - RANK_MARGIN and (
        model.probability(decision_features([ev.features], [ev.rank_score])[0][:-1] + (0.0,))
        >= model.threshold
    )


Span = tuple[str, int, int]  # letter id, start, end


def compose(
    question: Question,
    hits: list[Hit],
    index: LoadedIndex,
    lang: Resources,
    model: Model,
    exclude: frozenset[Span] = frozenset(),
) -> Answer:
    """The cited answer or the refusal; quotes in ``exclude`` (marked wrong by staff) are never cited."""
    if question.answer_type in LETTER_KINDS:
        found = letter_fact(question, hits, index)
        if found is None or (found[0].letter_id, *found[1]) in exclude:
            return refuse(question, hits, index)
        passage, (start, end), short = found
        letter = index.letters[passage.letter_id]
        citation = cite(1, letter, passage, start, end)
        return _answer(question, hits, [citation], f"{citation.quote} [1]", short)
    evidence = scored_evidence(question, hits, index, lang, model)
    if exclude:  # the next best takes the excluded quote's place, if it answers; else the refusal
        evidence = [ev for ev in evidence if not _excluded(index, ev, exclude)]
    hits = rank_by_evidence(hits, evidence)
    best = []
    if evidence and evidence[0].score >= model.threshold:
        best = [evidence[0], *[ev for ev in evidence[1:] if _close(ev, evidence[0], model)]]
    if kind := gist_kind(question.text):
        best = [ev for ev in gist_evidence(index, kind) if not _excluded(index, ev, exclude)] or best
    if not best:
        return refuse(question, hits, index)
    first = best[0]
    short = short_answer(question, first, index.letters[first.passage.letter_id])
    rivals = [ev for ev in best[1:] if ev.passage.letter_id != first.passage.letter_id]
    rival = next((ev for ev in rivals if short and differs(short, ev)), None)
    if rival is not None and _same_thing(rival, first):
        return _disagreement(question, hits, index, first, rival, short)
    chosen = quotes(best, rival, index.letters)
    citations = [cite(n, index.letters[p.letter_id], p, s, e) for n, (p, s, e) in enumerate(chosen, start=1)]
    text = " ".join(f"{LIST_MARKER.sub('', c.quote)} [{c.n}]" for c in citations)
    return _answer(question, hits, citations, text, short)


def quotes(
    best: list[Evidence], rival: Evidence | None, letters: Mapping[str, Letter]
) -> list[tuple[Passage, int, int]]:
    """What the answer quotes: the best sentence, then one that adds a term of the question (or the
    other letter's sentence on something else, ``rival``); never two overlapping spans of a letter."""
    if rival is not None:
        best = [best[0], rival, *[ev for ev in best[1:] if ev is not rival]]
    chosen: list[tuple[Passage, int, int]] = []
    held: set[str] = set()
    for ev in best:
        if len(chosen) == MAX_CITATIONS:
            break
        if chosen and ev.covered <= held and ev is not rival:  # a second citation must add something
            continue
        held |= ev.covered
        start, end = _quote_span(letters[ev.passage.letter_id], ev)
        if any(p.letter_id == ev.passage.letter_id and s < end and start < e for p, s, e in chosen):
            continue
        chosen.append((ev.passage, start, end))
    return chosen


def _same_thing(ev: Evidence, other: Evidence) -> bool:
    """Two sentences speak of the same thing: one holds every term of the question the other holds,
    and they hold some ("64 unge i fritidsjob" in Tingbjerg, 2019 and 2023), not two unrelated
    mentions that happen to rank close."""
    small, large = sorted((ev.covered, other.covered), key=len)
    return bool(small) and small <= large


def _excluded(index: LoadedIndex, ev: Evidence, exclude: frozenset[Span]) -> bool:
    return (
        bool(exclude)
        and (ev.passage.letter_id, *_quote_span(index.letters[ev.passage.letter_id], ev)) in exclude
    )


def _disagreement(
    question: Question,
    hits: list[Hit],
    index: LoadedIndex,
    first: Evidence,
    rival: Evidence,
    short: ShortAnswer | None,
) -> Answer:
    """Two letters answer differently: both are shown, newest first, and the newest is named."""
    pair = sorted(
        [first, rival], key=lambda ev: index.letters[ev.passage.letter_id].meta.date or "", reverse=True
    )
    citations = []
    for n, ev in enumerate(pair, start=1):
        start, end = _quote_span(index.letters[ev.passage.letter_id], ev)
        citations.append(cite(n, index.letters[ev.passage.letter_id], ev.passage, start, end))
    newest = index.letters[pair[0].passage.letter_id]
    if pair[0] is not first:
        short = short_answer(question, pair[0], newest)
    parts = ["Brevene svarer forskelligt."]
    for c in citations:
        when = danish.long_date(c.date) if c.date else "ukendt dato"
        parts.append(f"Fra {when}: {LIST_MARKER.sub('', c.quote)} [{c.n}]")
    newest_when = danish.long_date(newest.meta.date) if newest.meta.date else None
    if newest_when:
        parts.append(f"Det nyeste svar er fra {newest_when}.")
    return _answer(question, hits, citations, " ".join(parts), short)


def _answer(
    question: Question,
    hits: list[Hit],
    citations: list[Citation],
    text: str,
    short: ShortAnswer | None,
) -> Answer:
    return Answer(
        question=question.text,
        history=question.history,
        refused=False,
        answer=text,
        citations=tuple(citations),
        retrieved=tuple(hits),
        short_answer=short,
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
