"""The short answer: the exact span of the cited sentence that holds the fact asked for."""

from __future__ import annotations

import re

from assistant.answer.evidence import Evidence
from assistant.answer.fact_kinds import WHO
from assistant.answer.kinds import norm
from assistant.answer.question import Question
from assistant.text import danish
from assistant.text.facts import WEEKDAY, Fact, counted_noun
from assistant.types import Letter, ShortAnswer

# Words that qualify a figure belong to it: "ca. seks uger", "op til 40.000 kr.", "mindst 70 %".
_APPROXIMATELY = re.compile(
    r"\b(ca\.|cirka|omkring|op til|mindst|højst|knap|godt|over|under|næsten|about|around|up to|at least)\s+$",
    re.I,
)

# A weekday before a date or a clock time: the date says the day; the question may say it too.
_LEADING_DAY = re.compile(rf"(?:{WEEKDAY}),?\s+(?=den\b|d\.|kl\.|klokken\b)", re.I)
_NAMES_A_DAY = re.compile(rf"\b(?:{WEEKDAY})", re.I)


def short_answer(question: Question, ev: Evidence, letter: Letter) -> ShortAnswer | None:
    """Of the sentence's facts of the asked kind, the one the question does not already name,
    nearest to the question's own words in the sentence."""
    if not ev.facts:
        return None
    fresh = list(ev.facts)  # kinds.of_kind left out those the question names
    anchors = [
        m.start() + ev.start
        for m in re.finditer(r"\w+", letter.text[ev.start : ev.end])
        if danish.stem(m.group(0)) in ev.covered or f"#{m.group(0)}" in ev.covered  # "2022" too
    ]

    def distance(f: Fact) -> int:
        return min((abs(a - f.start) for a in anchors), default=0)

    noun = danish.stem(question.count_noun) if question.count_noun else None

    def counts_other(f: Fact) -> bool:
        counted = counted_noun(letter.text, f) if noun and f.kind == "count" else None
        return bool(counted) and not danish.stem_match(noun or "", danish.stem(counted or ""))

    present = {f.kind for f in fresh}
    # the day before its time of day, a length of time before a clock time, a date before a
    # condition; "hvem" asks for a person before a role or an organisation
    second = {
        "time": {"date", "duration"},
        "when": {"date", "time"},
        **({"organisation": {"person"}, "role": {"person"}} if question.answer_type == WHO else {}),
    }

    def secondary(f: Fact) -> bool:
        return bool(second.get(f.kind, set()) & present)

    best = min(fresh, key=lambda f: (counts_other(f), secondary(f), distance(f), f.start))
    start = best.start
    day = _LEADING_DAY.match(letter.text, start, best.end)
    if day and (best.kind == "date" or _NAMES_A_DAY.search(question.text)):
        start = day.end()  # "den 22. september 2023", not "Fredag den …"; "om torsdagen": "kl. 9-17"
    if m := _APPROXIMATELY.search(letter.text[max(ev.start, start - 12) : start]):  # "ca. seks uger"
        start -= len(m.group(0))
    return ShortAnswer.of(letter, start, best.end)


def differs(short: ShortAnswer, ev: Evidence) -> bool:
    """The sentence holds facts of the asked kind, and none of them says what ``short`` says."""
    return bool(ev.facts) and all(norm(f.text) != norm(short.text) for f in ev.facts)
