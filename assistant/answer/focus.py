"""The question's terms: weighted by rarity, bridged by lexicon and synonyms, and how a text holds them."""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.question import Question
from assistant.index.build import LoadedIndex
from assistant.text import danish
from assistant.text.terms import TermSet

OOV_FACTOR = 1.5
Translate = Callable[[str], frozenset[str]]
_ORDINALS = dict(
    zip(
        "første anden andet tredje fjerde femte first second third fourth fifth".split(),
        (1, 2, 2, 3, 4, 5, 1, 2, 3, 4, 5),
        strict=True,
    )
)


@dataclass(frozen=True)
class Focus:
    """A term the evidence should hold: its stem, the stems that count as it, and its weight."""

    term: str
    alternatives: frozenset[str]
    weight: float
    known: bool = True
    related: frozenset[str] = frozenset()  # general synonyms: they count SYNONYM_SHARE


class Weights:
    """Inverse document frequency of terms over the index's passages."""

    def __init__(self, index: LoadedIndex) -> None:
        self.n = max(len(index.passages), 1)
        # Read off the BM25 index (the same terms of the same passages): no pass over the passages.
        self.df: Counter[str] = Counter(index.lexical.document_frequencies())
        # Sorted forwards and backwards, a stem's compounds are one range each: no vocabulary scan.
        self._forward = sorted(self.df)
        self._backward = sorted(t[::-1] for t in self.df)
        self._cache: dict[frozenset[str], int] = {}

    def df_of(self, alternatives: frozenset[str]) -> int:
        """Passages holding any of the stems, or a compound built on one."""
        if alternatives not in self._cache:
            terms = {t for a in alternatives for t in self._compounds(a) if danish.stem_match(a, t)}
            self._cache[alternatives] = sum(self.df[t] for t in terms)
        return self._cache[alternatives]

    def _compounds(self, stem: str) -> list[str]:
        """The vocabulary's terms that start or end with the stem (stem_match's candidates)."""
        found = [stem] if stem in self.df else []
        for terms, key, turn in ((self._forward, stem, False), (self._backward, stem[::-1], True)):
            at = bisect.bisect_left(terms, key)
            while at < len(terms) and terms[at].startswith(key):
                found.append(terms[at][::-1] if turn else terms[at])
                at += 1
        return found

    def weight(self, alternatives: frozenset[str]) -> float:
        return self.weight_of_df(self.df_of(alternatives))

    def weight_of_df(self, df: int) -> float:
        """Rare terms weigh most; a term no letter uses weighs most of all."""
        idf = math.log(1 + self.n / (1 + min(df, self.n)))
        return idf * OOV_FACTOR if df == 0 else idf

    def known(self, term: str) -> bool:
        return self.df_of(frozenset({term})) > 0


def focus_terms(
    question: Question,
    index: LoadedIndex,
    weights: Weights,
    translate: Translate | None = None,
    synonyms: Translate | None = None,
    words: frozenset[str] = frozenset(),
) -> list[Focus]:
    """The question's terms, typo-corrected, split where an unknown compound has known parts.

    An English word counts as found where any of its Danish translations (or the word itself,
    for loan words) stands.
    """
    vocabulary = index.lexical.vocabulary
    english = {danish.stem(w): w for w in question.words} if question.english and translate else {}
    danish_words = {} if question.english else {danish.stem(w): w for w in question.words}
    lower_case = {danish.stem(w) for w in danish.words(question.text) if w.islower()}  # no names
    # A name no letter holds is not a misspelling of another word ("Frankrig" is not "forankret").
    names = set(proper_names(question.text))
    out: list[Focus] = []
    context = [t for t in question.context if weights.known(t)]
    for term, share in [(t, 1.0) for t in question.focus] + [(t, 0.5) for t in context]:
        alternatives = {term}
        if term in english and translate is not None:
            alternatives |= {danish.stem(w) for w in translate(english[term]) if " " not in w}
            if alternatives == {term} and not weights.known(term):
                continue  # an English word the lexicon cannot bridge says nothing either way
        elif term not in vocabulary:
            corrected = [] if term in names else index.lexical.query_terms(term)
            if corrected and corrected[0] in vocabulary:
                alternatives = {corrected[0]}
            elif parts := danish.split_compound(term, vocabulary, index.lexical.begins_with):
                for part in parts:
                    alts = frozenset({part})
                    out.append(Focus(part, alts, share * weights.weight(alts) / 2))
                continue
            elif term in lower_case and misspelt(danish_words[term], words):
                continue  # "lnge", "retet": a word no letter and no dictionary knows says nothing
        alts = frozenset(a for a in alternatives if a)
        words_for = [danish_words[term]] if term in danish_words else []
        if term in english and translate is not None:  # and the synonyms of its translations
            words_for = [w for w in translate(english[term]) if " " not in w]
        related = frozenset(r for w in words_for for r in synonyms(w)) - alts if synonyms else frozenset()
        df = weights.df_of(alts)
        if df == 0 and related:  # known only through a synonym: as rare as its rarest relative
            known = [weights.df_of(frozenset({r})) for r in related]
            df = min((n for n in known if n), default=0)
        weight = weights.weight_of_df(df)
        out.append(Focus(term, alts, share * weight, df > 0, frozenset(related)))
    strongest = max((f.weight for f in out), default=1.0)
    out += [Focus(f"#{n}", frozenset({f"#{n}"}), strongest) for n in question.numbers if not n.isalpha()]
    said = {w for w in danish.words(question.text) if w.islower()}  # "Job First" names, it does not count
    out += [
        Focus(f"#item{n}", frozenset({f"#item{n}"}), strongest) for w, n in _ORDINALS.items() if w in said
    ]
    return out


def misspelt(word: str, dictionary: frozenset[str]) -> bool:
    """A word of four letters or more that the Danish word list lacks, also with æøå written as
    ae, o and a, while a word one letter away from it is there ("lnge", "retet"): a typo the index
    could not correct, not something the letters leave out. No word counts as misspelt without a
    word list."""
    if len(word) < 4 or not dictionary:
        return False
    known = _folded(dictionary)
    folded = danish.fold(word.lower())
    if word.lower() in dictionary or folded in known or _inflected(folded, known) or _compound(folded, known):
        return False
    return any(near in known for near in danish.one_edit(folded))


# Inflections the word list may not spell out ("genbrugspladsen" for "genbrugsplads"), longest first.
_ENDINGS = ("ernes", "enes", "erne", "ene", "ens", "ets", "en", "et", "ne", "er", "es", "e", "r", "s")
MIN_BASE = 5  # a shorter base is too often another word ("retet" is no form of "ret")


def _inflected(folded: str, known: frozenset[str], shortest: int = MIN_BASE) -> bool:
    """A word-list word with a Danish inflectional ending."""
    return any(
        folded.endswith(end) and len(folded) - len(end) >= shortest and folded[: -len(end)] in known
        for end in _ENDINGS
    )


def _compound(folded: str, known: frozenset[str]) -> bool:
    """Two word-list words joined, with or without a linking s or e ("beboer|rådgiverne")."""
    for i in range(4, len(folded) - 3):
        head, tail = folded[:i], folded[i:]
        if (head in known or head[-1] in "se" and head[:-1] in known) and (
            tail in known or _inflected(tail, known, shortest=4)
        ):
            return True
    return False


@functools.lru_cache(maxsize=2)
def _folded(dictionary: frozenset[str]) -> frozenset[str]:
    return frozenset(danish.fold(w.lower()) for w in dictionary)


_PROPER = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-ZÆØÅ][\wæøå]+|[A-ZÆØÅ]{2,6})\b")


def proper_names(text: str) -> list[str]:
    """Stems of the capitalized words inside a question (places, names, acronyms): a letter that
    never names them is not about what was asked."""
    words = (m.group(1) for m in _PROPER.finditer(text.strip()))
    # a stop word inside a name ("Vejen Ud") is in no letter's terms, so it could never be found
    return list(dict.fromkeys(danish.stem(w) for w in words if w.lower() not in danish.STOP_WORDS))


def holds(focus: Focus, terms: set[str] | frozenset[str]) -> bool:
    if focus.term.startswith("#"):
        return focus.term in terms
    return _holds_any(focus.alternatives, terms)


def _holds_any(stems: frozenset[str], terms: set[str] | frozenset[str]) -> bool:
    """Whether any term is one of the stems or a compound built on one (danish.stem_match)."""
    if isinstance(terms, TermSet):  # the notes' sets (index/notes.py): one intersection
        return terms.holds_any(stems)
    return any(danish.stem_match(a, t) for a in stems for t in terms)


@functools.lru_cache(maxsize=4096)
def compound_heads(stem: str) -> frozenset[str]:
    """The heads a text may name a compound by are its own endings (3 letters or more, at least 4
    letters shorter): looked up in the text's terms, rather than every term tested."""
    return frozenset(stem[i:] for i in range(4, len(stem) - 2))


HEAD_SHARE = 0.5  # "zonen" for "visitationszonen": the text names the compound by its head
SYNONYM_SHARE = 0.6  # "arbejdsløse" for "ledige": a general synonym, in one of its senses


def match(
    focus: Focus, terms: set[str] | frozenset[str], around: set[str] | frozenset[str] = frozenset()
) -> float:
    """1 where the text holds the term; HEAD_SHARE where it names the term's compound by its bare
    head ("zonen" for "visitationszonen") and nothing around names another compound with that head
    ("indsatsen" after "aktiveringsindsatsen" is not the "fritidsjobindsats" asked about);
    SYNONYM_SHARE where it holds a general synonym."""
    if holds(focus, terms):
        return 1.0
    if focus.term.startswith("#"):
        return 0.0
    for a in focus.alternatives:
        for t in compound_heads(a) & terms:
            longer = (
                around.longer_ending_with(t)
                if isinstance(around, TermSet)
                else [c for c in around if c.endswith(t) and len(c) > len(t)]
            )
            if not any(not danish.stem_match(a, c) for c in longer):
                return HEAD_SHARE
    return SYNONYM_SHARE if _holds_any(focus.related, terms) else 0.0
