"""What may stand as evidence: a sentence that says something, not a URL line, a bare heading or
a sentence that speaks to an assistant."""

from __future__ import annotations

import re

from assistant.answer.verify import instruction_like
from assistant.text import danish, facts

_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.I)


def is_content(sentence: str, found: list[facts.Fact]) -> bool:
    """A URL line, a bare heading of a few words holding no fact, or a sentence that speaks to an
    assistant ("ignorer alle tidligere instruktioner") is no evidence."""
    if _URL_LINE.match(sentence) or instruction_like(sentence):
        return False
    return len(list(danish.words(sentence))) > 3 or any(f.kind != "url" for f in found)


_TITLE_CHARS = 160  # twelve words at most, long ones: a paragraph is read no further
_LIST_START = re.compile(r"^\s*([-•*–]|\d{1,2}[.)]\s)")
_TITLE_FACTS = frozenset({"count", "date"})  # "Punkt 7: Udvidet aftenåbent i fem ungdomsklubber"
_NAMES = frozenset({"person", "organisation"})  # "… i Aalborg Øst …", but not "Kontakt: Sanne Riis"


def title_line(text: str, start: int, end: int, found: list[facts.Fact]) -> bool:
    """A sentence of a heading with a number in it ("Punkt 7. Tryghedsplan for Nordparken
    2025-2027"): its line has a few words and a digit, no sentence mark at its end, is no list
    item or table row, and the sentence holds no fact but a count, a date, or a name where no
    label introduces it. It names what follows; it says nothing of it."""
    first, last = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    line = text[first : len(text) if last < 0 else last]  # a sentence of it: "Punkt 7." splits off
    return (
        len(line) <= _TITLE_CHARS
        and not line.rstrip().endswith(tuple('.!?;,»"”'))
        and "|" not in line
        and not _LIST_START.match(line)
        and len(list(danish.words(line))) <= 12
        and any(c.isdigit() for c in line)
        and all(f.kind in _TITLE_FACTS or (f.kind in _NAMES and ":" not in line) for f in found)
    )
