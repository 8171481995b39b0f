"""Postings: one segment's term frequencies, term by term (which passages hold it, how often).

BM25 scores depend on the whole corpus (document frequencies, the mean passage length), so a
segment stores counts, not scores: adding letters then writes their postings only, and BM25 is
computed at the question over the live passages of every segment (index/lexical.py).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

VOCABULARY = "vocabulary.json"


@dataclass(frozen=True)
class Postings:
    """Term i's postings are ``docs[indptr[i]:indptr[i + 1]]`` (passage rows of the segment, in
    order) and ``counts`` beside them. ``lengths``: each passage's number of terms."""

    vocabulary: list[str]
    indptr: np.ndarray  # int64, len(vocabulary) + 1
    docs: np.ndarray  # int32
    counts: np.ndarray  # float32, as bm25s counts term frequencies
    lengths: np.ndarray  # int64

    @classmethod
    def build(cls, terms: list[list[str]]) -> Postings:
        """From each passage's terms (a passage with none has the one term "", as bm25s indexes it)."""
        ids: dict[str, int] = {}
        term_of, doc_of, count_of = [], [], []
        for doc, doc_terms in enumerate(terms):
            for term, count in Counter(doc_terms).items():
                term_of.append(ids.setdefault(term, len(ids)))
                doc_of.append(doc)
                count_of.append(count)
        order = np.lexsort((np.asarray(doc_of, dtype=np.int64), np.asarray(term_of, dtype=np.int64)))
        per_term = np.bincount(np.asarray(term_of, dtype=np.int64), minlength=len(ids))
        return cls(
            vocabulary=list(ids),
            indptr=np.concatenate([[0], np.cumsum(per_term)]).astype(np.int64),
            docs=np.asarray(doc_of, dtype=np.int32)[order],
            counts=np.asarray(count_of, dtype=np.float32)[order],
            lengths=np.asarray([len(t) for t in terms], dtype=np.int64),
        )

    def terms_of(self) -> list[list[str]]:
        """Each passage's terms as a multiset (in no particular order): to copy passages into
        another segment without stemming them again."""
        out: list[list[str]] = [[] for _ in range(len(self.lengths))]
        for i, term in enumerate(self.vocabulary):
            for doc, count in zip(
                self.docs[self.indptr[i] : self.indptr[i + 1]].tolist(),
                self.counts[self.indptr[i] : self.indptr[i + 1]].tolist(),
                strict=True,
            ):
                out[doc] += [term] * int(count)
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / VOCABULARY).write_text(json.dumps(self.vocabulary, ensure_ascii=False), encoding="utf-8")
        for name in ("indptr", "docs", "counts", "lengths"):
            np.save(directory / f"{name}.npy", getattr(self, name))

    @classmethod
    def load(cls, directory: Path) -> Postings:
        arrays = {
            name: np.load(directory / f"{name}.npy") for name in ("indptr", "docs", "counts", "lengths")
        }
        return cls(json.loads((directory / VOCABULARY).read_text(encoding="utf-8")), **arrays)
