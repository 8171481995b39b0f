"""The QA file (docs/contracts.md): one JSON object a line, read with a Danish message for every fault."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.errors import BadInputError
from assistant.evaluation.metrics import QAItem

REQUIRED = ("id", "question", "answerable", "gold")


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _item(row: object, where: str) -> QAItem:
    if not isinstance(row, dict):
        raise BadInputError(f"{where}: forventede et JSON-objekt.")
    missing = [f for f in REQUIRED if f not in row]
    if missing:
        raise BadInputError(f"{where}: mangler feltet {', '.join(repr(f) for f in missing)}.")
    if not isinstance(row["id"], str) or not row["id"].strip():
        raise BadInputError(f"{where}: feltet 'id' skal være en tekst.")
    if not isinstance(row["question"], str) or not row["question"].strip():
        raise BadInputError(f"{where}: feltet 'question' skal være et spørgsmål (en tekst).")
    if not isinstance(row["answerable"], bool):
        raise BadInputError(f"{where}: feltet 'answerable' skal være true eller false.")
    for name in ("gold", "tags", "history"):
        if name in row and not _strings(row[name]):
            raise BadInputError(f"{where}: feltet '{name}' skal være en liste af tekster.")
    if row["answerable"] and not any(g.strip() for g in row["gold"]):
        raise BadInputError(f"{where}: et besvarbart spørgsmål skal have mindst én guldfrase i 'gold'.")
    return QAItem(
        id=row["id"],
        question=row["question"],
        answerable=row["answerable"],
        gold=tuple(row["gold"]),
        tags=tuple(row.get("tags", ())),
        history=tuple(row.get("history", ())),
        short=row["short"] if isinstance(row.get("short"), str) and row["short"].strip() else None,
    )


def load_qa(path: Path) -> list[QAItem]:
    """The QA file's items; any problem is a Danish BadInputError naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise BadInputError(f"QA-filen '{path}' findes ikke.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"QA-filen '{path}' kan ikke læses: {exc}") from exc
    items: list[QAItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"QA-filen '{path}', linje {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInputError(f"{where}: ugyldig JSON ved tegn {exc.colno}.") from exc
        item = _item(row, where)
        if item.id in seen:
            raise BadInputError(f"{where}: id '{item.id}' er allerede brugt på linje {seen[item.id]}.")
        seen[item.id] = number
        items.append(item)
    if not items:
        raise BadInputError(f"QA-filen '{path}' indeholder ingen spørgsmål.")
    return items


def problems(path: Path) -> list[str]:
    """Every fault of a QA file, one Danish message per bad line (load_qa stops at the first)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [f"QA-filen kan ikke læses som UTF-8-tekst: {exc}"]
    found: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"Linje {number}"
        try:
            item = _item(json.loads(line), where)
        except json.JSONDecodeError as exc:
            found.append(f"{where}: ugyldig JSON ved tegn {exc.colno}.")
            continue
        except BadInputError as exc:
            found.append(str(exc))
            continue
        if item.id in seen:
            found.append(f"{where}: id '{item.id}' er allerede brugt på linje {seen[item.id]}.")
        seen.setdefault(item.id, number)
    if not found and not seen:
        found.append("QA-filen indeholder ingen spørgsmål.")
    return found
