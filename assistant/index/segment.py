"""A segment: the letters one build read, and everything found for them.

A build directory holds the segment its build wrote (when it read any letter) and the build's
manifest, which names every segment the build reads: its own and earlier builds'. A segment is
written once and never changed. A later build that keeps its letters reads it as it is, and an
app still answering from an earlier build finds it as it was. What a segment holds:

- ``letters.jsonl``: its letters, text and metadata; ``passages.json``: their passages, as
  columns (a passage's text is its letter's text between its offsets);
- ``bm25/``: term counts (index/postings.py); ``sentences/``: sentence vectors;
  ``notes/``: what the evidence step reads (index/notes.py);
- ``chroma/``: the passages' vectors (with a Chroma server, a collection named after the directory).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from assistant.index import vectors
from assistant.index.notes import SegmentNotes
from assistant.index.postings import Postings
from assistant.index.sentences import SentenceVectors, first_rows
from assistant.index.store import VectorStore
from assistant.settings import Settings
from assistant.text import danish
from assistant.text.passages import passage_id
from assistant.types import Letter, LetterMeta, Passage

LETTERS, PASSAGES = "letters.jsonl", "passages.json"
Progress = Callable[[str, int, int], None]
Taken = tuple["Segment", int]  # a passage (or letter) as a segment holds it: the segment, its number


def _letter(row: dict[str, Any]) -> Letter:
    row["meta"] = LetterMeta(**row["meta"])
    row["page_starts"] = tuple(row["page_starts"])
    return Letter(**row)


class Segment:
    """A segment on disk, each part read when first asked for."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.name = directory.name

    @functools.cached_property
    def letters(self) -> list[Letter]:
        with (self.directory / LETTERS).open(encoding="utf-8") as rows:
            return [_letter(json.loads(line)) for line in rows if line.strip()]

    @functools.cached_property
    def _columns(self) -> dict[str, list[Any]]:
        return dict(json.loads((self.directory / PASSAGES).read_text(encoding="utf-8")))

    def __len__(self) -> int:
        return len(self._columns["start"])

    @functools.cached_property
    def by_letter(self) -> dict[str, list[int]]:
        """Each letter's passages (their numbers in the segment), in text order."""
        out: dict[str, list[int]] = {}
        for i, k in enumerate(self._columns["letter"]):
            out.setdefault(self.letters[k].letter_id, []).append(i)
        return out

    def passage(self, i: int, letter: Letter) -> Passage:
        c = self._columns
        start, end = c["start"][i], c["end"][i]
        return Passage(
            passage_id(letter.letter_id, start, end),
            letter.letter_id,
            start,
            end,
            letter.text[start:end],
            c["role"][i],
            c["heading"][i],
            c["page"][i],
        )

    @functools.cached_property
    def vectors(self) -> np.ndarray:
        """The passages' vectors as stored in Chroma, in the segment's order, memory-mapped: read
        without loading the collection's whole HNSW index."""
        return np.load(self.directory / vectors.VECTORS, mmap_mode="r")

    def vectors_with_hashes(self, wanted: set[str]) -> dict[str, np.ndarray]:
        """The vectors of passages whose text (as embedded) has one of the given hashes."""
        hashes = np.load(self.directory / vectors.HASHES)
        return {hashes[r].hex(): np.asarray(self.vectors[r]) for r in first_rows(hashes, wanted)}

    @functools.cached_property
    def postings(self) -> Postings:
        return Postings.load(self.directory / "bm25")

    @functools.cached_property
    def terms(self) -> list[list[str]]:
        return self.postings.terms_of()

    @functools.cached_property
    def sentences(self) -> SentenceVectors:
        return SentenceVectors.load(self.directory / "sentences")

    @functools.cached_property
    def notes(self) -> SegmentNotes:
        return SegmentNotes(self.directory / "notes")

    def store(self, settings: Settings, embedder: Any) -> VectorStore:
        return vectors.open_store(settings, self.directory, embedder)


def write(
    directory: Path,
    settings: Settings,
    embedder: Any,
    letters: list[tuple[Letter, Taken | None]],
    passages: list[tuple[Passage, Taken | None]],
    reusable: dict[str, np.ndarray],
    words: frozenset[str],
    progress: Progress | None = None,
) -> tuple[int, int | None]:
    """A new segment of the given letters and passages, each new or as a segment already holds it
    (``Taken``: copied, not found again). Passages not taken are embedded unless ``reusable`` has
    their text's vector. Returns (passages embedded, vector dimension)."""
    model = vectors.model_name(settings)
    embedded, dimension, own = vectors.fill(settings, directory, embedder, passages, reusable, progress)
    SentenceVectors.build(
        model,
        [p for p, _ in passages],
        embedder,
        [(t[0].sentences, t[1]) if t else None for _, t in passages],
        reusable | own,  # a one-sentence passage's sentence shares its vector
        progress,
    ).save(directory / "sentences")
    Postings.build([t[0].terms[t[1]] if t else danish.terms(p.context) or [""] for p, t in passages]).save(
        directory / "bm25"
    )
    by_id = {letter.letter_id: letter for letter, _ in letters}
    SegmentNotes.write(
        directory / "notes",
        [(t[0].notes, t[1]) if t else (p, by_id[p.letter_id]) for p, t in passages],
        [(t[0].notes, t[1]) if t else letter for letter, t in letters],
        words,
    )
    with (directory / LETTERS).open("w", encoding="utf-8") as out:
        for letter, _ in letters:
            out.write(json.dumps(asdict(letter), ensure_ascii=False) + "\n")
    number = {letter.letter_id: k for k, (letter, _) in enumerate(letters)}
    columns = {
        "letter": [number[p.letter_id] for p, _ in passages],
        "start": [p.start for p, _ in passages],
        "end": [p.end for p, _ in passages],
        "role": [p.role for p, _ in passages],
        "heading": [p.heading for p, _ in passages],
        "page": [p.page for p, _ in passages],
    }
    (directory / PASSAGES).write_text(json.dumps(columns, ensure_ascii=False), encoding="utf-8")
    return embedded, dimension
