"""Two app processes behind one load balancer answer alike: same corpus and index, same JSON."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from chroma_server import chroma_server
from conftest import QA_FILE, SEED
from live_app import LiveApp, start_app, stop_app

pytestmark = [pytest.mark.slow, pytest.mark.server]


def _without_latency(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_latency(v) for k, v in value.items() if k != "latency_ms"}
    if isinstance(value, list):
        return [_without_latency(v) for v in value]
    return value


def _answers(app: LiveApp, items: list[dict[str, Any]]) -> list[Any]:
    """Every QA question through the app's `/ask` API, as the JSON it returns."""
    from gradio_client import Client

    client = Client(app.url + "/", verbose=False)
    return [
        _without_latency(client.predict(item["question"], item.get("history", []), api_name="/ask"))
        for item in items
    ]


def _two_apps_answer_alike(tmp_path: Path, extra_env: dict[str, str] | None = None) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copyfile(SEED, corpus / SEED.name)
    items = [json.loads(line) for line in QA_FILE.open(encoding="utf-8") if line.strip()]
    # The first app builds the index; the second starts over the finished one, as a second
    # instance behind a load balancer would.
    roots = [tmp_path / "a", tmp_path / "b"]
    apps: list[LiveApp] = []
    try:
        for root in roots:
            root.mkdir()
            apps.append(start_app(root, corpus=corpus, index=index, extra_env=extra_env))
        for app in apps:
            assert httpx.get(app.url + "/", timeout=30).status_code == 200
        with ThreadPoolExecutor(2) as pool:
            first, second = pool.map(lambda app: _answers(app, items), apps)
    finally:
        for app in apps:
            stop_app(app)
    assert len(first) == len(items)
    for item, a, b in zip(items, first, second, strict=True):
        assert a == b, item["id"]
    assert any(not a["refused"] for a in first)  # real answers were compared, not only refusals


def test_two_apps_over_one_local_index_answer_alike(tmp_path: Path) -> None:
    _two_apps_answer_alike(tmp_path)


def test_two_apps_over_one_chroma_server_answer_alike(tmp_path: Path) -> None:
    with chroma_server(tmp_path / "chroma-server") as url:
        _two_apps_answer_alike(tmp_path, {"ASSISTANT_CHROMA_URL": url})
