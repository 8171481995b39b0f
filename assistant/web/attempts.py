"""Failed staff logins, counted per client address and per name: too many within a window pause them."""

from __future__ import annotations

import math
import threading
import time
from collections import deque

MAX_KEYS = 10_000  # names and addresses tracked at once; the least recently failed are forgotten


class Attempts:
    """At most ``limit`` failures per key within ``window`` seconds; then the key waits until the
    oldest of them is ``window`` old. Kept in memory: a restart forgets them."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._failed: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failed.get(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        if not times:
            self._failed.pop(key, None)
        return times

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(key, now)
            return max(0.0, times[0] + self.window - now) if len(times) >= self.limit else 0.0

    def fail(self, key: str) -> float:
        """Count a failure; the wait it brings on (0 while under the limit)."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(key, now)
            times.append(now)
            self._failed.pop(key, None)
            self._failed[key] = times  # most recently failed last
            while len(self._failed) > MAX_KEYS:
                del self._failed[next(iter(self._failed))]
        return self.wait(key)

    def forget(self, key: str) -> None:
        with self._lock:
            self._failed.pop(key, None)


def minutes(seconds: float) -> int:
    """A wait in whole minutes, for the Danish message (at least 1)."""
    return max(1, math.ceil(seconds / 60))
