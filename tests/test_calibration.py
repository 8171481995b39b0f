"""The answerability model: its held-out split, threshold choice, and that refitting reproduces it."""

from __future__ import annotations

import pytest
from conftest import DEV_QA

from assistant.answer import answerability
from assistant.evaluation.calibration import (
    Group,
    calibrate,
    choose_threshold,
    collect,
    decisions,
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


def _group(answerable: bool, score: float, right: bool) -> Group:
    item = QAItem("x", "?", answerable, ("g",) if answerable else (), ("near",) if not answerable else ())
    return Group(item, [(score,)], [right])


def test_threshold_separates_answers_from_refusals() -> None:
    decided = [(_group(True, 0, True), 0.9, True), (_group(True, 0, True), 0.7, True)]
    decided += [(_group(False, 0, False), 0.2, False), (_group(False, 0, False), 0.4, False)]
    t = choose_threshold(decided)
    assert 0.4 < t < 0.7
    o = outcome(decided, t)
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
    assert refit.threshold == pytest.approx(shipped.threshold, abs=0.02)
    held = decisions([g for g in groups if held_out(g.item.id)], shipped)
    assert outcome(held, shipped.threshold) == (shipped.report or {})["held_out"]
