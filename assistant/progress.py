"""Progress of long steps (indexing, evaluation) on standard error."""

from __future__ import annotations

import sys


def print_progress(step: str, done: int, total: int) -> None:
    """A progress line on a terminal; in a log, only each step's end."""
    if sys.stderr.isatty():
        print(f"\r{step}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    elif done >= total:
        print(f"{step}: {done}/{total}", file=sys.stderr, flush=True)
