"""Notes: what the evidence step reads of each passage and letter, found once when letters are indexed.

Every question used to find again, in each sentence of its 20 best passages, the sentence's terms,
its facts and the terms around it: most of an answer's time. None of it depends on the question.
So the build writes it here, one JSON row per passage and per letter, and the evidence step reads
the rows of the passages it looks at (``Notes.passage``). What the notes hold is what the evidence
step computed before, in the same way; change one and the other together, and FORMAT_VERSION.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.index.sentences import spans
from assistant.text import danish, facts
from assistant.text.terms import TermSet, Vocabulary
from assistant.types import Letter, Passage

LIST_MARKER = re.compile(r"^\d{1,2}[.)]\s+")
CACHED = 1024  # passages whose notes stay decoded: a question reads 20
VOCABULARY = "vocabulary.json"


def numbers(text: str) -> set[str]:
    return {f"#{n}" for n in danish.NUMBER.findall(text)}


def title_of(passage: Passage) -> str:
    """A list item's first sentence names its subject; later sentences lean on it."""
    if passage.role != "list_item":
        return ""
    first = spans(passage)[:1]
    return passage.text[first[0][0] - passage.start : first[0][1] - passage.start] if first else ""


def table_header(text: str) -> str:
    """The first line of a passage's table ("Bydel | 2022 | 2023"), or ""."""
    return next((line for line in text.split("\n") if "|" in line), "")


def meta_terms(letter: Letter) -> set[str]:
    """The terms of what a letter says about itself: title, recipient, signatory, sender."""
    m = letter.meta
    return set(danish.terms(" ".join(x for x in (m.title, m.recipient, m.signatory, m.sender) if x)))


@dataclass(frozen=True)
class SentenceNotes:
    """One sentence of a passage, as the evidence step reads it."""

    start: int  # offsets in the letter
    end: int
    previous: str  # the sentence before; a table row's is read under the table's header row
    in_table: bool  # a row of the passage's table, not its header row
    own: TermSet  # its terms and numbers, and a list item's number ("#item2")
    local: TermSet  # and the terms of the list item's title, the heading and the sentence before
    found: tuple[facts.Fact, ...]  # facts.find of the sentence, offsets in the sentence


@dataclass(frozen=True)
class PassageNotes:
    title: str  # a list item's first sentence
    header: str  # its table's header row
    context: TermSet  # the terms and numbers of title, heading and text, and the letter's metadata
    sentences: tuple[SentenceNotes, ...]  # in text order, as SentenceVectors.rows


# A sentence that opens on a pronoun for what was just said: "Det" before a verb, not the article
# before an adjective ("Det årlige budget …"); "Dette", "Heraf", "Dermed" always.
_GOES_ON = re.compile(r"^\W*(det\s+(?!\w+e\b)\w+|dette|heraf|deraf|dermed|derfor|this|that|it)\b", re.I)


def passage_row(p: Passage, letter: Letter, words: frozenset[str]) -> list[Any]:
    """A passage's notes as one JSON row."""
    title, header = title_of(p), table_header(p.text)
    around = f"{title} {p.heading}"
    context = set(danish.terms(f"{around} {p.text}")) | numbers(f"{around} {p.text}") | meta_terms(letter)
    item = (
        f"#item{m.group(0).strip().rstrip('.)')}"
        if p.role == "list_item" and (m := LIST_MARKER.match(p.text))
        else ""
    )
    rows: list[Any] = []
    previous = before = ""
    for s, e in spans(p):
        sentence = p.text[s - p.start : e - p.start]
        in_table = bool(header) and "|" in sentence and sentence != header
        if in_table:
            previous = f"{header} {previous}"  # a table row is read under its column headers
        own = set(danish.terms(sentence)) | numbers(sentence) | ({item} if item else set())
        # "Det svarer til en stigning på 37 %." goes on from what the two sentences before it say
        earlier = f"{before} {previous}" if _GOES_ON.match(sentence) else previous
        local = own | set(danish.terms(f"{title} {p.heading} {earlier}"))
        found = [[f.kind, f.start, f.end, f.text] for f in facts.find(sentence, words)]
        rows.append([s, e, previous, in_table, sorted(own), sorted(local - own), found])
        previous, before = sentence, previous
    return [title, header, sorted(context), rows]


def _passage_notes(row: list[Any], vocabulary: Vocabulary) -> PassageNotes:
    title, header, context, rows = row
    sentences = tuple(
        SentenceNotes(
            s,
            e,
            previous,
            in_table,
            TermSet(own, vocabulary),
            TermSet([*own, *extra], vocabulary),
            tuple(facts.Fact(*f) for f in found),
        )
        for s, e, previous, in_table, own, extra, found in rows
    )
    return PassageNotes(title, header, TermSet(context, vocabulary), sentences)


def letter_row(letter: Letter) -> list[str]:
    """Every term of a letter's text and metadata."""
    return sorted(set(danish.terms(letter.text)) | meta_terms(letter))


def _write_rows(path: Path, rows: Iterable[bytes]) -> None:
    """JSON lines, and where each begins (offsets.npy): a row is read without reading the rest."""
    starts = [0]
    with path.open("wb") as out:
        for row in rows:
            starts.append(starts[-1] + out.write(row))
    np.save(path.with_suffix(".offsets.npy"), np.asarray(starts, dtype=np.int64))


def _line(row: list[Any]) -> bytes:
    return json.dumps(row, ensure_ascii=False).encode() + b"\n"


class Rows:
    """Read one JSON row of a file written by ``_write_rows``, by its number."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.starts = np.load(path.with_suffix(".offsets.npy"))

    def raw(self, i: int) -> bytes:
        with self.path.open("rb") as f:
            f.seek(int(self.starts[i]))
            return f.read(int(self.starts[i + 1] - self.starts[i]))

    def __getitem__(self, i: int) -> Any:
        return json.loads(self.raw(i))


class SegmentNotes:
    """One segment's notes: a row per passage and per letter, in the segment's order."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.passages = Rows(directory / "passages.jsonl")
        self.letters = Rows(directory / "letters.jsonl")

    def vocabulary(self) -> list[str]:
        return list(json.loads((self.directory / VOCABULARY).read_text(encoding="utf-8")))

    @staticmethod
    def write(
        directory: Path,
        passages: list[tuple[Passage, Letter] | tuple[SegmentNotes, int]],
        letters: list[Letter | tuple[SegmentNotes, int]],
        words: frozenset[str],
    ) -> None:
        """Notes for a new segment: found for a (passage, its letter), or copied from a segment
        (the segment's notes, the passage's number there); letters likewise. The vocabulary holds
        every term of the rows found and of the segments copied from."""
        directory.mkdir(parents=True, exist_ok=True)
        vocabulary: set[str] = set()
        sources = {
            id(s[0]): s[0]
            for s in [*passages, *letters]
            if isinstance(s, tuple) and isinstance(s[0], SegmentNotes)
        }
        for source in sources.values():
            vocabulary.update(source.vocabulary())

        def passage_rows() -> Iterator[bytes]:
            for item in passages:
                if isinstance(item[0], SegmentNotes):
                    yield item[0].passages.raw(int(item[1]))  # type: ignore[arg-type]
                    continue
                p, letter = item
                row = passage_row(p, letter, words)  # type: ignore[arg-type]
                vocabulary.update(row[2], *(t for s in row[3] for t in (s[4], s[5])))
                yield _line(row)

        def letter_rows() -> Iterator[bytes]:
            for item in letters:
                if isinstance(item, tuple):
                    yield item[0].letters.raw(item[1])
                    continue
                row = letter_row(item)
                vocabulary.update(row)
                yield _line(row)

        _write_rows(directory / "passages.jsonl", passage_rows())
        _write_rows(directory / "letters.jsonl", letter_rows())
        (directory / VOCABULARY).write_text(
            json.dumps(sorted(vocabulary), ensure_ascii=False), encoding="utf-8"
        )


class Notes:
    """The notes of every segment a build reads, read one row at a time and kept decoded a while."""

    def __init__(
        self,
        segments: list[SegmentNotes],
        passages: dict[str, tuple[int, int]],
        letters: dict[str, tuple[int, int]],
    ) -> None:
        """``passages`` and ``letters``: where each live one is (segment, its number there)."""
        self._segments = segments
        self._passages = passages
        self._letters = letters
        self.passage = functools.lru_cache(maxsize=CACHED)(self._passage)
        self.letter_terms = functools.lru_cache(maxsize=CACHED // 8)(self._letter_terms)

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        """Every term of the notes; read at the first question."""
        return Vocabulary(t for s in self._segments for t in s.vocabulary())

    def _passage(self, passage_id: str) -> PassageNotes:
        segment, i = self._passages[passage_id]
        return _passage_notes(self._segments[segment].passages[i], self.vocabulary)

    def _letter_terms(self, letter_id: str) -> TermSet:
        segment, i = self._letters[letter_id]
        return TermSet(self._segments[segment].letters[i], self.vocabulary)
