"""Evidence: the sentences of the retrieved passages, each described by general signals."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer import kinds as kinds_of
from assistant.answer.content import is_content, title_line
from assistant.answer.fact_kinds import COUNT, DEFINITION, EMAIL, PHONE
from assistant.answer.focus import Focus, Translate, Weights, compound_heads, holds, match, proper_names
from assistant.answer.kinds import ACCEPTS
from assistant.answer.question import Question, has_numbers
from assistant.index.build import LoadedIndex
from assistant.index.notes import LIST_MARKER as LIST_MARKER  # answers.py reads it here
from assistant.index.notes import SentenceNotes, meta_terms
from assistant.text import danish, facts
from assistant.text.passages import FRAME_ROLES
from assistant.types import Hit, Letter, Passage

CANDIDATE_HITS = 20  # evidence is sought in this many of the best passages
CONTEXT_SHARE = 0.5  # a term found only around the sentence counts this much
# Kinds whose answer is the fact itself, and which facts.py recognises in every form: a sentence
# without one cannot answer ("Undervisningen foregår på Sprogcenter Aarhus" for its phone number).
CLOSED_KINDS = frozenset({PHONE, EMAIL})
# A sentence away from what the letter says of the question's main term covers more than this.
ELSEWHERE_COVERAGE = 0.5

# The signals, in the order the fitted model (data/answerability.json) weighs them.
FEATURES = (
    "coverage",
    "own_coverage",
    "local_coverage",
    "holds_rarest",
    "missing",
    "unknown",
    "type_ok",
    "type_missing",
    "fact_near",
    "counts_the_noun",
    "numbers_missing",
    "name_missing",
    "similarity",
    "similarity_z",
    "passage_similarity",
    "rank",
    "defines",
    "english",
    "uncounted",
    "typed",
)
RANK_TIE = 0.5  # rank scores (log-odds) this close count as a tie, and retrieval decides


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, with the signals that say whether it answers."""

    hit_rank: int
    passage: Passage
    start: int
    end: int
    coverage: float
    covered: frozenset[str] = frozenset()  # the focus terms the sentence itself holds
    features: tuple[float, ...] = ()
    facts: tuple[facts.Fact, ...] = ()  # facts of the kind asked for, offsets in the letter
    score: float = 0.0  # the model's probability that this sentence answers the question
    rank_score: float = 0.0  # the model's ordering of the candidates, best highest


@functools.lru_cache(maxsize=4096)
def letter_terms(letter: Letter) -> frozenset[str]:
    """Every term of a letter's text and metadata."""
    return frozenset(danish.terms(letter.text)) | frozenset(meta_terms(letter))


def rival_compound(focus: Focus, terms: frozenset[str] | set[str], words: frozenset[str] | set[str]) -> bool:
    """The text names another compound on the focus term's head, a word of its own in the letter
    (``words``): "aktiveringsindsatsen" where "fritidsjobindsatsen" was asked about."""
    if focus.term.startswith("#"):
        return False
    for a in focus.alternatives:
        for head in compound_heads(a):
            if len(head) < 5 or head not in words:
                continue
            if any(t.endswith(head) and len(t) > len(head) and not danish.stem_match(a, t) for t in terms):
                return True
    return False


_EXPLAINS = re.compile(
    r"^\W*(det|dette)\s+(betyder|indebærer|vil\s+sige|dækker\s+over)\b|^\W*(dvs|d\.v\.s)\.?\s", re.I
)


def defines(sentence: str, focus: list[Focus], previous: str = "") -> bool:
    """The sentence introduces a focus term: it stands among the first words, before a copula; or
    the sentence explains the one before it, which names the term ("Kommunen arbejder med
    community policing. Det betyder, at …")."""
    if previous and _EXPLAINS.match(sentence):
        named = set(danish.terms(previous))
        return any(holds(f, named) for f in focus if not f.term.startswith("#"))
    head = re.split(
        r"\s(er|var|betyder|omfatter|dækker|defineres|kaldes|is|are|means)\s", sentence, maxsplit=1
    )
    if len(head) < 3 or len(list(danish.words(head[0]))) > 8:
        return bool(re.match(r"^(ved|by)\s", sentence, re.I)) and "forstås" in sentence
    subject = set(danish.terms(head[0]))
    return any(holds(f, subject) for f in focus if not f.term.startswith("#"))


def find_evidence(
    question: Question,
    hits: list[Hit],
    index: LoadedIndex,
    focus: list[Focus],
    similarity: Callable[[list[int]], list[tuple[float, float]]] | None = None,
    words: frozenset[str] = frozenset(),
) -> list[Evidence]:
    """Every content sentence of the best passages, with its signals (FEATURES), in text order."""
    total = sum(f.weight for f in focus) or 1.0
    words_focus = [f for f in focus if not f.term.startswith("#")]
    strongest = max((f.weight for f in focus), default=1.0)
    rarest = max(words_focus, key=lambda f: f.weight, default=None)
    unknown = float(any(not f.known for f in words_focus))
    typed = question.answer_type in ACCEPTS
    # "hvor mange kvinder": a count of another noun ("64 personer") is a sign of a near miss
    counts_a_noun = question.answer_type == COUNT and bool(question.count_noun) and not question.english
    names = [Focus(t, frozenset({t}), 1.0) for t in proper_names(question.text)]
    rows: list[tuple[int, Hit, int, int, int, str, SentenceNotes, list[facts.Fact]]] = []
    for rank, hit in enumerate(hits[:CANDIDATE_HITS]):
        p = hit.passage
        if p.role in FRAME_ROLES:
            continue
        notes = index.notes.passage(p.passage_id)  # terms and facts found at indexing
        for (s, e, row), note in zip(index.sentences.rows(p.passage_id), notes.sentences, strict=True):
            sentence = p.text[s - p.start : e - p.start]
            found = kinds_of.sentence_facts(sentence, s, words, note.found)
            kinds = kinds_of.of_kind(question, sentence, s, found, notes.header if note.in_table else "")
            # A number the question names qualifies what it asks: it must stand in the sentence,
            # the sentence before it, the table's header row, or the heading over them.
            local_text = f"{notes.title} {p.heading} {note.previous} {sentence}"
            if question.answer_type in CLOSED_KINDS and not kinds:
                continue
            if title_line(p.text, s - p.start, e - p.start, found):
                continue
            if is_content(sentence, found) and has_numbers(question, local_text):
                rows.append((rank, hit, s, e, row, sentence, note, kinds))
    sims = similarity([r[4] for r in rows]) if similarity and rows else [(0.0, 0.0)] * len(rows)
    surroundings: dict[str, _Surroundings] = {}
    around: dict[str, list[float]] = {}
    out: list[Evidence] = []
    for (rank, hit, s, e, _, sentence, note, kinds), (sim, sim_z) in zip(rows, sims, strict=True):
        p = hit.passage
        if p.passage_id not in surroundings:
            surroundings[p.passage_id] = _surroundings(question, p, index, names)
        context, in_letter, numbers_missing, name_missing = surroundings[p.passage_id]
        own, local = note.own, note.local  # local: the sentence where it stands
        covered = own_covered = local_covered = missing = 0.0
        rival = elsewhere = False  # for what the question is most about (its strongest terms)
        held: set[str] = set()
        if p.passage_id not in around:  # what the passage as a whole holds: once, not per sentence
            around[p.passage_id] = [match(f, context, context) for f in focus]
        for f, there in zip(focus, around[p.passage_id], strict=True):
            here = match(f, own, context)
            covered += f.weight * max(here, there * CONTEXT_SHARE)
            own_covered += f.weight * here
            local_covered += f.weight * match(f, local, context)
            if here == 1.0:
                held.add(f.term)
            missing = max(missing, (1 - max(here, there)) * f.weight / strongest)
            if f.weight == strongest and here < 1.0:
                rival = rival or rival_compound(f, own, in_letter)
                elsewhere = elsewhere or (max(here, there) == 0.0 and holds(f, in_letter))
        counted = kinds_of.counts_the_noun(question, sentence, s, kinds)
        signals = {
            "coverage": covered / total,
            "own_coverage": own_covered / total,
            "local_coverage": local_covered / total,
            "holds_rarest": float(rarest is not None and match(rarest, own) == 1.0),
            "missing": missing,
            "unknown": unknown,
            "type_ok": float(typed and bool(kinds)),
            "type_missing": float(typed and not kinds),
            "fact_near": float(typed and kinds_of.near(kinds, sentence, s, held)),
            "counts_the_noun": float(counted),
            "numbers_missing": numbers_missing,
            "name_missing": name_missing,
            "similarity": sim,
            "similarity_z": sim_z / 10,
            "passage_similarity": hit.dense_similarity or 0.0,
            "rank": 1.0 / (1 + rank),
            "defines": float(question.answer_type == DEFINITION and defines(sentence, focus, note.previous)),
            "english": float(question.english),
            "uncounted": float(counts_a_noun and not counted),
            "typed": float(typed),
        }
        if rival or (elsewhere and max(covered, local_covered) / total <= ELSEWHERE_COVERAGE):
            continue  # a near miss: the sentence is about another "…indsats", or the letter names
            # what was asked about elsewhere and this sentence holds little else of the question
        features = tuple(signals[name] for name in FEATURES)
        out.append(Evidence(rank, p, s, e, signals["coverage"], frozenset(held), features, tuple(kinds)))
    return out


_Surroundings = tuple[frozenset[str], frozenset[str], float, float]


def _surroundings(question: Question, p: Passage, index: LoadedIndex, names: list[Focus]) -> _Surroundings:
    """What every sentence of a passage shares: the terms around it (title, heading, passage, the
    letter's metadata), its letter's terms, and whether the question's numbers and names are missing
    from the passage and the letter."""
    around = f"{index.notes.passage(p.passage_id).title} {p.heading}"
    context = index.notes.passage(p.passage_id).context
    in_letter = index.notes.letter_terms(p.letter_id)
    numbers_missing = float(not has_numbers(question, f"{p.text} {around}"))
    name_missing = float(any(not holds(n, in_letter) for n in names))
    return context, in_letter, numbers_missing, name_missing


@dataclass(frozen=True)
class Resources:
    """What the evidence step reads besides the index: IDF weights, the Danish word list, the
    English-Danish lexicon, and the question's similarity to indexed sentences."""

    weights: Weights
    words: frozenset[str] = frozenset()
    translate: Translate | None = None
    similarity: Callable[[list[int]], list[tuple[float, float]]] | None = None
    synonyms: Translate | None = None


def gist_evidence(index: LoadedIndex, kind: str) -> list[Evidence]:
    """What each letter was asked ('about'), or the sentence that opens its answer's list.

    It reads every passage, so it is found once per loaded index, not at every question."""
    known: dict[str, list[Evidence]] = index.__dict__.setdefault("_gist", {})
    if kind not in known:
        known[kind] = _gist(index, kind)
    return list(known[kind])


def _gist(index: LoadedIndex, kind: str) -> list[Evidence]:
    out: list[Evidence] = []
    for p in index.passages:
        if kind == "about" and p.role == "question":  # the passage's sentences, as indexed
            s, e, _ = index.sentences.rows(p.passage_id)[0]
        elif kind == "overview" and p.role == "body" and p.text.rstrip().endswith(":"):
            s, e, _ = index.sentences.rows(p.passage_id)[-1]
        else:
            continue
        out.append(Evidence(0, p, s, e, 1.0, score=1.0))
    return out


def rank_by_evidence(hits: list[Hit], evidence: list[Evidence]) -> list[Hit]:
    """Passages whose best sentence ranks higher come first; fusion breaks near-ties.

    Rank scores (log-odds) are rounded to halves, so that retrieval's order still decides
    between passages that hold the question about equally well.
    """
    best: dict[str, float] = {}
    for ev in evidence:
        pid = ev.passage.passage_id
        best[pid] = max(best.get(pid, -math.inf), ev.rank_score)
    order = {h.passage.passage_id: i for i, h in enumerate(hits)}

    def key(h: Hit) -> tuple[float, int]:
        score = best.get(h.passage.passage_id, -math.inf)
        return (
            -(round(score / RANK_TIE) * RANK_TIE if score > -math.inf else score),
            order[h.passage.passage_id],
        )

    return sorted(hits, key=key)
