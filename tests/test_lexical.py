"""BM25 scored at the question from term counts gives bm25s's scores, number for number, over one
segment or several with passages that are gone."""

from __future__ import annotations

import bm25s
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.index.lexical import LexicalIndex
from assistant.index.postings import Postings

TERMS = st.lists(st.sampled_from(["bande", "ledig", "indsats", "kommun", "borg", "job", "ung"]), max_size=12)


def _bm25s(docs: list[list[str]]) -> bm25s.BM25:
    model = bm25s.BM25(k1=1.2, b=0.75)
    model.index(docs, show_progress=False)
    return model


@settings(max_examples=150, deadline=None)
@given(
    st.lists(TERMS, min_size=1, max_size=30),
    st.lists(st.sampled_from(["bande", "job", "ung", "ledig"]), min_size=1),
)
def test_scores_are_bm25s_scores(docs: list[list[str]], query: list[str]) -> None:
    docs = [d or [""] for d in docs]
    ids = [f"p{i}" for i in range(len(docs))]
    ours = LexicalIndex([(Postings.build(docs), np.arange(len(docs)))], ids)
    known = [t for t in query if t in ours.vocabulary]
    if known:
        assert np.array_equal(ours.scores(known), _bm25s(docs).get_scores(known))
    assert ours.document_frequencies() == {
        t: sum(t in d for d in docs) for t in {t for d in docs for t in d} if t
    }


@settings(max_examples=100, deadline=None)
@given(st.lists(TERMS, min_size=2, max_size=30), st.data())
def test_segments_with_gone_passages_score_as_one_index_of_the_live_ones(docs, data) -> None:
    docs = [d or [""] for d in docs]
    cut = data.draw(st.integers(1, len(docs) - 1))
    gone = set(data.draw(st.lists(st.integers(0, len(docs) - 1), max_size=len(docs) // 2)))
    live = [i for i in range(len(docs)) if i not in gone]
    if not live:
        return
    order = data.draw(st.permutations(live))  # the passages' order in the index, not the segments'
    where = {doc: pos for pos, doc in enumerate(order)}
    parts = [
        (Postings.build(docs[a:b]), np.asarray([where.get(i, -1) for i in range(a, b)]))
        for a, b in ((0, cut), (cut, len(docs)))
    ]
    ids = [f"p{i}" for i in order]
    split = LexicalIndex(parts, ids)
    whole = LexicalIndex([(Postings.build([docs[i] for i in order]), np.arange(len(order)))], ids)
    assert split.vocabulary == whole.vocabulary
    assert split.document_frequencies() == whole.document_frequencies()
    for query in (["bande"], ["job", "ung", "job"], sorted(whole.vocabulary)):
        known = [t for t in query if t in whole.vocabulary]
        assert np.array_equal(split.scores(known), whole.scores(known))
        if known:
            assert np.array_equal(whole.scores(known), _bm25s([docs[i] for i in order]).get_scores(known))


def test_terms_of_gives_back_each_passages_terms() -> None:
    docs = [["bande", "job", "bande"], [""], ["ung"]]
    assert [sorted(t) for t in Postings.build(docs).terms_of()] == [["bande", "bande", "job"], [""], ["ung"]]
