"""An incremental build (old Chroma copied, unchanged letters taken over) equals a build from scratch."""

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
    got_a = a.store._collection.get(ids=ids, include=["embeddings", "metadatas"])
    got_b = b.store._collection.get(ids=ids, include=["embeddings", "metadatas"])
    assert a.store.count() == b.store.count() == len(ids)
    by_id_a = dict(zip(got_a["ids"], zip(got_a["embeddings"], got_a["metadatas"], strict=True), strict=True))
    by_id_b = dict(zip(got_b["ids"], zip(got_b["embeddings"], got_b["metadatas"], strict=True), strict=True))
    for pid in ids:
        assert by_id_a[pid][1] == by_id_b[pid][1]
        assert np.allclose(by_id_a[pid][0], by_id_b[pid][0], atol=1e-6)
    assert a.sentences.keys == b.sentences.keys
    assert np.allclose(a.sentences.matrix, b.sentences.matrix, atol=1e-6)
    assert a.lexical.passage_ids == b.lexical.passage_ids
    assert a.lexical.document_frequencies() == b.lexical.document_frequencies()
    for query in ("væresteder for hjemløse", "aktiveringsindsats ledige", "Sikker By"):
        assert a.lexical.search(query, 10) == b.lexical.search(query, 10)


def test_each_incremental_build_equals_a_build_from_scratch(settings, embedder, tmp_path) -> None:
    scratch = replace(settings, index_dir=tmp_path / "scratch")
    indexing.build(settings, embedder)
    path = settings.corpus_dir / "vaeresteder.txt"
    path.write_text(SECOND, encoding="utf-8")
    added = indexing.build(settings, embedder)
    assert added.reused == 10  # the seed letter's passages were taken over, not embedded
    _same_index(settings, scratch, embedder)

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

    path.unlink()
    sidecar.unlink()
    assert indexing.build(settings, embedder).removed == ["vaeresteder"]
    _same_index(settings, scratch, embedder)


def test_document_frequencies_count_the_passages_holding_each_term(seed_assistant) -> None:
    from collections import Counter

    from assistant.text import danish

    expected: Counter[str] = Counter()
    for p in seed_assistant.passages:
        expected.update(set(danish.terms(p.context)))
    assert seed_assistant.index.lexical.document_frequencies() == dict(expected)
