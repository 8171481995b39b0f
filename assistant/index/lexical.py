"""BM25 over Danish stems, over the live passages of every segment's postings, scored at the question.

The scores are bm25s's (Lucene variant, k1 1.2, b 0.75, float32), computed from term counts at
the question rather than stored: adding a letter changes every passage's score (the document
frequencies and the mean length change), so stored scores would all be written again.
tests/test_lexical.py checks them against bm25s itself, number for number.
"""

from __future__ import annotations

import bisect
import math

import numpy as np

from assistant.index.postings import Postings
from assistant.index.spelling import Spelling
from assistant.text import danish

RELATED_WEIGHT = 0.5
K1, B = 1.2, 0.75

Part = tuple[Postings, np.ndarray]  # a segment's postings, and where its passages stand (-1: gone)


class LexicalIndex:
    """BM25 over stemmed, folded, stop-word-free terms; query typos are matched to the vocabulary."""

    def __init__(self, parts: list[Part], passage_ids: list[str]) -> None:
        self.passage_ids = passage_ids
        self._parts = parts
        self._where: dict[str, list[tuple[int, int]]] = {}  # term -> (part, term number)
        self._df: dict[str, int] = {}
        total = 0
        for p, (postings, position) in enumerate(parts):
            live = position[postings.docs] >= 0
            held = np.concatenate([[0], np.cumsum(live)])[postings.indptr]
            for i, (term, df) in enumerate(zip(postings.vocabulary, np.diff(held).tolist(), strict=True)):
                if df:
                    self._where.setdefault(term, []).append((p, i))
                    self._df[term] = self._df.get(term, 0) + df
            total += int(postings.lengths[position >= 0].sum())
        self._n = len(passage_ids)
        self._mean_length = np.float64(total) / self._n if self._n else np.float64(1.0)  # bm25s: np.mean
        self.vocabulary = frozenset(t for t in self._df if t)
        self._spelling = Spelling(self.vocabulary)
        self._sorted: list[str] | None = None

    @classmethod
    def of(cls, passage_ids: list[str], texts: list[str]) -> LexicalIndex:
        """An index of the given texts alone (one segment, every passage live)."""
        postings = Postings.build([danish.terms(t) or [""] for t in texts])
        return cls([(postings, np.arange(len(texts)))], passage_ids)

    def begins_with(self, prefix: str) -> bool:
        """Whether a vocabulary term begins with ``prefix``: one bisection of the sorted terms."""
        if self._sorted is None:
            self._sorted = sorted(self.vocabulary)
        at = bisect.bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)

    def document_frequencies(self) -> dict[str, int]:
        """How many passages hold each term."""
        return {t: n for t, n in self._df.items() if t}

    def scores(self, terms: list[str]) -> np.ndarray:
        """Each passage's BM25 score for the terms (float32), as bm25s.BM25.get_scores gives it:
        each term's score per passage rounded to float32, then summed term by term."""
        out = np.zeros(self._n, dtype=np.float32)
        for term in terms:
            df = self._df.get(term, 0)
            if not df:
                continue
            idf = np.float32(math.log(1 + (self._n - df + 0.5) / (df + 0.5)))
            for p, i in self._where[term]:
                postings, position = self._parts[p]
                docs = postings.docs[postings.indptr[i] : postings.indptr[i + 1]]
                where = position[docs]
                live = where >= 0
                counts, lengths = (
                    postings.counts[postings.indptr[i] : postings.indptr[i + 1]][live],
                    postings.lengths[docs[live]],
                )
                tfc = counts / (K1 * ((1 - B) + B * lengths / self._mean_length) + counts)
                out[where[live]] += (idf * tfc).astype(np.float32)
        return out

    def query_terms(self, text: str) -> list[str]:
        """The question's terms, each replaced by its nearest vocabulary term when misspelled."""
        out: list[str] = []
        for term in danish.terms(text):
            if term in self.vocabulary or len(term) < 4:
                out.append(term)
                continue
            out.append(self._spelling.closest(term))
        return out

    def search(self, text: str, top_k: int, translations: tuple[str, ...] = ()) -> list[tuple[str, float]]:
        """(passage_id, BM25 score), best first; passages that share no term are left out.

        Translations of an English question's words (Danish words) count half as much as the
        question's own words, so a letter that uses the asker's words ranks above the rest.
        """
        terms = [t for t in self.query_terms(text) if t in self.vocabulary]
        related = sorted(
            {t for t in danish.terms(" ".join(translations)) if t in self.vocabulary} - set(terms)
        )
        if not terms and not related:
            return []
        scores = np.zeros(len(self.passage_ids))
        if terms:
            scores += self.scores(terms)
        if related:
            scores += RELATED_WEIGHT * self.scores(related)
        if len(scores) > top_k:  # the top k only, not a sort of the whole corpus
            keep = np.argpartition(-scores, top_k - 1)[:top_k]
            cut = scores[keep].min()
            candidates = np.flatnonzero((scores >= cut) & (scores > 0))  # ties at the cut stay stable
        else:
            candidates = np.arange(len(scores))
        order = candidates[np.argsort(-scores[candidates], kind="stable")][:top_k]
        return [(self.passage_ids[i], float(scores[i])) for i in order if scores[i] > 0]
