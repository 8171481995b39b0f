"""Metrics on hand-made rankings and answers whose values are known."""

from __future__ import annotations

import math

import pytest

from assistant.evaluation import metrics
from assistant.evaluation.metrics import QAItem
from assistant.types import Answer, Citation, Hit, Letter, LetterMeta, Passage

TEXT = "Kære Ane Holm\n\nBudgettet er 5 mio. kr. i 2020.\n\nMed venlig hilsen\n\nBo Ek"


def _passage(text: str, role: str = "body") -> Passage:
    start = TEXT.index(text)
    return Passage(f"brev:{start}-{start + len(text)}", "brev", start, start + len(text), text, role)


LETTER = Letter("brev", "brev.txt", "0" * 64, TEXT, LetterMeta(title="Svar om budget"))
P0 = _passage("Kære Ane Holm", "salutation")
P1 = _passage("Budgettet er 5 mio. kr. i 2020.")
P2 = _passage("Med venlig hilsen\n\nBo Ek", "signature")


def _cite(n: int, passage: Passage, start: int, end: int, quote: str | None = None) -> Citation:
    return Citation(n, "brev", "Svar om budget", None, None, passage.passage_id,
                    TEXT[start:end] if quote is None else quote, start, end, None)  # fmt: skip


def _answer(
    refused: bool, text: str, citations: tuple[Citation, ...], ranking: list[Passage], ms: float
) -> Answer:
    hits = tuple(Hit(p, score=1.0) for p in ranking)  # equal scores: only the order may count
    return Answer("?", (), refused, text, citations, hits, latency_ms=ms)


@pytest.mark.parametrize(
    ("text", "gold", "expected"),
    [
        ("Sikker By-strategien blev vedtaget", ["sikker by strategien"], True),
        ("tak for din henvendelse, hvor du har stillet spørgs-\nmål til", ["stillet spørgsmål"], True),
        ("12,6   mio.\nkr.", ["12,6 mio. kr."], True),
        ("BUDGET 2020", ["budget 2020"], True),
        ("12,5 mio. kr.", ["12,6 mio. kr."], False),
        ("anything", ["", "   "], False),  # an empty phrase is in every text: it must never count
        ("anything", [], False),
    ],
)
def test_contains_gold_ignores_case_whitespace_and_hyphens(
    text: str, gold: list[str], expected: bool
) -> None:
    assert metrics.contains_gold(text, gold) is expected


def test_qrels_lists_every_passage_holding_gold_for_answerable_items_only() -> None:
    items = [
        QAItem("a", "?", True, ("mio. kr.",)),
        QAItem("b", "?", True, ("hilsen", "Kære")),
        QAItem("c", "?", True, ("står ingen steder",)),
        QAItem("u", "?", False, ()),
    ]
    passages = {p.passage_id: p.text for p in (P0, P1, P2)}
    assert metrics.qrels(items, passages) == {
        "a": {P1.passage_id: 1},
        "b": {P0.passage_id: 1, P2.passage_id: 1},
        "c": {},
    }


def test_retrieval_metrics_on_hand_made_rankings() -> None:
    relevant = {
        "q1": {"d2": 1},
        "q2": {"d1": 1, "d4": 1},
        "q3": {"d9": 1},
        "q4": {"d5": 1},
        "q5": {},
        "q6": {"d1": 1},
    }
    rankings = {
        "q1": ["d1", "d2", "d3"],
        "q2": ["d1", "d2", "d3", "d4"],
        "q3": ["d1", "d2", "d3", "d4", "d5", "d6"],
        "q4": ["d1", "d2", "d3", "d4", "d5"],
        "q5": ["d1"],
        "q6": [],
    }
    got = metrics.retrieval(relevant, rankings)
    log2 = math.log2
    expected = {
        "q1": {"hit@1": 0, "hit@3": 1, "hit@5": 1, "mrr@10": 1 / 2, "ndcg@10": 1 / log2(3)},
        "q2": {
            "hit@1": 1,
            "hit@3": 1,
            "hit@5": 1,
            "mrr@10": 1,
            "ndcg@10": (1 + 1 / log2(5)) / (1 + 1 / log2(3)),
        },
        "q3": {"hit@1": 0, "hit@3": 0, "hit@5": 0, "mrr@10": 0, "ndcg@10": 0},
        "q4": {"hit@1": 0, "hit@3": 0, "hit@5": 1, "mrr@10": 1 / 5, "ndcg@10": 1 / log2(6)},
        "q5": {"hit@1": 0, "hit@3": 0, "hit@5": 0, "mrr@10": 0, "ndcg@10": 0},
        "q6": {"hit@1": 0, "hit@3": 0, "hit@5": 0, "mrr@10": 0, "ndcg@10": 0},
    }
    assert set(got) == set(expected)
    for qid, values in expected.items():
        for name, value in values.items():
            assert got[qid][name] == pytest.approx(value), (qid, name)


def test_retrieval_keeps_the_given_order_beyond_rank_ten() -> None:
    ranking = [f"d{i}" for i in range(12)]
    got = metrics.retrieval({"q": {"d10": 1}}, {"q": ranking})
    assert got["q"]["mrr@10"] == 0.0  # rank 11: outside the cut-off


def _items_and_answers() -> tuple[list[QAItem], list[Answer]]:
    budget = (P1.start, P1.start + len("Budgettet er 5 mio. kr."))
    items = [
        QAItem("a1", "Hvad er budgettet?", True, ("5 mio. kr.",), ("number",)),
        QAItem("a2", "Hvem skrev?", True, ("Bo Ek",), ("metadata",)),
        QAItem("a3", "Hvem fik brevet?", True, ("Ane Holm",), ("metadata",)),
        QAItem("u1", "Vejret?", False, (), ("unanswerable", "far")),
        QAItem("u2", "Hvad koster en bus?", False, (), ("unanswerable", "near")),
    ]
    answers = [
        _answer(False, "Budgettet er 5 mio. kr. [1]", (_cite(1, P1, *budget),), [P1, P0, P2], 10),
        _answer(False, "Kære Ane Holm [1]", (_cite(1, P0, P0.start, P0.end),), [P0, P1, P2], 20),
        _answer(True, "Det kan jeg ikke finde svar på i brevene.", (), [P2, P1, P0], 30),
        _answer(True, "Det kan jeg ikke finde svar på i brevene.", (), [P0, P1, P2], 40),
        # a wrong offset: the quote is not the letter's text at [start:end]
        _answer(
            False,
            "Budgettet [1]",
            (_cite(1, P1, budget[0] + 1, budget[1] + 1, TEXT[slice(*budget)]),),
            [P1, P0, P2],
            50,
        ),  # fmt: skip
    ]
    return items, answers


def test_summarize_on_hand_made_answers() -> None:
    items, answers = _items_and_answers()
    passages = {p.passage_id: p.text for p in (P0, P1, P2)}
    got, rows = metrics.summarize(items, answers, {"brev": LETTER}, passages)

    assert got["items"] == {
        "total": 5,
        "answerable": 3,
        "unanswerable": 2,
        "answerable_without_relevant_passage": 0,
    }
    # a1 ranks its passage 1st, a2 3rd (of 3), a3 3rd
    assert got["retrieval"]["hit@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert got["retrieval"]["hit@3"] == 1.0
    assert got["retrieval"]["mrr@10"] == pytest.approx((1 + 1 / 3 + 1 / 3) / 3, abs=1e-4)
    assert got["retrieval"]["ndcg@10"] == pytest.approx((1 + 0.5 + 0.5) / 3, abs=1e-4)
    assert got["answers"]["contains_gold"] == pytest.approx(1 / 3, abs=1e-4)
    assert got["answers"]["wrong"] == pytest.approx(1 / 3, abs=1e-4)  # a2 answered with the salutation
    c = got["citations"]
    assert c["count"] == 3
    assert c["precision"] == 0.5  # of a1's and a2's citations, a1's holds gold
    assert c["recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert c["exactness"] == pytest.approx(2 / 3, abs=1e-4)  # u2's citation counts too
    assert c["mean_quote_chars"] == pytest.approx((23 + 13 + 23) / 3, abs=1e-4)
    assert got["refusals"] == {
        "accuracy": 0.5,
        "false_refusal_rate": pytest.approx(1 / 3, abs=1e-4),
        "near_miss_accuracy": 0.0,
    }
    assert got["latency_ms"] == {"p50": 30.0, "p95": 48.0}
    assert got["by_tag"]["number"] == {"n": 1, "hit@3": 1.0, "correct": 1.0, "cited_gold": 1.0}
    assert got["by_tag"]["metadata"] == {"n": 2, "hit@3": 1.0, "correct": 0.0, "cited_gold": 0.0}
    assert got["by_tag"]["unanswerable"] == {"n": 2, "hit@3": None, "correct": 0.5, "cited_gold": None}
    assert [r["correct"] for r in rows] == [True, False, False, True, False]


def test_undefined_metrics_are_none_not_zero() -> None:
    items = [QAItem("u", "?", False, ())]
    answers = [_answer(True, "Nej.", (), [P0], 5)]
    got, _ = metrics.summarize(items, answers, {"brev": LETTER}, {P0.passage_id: P0.text})
    assert got["citations"]["precision"] is None
    assert got["citations"]["exactness"] is None
    assert got["refusals"]["false_refusal_rate"] is None
    assert got["refusals"]["accuracy"] == 1.0
    assert got["retrieval"]["hit@3"] is None


def test_ratio_is_one_for_the_best_whichever_way_the_metric_points() -> None:
    assert metrics.ratio(0.5, 1.0, metrics.HIGHER) == 0.5
    assert metrics.ratio(40.0, 20.0, metrics.LOWER) == 0.5
    # a false refusal rate of 0.2 against a best of 0: 0.8 of the best's 1.0 not refused
    assert metrics.ratio(0.2, 0.0, metrics.LOWER_RATE) == pytest.approx(0.8)
    assert metrics.ratio(0.0, 0.0, metrics.HIGHER) == 1.0
    assert metrics.ratio(100.0, None, metrics.NEITHER) is None


def test_compare_finds_the_best_and_the_ratios() -> None:
    def run(hit3: float, false_refusals: float, p50: float) -> dict[str, dict[str, float]]:
        return {
            "retrieval": {"hit@3": hit3},
            "refusals": {"false_refusal_rate": false_refusals},
            "latency_ms": {"p50": p50},
        }

    got = metrics.compare({"a": run(0.9, 0.1, 20.0), "b": run(0.6, 0.0, 10.0)})
    assert got["best"]["retrieval.hit@3"] == 0.9
    assert got["best"]["refusals.false_refusal_rate"] == 0.0
    assert got["best"]["latency_ms.p50"] == 10.0
    assert got["ratio_to_best"]["b"]["retrieval.hit@3"] == pytest.approx(0.6667, abs=1e-4)
    assert got["ratio_to_best"]["a"]["refusals.false_refusal_rate"] == pytest.approx(0.9)
    assert got["ratio_to_best"]["a"]["latency_ms.p50"] == 0.5
    assert got["ratio_to_best"]["a"]["retrieval.hit@1"] is None  # missing in both: no ratio
    assert got["systems"]["a"]["retrieval.hit@3"] == 0.9
