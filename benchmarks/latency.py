"""Speed, measured as ratios within one run: index builds and answer latency per retrieval mode.

Run: .venv/bin/python benchmarks/latency.py [--repeat 3]
Timings on shared 2-core machines are noisy; compare the ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path

from assistant.answer.service import Assistant
from assistant.index import build as indexing
from assistant.index import embedding
from assistant.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = [json.loads(line) for line in (REPO / "corpus/qa/bandepolitik.jsonl").open(encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for letter in (REPO / "corpus").glob("*.txt"):
            shutil.copy(letter, corpus)
        settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=Path(tmp) / "index")
        embedder = embedding.load(settings.embedding_model)
        cold = indexing.build(settings, embedder).seconds
        warm = indexing.build(settings, embedder).seconds
        assistant = Assistant.open(settings, embedder=embedder)
        for item in items[:10]:  # warm caches (sentence vectors, term weights)
            assistant.ask(item["question"], item.get("history", []))
        rows = []
        for mode in ("hybrid", "dense", "bm25"):
            latencies = [
                assistant.ask(item["question"], item.get("history", []), mode=mode).latency_ms
                for _ in range(args.repeat)
                for item in items
            ]
            rows.append((mode, statistics.median(latencies), _percentile(latencies, 0.95)))
    base = rows[0][1]
    print(f"index build: cold {cold:.2f} s, unchanged corpus {warm:.2f} s (ratio {cold / warm:.1f}x)")
    print("| mode | p50 ms | p95 ms | p50 vs hybrid |")
    print("|---|---|---|---|")
    for mode, p50, p95 in rows:
        print(f"| {mode} | {p50:.1f} | {p95:.1f} | {p50 / base:.2f} |")


if __name__ == "__main__":
    main()
