"""The verdict store: what a record holds, where it lives, and the CSV it exports."""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.answer.verdicts import COLUMNS, VerdictStore
from assistant.errors import BadInputError
from assistant.settings import Settings

SHA = "a" * 64
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _record(store: VerdictStore, **overrides: object):
    values: dict[str, object] = dict(
        letter_id="000_x",
        letter_sha256=SHA,
        passage_id="000_x:10-90",
        start=12,
        end=40,
        verdict="Korrekt",
        reason="",
        now=WHEN,
    )
    values.update(overrides)
    return store.record(**values)  # type: ignore[arg-type]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_default_path_is_outside_the_repository_and_env_overrides_it(tmp_path: Path) -> None:
    assert Settings.from_env(env={}).verdicts_db == (
        Path.home() / ".local/share/bandepolitik-assistant/verdicts.sqlite3"
    )
    assert Settings.from_env().verdicts_db == tmp_path / "verdicts.sqlite3"  # conftest sets the env var


def test_a_record_holds_letter_version_offsets_verdict_and_reason(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path / "deep" / "dir" / "v.sqlite3")
    item = _record(store, verdict="Forkert", reason="Citatet siger noget andet")
    assert store.path.exists()
    assert item.recorded_at == "2026-01-02T03:04:05+00:00"
    assert store.all() == [item]
    assert (item.letter_id, item.letter_sha256, item.passage_id, item.start, item.end) == (
        "000_x",
        SHA,
        "000_x:10-90",
        12,
        40,
    )
    assert (item.verdict, item.reason) == ("Forkert", "Citatet siger noget andet")


def test_the_table_has_no_place_for_a_citizen(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path / "v.sqlite3")
    with sqlite3.connect(store.path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(verdicts)")]
    assert columns == ["id", *COLUMNS]
    # the question (CPR-masked by the web app) and the staff member, but nothing about the citizen
    assert not {"ip", "session", "user", "history", "cookie", "citizen"} & set(columns)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"verdict": "Måske"}, "Korrekt eller Forkert"),
        ({"verdict": ""}, "Korrekt eller Forkert"),
        ({"reason": "x" * 1001}, "for lang"),
        ({"start": 40, "end": 40}, "ugyldig"),
        ({"start": -1}, "ugyldig"),
    ],
)
def test_bad_verdicts_are_refused_in_danish(tmp_path: Path, overrides: dict, message: str) -> None:
    store = VerdictStore(tmp_path / "v.sqlite3")
    with pytest.raises(BadInputError, match=message):
        _record(store, **overrides)
    assert store.all() == []


def test_export_csv_has_a_header_and_every_verdict_in_order(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path / "v.sqlite3")
    _record(store, start=1, end=5)
    _record(store, start=7, end=9, verdict="Forkert", reason="  Forkert passage, æøå  ")
    rows = _rows(store.export_csv(tmp_path / "out" / "v.csv"))
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["start"], r["end"], r["verdict"]) for r in rows] == [
        ("1", "5", "Korrekt"),
        ("7", "9", "Forkert"),
    ]
    assert rows[1]["reason"] == "Forkert passage, æøå"
    assert rows[1]["letter_sha256"] == SHA


def test_export_makes_formulas_in_reasons_inert(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path / "v.sqlite3")
    _record(store, reason='=HYPERLINK("http://x")')
    _record(store, reason="@SUM(A1)")
    rows = _rows(store.export_csv(tmp_path / "v.csv"))
    assert [r["reason"] for r in rows] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)"]
    assert store.all()[0].reason == '=HYPERLINK("http://x")'  # stored as given


def test_two_stores_on_one_file_see_each_others_records(tmp_path: Path) -> None:
    first, second = VerdictStore(tmp_path / "v.sqlite3"), VerdictStore(tmp_path / "v.sqlite3")
    _record(first)
    _record(second, verdict="Forkert")
    assert [v.verdict for v in first.all()] == ["Korrekt", "Forkert"]
