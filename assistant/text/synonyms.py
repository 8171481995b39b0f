"""General Danish synonyms, from the LibreOffice thesaurus (Debian's mythes-da)."""

from __future__ import annotations

import functools
from pathlib import Path

from assistant.text import danish

DEFAULT_PATH = Path("/usr/share/mythes/th_da_DK.dat")
# Inflections tried when a word is not a headword itself: unge -> ung, vedtaget -> vedtage.
_ENDINGS = ("erne", "ene", "ede", "ene", "en", "et", "er", "ne", "e", "s", "t")


@functools.lru_cache(maxsize=2)
def load(path: Path = DEFAULT_PATH) -> dict[str, frozenset[str]]:
    """headword (lower-case) -> stems of its synonyms (single words; narrower and broader terms
    left out). Empty, never an error, when the file is missing."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    related: dict[str, set[str]] = {}
    head = ""
    for line in lines[1:]:  # the first line names the encoding
        if not line.startswith("|") and "|" in line:
            word = line.split("|", 1)[0].strip().lower()
            head = word if " " not in word else ""
            continue
        if head:
            stems = {
                danish.stem(e.strip())
                for e in line.split("|")[1:]
                if e.strip() and " " not in e and "(" not in e
            }
            related.setdefault(head, set()).update(s for s in stems if s)
    return {k: frozenset(v - {danish.stem(k)}) for k, v in related.items()}


def of(word: str, path: Path = DEFAULT_PATH) -> frozenset[str]:
    """Stems of the words that mean the same as ``word`` in one of its senses."""
    table = load(path)
    word = word.lower()
    if word in table:
        return table[word]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)]
            for candidate in (base, base + "e"):
                if candidate in table:
                    return table[candidate]
    return frozenset()
