"""The answerability model: its held-out split, its decision boundary, and that refitting reproduces it."""

from __future__ import annotations

import pytest
from conftest import DEV_QA

from assistant.answer import answerability
from assistant.answer.evidence import FEATURES
from assistant.evaluation.calibration import (
    THRESHOLD,
    Group,
    calibrate,
    collect,
    decisions,
    fit_model,
    held_out,
    outcome,
)
from assistant.evaluation.metrics import QAItem
from assistant.evaluation.qa import load_qa


def test_held_out_part_is_about_a_third_and_fixed_by_the_id() -> None:
    items = load_qa(DEV_QA)
    share = sum(held_out(i.id) for i in items) / len(items)
    assert 0.2 < share < 0.45
    assert held_out("A001") == held_out("A001")


def _candidate(coverage: float, similarity: float) -> tuple[float, ...]:
    signals = dict.fromkeys(FEATURES, 0.0)
    signals.update(coverage=coverage, own_coverage=coverage, local_coverage=coverage, similarity=similarity)
    signals.update(similarity_z=similarity, passage_similarity=similarity, rank=1.0)
    return tuple(signals[name] for name in FEATURES)


def test_the_decider_answers_from_its_balanced_boundary() -> None:
    """Answerable questions whose right sentence covers them well, and near misses whose best
    sentence covers them less: the fitted model answers the first and refuses the second at 0.5."""
    groups = []
    for i in range(20):
        answerable = i % 2 == 0
        item = QAItem(f"q{i}", "?", answerable, ("g",) if answerable else (), () if answerable else ("near",))
        best = _candidate(0.9 - 0.01 * (i % 5), 0.8) if answerable else _candidate(0.6 - 0.01 * (i % 5), 0.4)
        groups.append(Group(item, [best, _candidate(0.45, 0.2)], [answerable, False]))
    model = fit_model(groups)
    assert model.threshold == THRESHOLD == 0.5
    o = outcome(decisions(groups, model), model.threshold)
    assert o["answered_right"] == 1.0 and o["near_refused"] == 1.0 and o["false_refusals"] == 0.0


def test_the_shipped_model_names_its_features_and_reports_both_parts() -> None:
    model = answerability.load()
    assert len(model.ranker) == len(answerability.RANK_FEATURES)
    assert len(model.decider) == len(answerability.DECISION_FEATURES)
    assert 0 < model.threshold < 1
    report = model.report or {}
    for part in ("development", "cross_validation", "held_out"):
        assert report[part]["questions"] > 30


@pytest.mark.slow
def test_refitting_on_the_development_set_reproduces_the_shipped_model(dev_assistant) -> None:
    pytest.importorskip("sklearn", reason="scikit-learn comes with the dev extra, which make test installs")
    groups = collect(dev_assistant, load_qa(DEV_QA))
    refit = calibrate(groups)
    shipped = answerability.load()
    assert refit.ranker == pytest.approx(shipped.ranker, abs=2e-3)
    assert refit.decider == pytest.approx(shipped.decider, abs=2e-3)
    assert refit.intercept == pytest.approx(shipped.intercept, abs=2e-3)
    assert refit.threshold == shipped.threshold
    held = decisions([g for g in groups if held_out(g.item.id)], shipped)
    assert outcome(held, shipped.threshold) == (shipped.report or {})["held_out"]
