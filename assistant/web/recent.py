"""What staff see of citizens' questions: masked for CPR numbers, in memory only, bounded in count and age."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime

from assistant.text import privacy
from assistant.types import Answer


def mask_cpr(text: str) -> str:
    """The text with CPR-like numbers masked (the same rule as for letters and questions)."""
    return privacy.mask(text)[0]


def masked(answer: Answer) -> Answer:
    """The answer with the citizen's question and history masked (the rest comes from the letters)."""
    return replace(
        answer, question=mask_cpr(answer.question), history=tuple(mask_cpr(h) for h in answer.history)
    )


@dataclass(frozen=True)
class Entry:
    shown_at: str  # HH:MM:SS, for staff
    added: float  # time.monotonic()
    answer: Answer  # masked
    changed: str = ""  # what staff verdicts removed from this answer, for the staff page


class Recent:
    """The last answers given, for the staff page; the oldest fall out by count or by age."""

    def __init__(self, max_count: int, max_minutes: int) -> None:
        self.max_count, self.max_age = max_count, max_minutes * 60
        self._items: dict[str, Entry] = {}
        self._seq = 0
        self._lock = threading.Lock()

    def add(self, answer: Answer, changed: str = "") -> str:
        with self._lock:
            self._seq += 1
            key = str(self._seq)
            now = datetime.now().strftime("%H:%M:%S")
            self._items[key] = Entry(now, time.monotonic(), masked(answer), changed)
            self._prune()
            return key

    def _prune(self) -> None:
        limit = time.monotonic() - self.max_age
        while self._items and (
            len(self._items) > self.max_count or next(iter(self._items.values())).added < limit
        ):
            del self._items[next(iter(self._items))]

    def items(self) -> list[tuple[str, Entry]]:
        """Newest first."""
        with self._lock:
            self._prune()
            return list(reversed(self._items.items()))

    def get(self, key: str | None) -> Entry | None:
        with self._lock:
            self._prune()
            return self._items.get(key or "")

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None
