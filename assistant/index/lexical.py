"""BM25 over Danish stems (bm25s + PyStemmer): build, search, save, load."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import bm25s
import numpy as np

from assistant.text import danish

RELATED_WEIGHT = 0.5


class LexicalIndex:
    """BM25 over stemmed, folded, stop-word-free terms; query typos are matched to the vocabulary."""

    def __init__(self, model: bm25s.BM25, passage_ids: list[str]) -> None:
        self._model = model
        self.passage_ids = passage_ids
        self.vocabulary = frozenset(t for t in model.vocab_dict if t)

    @classmethod
    def build(cls, passage_ids: list[str], texts: list[str]) -> LexicalIndex:
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([danish.terms(t) or [""] for t in texts], show_progress=False)
        return cls(model, passage_ids)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._model.save(str(directory))
        (directory / "passage_ids.json").write_text(json.dumps(self.passage_ids), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        model = bm25s.BM25.load(str(directory))
        ids = json.loads((directory / "passage_ids.json").read_text(encoding="utf-8"))
        return cls(model, ids)

    def query_terms(self, text: str) -> list[str]:
        """The question's terms, each replaced by its nearest vocabulary term when misspelled."""
        out: list[str] = []
        for term in danish.terms(text):
            if term in self.vocabulary or len(term) < 4:
                out.append(term)
                continue
            close = difflib.get_close_matches(term, self.vocabulary, n=1, cutoff=0.8)
            out.append(close[0] if close else term)
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
        order = np.argsort(-scores, kind="stable")[:top_k]
        return [(self.passage_ids[i], float(scores[i])) for i in order if scores[i] > 0]
