"""Whether a sentence answers a question: two logistic models over general signals, fitted offline.

The ranker orders a question's candidate sentences; the decider says whether the best of them
answers the question at all, from its signals and how far the ranker put it ahead of the rest.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from assistant.answer.evidence import FEATURES

# What orders a question's candidates (chosen by cross-validated top-1 accuracy on the development
# set over smaller and larger sets: the full set of signals overfits).
RANK_FEATURES = (
    "coverage",
    "own_coverage",
    "local_coverage",
    "holds_rarest",
    "type_ok",
    "fact_near",
    "counts_the_noun",
    "numbers_missing",
    "name_missing",
    "similarity",
    "similarity_z",
    "passage_similarity",
    "rank",
    "defines",
)
_RANK_PICK = [FEATURES.index(name) for name in RANK_FEATURES]
# What decides whether to answer: signals whose meaning does not shift from one corpus to the next
# (coverage, missing qualifiers, the kind of fact), not raw similarities or ranks.
DECISION_FEATURES = (
    "coverage",
    "local_coverage",
    "missing",
    "unknown",
    "type_missing",
    "fact_near",
    "counts_the_noun",
    "numbers_missing",
    "name_missing",
    "similarity_z",
    "defines",
    "english",
    "uncounted",
    "typed",
    "rank_margin",
)
_PICK = [FEATURES.index(name) for name in DECISION_FEATURES[:-1]]
MODEL_FILE = "data/answerability.json"
MARGIN_ALONE = 5.0  # a lone candidate leads by this much
# An answer covers more than 0.4 of what was asked. Cross-validated on the development set's 240
# questions (shuffled folds, folds by topic, and the held-out part) against no floor, 0.2, 0.3, 0.45
# and 0.5: the best balance of right answers and refused near misses.
MIN_COVERAGE = 0.4


def _dot(weights: Sequence[float], values: Sequence[float]) -> float:
    return sum(w * x for w, x in zip(weights, values, strict=True))


def ranking_features(features: Sequence[float]) -> tuple[float, ...]:
    return tuple(features[k] for k in _RANK_PICK)


def rank_scores(ranker: Sequence[float], features: Sequence[tuple[float, ...]]) -> list[float]:
    """Each candidate's rank score under a ranker's weights."""
    return [_dot(ranker, ranking_features(f)) for f in features]


def decision_features(
    features: Sequence[tuple[float, ...]], rank_scores: Sequence[float]
) -> list[tuple[float, ...]]:
    """Each candidate's decision signals, and its rank score's lead over the best other candidate."""
    out = []
    for i, (f, r) in enumerate(zip(features, rank_scores, strict=True)):
        others = [x for j, x in enumerate(rank_scores) if j != i]
        out.append((*(f[k] for k in _PICK), r - max(others) if others else MARGIN_ALONE))
    return out


@dataclass(frozen=True)
class Model:
    """Rank by ``ranker · features``; answer when the decider's probability reaches ``threshold``."""

    ranker: tuple[float, ...]
    decider: tuple[float, ...]
    intercept: float
    threshold: float
    report: dict[str, Any] | None = None

    def rank_scores(self, features: Sequence[tuple[float, ...]]) -> list[float]:
        return rank_scores(self.ranker, features)

    def probability(self, decision: tuple[float, ...]) -> float:
        """0 unless the sentence, where it stands (under its heading, after the sentence before it),
        covers more than MIN_COVERAGE of a Danish question's weighted terms (chosen by
        cross-validation); else the decider's probability."""
        english = decision[DECISION_FEATURES.index("english")] > 0  # its words reach Danish only in part
        covered = max(decision[DECISION_FEATURES.index(n)] for n in ("coverage", "local_coverage"))
        if not english and covered <= MIN_COVERAGE:
            return 0.0
        z = self.intercept + _dot(self.decider, decision)
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def score(self, features: Sequence[tuple[float, ...]]) -> list[tuple[float, float]]:
        """(probability, rank score) for each of one question's candidates."""
        ranks = self.rank_scores(features)
        return [
            (self.probability(d), r) for d, r in zip(decision_features(features, ranks), ranks, strict=True)
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "ranking_features": list(RANK_FEATURES),
            "ranker": [round(c, 6) for c in self.ranker],
            "decision_features": list(DECISION_FEATURES),
            "decider": [round(c, 6) for c in self.decider],
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 4),
            "report": self.report or {},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        names = (tuple(data["features"]), tuple(data["ranking_features"]), tuple(data["decision_features"]))
        if names != (FEATURES, RANK_FEATURES, DECISION_FEATURES):
            raise ValueError("the answerability model was fitted on other features; run assistant calibrate")
        return cls(
            tuple(float(c) for c in data["ranker"]),
            tuple(float(c) for c in data["decider"]),
            float(data["intercept"]),
            float(data["threshold"]),
            data.get("report"),
        )


@functools.lru_cache(maxsize=1)
def load() -> Model:
    """The model shipped with the package (refit with ``assistant calibrate``)."""
    text = files("assistant").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return Model.from_dict(json.loads(text))
