"""Staff accounts: a small JSON file of names and Argon2id password hashes, never the passwords."""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.errors import BadInputError

NAME = re.compile(r"[A-Za-z0-9ÆØÅæøå._@-]{1,64}")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
_HASHER = PasswordHasher()  # Argon2id with the library's (RFC 9106 low-memory) defaults
_DUMMY = _HASHER.hash("not a password of anyone")  # unknown names cost as much time as known ones


def check_name(name: str) -> str:
    if not NAME.fullmatch(name or ""):
        raise BadInputError("Navnet må kun indeholde bogstaver, tal og . _ @ - (højst 64 tegn).")
    return name


class Accounts:
    """The file is re-read when it changes, so `assistant staff remove` takes effect at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()
        self._cache: tuple[float, dict[str, str]] | None = None

    def _read(self) -> dict[str, str]:
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return {}
        with self._lock:
            if self._cache is None or self._cache[0] != stamp:
                try:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise BadInputError(f"Filen med medarbejderkonti kan ikke læses: {self.path}") from exc
                hashes = data.get("accounts", {}) if isinstance(data, dict) else {}
                self._cache = (stamp, {str(k): str(v) for k, v in hashes.items()})
            return dict(self._cache[1])

    def names(self) -> list[str]:
        return sorted(self._read())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._read()

    def verify(self, name: str, password: str) -> bool:
        """True when the password is right; as slow for an unknown name as for a known one."""
        stored = self._read().get(name)
        if not password or len(password) > MAX_PASSWORD:
            return False
        try:
            return _HASHER.verify(stored or _DUMMY, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def add(self, name: str, password: str) -> bool:
        """Add or replace an account; True when it is new."""
        check_name(name)
        if len(password) < MIN_PASSWORD:
            raise BadInputError(f"Adgangskoden skal have mindst {MIN_PASSWORD} tegn.")
        if len(password) > MAX_PASSWORD:
            raise BadInputError(f"Adgangskoden må højst have {MAX_PASSWORD} tegn.")
        hashes = self._read()
        new = name not in hashes
        hashes[name] = _HASHER.hash(password)
        self._write(hashes)
        return new

    def remove(self, name: str) -> None:
        hashes = self._read()
        if name not in hashes:
            raise BadInputError(f"Der findes ingen medarbejderkonto med navnet '{name}'.")
        del hashes[name]
        self._write(hashes)

    def _write(self, hashes: dict[str, str]) -> None:
        """Atomically, readable by the owner only."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".staff-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"accounts": hashes}, f, ensure_ascii=False, indent=1, sort_keys=True)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        with self._lock:
            self._cache = None
