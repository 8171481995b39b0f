"""Staff sessions held on the server: a cookie only names one, and logging out ends it for every copy."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
import threading
import time
from pathlib import Path

MAX_SESSIONS = 1000  # the oldest go first; each one took a correct password


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


class Sessions:
    """Open sessions by the SHA-256 of their id, each with its staff member and expiry (wall clock).
    They are kept in a file (0600) beside the staff accounts, so that with a fixed session secret they
    survive a restart; the file holds no session id, so reading it lets no one in."""

    def __init__(self, path: Path, max_age: int) -> None:
        self.path, self.max_age = Path(path).expanduser(), max_age
        self._lock = threading.Lock()
        self._open: dict[str, tuple[str, float]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self._open = {str(k): (str(v[0]), float(v[1])) for k, v in data.get("sessions", {}).items()}
        except (OSError, ValueError, TypeError, IndexError, AttributeError):
            pass  # no file yet, or an unreadable one: everyone logs in again
        self._prune()

    def open(self, name: str) -> str:
        """A new session for ``name``; its id goes into the signed cookie."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self._open[_digest(sid)] = (name, time.time() + self.max_age)
            self._prune()
            self._write()
        return sid

    def name(self, sid: str) -> str | None:
        """The staff member of an open session, or None (closed, expired or never opened)."""
        with self._lock:
            found = self._open.get(_digest(sid))
        return found[0] if found and found[1] > time.time() else None

    def close(self, sid: str) -> None:
        with self._lock:
            if self._open.pop(_digest(sid), None) is not None:
                self._write()

    def _prune(self) -> None:
        now = time.time()
        self._open = {k: v for k, v in self._open.items() if v[1] > now}
        while len(self._open) > MAX_SESSIONS:
            del self._open[min(self._open, key=lambda k: self._open[k][1])]

    def _write(self) -> None:
        """Atomically, readable by the owner only (the caller holds the lock)."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".sessions-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"sessions": self._open}, f)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
