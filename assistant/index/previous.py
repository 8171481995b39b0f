"""The build before: its letters, passages, terms and vectors, read back for the next build to reuse."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.index.sentences import SentenceVectors
from assistant.text.letters import Known
from assistant.types import Letter, LetterMeta, Passage

TERMS = "terms.json"  # beside the BM25 files: each passage's terms, so unchanged ones are not re-stemmed


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as rows:
        for line in rows:
            if line.strip():
                yield json.loads(line)


def read_letters(build_dir: Path) -> dict[str, Letter]:
    out = {}
    for row in read_jsonl(build_dir / "letters.jsonl"):
        row["meta"] = LetterMeta(**row["meta"])
        row["page_starts"] = tuple(row["page_starts"])
        out[row["letter_id"]] = Letter(**row)
    return out


def read_passages(build_dir: Path) -> list[Passage]:
    return [Passage(**row) for row in read_jsonl(build_dir / "passages.jsonl")]


def write_jsonl(path: Path, rows: Iterator[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def passage_row(p: Passage) -> dict[str, Any]:
    """A passage as its JSON row (dataclasses.asdict, without its deep copies: 10x faster)."""
    return dict(vars(p))


@dataclass
class Previous:
    """A complete earlier build whose work the next build takes over where the text is unchanged."""

    build_dir: Path
    known: Known
    passages: dict[str, Passage] = field(default_factory=dict)  # by passage id
    by_letter: dict[str, list[Passage]] = field(default_factory=dict)
    terms: dict[str, list[str]] = field(default_factory=dict)  # BM25 terms by passage id
    sentences: SentenceVectors | None = None

    @classmethod
    def read(cls, build_dir: Path, manifest: dict[str, Any]) -> Previous:
        letters = read_letters(build_dir)
        # A sidecar modified since the old build began reading letters is read again (by mtime;
        # builds before "read_at" was recorded fall back to the manifest's time, less a minute).
        since = float(manifest.get("read_at", (build_dir / "manifest.json").stat().st_mtime - 60.0))
        known = Known({x.path: x for x in letters.values()}, tuple(manifest.get("notices", [])), since)
        out = cls(build_dir, known)
        for p in read_passages(build_dir):
            out.passages[p.passage_id] = p
            out.by_letter.setdefault(p.letter_id, []).append(p)
        with contextlib.suppress(OSError, ValueError):
            saved = json.loads((build_dir / "bm25" / TERMS).read_text(encoding="utf-8"))
            out.terms = {pid: list(t) for pid, t in saved.items()}
        with contextlib.suppress(OSError, ValueError):
            out.sentences = SentenceVectors.load(build_dir / "sentences")
        return out

    def passages_of(self, letter: Letter) -> list[Passage] | None:
        """The letter's passages as split before, when the letter itself was taken over unchanged."""
        if self.known.letters.get(letter.path) is not letter:
            return None
        return self.by_letter.get(letter.letter_id)

    def unchanged(self, passages: list[Passage]) -> frozenset[str]:
        """Ids of passages identical to the old build's: their vectors, terms and sentences stay."""
        return frozenset(p.passage_id for p in passages if self.passages.get(p.passage_id) == p)
