"""Sets of index terms that say at once whether they hold a stem, or a compound built on it.

``danish.stem_match(stem, term)`` compares one stem with one term. The evidence step asks it of
every focus stem and every term of every candidate sentence: thousands of comparisons a question.
A ``Vocabulary`` (every term an index's notes hold) finds a stem's compounds once, as two ranges of
its sorted terms; each ``TermSet`` of that vocabulary then answers with one set intersection.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from assistant.text.danish import stem_match

_REMEMBERED = 4096


def _sorted_both_ways(terms: Iterable[str]) -> tuple[list[str], list[str]]:
    ordered = sorted(terms)
    return ordered, sorted(t[::-1] for t in ordered)


def _starting(ordered: list[str], prefix: str) -> list[str]:
    at = bisect.bisect_left(ordered, prefix)
    end = bisect.bisect_left(ordered, prefix + "\U0010ffff")
    return ordered[at:end]


class Vocabulary:
    """Every term of an index's notes, sorted forwards and backwards."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._forward, self._backward = _sorted_both_ways(set(terms))
        self._compounds: dict[frozenset[str], frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self._forward)

    def compounds(self, stems: frozenset[str]) -> frozenset[str]:
        """The vocabulary's terms t with ``stem_match(a, t)`` for a stem a: the stem itself, or
        a term at least 3 letters longer that begins or ends with it (stems of 5 letters or more)."""
        found = self._compounds.get(stems)
        if found is None:
            out: set[str] = set(stems)
            for a in stems:
                if len(a) >= 5:
                    out.update(t for t in _starting(self._forward, a) if stem_match(a, t))
                    out.update(t[::-1] for t in _starting(self._backward, a[::-1]) if stem_match(a, t[::-1]))
            if len(self._compounds) >= _REMEMBERED:
                self._compounds.clear()
            found = self._compounds[stems] = frozenset(out)
        return found


class TermSet(frozenset[str]):
    """A frozenset of terms, every one of them in ``vocabulary``."""

    __slots__ = ("vocabulary", "_sorted")

    vocabulary: Vocabulary
    _sorted: tuple[list[str], list[str]]

    def __new__(cls, terms: Iterable[str], vocabulary: Vocabulary) -> TermSet:
        out = super().__new__(cls, terms)
        out.vocabulary = vocabulary
        return out

    def holds_any(self, stems: frozenset[str]) -> bool:
        """``any(stem_match(a, t) for a in stems for t in self)``, by one intersection."""
        return not self.vocabulary.compounds(stems).isdisjoint(self)

    def longer_ending_with(self, head: str) -> list[str]:
        """The terms c with ``c.endswith(head) and len(c) > len(head)``, in no set order."""
        try:
            backward = self._sorted[1]
        except AttributeError:
            self._sorted = _sorted_both_ways(self)
            backward = self._sorted[1]
        return [c[::-1] for c in _starting(backward, head[::-1]) if len(c) > len(head)]
