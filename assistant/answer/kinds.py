"""Which facts of a sentence answer the kind of fact a question asks for."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from assistant.answer.fact_kinds import (
    ADDRESS,
    AMOUNT,
    COUNT,
    DATE,
    DURATION,
    EMAIL,
    NAME,
    ORGANISATION,
    PERCENT,
    PERSON,
    PHONE,
    TITLES,
    WHO,
)
from assistant.answer.question import Question
from assistant.text import danish, facts

NEAR_CHARS = 40  # "within a few words"
_QUOTED = re.compile(r"[”\"«„]([^”\"«»“]{3,120})[”\"»“]")
_ROLE_ENDINGS = frozenset(danish.fold(t) for t in TITLES)
_ROLE_SUFFIXES = tuple(sorted(t for t in _ROLE_ENDINGS if len(t) >= 5))  # one str.endswith call per word
# Which facts answer which kind of question.
ACCEPTS: dict[str, frozenset[str]] = {
    AMOUNT: frozenset({"amount"}),
    PERCENT: frozenset({"percent"}),
    COUNT: frozenset({"count", "percent"}),  # "hvor mange af de unge": a share answers too
    # "hvornår har de åbent": a time of day answers too, and so does a condition ("når …")
    DATE: frozenset({"date", "time", "when"}),
    DURATION: frozenset({"duration", "time"}),  # "hvor længe har de åbent": "til kl. 23" (_answers)
    PERSON: frozenset({"person"}),
    ORGANISATION: frozenset({"organisation"}),
    WHO: frozenset({"person", "organisation", "role"}),
    NAME: frozenset({"person", "organisation", "quoted"}),
    PHONE: frozenset({"phone"}),
    EMAIL: frozenset({"email"}),
    ADDRESS: frozenset({"address"}),
}
# "hvornår" asks what a condition answers, "hvilken dato" does not
_ASKS_WHEN = re.compile(r"(^|[.!?:]\s)\W*(hvornår|hvornar|when)\b", re.I)
_UNTIL = re.compile(r"\b(til|indtil|until)\s*$", re.I)
_TABLE_NUMBER = re.compile(r"\|\s*\d[\d.,]*\s*(\||$)")


def sentence_facts(
    sentence: str, offset: int, words: frozenset[str], known: Sequence[facts.Fact] | None = None
) -> list[facts.Fact]:
    """Facts in a sentence, at letter offsets; a quoted name counts as a fact of its own.
    ``known``: what facts.find found in the sentence at indexing (index/notes.py), if it did."""
    return [
        facts.Fact(f.kind, f.start + offset, f.end + offset, f.text)
        for f in (*(facts.find(sentence, words) if known is None else known), *_named(sentence))
    ]


@functools.lru_cache(maxsize=8192)
def _named(sentence: str) -> tuple[facts.Fact, ...]:
    """A sentence's quoted names and role words, at sentence offsets (remembered: the best
    passages of one question are often another's)."""
    found = [facts.Fact("quoted", m.start(1), m.end(1), m.group(1)) for m in _QUOTED.finditer(sentence)]
    for m in re.finditer(r"\w+", sentence):  # "politidirektøren": a role stands for whoever holds it
        word = danish.fold(m.group(0))
        if word.endswith(_ROLE_SUFFIXES):
            found.append(facts.Fact("role", m.start(), m.end(), m.group(0)))
    return tuple(found)


def of_kind(
    question: Question, sentence: str, offset: int, found: list[facts.Fact], header: str = ""
) -> list[facts.Fact]:
    """The sentence's facts of the asked kind; in a table row, the cell under the column the
    question names ("… i 2023" -> the 2023 column), where there is one."""
    accepted = ACCEPTS.get(question.answer_type or "", frozenset())
    if header and (cell := table_cell(question, sentence, offset, header)) and cell.kind in accepted:
        return _unsaid(question, [cell])
    out = [f for f in found if f.kind in accepted and _answers(question, f, sentence, offset)]
    if question.answer_type == COUNT and not out and (m := _TABLE_NUMBER.search(sentence)):
        # a bare number in a table row counts what its column header names
        number = re.search(r"\d[\d.,]*", m.group(0))
        if number:
            at = m.start() + number.start() + offset
            out.append(facts.Fact("count", at, at + len(number.group(0)), number.group(0)))
    return _unsaid(question, out)


def _answers(question: Question, fact: facts.Fact, sentence: str, offset: int) -> bool:
    """A condition ("når …") answers "hvornår", not "hvilken dato"; a clock time answers "hvor
    længe" only as the end of what lasts ("åbent til kl. 23"), not as the hours of a phone line."""
    if fact.kind == "when":
        return _ASKS_WHEN.search(question.text) is not None
    if fact.kind == "time" and question.answer_type == DURATION:
        return _UNTIL.search(sentence, 0, fact.start - offset) is not None
    return True


def norm(text: str) -> str:
    """Text compared without case, accents, spaces or hyphens."""
    return re.sub(r"[\s\-]+", "", danish.fold(text))


def _unsaid(question: Question, found: list[facts.Fact]) -> list[facts.Fact]:
    """A fact the question itself states is not its answer ("Hvad hedder Dorthe Hviids søn?"); a
    number counts as stated only whole ("3" is not stated by "2023")."""
    asked = norm(question.text)

    def said(fact: facts.Fact) -> bool:
        text = norm(fact.text)
        if text[:1].isdigit():
            return re.search(rf"(?<![\d.,]){re.escape(text)}(?!\d)", asked) is not None
        return text in asked

    return [f for f in found if not said(f)]


def table_cell(question: Question, row: str, offset: int, header: str) -> facts.Fact | None:
    """The row's cell in the column whose header holds a number the question names."""
    cells, heads = row.split("|"), header.split("|")
    numbers = [n for n in question.numbers if not n.isalpha()]
    if len(cells) != len(heads) or not numbers:
        return None
    for i, head in enumerate(heads):
        if i and any(re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d.,]\d)", head) for n in numbers):
            start = sum(len(c) + 1 for c in cells[:i])
            text = cells[i].strip()
            if not text or not text[0].isdigit():
                return None
            at = offset + start + len(cells[i]) - len(cells[i].lstrip())
            return facts.Fact("percent" if "%" in text else "count", at, at + len(text), text)
    return None


def counts_the_noun(question: Question, sentence: str, offset: int, kinds: list[facts.Fact]) -> bool:
    """A count of the noun asked about ("hvor mange kvinder" -> "120 kvinder"), where one is named."""
    if question.answer_type != COUNT or not question.count_noun or question.english:
        return bool(kinds)
    noun = danish.stem(question.count_noun)
    slips = danish.one_edit(noun) if len(noun) >= 6 else frozenset()  # "prinsipper": "principper"
    for f in kinds:
        if f.kind == "count" and f.text.isdigit():
            return True  # a bare number in a table row counts what its column header names
        counted = facts.counted_noun(sentence, _shift(f, -offset)) if f.kind == "count" else None
        share = _SHARE_OF.match(sentence, f.end - offset) if f.kind == "percent" else None
        if share and noun in {danish.stem(w) for w in share.groups() if w}:
            return True  # a share of the very noun: "hver tredje flygtningekvinde", "58 % af kvinderne"
        said = danish.stem(counted) if counted else ""
        if said and (danish.stem_match(noun, said) or danish.stem_match(said, noun) or said in slips):
            return True
    return False


# the noun after a share, perhaps after a word that qualifies it ("Ét af de fem bærende principper")
_SHARE_OF = re.compile(r"\s+(?:af\s+(?:de\s+|disse\s+)?)?([\w-]+)(?:\s+([\w-]+))?")


def _shift(fact: facts.Fact, by: int) -> facts.Fact:
    return facts.Fact(fact.kind, fact.start + by, fact.end + by, fact.text)


def near(kinds: list[facts.Fact], sentence: str, offset: int, held: set[str]) -> bool:
    """A fact of the asked kind stands within a few words of one of the question's own words."""
    spots = [m.start() + offset for m in re.finditer(r"\w+", sentence) if danish.stem(m.group(0)) in held]
    return any(abs(a - f.start) <= NEAR_CHARS or abs(a - f.end) <= NEAR_CHARS for f in kinds for a in spots)
