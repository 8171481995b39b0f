"""Load: many gradio_client sessions asking at once for a while; bounded queue, bounded memory.

LOAD_SESSIONS and LOAD_SECONDS (test-only variables) bound the run; CI runs the full 50 x 60 s.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_app import FIRST, FOLLOW_UP, REPO, LiveApp, start_app, stop_app

pytestmark = [pytest.mark.slow, pytest.mark.server]
SESSIONS = int(os.environ.get("LOAD_SESSIONS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
QUESTIONS = [(FIRST, []), (FOLLOW_UP, [FIRST]), ("Hvad koster et buskort?", [])]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def load_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    app = start_app(tmp_path_factory.mktemp("load-app"))
    yield app
    stop_app(app)


def test_many_sessions_get_answers_or_a_danish_busy_message(load_app: LiveApp) -> None:
    from gradio_client import Client

    warm = Client(load_app.url, verbose=False)
    for question, history in QUESTIONS:  # first answers load lazily; not charged to the run
        warm.predict(question, history, api_name="/ask")
    before = rss_mb(load_app.proc.pid)
    latencies: list[float] = []
    answered: list[float] = []  # the latencies of real answers, without the busy ones
    outcomes: dict[str, int] = {"answer": 0, "busy": 0}
    errors: list[str] = []
    lock = threading.Lock()
    ready, go = threading.Barrier(SESSIONS + 1), threading.Event()
    deadline: list[float] = [0.0]
    active: set[int] = set()  # sessions that asked at least once

    def session(n: int) -> None:
        try:
            client = Client(load_app.url, verbose=False)
        except Exception as exc:  # noqa: BLE001
            with lock:
                errors.append(f"connect: {exc!r}")
            ready.wait()
            return
        ready.wait()
        go.wait()
        i = n
        while time.monotonic() < deadline[0]:
            question, history = QUESTIONS[i % len(QUESTIONS)]
            i += 1
            t = time.perf_counter()
            try:
                answer: Any = client.predict(question, history, api_name="/ask")
            except Exception as exc:  # noqa: BLE001 - every failure is a finding
                with lock:
                    errors.append(repr(exc)[:300])
                continue
            with lock:
                active.add(n)
                latencies.append(time.perf_counter() - t)
                if answer.get("busy"):
                    assert "travlt" in answer["answer"]
                    outcomes["busy"] += 1
                else:
                    outcomes["answer"] += 1
                    answered.append(latencies[-1])

    threads = [threading.Thread(target=session, args=(n,), daemon=True) for n in range(SESSIONS)]
    for t in threads:
        t.start()
    ready.wait()  # every session has its client
    deadline[0] = time.monotonic() + SECONDS  # before they go: one that read 0.0 would stop at once
    go.set()
    for t in threads:
        t.join(timeout=SECONDS + 600)
    after = rss_mb(load_app.proc.pid)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    a = statistics.quantiles(answered, n=100) if len(answered) > 1 else [0.0] * 99
    result = {
        "sessions": SESSIONS,
        "sessions_that_asked": len(active),
        "seconds": SECONDS,
        "requests": len(latencies),
        "p50_ms": round(q[49] * 1000),
        "p95_ms": round(q[94] * 1000),
        "answered_p50_ms": round(a[49] * 1000),
        "answered_p95_ms": round(a[94] * 1000),
        **outcomes,
        "errors": len(errors),
        "rss_before_mb": round(before),
        "rss_after_mb": round(after),
    }
    print("\nload:", json.dumps(result))
    out = REPO / "artifacts" / "load.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    assert not errors, errors[:5]
    assert outcomes["answer"] > 0 and len(active) == SESSIONS, result  # all of them at once
    assert after - before < 200, result
