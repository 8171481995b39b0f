"""Staff verdicts on citations: a small SQLite store outside anything served, and its CSV export."""

from __future__ import annotations

import csv
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from assistant.errors import BadInputError

VERDICTS = ("Korrekt", "Forkert")
MAX_REASON_CHARS = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # spreadsheet formula injection

_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,
    letter_id TEXT NOT NULL,
    letter_sha256 TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('Korrekt', 'Forkert')),
    reason TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL DEFAULT '',
    staff TEXT NOT NULL DEFAULT ''
)
"""
_ADDED = ("question", "staff")  # columns newer than the first schema: added to an older file


@dataclass(frozen=True)
class Verdict:
    """One staff judgement of one citation; it names the letter version, never the citizen."""

    recorded_at: str  # ISO 8601, UTC
    letter_id: str
    letter_sha256: str
    passage_id: str
    start: int
    end: int
    verdict: str
    reason: str = ""
    question: str = ""  # the question answered, CPR-masked by the web app; it decides where it acts
    staff: str = ""  # the staff member who gave the verdict


def question_key(text: str) -> str:
    """The same question however it is typed: NFC, case, spacing and the closing mark ignored."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split()).rstrip(" ?.!")


COLUMNS = tuple(f.name for f in fields(Verdict))


class VerdictStore:
    """Verdicts in one SQLite file; a short-lived connection per call keeps it thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser().resolve()
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._connect() as db:
            db.execute(_SCHEMA)
            have = {row[1] for row in db.execute("PRAGMA table_info(verdicts)")}
            for column in _ADDED:
                if column not in have:
                    db.execute(f"ALTER TABLE verdicts ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # commits, or rolls back on error
                yield db
        finally:
            db.close()

    def record(
        self,
        *,
        letter_id: str,
        letter_sha256: str,
        passage_id: str,
        start: int,
        end: int,
        verdict: str,
        reason: str = "",
        question: str = "",
        staff: str = "",
        now: datetime | None = None,
    ) -> Verdict:
        """Store one verdict; a Danish BadInputError when the verdict or reason is unusable."""
        if verdict not in VERDICTS:
            raise BadInputError(f"Vurderingen skal være {' eller '.join(VERDICTS)}.")
        reason = (reason or "").strip()
        if len(reason) > MAX_REASON_CHARS:
            raise BadInputError(
                f"Begrundelsen er for lang ({len(reason)} tegn). Højst {MAX_REASON_CHARS} tegn."
            )
        if not 0 <= start < end:
            raise BadInputError("Kildens placering i brevet er ugyldig.")
        stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
        item = Verdict(
            stamp,
            letter_id,
            letter_sha256,
            passage_id,
            int(start),
            int(end),
            verdict,
            reason,
            question,
            staff,
        )
        with self._connect() as db:
            db.execute(
                'INSERT INTO verdicts (recorded_at, letter_id, letter_sha256, passage_id, start, "end", '
                "verdict, reason, question, staff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                astuple(item),
            )
        return item

    def all(self) -> list[Verdict]:
        """Every verdict, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                'SELECT recorded_at, letter_id, letter_sha256, passage_id, start, "end", verdict, reason, '
                "question, staff FROM verdicts ORDER BY id"
            ).fetchall()
        return [Verdict(*row) for row in rows]

    def wrong_spans(self, question: str) -> frozenset[tuple[str, int, int]]:
        """The quotes whose latest verdict for this question is "Forkert": not to be served for it again."""
        key, latest = question_key(question), {}
        for item in self.all():
            if item.question and question_key(item.question) == key:
                latest[(item.letter_id, item.start, item.end)] = item.verdict
        return frozenset(span for span, verdict in latest.items() if verdict == "Forkert")

    def export_csv(self, out: Path) -> Path:
        """Write every verdict as UTF-8 CSV with a header row (Excel-friendly BOM); return ``out``."""
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            for item in self.all():
                *fixed, reason, question, staff = astuple(item)
                writer.writerow([*fixed, _inert(reason), _inert(question), _inert(staff)])
        return out


def _inert(text: str) -> str:
    """Free text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text
