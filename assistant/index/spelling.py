"""Spelling: a misspelled question term's nearest vocabulary term, as difflib finds it, found fast.

``difflib.get_close_matches(term, vocabulary, n=1, cutoff=0.8)`` compares the term with every
vocabulary term in Python. Two necessary conditions are checked first, for all terms at once:
difflib's own ``real_quick_ratio`` (lengths) and ``quick_ratio`` (letters in common, counted with
numpy). Only the terms that pass both go to difflib, which then decides exactly as it did.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import numpy as np

CUTOFF = 0.8
_REMEMBERED = 4096


class Spelling:
    """Corrections against one vocabulary; each term's is found once and remembered."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._by_length: dict[int, list[str]] = {}
        for t in vocabulary:
            self._by_length.setdefault(len(t), []).append(t)
        every = "".join(t for terms in self._by_length.values() for t in terms)
        self._letters = {c: i for i, c in enumerate(sorted(set(every)))}
        self._counts: dict[int, np.ndarray] = {}  # per length: letter counts, one row per term
        self._corrected: dict[str, str] = {}

    def _near_length(self, n: int) -> list[int]:
        """The only lengths m within difflib's 0.8 of a term of length n: a ratio of
        2 * matches / (n + m) needs m within n * 2/3 .. n * 3/2. The rest are never compared."""
        return [m for m in range(max(1, (2 * n) // 3), (3 * n) // 2 + 2) if m in self._by_length]

    def _letter_counts(self, m: int) -> np.ndarray:
        if m not in self._counts:
            counts = np.zeros((len(self._by_length[m]), len(self._letters)), dtype=np.int16)
            for row, t in enumerate(self._by_length[m]):
                for c in t:
                    counts[row, self._letters[c]] += 1
            self._counts[m] = counts
        return self._counts[m]

    def _candidates(self, term: str) -> list[str]:
        """The terms whose quick_ratio with ``term`` reaches the cutoff, in difflib's order."""
        out: list[str] = []
        for m in self._near_length(len(term)):
            counts = self._letter_counts(m)
            own = np.zeros(counts.shape[1], dtype=np.int16)
            for c in term:
                if c in self._letters:
                    own[self._letters[c]] += 1
            matches = np.minimum(counts, own).sum(axis=1)
            ratio = 2.0 * matches / (len(term) + m)  # difflib's _calculate_ratio
            out += [self._by_length[m][i] for i in np.flatnonzero(ratio >= CUTOFF)]
        return out

    def closest(self, term: str) -> str:
        """The vocabulary term difflib finds closest to ``term`` (at least 0.8 alike), or ``term``."""
        if term not in self._corrected:
            close = difflib.get_close_matches(term, self._candidates(term), n=1, cutoff=CUTOFF)
            if len(self._corrected) >= _REMEMBERED:
                self._corrected.clear()
            self._corrected[term] = close[0] if close else term
        return self._corrected[term]
