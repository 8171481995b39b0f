"""Evaluation metrics over a QA set: retrieval (through ranx), answers, citations, refusals, latency."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.types import Answer, Citation, Letter

# ranx's names -> ours; retrieval is judged at the depths a reader looks at.
RANX_METRICS = {
    "hit_rate@1": "hit@1",
    "hit_rate@3": "hit@3",
    "hit_rate@5": "hit@5",
    "mrr@10": "mrr@10",
    "ndcg@10": "ndcg@10",
}
_NOTHING = "\x00nothing-retrieved"  # ranx cannot rank an empty list; this id is never relevant
_IGNORED = re.compile(r"[\s\-\u00ad\u2010\u2011]+")  # whitespace and hyphens (CONTRACTS.md)

# (group, metric, better): which way is better decides the ratio to the best system.
HIGHER, LOWER, LOWER_RATE, NEITHER = "higher", "lower", "lower_rate", "neither"
COMPARED: tuple[tuple[str, str, str], ...] = (
    ("retrieval", "hit@1", HIGHER),
    ("retrieval", "hit@3", HIGHER),
    ("retrieval", "hit@5", HIGHER),
    ("retrieval", "mrr@10", HIGHER),
    ("retrieval", "ndcg@10", HIGHER),
    ("answers", "contains_gold", HIGHER),
    ("citations", "precision", HIGHER),
    ("citations", "recall", HIGHER),
    ("citations", "exactness", HIGHER),
    ("citations", "mean_quote_chars", NEITHER),
    ("refusals", "accuracy", HIGHER),
    ("refusals", "false_refusal_rate", LOWER_RATE),
    ("latency_ms", "p50", LOWER),
    ("latency_ms", "p95", LOWER),
)


@dataclass(frozen=True)
class QAItem:
    """One line of a QA file (CONTRACTS.md); ``gold`` phrases are copied from a letter."""

    id: str
    question: str
    answerable: bool
    gold: tuple[str, ...]
    tags: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    short: str | None = None  # the exact phrase that answers a fact question


def short_right(item: QAItem, answer: Answer) -> bool | None:
    """A short answer is right when it equals ``short``, ignoring case and whitespace; None where
    the item has no ``short``."""
    if not item.short:
        return None
    got = answer.short_answer.text if answer.short_answer and not answer.refused else ""
    return re.sub(r"\s+", "", got).casefold() == re.sub(r"\s+", "", item.short).casefold()


def normalize(text: str) -> str:
    """Case, whitespace and hyphens do not count when text is matched against gold."""
    return _IGNORED.sub("", text).casefold()


def contains_gold(text: str, gold: Sequence[str]) -> bool:
    """True when ``text`` holds one of the gold phrases: the contract's meaning of relevant."""
    haystack = normalize(text)
    return any(phrase and phrase in haystack for phrase in map(normalize, gold))


def qrels(items: Sequence[QAItem], passages: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """For each answerable item, every passage (id -> text) that contains one of its gold phrases."""
    normalized = {pid: normalize(text) for pid, text in passages.items()}
    out: dict[str, dict[str, int]] = {}
    for item in items:
        if item.answerable:
            phrases = [g for g in map(normalize, item.gold) if g]
            out[item.id] = {pid: 1 for pid, text in normalized.items() if any(g in text for g in phrases)}
    return out


def retrieval(
    relevant: Mapping[str, Mapping[str, int]], rankings: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, float]]:
    """Per query: Hit@1/3/5, MRR@10 and nDCG@10, computed by ranx.

    Rankings are best first. They reach ranx as scores 1/rank, so ties in the systems' own scores
    cannot reorder them.
    """
    if not relevant:
        return {}
    from numba.core.errors import NumbaTypeSafetyWarning
    from ranx import Qrels, Run, evaluate

    run = {}
    for qid in relevant:
        ranked = dict.fromkeys(rankings.get(qid, ())) or {_NOTHING: None}
        run[qid] = {pid: 1.0 / rank for rank, pid in enumerate(ranked, start=1)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumbaTypeSafetyWarning)
        scores = evaluate(Qrels(dict(relevant)), Run(run), list(RANX_METRICS), return_mean=False)
    ids = list(relevant)  # ranx returns queries in the order they were given
    return {
        qid: {ours: float(scores[name][i]) for name, ours in RANX_METRICS.items()}
        for i, qid in enumerate(ids)
    }


def _share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if values else None


def is_exact(citation: Citation, letters: Mapping[str, Letter]) -> bool:
    """The contract: ``quote == letter.text[start:end]`` in the index's normalized text."""
    letter = letters.get(citation.letter_id)
    return letter is not None and letter.text[citation.start : citation.end] == citation.quote


def item_rows(
    items: Sequence[QAItem], answers: Sequence[Answer], per_query: Mapping[str, Mapping[str, float]]
) -> list[dict[str, Any]]:
    """One row per item: what went right for it (None where a measure does not apply)."""
    rows = []
    for item, answer in zip(items, answers, strict=True):
        answered = not answer.refused and contains_gold(answer.answer, item.gold)
        rows.append(
            {
                "id": item.id,
                "tags": list(item.tags),
                "answerable": item.answerable,
                "refused": answer.refused,
                "correct": answered if item.answerable else answer.refused,
                "cited_gold": any(contains_gold(c.quote, item.gold) for c in answer.citations)
                if item.answerable
                else None,
                **(per_query.get(item.id) or dict.fromkeys(RANX_METRICS.values())),
                "short_right": short_right(item, answer),
                "latency_ms": answer.latency_ms,
            }
        )
    return rows


def by_tag(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Hit@3, share correct (answered with gold, or refused when unanswerable) and cited gold, per tag."""
    tags = sorted({t for row in rows for t in row["tags"]})
    out: dict[str, dict[str, Any]] = {}
    for tag in tags:
        mine = [r for r in rows if tag in r["tags"]]
        out[tag] = {
            "n": len(mine),
            "hit@3": _mean([r["hit@3"] for r in mine if r["hit@3"] is not None]),
            "correct": _share([r["correct"] for r in mine]),
            "cited_gold": _share([r["cited_gold"] for r in mine if r["cited_gold"] is not None]),
        }
    return out


def summarize(
    items: Sequence[QAItem],
    answers: Sequence[Answer],
    letters: Mapping[str, Letter],
    passages: Mapping[str, str],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Every metric of the issue over one run, and the per-item rows they were computed from."""
    relevant = qrels(items, passages)
    rankings = {
        i.id: [h.passage.passage_id for h in a.retrieved] for i, a in zip(items, answers, strict=True)
    }
    per_query = retrieval(relevant, rankings)
    rows = item_rows(items, answers, per_query)
    pairs = list(zip(items, answers, strict=True))
    answerable = [(i, a) for i, a in pairs if i.answerable]
    unanswerable = [a for i, a in pairs if not i.answerable]
    cited = [(i, c) for i, a in answerable for c in a.citations]
    every_citation = [c for a in answers for c in a.citations]
    latencies = [a.latency_ms for a in answers]
    metrics: dict[str, Any] = {
        "items": {
            "total": len(items),
            "answerable": len(answerable),
            "unanswerable": len(unanswerable),
            "answerable_without_relevant_passage": sum(1 for r in relevant.values() if not r),
        },
        "retrieval": {name: _mean([per_query[q][name] for q in per_query]) for name in RANX_METRICS.values()},
        "answers": {
            "contains_gold": _share([r["correct"] for r in rows if r["answerable"]]),
            # answered, but without the gold: worse for a reader than a refusal
            "wrong": _share([not r["correct"] and not r["refused"] for r in rows if r["answerable"]]),
            "short_answer_accuracy": _share([r["short_right"] for r in rows if r["short_right"] is not None]),
            "short_answers": sum(1 for r in rows if r["short_right"] is not None),
        },
        "citations": {
            "count": len(every_citation),
            "precision": _share([contains_gold(c.quote, i.gold) for i, c in cited]),
            "recall": _share([r["cited_gold"] for r in rows if r["answerable"]]),
            "exactness": _share([is_exact(c, letters) for c in every_citation]),
            "mean_quote_chars": _mean([len(c.quote) for c in every_citation]),
        },
        "refusals": {
            "accuracy": _share([a.refused for a in unanswerable]),
            "false_refusal_rate": _share([a.refused for _, a in answerable]),
            "near_miss_accuracy": _share(
                [a.refused for i, a in pairs if not i.answerable and "near" in i.tags]
            ),
        },
        "latency_ms": {
            "p50": float(np.percentile(latencies, 50)) if latencies else None,
            "p95": float(np.percentile(latencies, 95)) if latencies else None,
        },
        "by_tag": by_tag(rows),
    }
    return rounded(metrics), rows


def rounded(value: Any, digits: int = 4) -> Any:
    """Floats rounded for metrics.json, through nested dicts and lists."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v, digits) for v in value]
    return value


def flat(metrics: Mapping[str, Any]) -> dict[str, float | None]:
    """The compared metrics of one run, keyed ``group.metric``."""
    return {f"{g}.{m}": metrics.get(g, {}).get(m) for g, m, _ in COMPARED}


def ratio(value: float | None, best: float | None, better: str) -> float | None:
    """1.0 for the best system, lower for worse ones, whichever way the metric points.

    Higher is better: value / best. Lower is better: best / value. A rate where lower is better
    compares its complements, (1 - value) / (1 - best), so that a best of 0 does not zero the rest.
    """
    if value is None or best is None or better == NEITHER:
        return None
    if better == LOWER_RATE:
        value, best, better = 1 - value, 1 - best, HIGHER
    low, high = (value, best) if better == HIGHER else (best, value)
    if high == 0:
        return 1.0 if low == 0 else None
    return low / high


def _best(values: list[float], better: str) -> float | None:
    if not values or better == NEITHER:
        return None
    return max(values) if better == HIGHER else min(values)


def compare(systems: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Systems side by side: their values, the best value of each metric, and each one's ratio to it."""
    values = {name: flat(m) for name, m in systems.items()}
    better = {f"{g}.{m}": b for g, m, b in COMPARED}
    best = {k: _best([x for v in values.values() if (x := v[k]) is not None], b) for k, b in better.items()}
    ratios = {name: {k: ratio(v[k], best[k], better[k]) for k in better} for name, v in values.items()}
    return rounded({"systems": values, "best": best, "ratio_to_best": ratios})
