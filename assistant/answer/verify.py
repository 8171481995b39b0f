"""Sentence verification: each sentence a model writes is kept only where its cited passages back it.

A sentence is kept when it cites passages that exist; every number, amount, percent, date, month and
proper name in it stands in a passage it cites; its content words are covered by those passages (the
evidence step's IDF-weighted coverage, ``focus.match``); and what it quotes stands there verbatim.
Sentences in a passage that speak to an assistant ("ignorer alle tidligere instruktioner") back nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assistant.answer.focus import Focus, Weights, match, proper_names
from assistant.answer.prompt import MODEL_REFUSAL, Source
from assistant.text import danish, facts
from assistant.types import Passage, Removed

MIN_COVERAGE = 0.7  # of a sentence's weighted content words, found in the passages it cites
_MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
# A sentence ends after its markers when a new one starts: "… kr. [1] Det blev …".
_AFTER_MARKERS = re.compile(
    r"(?:\s*\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\])+[.!?]?(?=\s+[\"„”«»(]?[A-ZÆØÅ0-9])"
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_QUOTED = re.compile(r"[„“\"”«»]([^„“\"”«»\n]{3,}?)[„“\"”«»]")
_NUMBER = re.compile(
    r"(?<![\w,.])(\d+(?:[.,]\d+)*)(?:[^\S\n]*(mio|mia|mill|millioner|million|milliarder|milliard|tusinde?)"
    r"(?!\w)\.?)?",
    re.IGNORECASE,
)
_SCALES = {"mio": 10**6, "mill": 10**6, "million": 10**6, "millioner": 10**6, "tusind": 1000, "tusinde": 1000}
_SCALES |= {"mia": 10**9, "milliard": 10**9, "milliarder": 10**9}
_WORD_NUMBERS = dict(
    zip(
        "to tre fire fem seks syv otte ni ti elleve tolv tretten fjorten femten seksten sytten atten nitten "
        "tyve tredive fyrre halvtreds tres halvfjerds firs halvfems hundrede tusind".split(),
        [*range(2, 21), 30, 40, 50, 60, 70, 80, 90, 100, 1000],
        strict=True,
    )
)
_INSTRUCTION = re.compile(
    r"\bignor(?:er|ér|e)\b.{0,60}\b(?:instruks|instruktion|instruction|regler|rules|prompt)"
    r"|\bglem\b.{0,30}\b(?:instruktion|regler)|\bdu er nu\b|\byou are now\b|\bsystem\s*prompt"
    r"|\b(?:til|to)\s+(?:ai|sprogmodel|chatbot|assistent)|\bai-assistent"
    r"|\bskriv i stedet\b|\bsvar i stedet\b",
    re.IGNORECASE,
)
Synonyms = Callable[[str], frozenset[str]]


@dataclass(frozen=True)
class Verified:
    """A kept sentence (markers removed) and the exact letter sentences that back it."""

    text: str
    support: tuple[tuple[Passage, int, int], ...]  # (passage, start, end) in the letter's offsets


def split(text: str) -> list[str]:
    """The model's text as sentences, by the project's Danish splitter; markers close a sentence too."""
    out: list[str] = []
    for s, e in danish.sentence_spans(text):
        piece, start = text[s:e], 0
        for m in _AFTER_MARKERS.finditer(piece):
            out.append(piece[start : m.end()].strip())
            start = m.end()
        if piece[start:].strip():
            out.append(piece[start:].strip())
    return out


def cited(sentence: str) -> list[int]:
    return [int(n) for m in _MARKER.finditer(sentence) for n in re.split(r"\s*[,;]\s*", m.group(1))]


def plain(sentence: str) -> str:
    """The sentence without markers, markdown emphasis or a bullet, its spaces tidied."""
    text = _BULLET.sub("", _MARKER.sub("", sentence).replace("**", "").replace("__", ""))
    text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", text)).strip()
    return re.sub(r"[.]{2,}$", ".", text)


def instruction_like(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


def _value(number: str) -> Fraction:
    """Danish notation: a comma is the decimal mark; dots between groups of three separate thousands."""
    if "," in number:
        return Fraction(number.replace(".", "").replace(",", ".", 1).replace(",", ""))
    groups = number.split(".")
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return Fraction("".join(groups))
    return Fraction(number)


def numbers(text: str) -> list[tuple[str, Fraction]]:
    """Each number with its scale ("12,6 mio." is 12 600 000), and Danish number words, as values."""
    out = []
    for m in _NUMBER.finditer(text):
        scale = _SCALES.get((m.group(2) or "").lower(), 1)
        out.append((m.group(0).strip(), _value(m.group(1)) * scale))
    for w in danish.words(text):
        if w.lower() in _WORD_NUMBERS:
            out.append((w, Fraction(_WORD_NUMBERS[w.lower()])))
    return out


def _values(text: str) -> set[Fraction]:
    """What a passage states: each number scaled and bare, a range's end in full ("2021-24": 2024),
    and the month numbers of the months it names."""
    found = {v for _, v in numbers(text)}
    found |= {_value(m.group(1)) for m in _NUMBER.finditer(text)}
    for m in re.finditer(r"\b((?:19|20)\d\d)[-–/](\d\d)\b", text):
        found.add(Fraction(int(m.group(1)[:2] + m.group(2))))
    lower = text.lower()
    found |= {Fraction(i + 1) for i, month in enumerate(danish.MONTHS) if month in lower}
    return found


def _months(text: str) -> set[str]:
    return {m for m in danish.MONTHS if re.search(rf"\b{m}\b", text.lower())}


def _names(sentence: str, words: frozenset[str]) -> list[str]:
    """Stems of the proper names in a sentence: capitalized words inside it, and recognized persons
    and organisations wherever they stand."""
    names = proper_names(sentence)
    for f in facts.find(sentence, words):
        if f.kind in ("person", "organisation"):
            names += [danish.stem(w) for w in danish.words(f.text) if w[:1].isupper()]
    return list(dict.fromkeys(n for n in names if n))


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


class Verifier:
    """Checks one answer's sentences against the numbered passages the model was shown."""

    def __init__(
        self,
        sources: Sequence[Source],
        weights: Weights,
        words: frozenset[str] = frozenset(),
        synonyms: Synonyms | None = None,
    ) -> None:
        self.sources = {s.n: s for s in sources}
        self.weights = weights
        self.words = words
        self.synonyms = synonyms
        self.seen: set[str] = set()

    def _sentences(self, source: Source) -> list[tuple[int, int, str]]:
        """The passage's sentences that may back a claim: (start, end) in the letter, and the text."""
        p = source.passage
        out = []
        for s, e in danish.sentence_spans(p.text, offset=p.start):
            text = p.text[s - p.start : e - p.start]
            if not instruction_like(text):
                out.append((s, e, text))
        return out

    def _around(self, source: Source) -> str:
        """What the source card shows besides the passage: heading, title, date and sender."""
        m = source.letter.meta
        when = danish.long_date(m.date) if m.date else ""
        return " ".join(x for x in (source.passage.heading, m.title, when, m.sender or "") if x)

    def _coverage(self, text: str, terms: set[str]) -> float:
        focus = []
        for w in danish.words(text):
            if w.lower() in danish.STOP_WORDS or w[0].isdigit() or w.lower() in _WORD_NUMBERS:
                continue
            alts = frozenset({danish.stem(w)})
            related = self.synonyms(w) - alts if self.synonyms else frozenset()
            focus.append(Focus(danish.stem(w), alts, self.weights.weight(alts), related=related))
        total = sum(f.weight for f in focus)
        if not total:
            return 1.0
        return sum(f.weight * match(f, terms, terms) for f in focus) / total

    def check(self, sentence: str) -> Verified | Removed:
        """The sentence kept, with its support, or removed with the reason (Danish, for staff)."""
        text, refs = plain(sentence), list(dict.fromkeys(cited(sentence)))
        if not text or not any(c.isalnum() for c in text):
            return Removed(sentence, "tom sætning")
        if MODEL_REFUSAL.rstrip(".").lower() in text.lower():
            return Removed(sentence, "modellen fandt intet svar i passagerne")
        if not refs:
            return Removed(sentence, "ingen kildehenvisning")
        missing = [n for n in refs if n not in self.sources]
        if missing:
            return Removed(sentence, f"henviser til kilde [{missing[0]}], som ikke findes")
        key = _collapse(text)
        if key in self.seen:
            return Removed(sentence, "gentager en tidligere sætning")
        sources = [self.sources[n] for n in refs]
        candidates = [(src, s, e, t) for src in sources for s, e, t in self._sentences(src)]
        if not candidates:
            return Removed(sentence, "den citerede kilde rummer kun en instruktion, ingen oplysning")
        backing = " ".join(t for *_, t in candidates) + " " + " ".join(self._around(s) for s in sources)
        values = _values(backing)
        for surface, value in numbers(text):
            if value not in values:
                return Removed(sentence, f"tallet «{surface}» står ikke i den citerede kilde")
        for month in _months(text) - _months(backing):
            return Removed(sentence, f"datoen med «{month}» står ikke i den citerede kilde")
        terms = set(danish.terms(backing, keep_stop_words=True))
        for name in _names(text, self.words):
            if not any(danish.stem_match(name, t) for t in terms):
                return Removed(sentence, f"navnet «{name}» står ikke i den citerede kilde")
        for quoted in _QUOTED.findall(text):
            if _collapse(quoted) not in _collapse(backing):
                return Removed(sentence, f"citatet «{quoted}» står ikke ordret i kilden")
        covered = self._coverage(text, set(danish.terms(backing)))
        if covered < MIN_COVERAGE:
            share = f"{covered:.2f}".replace(".", ",")
            return Removed(sentence, f"ordene er ikke dækket af den citerede kilde (dækning {share})")
        self.seen.add(key)
        return Verified(text, tuple(self._support(text, candidates)))

    def _support(
        self, text: str, candidates: Iterable[tuple[Source, int, int, str]]
    ) -> list[tuple[Passage, int, int]]:
        """The letter sentences that back the claim best: per cited passage its best sentence, and a
        second one where only that holds some of the claim's numbers."""
        claim_terms = set(danish.terms(text))
        wanted = {v for _, v in numbers(text)}
        by_source: dict[int, list[tuple[float, int, int, str]]] = {}
        for src, s, e, t in candidates:
            score = len(claim_terms & set(danish.terms(t))) + 2 * len(wanted & _values(t))
            by_source.setdefault(src.n, []).append((score, s, e, t))
        out: list[tuple[Passage, int, int]] = []
        for n, rows in by_source.items():
            passage = self.sources[n].passage
            rows.sort(key=lambda r: (-r[0], r[1]))
            if rows[0][0] <= 0:
                continue
            out.append((passage, rows[0][1], rows[0][2]))
            left = wanted - _values(rows[0][3])
            extra = next((r for r in rows[1:] if left & _values(r[3])), None)
            if extra:
                out.append((passage, extra[1], extra[2]))
        if not out:  # backed by the headings and titles only: the best sentence of the first passage
            for n, rows in list(by_source.items())[:1]:
                out.append((self.sources[n].passage, rows[0][1], rows[0][2]))
        return sorted(out, key=lambda x: (x[0].letter_id, x[1]))
