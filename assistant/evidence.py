"""Evidence: which sentences of the retrieved passages hold what a question asks for, and how well."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from . import danish, thesaurus
from .indexing import LoadedIndex
from .passages import FRAME_ROLES
from .question import NAME, Question, has_numbers, satisfies_type
from .types import Hit, Letter, Passage

CANDIDATE_HITS = 20  # evidence is sought in this many of the best passages
OOV_FACTOR = 1.5
CONTEXT_SHARE = 0.5  # a term found only around the sentence counts this much
SYNONYM_SHARE = 0.9  # a term found only through the thesaurus counts this much
RERANK_MARGIN = 0.15
Similarity = Callable[[list[str]], list[float]]
LIST_MARKER = re.compile(r"^\d{1,2}[.)]\s+")
_ORDINALS = dict(
    zip(
        "første anden andet tredje fjerde femte first second third fourth fifth".split(),
        (1, 2, 2, 3, 4, 5, 1, 2, 3, 4, 5),
        strict=True,
    )
)


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, scored against the question."""

    hit_rank: int
    passage: Passage
    start: int
    end: int
    coverage: float
    covered: frozenset[str] = frozenset()  # the focus terms the sentence itself holds


class Weights:
    """Inverse document frequency of terms over the index's passages."""

    def __init__(self, index: LoadedIndex) -> None:
        self.n = max(len(index.passages), 1)
        self.df: Counter[str] = Counter()
        for p in index.passages:
            self.df.update(set(danish.terms(p.context)))
        self._cache: dict[str, float] = {}
        self._unknown: set[str] = set()

    def weight(self, term: str) -> float:
        """Rare terms weigh most; a term found nowhere (even through the thesaurus) weighs most of all."""
        if term not in self._cache:
            df = sum(n for t, n in self.df.items() if danish.stem_match(term, t))
            if df == 0:  # known only through the thesaurus: as rare as its rarest relative
                related = thesaurus.expand(term)
                df = min(
                    (n for t, n in self.df.items() if any(danish.stem_match(r, t) for r in related)),
                    default=0,
                )
            idf = math.log(1 + self.n / (1 + min(df, self.n)))
            # A word no letter uses, not even through the thesaurus, is the surest sign that
            # the letters do not speak of what is asked.
            self._cache[term] = idf * OOV_FACTOR if df == 0 else idf
            if df == 0:
                self._unknown.add(term)
        return self._cache[term]

    def known(self, term: str) -> bool:
        """Whether any letter uses the term, directly or through the thesaurus."""
        self.weight(term)
        return term not in self._unknown


def _title(passage: Passage) -> str:
    """A list item's first sentence names its subject; later sentences lean on it."""
    if passage.role != "list_item":
        return ""
    spans = danish.sentence_spans(passage.text)
    return passage.text[spans[0][0] : spans[0][1]] if spans else ""


@dataclass(frozen=True)
class Focus:
    """A term the evidence should hold, and how much it counts."""

    term: str
    weight: float


def focus_terms(question: Question, index: LoadedIndex, weights: Weights) -> list[Focus]:
    """The question's terms, typo-corrected, split where an unknown compound has known parts."""
    vocabulary = index.lexical.vocabulary
    out: list[Focus] = []
    # An earlier question lends its topic; its words the letters never use lend nothing.
    context = [t for t in question.context if weights.known(t)]
    for term, share in [(t, 1.0) for t in question.focus] + [(t, 0.5) for t in context]:
        if term not in vocabulary and thesaurus.expand(term) == {term}:
            corrected = index.lexical.query_terms(term)
            if corrected and corrected[0] in vocabulary:
                term = corrected[0]
            elif parts := danish.split_compound(term, vocabulary):
                out += [Focus(part, share * weights.weight(part) / 2) for part in parts]
                continue
        out.append(Focus(term, share * weights.weight(term)))
    strongest = max((f.weight for f in out), default=1.0)
    out += [Focus(f"#{n}", strongest) for n in question.numbers if not n.isalpha()]
    words = {w.lower() for w in danish.words(question.text)}
    out += [Focus(f"#item{n}", strongest) for w, n in _ORDINALS.items() if w in words]
    return out


def _letter_terms(letter: Letter) -> set[str]:
    m = letter.meta
    return set(danish.terms(" ".join(x for x in (m.title, m.recipient, m.signatory, m.sender) if x)))


def _numbers(text: str) -> set[str]:
    return {f"#{n}" for n in danish.NUMBER.findall(text)}


def _literal(term: str, terms: set[str]) -> bool:
    return any(danish.stem_match(term, t) for t in terms)


def refers_to(sentence_terms: set[str], title_terms: set[str]) -> bool:
    """A sentence naming the head of the title's compound ("indsatsen") speaks of the title."""
    return any(len(u) >= 5 and t != u and t.endswith(u) for u in sentence_terms for t in title_terms)


def find_evidence(
    question: Question, hits: list[Hit], index: LoadedIndex, focus: list[Focus]
) -> list[Evidence]:
    """Sentences that hold the kind of fact asked for and cover the question, best first.

    A term in the sentence itself counts fully; one only in its context (the list item's
    title, the section heading, the letter's own metadata) counts half.
    """
    total = sum(f.weight for f in focus) or 1.0
    found: list[Evidence] = []
    for rank, hit in enumerate(hits[:CANDIDATE_HITS]):
        p = hit.passage
        title = _title(p)
        title_terms = set(danish.terms(title))
        context = set(danish.terms(f"{title} {p.heading}")) | _numbers(f"{title} {p.heading}")
        context |= _letter_terms(index.letters[p.letter_id])
        item = set()
        if p.role == "list_item" and (m := LIST_MARKER.match(p.text)):
            item.add(f"#item{m.group(0).strip().rstrip('.)')}")  # true of every sentence in it
        typed = question.answer_type is not None
        numbers_around = f"{title} {p.heading}" if typed else p.context
        for s, e in danish.sentence_spans(p.text, offset=p.start):
            sentence = p.text[s - p.start : e - p.start]
            # A number in a typed question qualifies the fact, so it must stand by it; in a
            # yes/no question it may stand anywhere in the passage.
            if not satisfies_type(question, sentence) or not has_numbers(
                question, f"{numbers_around} {sentence}"
            ):
                continue
            own = set(danish.terms(sentence)) | _numbers(sentence) | item
            if title and sentence == title:  # a bare name: its words speak for the whole item
                own = item | _numbers(sentence)
                if question.answer_type == NAME:
                    own |= title_terms
            elif refers_to(own, title_terms):  # "Indsatsen …" is the item's aktiveringsindsats
                own |= title_terms
            if p.role in FRAME_ROLES:  # their heading says what the lines are
                own |= set(danish.terms(p.heading))
            covered = 0.0
            held: set[str] = set()
            for f in focus:
                if f.term.startswith("#"):
                    found_own, found_around = f.term in own, f.term in context
                else:
                    found_own = thesaurus.matches(f.term, own)
                    found_around = not found_own and thesaurus.matches(f.term, context)
                # The asker's own word is stronger evidence than a synonym of it.
                share = 1.0 if _literal(f.term, own | context) else SYNONYM_SHARE
                covered += share * (
                    f.weight if found_own else f.weight * CONTEXT_SHARE if found_around else 0
                )
                if found_own:
                    held.add(f.term)
            found.append(Evidence(rank, p, s, e, covered / total, frozenset(held)))
    found.sort(key=lambda ev: (-round(ev.coverage, 3), ev.hit_rank, ev.start))
    return found


def gist_evidence(index: LoadedIndex, kind: str) -> list[Evidence]:
    """What each letter was asked ('about'), or the sentence that opens its answer's list."""
    out: list[Evidence] = []
    for p in index.passages:
        if kind == "about" and p.role == "question":
            s, e = danish.sentence_spans(p.text, offset=p.start)[0]
        elif kind == "overview" and p.role == "body" and p.text.rstrip().endswith(":"):
            s, e = danish.sentence_spans(p.text, offset=p.start)[-1]
        else:
            continue
        out.append(Evidence(0, p, s, e, 1.0))
    return out


def rank_by_evidence(hits: list[Hit], evidence: list[Evidence]) -> list[Hit]:
    """Passages whose best sentence covers the question better come first; fusion breaks ties.

    Coverage is rounded to tenths, so that retrieval's order still decides between passages
    that hold the question about equally well.
    """
    best: dict[str, float] = {}
    for ev in evidence:
        pid = ev.passage.passage_id
        best[pid] = max(best.get(pid, 0.0), ev.coverage)
    order = {h.passage.passage_id: i for i, h in enumerate(hits)}
    return sorted(
        hits, key=lambda h: (-round(best.get(h.passage.passage_id, 0.0), 1), order[h.passage.passage_id])
    )


def rerank(evidence: list[Evidence], index: LoadedIndex, similarity: Similarity) -> list[Evidence]:
    """Among the sentences that cover the question about as well as the best, the one that
    means most nearly what was asked comes first (e5 tells "formålet med" from "afsatte")."""
    if not evidence:
        return evidence
    near = [ev for ev in evidence if ev.coverage >= evidence[0].coverage - RERANK_MARGIN]
    texts = [index.letters[ev.passage.letter_id].text[ev.start : ev.end] for ev in near]
    scores = similarity(texts)
    ranked = [ev for _, ev in sorted(zip(scores, near, strict=True), key=lambda x: -x[0])]
    return ranked + [ev for ev in evidence if ev not in near]
