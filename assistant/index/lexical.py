"""BM25 over Danish stems (bm25s + PyStemmer): build, search, save, load."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import bm25s
import numpy as np

from assistant.index.spelling import Spelling
from assistant.text import danish

RELATED_WEIGHT = 0.5


class LexicalIndex:
    """BM25 over stemmed, folded, stop-word-free terms; query typos are matched to the vocabulary."""

    def __init__(self, model: bm25s.BM25, passage_ids: list[str]) -> None:
        self._model = model
        self.passage_ids = passage_ids
        self.terms: list[list[str]] | None = None
        self.vocabulary = frozenset(t for t in model.vocab_dict if t)
        self._spelling = Spelling(self.vocabulary)

    @classmethod
    def build(
        cls, passage_ids: list[str], texts: list[str], known: Mapping[str, list[str]] | None = None
    ) -> LexicalIndex:
        """``known``: terms of passages found before (by passage id), not stemmed again."""
        known = known or {}
        terms = [
            known[pid] if pid in known else danish.terms(t) or [""]
            for pid, t in zip(passage_ids, texts, strict=True)
        ]
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index(terms, show_progress=False)
        out = cls(model, passage_ids)
        out.terms = terms
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._model.save(str(directory))
        (directory / "passage_ids.json").write_text(json.dumps(self.passage_ids), encoding="utf-8")
        if self.terms is not None:  # for the next build (index/previous.py)
            terms = dict(zip(self.passage_ids, self.terms, strict=True))
            (directory / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        model = bm25s.BM25.load(str(directory))
        ids = json.loads((directory / "passage_ids.json").read_text(encoding="utf-8"))
        return cls(model, ids)

    def document_frequencies(self) -> dict[str, int]:
        """How many passages hold each term: the length of its column in the index."""
        counts = np.diff(self._model.scores["indptr"])
        return {t: int(counts[i]) for t, i in self._model.vocab_dict.items() if t and i < len(counts)}

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
            scores += self._model.get_scores(terms)
        if related:
            scores += RELATED_WEIGHT * self._model.get_scores(related)
        if len(scores) > top_k:  # the top k only, not a sort of the whole corpus
            keep = np.argpartition(-scores, top_k - 1)[:top_k]
            cut = scores[keep].min()
            candidates = np.flatnonzero((scores >= cut) & (scores > 0))  # ties at the cut stay stable
        else:
            candidates = np.arange(len(scores))
        order = candidates[np.argsort(-scores[candidates], kind="stable")][:top_k]
        return [(self.passage_ids[i], float(scores[i])) for i in order if scores[i] > 0]
