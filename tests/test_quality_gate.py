"""The CI quality gate: the shipped QA set over the seed letter, and the development set over the
documents written for testing (both its parts), must meet fixed thresholds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DEV_QA, QA_FILE

from assistant.evaluation.calibration import held_out
from assistant.evaluation.qa import load_qa
from assistant.evaluation.run import evaluate

# (group, metric, comparison, threshold): raise these as the assistant improves.
# The seed's false-refusal gate was 0.05 while the answer step carried a thesaurus of the seed's own
# words; the general answer step (no knowledge of one letter) refused 0.30 of the seed's answerable
# questions, and 0.20 since its decider learns whether a question is answerable (not whether the
# ranker's pick is right) and reads similarity against a fixed background (index/background.py);
# 0.196 in session 9.
GATE = (
    ("retrieval", "hit@3", ">=", 0.95),
    ("citations", "exactness", "==", 1.0),
    ("citations", "precision", ">=", 0.85),
    ("refusals", "accuracy", ">=", 0.85),
    ("refusals", "false_refusal_rate", "<=", 0.21),
)
# The development set: text the answer step was not written for, since session 7 with the eight
# documents and 70 questions written blind to the answer step. Its targets are answers holding the
# gold >= 0.8, false refusals <= 0.1, near misses refused >= 0.85 and short answers right >= 0.8
# (issue: general answers); these floors hold what the fitted model reaches today, part by part, a
# little below it, so that no change makes it worse.
DEV_GATE = {
    "development": (
        ("answers", "contains_gold", ">=", 0.74),
        ("refusals", "false_refusal_rate", "<=", 0.09),
        ("refusals", "near_miss_accuracy", ">=", 0.84),
        ("citations", "exactness", "==", 1.0),
        ("answers", "short_answer_accuracy", ">=", 0.58),
    ),
    # 42 answerable questions and 23 near misses: one question moves a share by 0.024 and 0.043
    "held_out": (
        ("answers", "contains_gold", ">=", 0.76),
        ("refusals", "false_refusal_rate", "<=", 0.22),
        ("refusals", "near_miss_accuracy", ">=", 0.82),
        ("citations", "exactness", "==", 1.0),
        ("answers", "short_answer_accuracy", ">=", 0.62),
    ),
}


def _passes(value: float | None, comparison: str, threshold: float) -> bool:
    if value is None:  # an undefined metric (e.g. no citations at all) does not pass
        return False
    return {">=": value >= threshold, "<=": value <= threshold, "==": value == threshold}[comparison]


def _failures(metrics: dict, gate: tuple) -> list[str]:
    return [
        f"{group}.{name} = {metrics[group][name]} (must be {comparison} {threshold})"
        for group, name, comparison, threshold in gate
        if not _passes(metrics[group][name], comparison, threshold)
    ]


@pytest.mark.slow
def test_the_shipped_qa_set_meets_the_quality_gate(seed_assistant, tmp_path: Path) -> None:
    metrics = evaluate(seed_assistant, QA_FILE, tmp_path / "eval")
    assert metrics["items"]["total"] == 128
    failures = _failures(metrics, GATE)
    assert not failures, "quality gate failed:\n" + "\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("part", ["development", "held_out"])
def test_the_development_set_meets_the_quality_gate(dev_assistant, tmp_path: Path, part: str) -> None:
    lines = [line for line in DEV_QA.read_text(encoding="utf-8").splitlines() if line.strip()]
    mine = [line for line in lines if held_out(json.loads(line)["id"]) == (part == "held_out")]
    qa = tmp_path / f"{part}.jsonl"
    qa.write_text("\n".join(mine) + "\n", encoding="utf-8")
    items = load_qa(qa)
    metrics = evaluate(dev_assistant, qa, tmp_path / "eval")
    assert metrics["items"]["total"] == len(items) > 40
    failures = _failures(metrics, DEV_GATE[part])
    assert not failures, f"{part} quality gate failed:\n" + "\n".join(failures)
