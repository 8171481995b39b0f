"""The domain thesaurus: which words (Danish and English) stand for the same concept."""

from __future__ import annotations

import functools
from importlib.resources import files

from . import danish


@functools.lru_cache(maxsize=1)
def groups() -> tuple[frozenset[str], ...]:
    """Each concept as a set of stems, read from ``data/thesaurus.txt``."""
    text = files("assistant").joinpath("data/thesaurus.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        # A phrase ("job ved siden af") would match its every word; only single words count.
        entries = [e.strip() for e in line.split(",") if e.strip() and " " not in e.strip()]
        stems = {danish.stem(e) for e in entries}
        out.append(frozenset(s for s in stems if s))
    return tuple(out)


@functools.lru_cache(maxsize=8192)
def expand(stem: str) -> frozenset[str]:
    """The stem and every stem that shares a concept with it."""
    related = {stem}
    for group in groups():
        if stem in group:
            related |= group
    return frozenset(related)


def matches(term: str, unit_terms: set[str]) -> bool:
    """Whether a text holding ``unit_terms`` speaks of ``term``, directly or through the thesaurus."""

    return any(danish.stem_match(r, u) for r in expand(term) for u in unit_terms)
