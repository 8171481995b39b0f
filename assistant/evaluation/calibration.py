"""Fit the answerability model on a development QA set: which sentence answers, and when to refuse."""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.answerability import Model, decision_features, rank_scores, ranking_features
from assistant.answer.answers import candidates
from assistant.answer.fact_kinds import LETTER_KINDS
from assistant.answer.question import gist_kind
from assistant.answer.service import Assistant
from assistant.evaluation.metrics import QAItem, contains_gold

HELD_OUT_MOD = 3  # items whose id hashes to 0 mod 3 are never fitted on
FOLDS = 5
REGULARIZATION = 1.0  # scikit-learn's C for the decider
THRESHOLD = 0.5  # the decider's balanced boundary (fit_model)
RANKER_REGULARIZATION = 0.1  # and for the ranker (cross-validated top-1: 0.73 against 0.72 at C=1)


def held_out(item_id: str) -> bool:
    return int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % HELD_OUT_MOD == 0


@dataclass(frozen=True)
class Group:
    """One question's candidate sentences: their signals and whether each holds a gold phrase."""

    item: QAItem
    features: list[tuple[float, ...]]
    labels: list[bool]


def collect(
    assistant: Assistant, items: Sequence[QAItem], progress: Callable[[str, int, int], None] | None = None
) -> list[Group]:
    """Candidates for every question the model decides (not those about a letter's frame or gist)."""
    groups = []
    for i, item in enumerate(items, start=1):
        q, hits = assistant.read(item.question, item.history)
        if q.answer_type in LETTER_KINDS or gist_kind(q.text):
            continue
        evidence = candidates(q, hits, assistant.index, assistant.resources(q.query))
        texts = [assistant.letters[ev.passage.letter_id].text[ev.start : ev.end] for ev in evidence]
        labels = [item.answerable and contains_gold(t, item.gold) for t in texts]
        groups.append(Group(item, [ev.features for ev in evidence], labels))
        if progress:
            progress("Finder kandidatsætninger", i, len(items))
    return groups


def _logistic(
    x: Sequence[Sequence[float]], y: Sequence[int], intercept: bool = True, c: float = REGULARIZATION
) -> tuple[list[float], float]:
    """Deterministic logistic regression (scikit-learn, the dev extra) on standardized signals,
    returned as weights on the raw signals; balanced classes."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    data = np.asarray(x, dtype=float)
    spread = data.std(axis=0)
    spread[spread == 0] = 1.0
    centre = data.mean(axis=0) if intercept else np.zeros(data.shape[1])
    clf = LogisticRegression(
        C=c, class_weight="balanced", max_iter=10_000, solver="lbfgs", fit_intercept=intercept
    )
    clf.fit((data - centre) / spread, y)
    weights = clf.coef_[0] / spread
    bias = float(clf.intercept_[0]) - float(weights @ centre) if intercept else 0.0
    return [float(w) for w in weights], bias


def fit_ranker(groups: Sequence[Group]) -> tuple[float, ...]:
    """Which of an answerable question's sentences holds the answer: pairwise, each right
    sentence against each wrong one of the same question, so only differences within a
    question are learned."""
    x: list[tuple[float, ...]] = []
    y: list[int] = []
    for g in groups:
        right = [ranking_features(f) for f, v in zip(g.features, g.labels, strict=True) if v]
        wrong = [ranking_features(f) for f, v in zip(g.features, g.labels, strict=True) if not v]
        for r in right:
            for w in wrong:
                diff = tuple(a - b for a, b in zip(r, w, strict=True))
                x += [diff, tuple(-d for d in diff)]
                y += [1, 0]
    coef, _ = _logistic(x, y, intercept=False, c=RANKER_REGULARIZATION)
    return tuple(coef)


def _top(group: Group, ranker: Sequence[float]) -> tuple[tuple[float, ...], bool] | None:
    """The decision signals of the ranker's best sentence, and whether it is right."""
    if not group.features:
        return None
    ranks = rank_scores(ranker, group.features)
    best = max(range(len(ranks)), key=lambda i: ranks[i])
    return decision_features(group.features, ranks)[best], group.labels[best]


def fit_model(groups: Sequence[Group]) -> Model:
    """The ranker on every answerable question; the decider on the ranker's best sentences, each
    ranked by a ranker that did not see its question (cross-fitted), so it learns honest margins.

    The decider learns whether the letters answer the question at all, not whether the ranker's
    pick is right: which sentence answers is the ranker's job. Taught "answerable and the best
    sentence right", it refused every question whose best sentence was wrong, and 0.45 of the
    held-out part's answerable questions with them; taught "answerable", 0.33 (near misses refused
    0.74 and 0.61).

    It answers from probability 0.5: with balanced class weights that is where answerable and
    unanswerable questions weigh the same. A threshold chosen on the development set's own
    probabilities moved with every change of signals (0.38 to 0.69) and took the seed's false
    refusals from 0.22 to 0.45 with it; the fixed one does not."""
    ranker = fit_ranker(groups)
    rankers = [fit_ranker([g for i, g in enumerate(groups) if i % FOLDS != k]) for k in range(FOLDS)]
    rows: list[tuple[tuple[float, ...], bool]] = []  # the best sentence's signals; answerable?
    for i, g in enumerate(groups):
        if (top := _top(g, rankers[i % FOLDS])) is not None:
            rows.append((top[0], g.item.answerable))
    decider, intercept = _logistic([r[0] for r in rows], [int(r[1]) for r in rows])
    return Model(ranker, tuple(decider), intercept, THRESHOLD)


def decisions(groups: Sequence[Group], model: Model) -> list[tuple[Group, float, bool]]:
    """Per question: the answer probability of the best sentence, and whether it holds the gold."""
    out = []
    for g in groups:
        top = _top(g, model.ranker)
        out.append((g, model.probability(top[0]), top[1]) if top else (g, 0.0, False))
    return out


def outcome(decided: Sequence[tuple[Group, float, bool]], threshold: float) -> dict[str, Any]:
    """The dev-set figures the issue sets targets for, at one threshold."""
    answerable = [(p, right) for g, p, right in decided if g.item.answerable]
    unanswerable = [(g, p) for g, p, _ in decided if not g.item.answerable]
    near = [p for g, p in unanswerable if "near" in g.item.tags]

    def share(flags: list[bool]) -> float | None:
        return round(sum(flags) / len(flags), 4) if flags else None

    return {
        "questions": len(decided),
        "answered_right": share([p >= threshold and right for p, right in answerable]),
        "false_refusals": share([p < threshold for p, _ in answerable]),
        "unanswerable_refused": share([p < threshold for _, p in unanswerable]),
        "near_refused": share([p < threshold for p in near]),
    }


def cross_validate(groups: Sequence[Group]) -> dict[str, Any]:
    """Each fold scored by a model fitted on the other folds."""
    decided: list[tuple[Group, float, bool]] = []
    for k in range(FOLDS):
        model = fit_model([g for i, g in enumerate(groups) if i % FOLDS != k])
        decided += decisions([g for i, g in enumerate(groups) if i % FOLDS == k], model)
    return outcome(decided, THRESHOLD)


def calibrate(groups: Sequence[Group]) -> Model:
    """Fit on the development part; report cross-validation there, and the held-out part apart."""
    train = [g for g in groups if not held_out(g.item.id)]
    test = [g for g in groups if held_out(g.item.id)]
    model = fit_model(train)
    report = {
        "fitted_on": len(train),
        "candidates": sum(len(g.labels) for g in train),
        "development": outcome(decisions(train, model), model.threshold),
        "cross_validation": cross_validate(train),
        "held_out": outcome(decisions(test, model), model.threshold),
    }
    return Model(model.ranker, model.decider, model.intercept, model.threshold, report)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--qa", type=Path, required=True, help="the development QA set (JSONL)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the fitted model (JSON)")


def main(args: argparse.Namespace, assistant: Assistant, load_qa: Callable[[Path], list[QAItem]]) -> int:
    groups = collect(assistant, load_qa(args.qa))
    model = calibrate(groups)
    args.out.write_text(json.dumps(model.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(model.report, indent=2, ensure_ascii=False))
    return 0
