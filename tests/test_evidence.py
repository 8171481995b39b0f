"""Ranking passages by the evidence they hold (pure functions on hand-made hits)."""

from __future__ import annotations

from assistant.evidence import Evidence, rank_by_evidence
from assistant.types import Hit, Passage


def _hit(pid: str, score: float) -> Hit:
    p = Passage(passage_id=pid, letter_id="l", start=0, end=1, text="x", role="body")
    return Hit(passage=p, score=score)


def _ev(hit: Hit, coverage: float) -> Evidence:
    return Evidence(0, hit.passage, 0, 1, coverage)


def test_better_covered_passage_moves_up() -> None:
    a, b, c = _hit("a", 0.3), _hit("b", 0.2), _hit("c", 0.1)
    ranked = rank_by_evidence([a, b, c], [_ev(a, 0.4), _ev(c, 0.9), _ev(c, 0.2)])
    assert [h.passage.passage_id for h in ranked] == ["c", "a", "b"]


def test_near_equal_coverage_keeps_the_retrieval_order() -> None:
    a, b = _hit("a", 0.3), _hit("b", 0.2)
    ranked = rank_by_evidence([a, b], [_ev(a, 0.71), _ev(b, 0.74)])  # both round to 0.7
    assert [h.passage.passage_id for h in ranked] == ["a", "b"]


def test_no_evidence_changes_nothing() -> None:
    hits = [_hit(p, 1.0 / i) for i, p in enumerate("abcd", start=1)]
    assert rank_by_evidence(hits, []) == hits
