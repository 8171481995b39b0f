"""Answers about a letter itself: who signed it, to whom it was written, and its date."""

from __future__ import annotations

import re

from assistant.answer.fact_kinds import LETTER_DATE, RECIPIENT, SIGNATORY, SIGNATORY_TITLE
from assistant.answer.question import Question
from assistant.index.build import LoadedIndex
from assistant.text import facts
from assistant.types import Hit, Letter, Passage, ShortAnswer

Found = tuple[Passage, tuple[int, int], ShortAnswer | None]
_DATE_LINE_WORDS = 8  # "København, den 14. marts 2023" or "Dato: 14.03.2023"


def letter_fact(question: Question, hits: list[Hit], index: LoadedIndex) -> Found | None:
    """The fact from the letter the question describes: the best-retrieved one that is a letter
    (it has a salutation or a signature). None when that letter does not state the fact."""
    for hit in hits:
        own = index.passages_of(hit.passage.letter_id)
        letter = index.letters[hit.passage.letter_id]
        if question.answer_type == LETTER_DATE:  # any document may carry a date line
            return _date_line(letter, own)
        if not any(p.role in ("salutation", "signature") for p in own):
            continue
        if question.answer_type == SIGNATORY:
            return _signatory(letter, own)
        if question.answer_type == SIGNATORY_TITLE:
            return _signatory_title(letter, own)
        if question.answer_type == RECIPIENT:
            return _recipient(letter, own)
    return None


def _line_of(passage: Passage, needle: str | None) -> tuple[int, int] | None:
    """Offsets of the passage's first line that holds ``needle``."""
    if not needle:
        return None
    for m in re.finditer(r"[^\n]+", passage.text):
        at = m.group(0).find(needle)
        if at >= 0:
            return passage.start + m.start() + at, passage.start + m.start() + at + len(needle)
    return None


def _signatory(letter: Letter, own: list[Passage]) -> Found | None:
    for p in own:
        if p.role == "signature" and (span := _line_of(p, letter.meta.signatory)):
            return p, (span[0], p.end), ShortAnswer.of(letter, *span)
    return None


def _signatory_title(letter: Letter, own: list[Passage]) -> Found | None:
    for p in own:
        if p.role == "signature" and (span := _line_of(p, letter.meta.signatory_title)):
            name = _line_of(p, letter.meta.signatory)
            return p, (name[0] if name else span[0], span[1]), ShortAnswer.of(letter, *span)
    return None


def _recipient(letter: Letter, own: list[Passage]) -> Found | None:
    for p in own:
        if p.role == "salutation" and (span := _line_of(p, letter.meta.recipient)):
            return p, (p.start, p.end), ShortAnswer.of(letter, *span)
    return None


def _date_line(letter: Letter, own: list[Passage]) -> Found | None:
    """A short line that is only a date (with a place or "Dato:"), not a date in a sentence."""
    for p in own:
        for m in re.finditer(r"[^\n]+", p.text):
            line = m.group(0)
            found = [f for f in facts.find(line) if f.kind == "date"]
            if found and len(line.split()) <= _DATE_LINE_WORDS and not line.rstrip().endswith("."):
                start = p.start + m.start()
                return (
                    p,
                    (start, start + len(line)),
                    ShortAnswer.of(letter, start + found[0].start, start + found[0].end),
                )
    return None
