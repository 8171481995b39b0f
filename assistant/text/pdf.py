"""PDF text, read in a child process with a time limit and a memory limit.

pypdf has had resource-exhaustion bugs (CVE-2023-36464, CVE-2025-55197: a crafted PDF that
expands without end). A PDF is therefore parsed in a separate process, so that a bad file ends
with a clear error for that file and never takes the indexer, or the other letters, down.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0
    memory_mb: int = 1024


class PdfError(Exception):
    """The PDF could not be read; the message is Danish and says why."""


def _limit_memory(megabytes: int) -> None:
    """Caps the child's address space. Set by the child itself once its imports are done: the
    interpreter's start then never fails in some other way (a SystemError while importing, a shared
    object that cannot be mapped), so that running out is always a MemoryError or a kill."""
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def read_pages(path: Path, limits: Limits = Limits()) -> list[str]:
    """The text of each page; PdfError for a broken, encrypted, too slow or too large PDF."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "assistant.text.pdf", str(path), str(limits.memory_mb)],
            capture_output=True,
            timeout=limits.seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfError(f"det tog mere end {limits.seconds:g} sekunder at læse PDF-filen") from None
    try:
        result = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        result = None
    if done.returncode != 0 or not isinstance(result, dict):
        if b"MemoryError" in done.stderr or done.returncode < 0:
            raise PdfError(f"PDF-filen brugte mere end {limits.memory_mb} MB hukommelse")
        raise PdfError("PDF-filen kunne ikke læses")
    if "error" in result:
        raise PdfError(str(result["error"]))
    return [str(page) for page in result["pages"]]


def _extract(path: str) -> dict[str, object]:
    """Runs in the child: the pages' text, or a Danish reason."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    encrypted: dict[str, object] = {"error": "PDF-filen er krypteret med en adgangskode"}
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return encrypted
            except Exception:  # an unsupported cipher, or a password it would need
                return encrypted
        return {"pages": [page.extract_text() or "" for page in reader.pages]}
    except PdfReadError as exc:
        return {"error": f"PDF-filen er beskadiget eller ufuldstændig ({exc})"}
    except MemoryError:
        raise
    except Exception as exc:  # pypdf raises many kinds on malformed input
        return {"error": f"PDF-filen er beskadiget ({type(exc).__name__})"}


if __name__ == "__main__":
    import pypdf  # noqa: F401 (imported before the limit: see _limit_memory)

    _limit_memory(int(sys.argv[2]))
    sys.stdout.write(json.dumps(_extract(sys.argv[1]), ensure_ascii=False))
