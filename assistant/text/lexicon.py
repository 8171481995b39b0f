"""The bilingual lexicon: a general English-to-Danish word bridge read from FreeDict's dictd files."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_DIR = Path("/usr/share/dictd")
ENG_DAN = "freedict-eng-dan"
DAN_ENG = "freedict-dan-eng"

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# Whatever is not a translation: [notes and examples], (asides), <part of speech>, /pronunciation/.
_NOTES = re.compile(r"\[[^\]]*\]|\([^)]*\)|<[^>]*>|/[^/\n]*/")
_NUMBERING = re.compile(r"^\s*\d+\.\s*")
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@dataclass(frozen=True)
class Lexicon:
    """English word -> Danish single words; empty when the dictionaries are missing."""

    danish: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.danish)

    def english_to_danish(self, word: str) -> frozenset[str]:
        """The Danish translations of an English word, or of its base form when the form has none."""
        for form in _base_forms(word.strip().lower()):
            if form in self.danish:
                return self.danish[form]
        return frozenset()


@lru_cache(maxsize=4)
def load_lexicon(dict_dir: Path = DEFAULT_DIR) -> Lexicon:
    """Read eng-dan and the reverse of dan-eng from `dict_dir`; a missing or unreadable file adds nothing."""
    pairs: dict[str, set[str]] = {}
    for english, danish in _read(dict_dir, ENG_DAN):
        for word in danish:
            pairs.setdefault(english, set()).add(word)
    for danish_word, english_words in _read(dict_dir, DAN_ENG):
        for word in english_words:
            pairs.setdefault(word, set()).add(danish_word)
    return Lexicon({english: frozenset(words) for english, words in pairs.items() if words})


def english_to_danish(word: str, dict_dir: Path = DEFAULT_DIR) -> frozenset[str]:
    """The Danish translations of an English word from the (cached) lexicon in `dict_dir`."""
    return load_lexicon(dict_dir).english_to_danish(word)


def _read(dict_dir: Path, name: str) -> Iterator[tuple[str, list[str]]]:
    """Each single-word headword of one dictionary with its single-word translations."""
    try:
        index = (dict_dir / f"{name}.index").read_text(encoding="utf-8")
        data = _dict_bytes(dict_dir, name)
    except (OSError, EOFError, UnicodeDecodeError):
        return
    for line in index.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database"):
            continue
        start, size = _b64(parts[1]), _b64(parts[2])
        body = data[start : start + size].decode("utf-8", errors="replace")
        headline, _, rest = body.partition("\n")
        headwords = _words(headline)
        translations = [w for line in rest.splitlines() for w in _words(line)]
        if len(headwords) == 1 and translations:
            yield headwords[0], translations


def _dict_bytes(dict_dir: Path, name: str) -> bytes:
    plain = dict_dir / f"{name}.dict"
    if plain.exists():
        return plain.read_bytes()
    with gzip.open(dict_dir / f"{name}.dict.dz") as f:  # dictzip is gzip with a random-access header
        return f.read()


def _b64(text: str) -> int:
    """dictd's offsets: base-64 digits, most significant first, no padding."""
    value = 0
    for char in text:
        value = value * 64 + _B64.index(char)
    return value


def _words(line: str) -> list[str]:
    """The translations on one line that are single words; phrases are dropped, not split."""
    line = _NUMBERING.sub("", _NOTES.sub(" ", line.replace("\u2010", "-")))
    words: list[str] = []
    for item in re.split(r"[,;]", line):
        item = item.strip().lower().removeprefix("to ").strip()
        if _WORD.fullmatch(item):
            words.append(item)
    return words


def _base_forms(word: str) -> Iterator[str]:
    """The word itself, then the bases of regular plurals, past tenses and -ing forms, likeliest first."""
    yield word
    if len(word) < 4:
        return
    if word.endswith("ies") or word.endswith("ied"):
        yield word[:-3] + "y"
    for suffix in ("s", "es", "ed", "ing"):
        if word.endswith(suffix) and not word.endswith("ss"):
            stem = word[: -len(suffix)]
            if suffix == "ed":
                yield word[:-1]  # released -> release
            yield stem
            if suffix == "ing":
                yield stem + "e"  # making -> make
            if len(stem) > 2 and stem[-1] == stem[-2]:
                yield stem[:-1]  # stopped -> stop
