"""An index ready to search: every segment a build reads, its live letters and passages in the
corpus's order, with BM25, dense search, sentence vectors and notes over all of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import EmptyCorpusError
from assistant.index import background
from assistant.index import manifest as manifests
from assistant.index.lexical import LexicalIndex
from assistant.index.notes import Notes
from assistant.index.segment import Segment
from assistant.index.sentence_index import SentenceIndex
from assistant.index.vectors import DenseIndex
from assistant.settings import Settings
from assistant.types import Letter, Passage


@dataclass
class LoadedIndex:
    """A complete build, ready to search."""

    build_dir: Path
    manifest: dict[str, Any]
    letters: dict[str, Letter]
    passages: list[Passage]
    store: DenseIndex
    lexical: LexicalIndex
    sentences: SentenceIndex
    notes: Notes

    def passage(self, passage_id: str) -> Passage:
        return self._by_id[passage_id]

    def passages_of(self, letter_id: str) -> list[Passage]:
        """A letter's passages, in text order."""
        return self._by_letter.get(letter_id, [])

    def __post_init__(self) -> None:
        self._by_id = {p.passage_id: p for p in self.passages}
        self._by_letter: dict[str, list[Passage]] = {}
        for p in self.passages:
            self._by_letter.setdefault(p.letter_id, []).append(p)


def segments_of(index_dir: Path, manifest: dict[str, Any]) -> list[Segment]:
    return [Segment(index_dir / entry["name"]) for entry in manifest["segments"]]


def letters_at_home(segments: list[Segment], manifest: dict[str, Any]) -> dict[str, tuple[Letter, int, int]]:
    """Each letter as the segment the manifest names for it holds it: letter id -> (letter, that
    segment's number, the letter's number there). An older segment may still hold a letter's
    earlier version; it is not read."""
    number = {s.name: k for k, s in enumerate(segments)}
    home = {lid: number[entry["segment"]] for lid, entry in manifest["letters"].items()}
    found: dict[str, tuple[Letter, int, int]] = {}
    for k, segment in enumerate(segments):
        for j, letter in enumerate(segment.letters):
            if home.get(letter.letter_id) == k:
                found[letter.letter_id] = (letter, k, j)
    return found


def open_index(settings: Settings, embedder: Any) -> LoadedIndex:
    """The current build; call ``build`` first when it is missing or stale."""
    manifests.check_model(settings)
    build_dir = manifests.current_build(settings.index_dir)
    if build_dir is None:
        raise EmptyCorpusError(f"Der er intet indeks i '{settings.index_dir}'. Kør: assistant index")
    manifest = manifests.read(build_dir)
    segments = segments_of(settings.index_dir, manifest)
    found = letters_at_home(segments, manifest)
    passages: list[Passage] = []
    located: dict[str, tuple[int, int]] = {}
    positions = [np.full(len(s), -1, dtype=np.int64) for s in segments]
    for lid in manifest["letters"]:  # the corpus's order: letters by path, passages in text order
        letter, k, _ = found[lid]
        for i in segments[k].by_letter.get(lid, []):
            p = segments[k].passage(i, letter)
            located[p.passage_id] = (k, i)
            positions[k][i] = len(passages)
            passages.append(p)
    order = [p.passage_id for p in passages]
    return LoadedIndex(
        build_dir=build_dir,
        manifest=manifest,
        letters={lid: found[lid][0] for lid in manifest["letters"]},
        passages=passages,
        store=DenseIndex(
            [s.store(settings, embedder) for s in segments], located, [len(s) for s in segments]
        ),
        lexical=LexicalIndex([(s.postings, positions[k]) for k, s in enumerate(segments)], order),
        sentences=SentenceIndex(
            [s.sentences for s in segments],
            located,
            positions,
            background.vectors(settings.index_dir, manifest["embedding_model"], embedder),
        ),
        notes=Notes([s.notes for s in segments], located, {lid: (k, j) for lid, (_, k, j) in found.items()}),
    )
