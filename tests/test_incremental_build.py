"""An incremental build (unchanged letters left in their segments, new ones in a segment of their own)
answers as a build from scratch."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import numpy as np
import pytest
from test_indexing import SECOND

from assistant.index import build as indexing
from assistant.settings import Settings

pytestmark = pytest.mark.slow


def _same_index(incremental: Settings, scratch: Settings, embedder) -> None:
    indexing.build(scratch, embedder, rebuild=True)
    a, b = indexing.open_index(incremental, embedder), indexing.open_index(scratch, embedder)
    assert a.passages == b.passages
    assert a.letters == b.letters
    assert a.manifest["notices"] == b.manifest["notices"] and a.manifest["files"] == b.manifest["files"]
    ids = [p.passage_id for p in a.passages]
    assert a.store.count() == b.store.count() == len(ids)
    vectors_a, vectors_b = a.store.vectors_of(ids), b.store.vectors_of(ids)
    assert set(vectors_a) == set(vectors_b) == set(ids)
    for pid in ids:
        assert np.allclose(vectors_a[pid], vectors_b[pid], atol=1e-6)
    for query in ("væresteder for hjemløse", "aktiveringsindsats ledige"):
        assert [pid for pid, _ in a.store.search(query, 5)] == [pid for pid, _ in b.store.search(query, 5)]
    assert a.sentences.keys == b.sentences.keys
    assert np.allclose(a.sentences.matrix, b.sentences.matrix, atol=1e-6)
    assert a.lexical.passage_ids == b.lexical.passage_ids
    assert a.lexical.document_frequencies() == b.lexical.document_frequencies()
    for query in ("væresteder for hjemløse", "aktiveringsindsats ledige", "Sikker By"):
        assert a.lexical.search(query, 10) == b.lexical.search(query, 10)


QUESTIONS = (
    "Hvor mange væresteder driver kommunen?",
    "Hvor mange penge blev der afsat til ledige med banderelationer?",
    "Hvad får natteravnene?",
    "Hvem underskrev brevet om væresteder?",
)
FIRST = (
    "Kære Bo Lind\n\nTak for din henvendelse af 2. juni 2023 om natteravne i Valby.\n\n"
    "Kommunen giver natteravnene i Valby 85.000 kr. om året til trøjer og kaffe.\n\n"
    "Med venlig hilsen\n\nSara Dahl\nkontorchef"
)


def _same_answers(incremental: Settings, scratch: Settings, embedder) -> None:
    from assistant.answer.service import Assistant

    a = Assistant(incremental, indexing.open_index(incremental, embedder), embedder)
    b = Assistant(scratch, indexing.open_index(scratch, embedder), embedder)
    for question in QUESTIONS:
        got, want = a.ask(question).to_dict(), b.ask(question).to_dict()
        got.pop("latency_ms"), want.pop("latency_ms")
        assert got == want


@pytest.mark.parametrize("merge_factor", [indexing.MERGE_FACTOR, 0])
def test_each_incremental_build_equals_a_build_from_scratch(
    settings, embedder, tmp_path, monkeypatch, merge_factor
) -> None:
    """With merge factor 0 no segment takes in another for its size: each letter added stays in
    a segment of its own, and the index still answers as one built at once."""
    monkeypatch.setattr(indexing, "MERGE_FACTOR", merge_factor)
    scratch = replace(settings, index_dir=tmp_path / "scratch")
    indexing.build(settings, embedder)
    path = settings.corpus_dir / "vaeresteder.txt"
    path.write_text(SECOND, encoding="utf-8")
    added = indexing.build(settings, embedder)
    assert added.reused == 10  # the seed letter's passages were taken over, not embedded
    _same_index(settings, scratch, embedder)
    (settings.corpus_dir / "0-natteravne.txt").write_text(FIRST, encoding="utf-8")  # first in order
    indexing.build(settings, embedder)
    segments = indexing.read_manifest(settings.index_dir)["segments"]
    assert len(segments) == (3 if merge_factor == 0 else 1)
    _same_index(settings, scratch, embedder)
    _same_answers(settings, scratch, embedder)

    path.write_text(SECOND.replace("syv væresteder", "otte væresteder"), encoding="utf-8")
    assert indexing.build(settings, embedder).embedded == 1
    _same_index(settings, scratch, embedder)

    sidecar = settings.corpus_dir / "vaeresteder.meta.json"
    sidecar.write_text(json.dumps({"title": "Svar om væresteder"}), encoding="utf-8")
    later = os.stat(sidecar).st_mtime + 5  # written after the last build: read again
    os.utime(sidecar, (later, later))
    indexing.build(settings, embedder)
    loaded = indexing.open_index(settings, embedder)
    assert loaded.letters["vaeresteder"].meta.title == "Svar om væresteder"
    _same_index(settings, scratch, embedder)

    _same_answers(settings, scratch, embedder)

    path.unlink()
    sidecar.unlink()
    assert indexing.build(settings, embedder).removed == ["vaeresteder"]
    _same_index(settings, scratch, embedder)


def test_a_new_segment_takes_in_small_recent_ones_and_half_empty_ones() -> None:
    # (name, passages, live passages), oldest first
    assert indexing.absorbed([("a", 100_000, 100_000)], 10) == set()
    assert indexing.absorbed([("a", 100_000, 100_000), ("b", 10, 10)], 10) == {"b"}
    assert indexing.absorbed([("a", 100_000, 100_000), ("b", 100, 100), ("c", 10, 10)], 10) == {"c"}
    assert indexing.absorbed([("a", 100_000, 100_000), ("b", 30, 30), ("c", 10, 10)], 10) == {"b", "c"}
    assert indexing.absorbed([("a", 100_000, 40_000), ("b", 10, 10)], 0) == {"a"}  # mostly gone
    assert indexing.absorbed([("a", 100, 100)], 0) == set()  # nothing new: nothing to take in


def test_document_frequencies_count_the_passages_holding_each_term(seed_assistant) -> None:
    from collections import Counter

    from assistant.text import danish

    expected: Counter[str] = Counter()
    for p in seed_assistant.passages:
        expected.update(set(danish.terms(p.context)))
    assert seed_assistant.index.lexical.document_frequencies() == dict(expected)
