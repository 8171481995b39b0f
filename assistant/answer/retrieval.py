"""Hybrid search: dense (Chroma) and BM25 rankings fused by reciprocal rank."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.index.build import LoadedIndex
from assistant.types import Hit

MODES = ("hybrid", "dense", "bm25")
RRF_K = 60
CANDIDATES = 50


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal-rank fusion: each ranking adds 1 / (k + rank) to the ids it lists."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


class Retriever:
    """Searches one loaded index; ``top_k`` passages come back, best first."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index

    def search(
        self, query: str, top_k: int = 10, mode: str = "hybrid", translations: tuple[str, ...] = ()
    ) -> list[Hit]:
        depth = max(top_k, CANDIDATES)
        dense = self.index.store.search(query, depth) if mode in ("hybrid", "dense") else []
        lexical = self.index.lexical.search(query, depth, translations) if mode in ("hybrid", "bm25") else []
        dense_rank = {pid: r for r, (pid, _) in enumerate(dense, start=1)}
        dense_sim = dict(dense)
        lexical_rank = {pid: r for r, (pid, _) in enumerate(lexical, start=1)}
        if mode == "hybrid":
            scores = rrf([[pid for pid, _ in dense], [pid for pid, _ in lexical]])
        else:
            scores = dict(dense or lexical)
        ranked = sorted(scores, key=lambda pid: -scores[pid])
        if len(ranked) < top_k:  # BM25 alone may match few passages; the rest follow unranked
            seen = set(ranked)
            ranked += [p.passage_id for p in self.index.passages if p.passage_id not in seen]
        return [
            Hit(
                passage=self.index.passage(pid),
                score=scores.get(pid, 0.0),
                dense_rank=dense_rank.get(pid),
                lexical_rank=lexical_rank.get(pid),
                dense_similarity=dense_sim.get(pid),
            )
            for pid in ranked[:top_k]
        ]
