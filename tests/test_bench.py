"""`benchmarks/bench.py --quick`: its JSON line, and the targets that hold on a loaded machine."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow

KEYS = {
    "passages",
    "query_embed_ms",
    "answer_p50_ms",
    "answer_p95_ms",
    "answer_p95_over_embed",
    "build_overhead",
    "add_letter_ratio",
    "peak_rss_mb",
    "recall_at_10",
    "start_s",
}


def test_quick_benchmark_prints_its_figures_and_meets_the_robust_targets() -> None:
    # Three minutes on an idle 2-core machine; the limit leaves room for a busy one.
    run = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--quick"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    print(json.dumps(figures, indent=2))
    assert set(figures) >= KEYS
    assert figures["passages"] >= 20000
    # Ratios of two timings taken side by side: both slow down alike when the machine is busy.
    assert figures["build_overhead"] <= 1.2
    assert figures["add_letter_ratio"] <= 2
    assert figures["recall_at_10"] >= 0.95
    # answer_p95_over_embed is reported, not asserted: a p95 is the slowest questions, and on a
    # machine shared with other jobs those are the ones that waited for a core (benchmarks/README.md).
    assert figures["answer_p95_over_embed"] > 0
