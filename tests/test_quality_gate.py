"""The CI quality gate: the shipped QA set over the seed letter must meet fixed thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation import evaluate

QA_FILE = Path(__file__).resolve().parent.parent / "corpus" / "qa" / "bandepolitik.jsonl"

# (group, metric, comparison, threshold): raise these as the assistant improves, never lower them.
GATE = (
    ("retrieval", "hit@3", ">=", 0.95),
    ("citations", "exactness", "==", 1.0),
    ("citations", "precision", ">=", 0.85),
    ("refusals", "accuracy", ">=", 0.85),
    ("refusals", "false_refusal_rate", "<=", 0.05),
)


def _passes(value: float | None, comparison: str, threshold: float) -> bool:
    if value is None:  # an undefined metric (e.g. no citations at all) does not pass
        return False
    return {">=": value >= threshold, "<=": value <= threshold, "==": value == threshold}[comparison]


@pytest.mark.slow
def test_the_shipped_qa_set_meets_the_quality_gate(seed_assistant, tmp_path: Path) -> None:
    metrics = evaluate(seed_assistant, QA_FILE, tmp_path / "eval")
    assert metrics["items"]["total"] == 128
    failures = [
        f"{group}.{name} = {metrics[group][name]} (must be {comparison} {threshold})"
        for group, name, comparison, threshold in GATE
        if not _passes(metrics[group][name], comparison, threshold)
    ]
    assert not failures, "quality gate failed:\n" + "\n".join(failures)
