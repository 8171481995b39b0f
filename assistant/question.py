"""Read a question: its retrieval query, its focus terms, the kind of fact it asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import danish

# Pronouns that point back into the conversation.
_ANAPHORA = frozenset(
    "den det dem denne dette disse dens dets deres han hun ham hende hans hendes heraf hertil "
    "dertil derfor it its that this they them their he she his her".split()
)
_FOLLOWUP_OPENERS = ("og ", "hvad med", "and ", "what about", "også ", "men ")

ENGLISH_STOP_WORDS = frozenset(
    """a an the of to in on at for from by with about and or but is are was were be been being do
    does did has have had what which who whom whose when where why how much many this that these
    those it its they them their there here i you he she we me my your his her our can could would
    should will shall may might must not no yes any some all also as into than then so such very
    please tell give me letter""".split()
)

_NUMBER_WORDS = {
    "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
    "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}
_CONSTRAINT_NUMBER_WORDS = {k: v for k, v in _NUMBER_WORDS.items() if v > 1}

AMOUNT, DATE, COUNT, PERSON = "amount", "date", "count", "person"

_TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (AMOUNT, re.compile(
        r"hvor (mange|meget) (penge|kroner|midler)|hvor meget (blev|er|var) (der )?(afsat|bevilget)"
        r"|hvad koste|hvad (er|var) budget|budget(tet)?\b|bel(ø|o|oe)b|how much (money|was|is|did)"
        r"|\bcost|\bbudget|hvor dyr", re.I)),
    (DATE, re.compile(
        r"hvorn(å|a|aa)r|hvilken dato|hvilket (år|ar|aar)|hvilken periode|hvilke (år|ar)|\bwhen\b"
        r"|what date|which year|what year|which period|\bdateret", re.I)),
    (COUNT, re.compile(r"hvor mange|how many", re.I)),
    (PERSON, re.compile(
        r"hvem (er|var) (direkt(ø|o|oe)r|formand|leder|chef|borgmester|r(å|a)dmand)|hvem (leder|styrer)"
        r"|hvem (har )?(underskrev|skrev|skrevet|signere)|who (signed|wrote|leads|heads|is the (director|chair|head|mayor))"
        r"|hvad hedder", re.I)),
]

_MONEY = re.compile(r"\d[\d.,]*\s*(mio\.?|mia\.?|millioner|milliarder|mill\.)?\s*(kr\.?|kroner|dkk)\b|\d[\d.,]*\s*(mio|mia)\.", re.I)
_DATE_TEXT = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{1,2}\.\s*(" + "|".join(danish.MONTHS) + r")", re.I)
_NAME = re.compile(r"(?<![.:!?]\s)(?<!^)\b[A-ZÆØÅ][a-zæøåé]+\s+(?:[A-ZÆØÅ][a-zæøåé]+\s+)*[A-ZÆØÅ][a-zæøåé]+")


# Words that only say which kind of fact is wanted; the type check covers them.
_TYPE_WORDS = {
    AMOUNT: frozenset(danish.stem(w) for w in "penge kroner beløb budget budgettet koster koste midler money cost costs funding dyr".split()),
    DATE: frozenset(danish.stem(w) for w in "dato år periode tidspunkt date year period dateret".split()),
}


@dataclass(frozen=True)
class Question:
    text: str
    history: tuple[str, ...]
    query: str  # what retrieval searches with: the question, plus its antecedent for a follow-up
    focus: tuple[str, ...]  # stemmed content terms the evidence must cover
    answer_type: str | None
    count_noun: str | None  # "hvor mange <noun>": the evidence must count this noun
    numbers: tuple[str, ...]  # numbers named in the question must be in the evidence
    english: bool
    followup: bool


def is_english(text: str) -> bool:
    tokens = [w.lower() for w in danish.words(text)]
    if not tokens:
        return False
    return sum(t in ENGLISH_STOP_WORDS for t in tokens) / len(tokens) >= 0.3 and not any(
        c in text for c in "æøåÆØÅ"
    )


def is_followup(text: str, history: tuple[str, ...]) -> bool:
    if not history:
        return False
    lowered = text.lower().strip()
    tokens = [w.lower() for w in danish.words(text)]
    content = [t for t in tokens if t not in danish.STOP_WORDS and t not in ENGLISH_STOP_WORDS]
    return (
        any(t in _ANAPHORA for t in tokens)
        or lowered.startswith(_FOLLOWUP_OPENERS)
        or len(content) <= 1
    )


def content_terms(text: str) -> list[str]:
    """Stemmed focus terms: no stop words (Danish or English), no question scaffolding."""
    kept = [
        w for w in danish.words(text)
        if w.lower() not in ENGLISH_STOP_WORDS and not w.isdigit() and w.lower() not in _NUMBER_WORDS
    ]
    out: list[str] = []
    for term in danish.terms(" ".join(kept)):
        if term not in out and len(term) > 1:
            out.append(term)
    return out


def analyse(text: str, history: tuple[str, ...] = ()) -> Question:
    followup = is_followup(text, history)
    antecedent = history[-1] if followup else ""
    query = f"{antecedent} {text}".strip() if followup else text
    answer_type = None
    for name, pattern in _TYPE_PATTERNS:
        if pattern.search(text):
            answer_type = name
            break
    count_noun = None
    if answer_type == COUNT:
        m = re.search(r"(?:hvor mange|how many)\s+(\w+)", text, re.I)
        if m and m.group(1).lower() not in danish.STOP_WORDS | ENGLISH_STOP_WORDS:
            count_noun = danish.stem(m.group(1))
    numbers = tuple(re.findall(r"\d+(?:[.,]\d+)*(?:-\d+)?", text)) + tuple(
        w.lower() for w in danish.words(text) if w.lower() in _CONSTRAINT_NUMBER_WORDS
    )
    focus = [t for t in content_terms(text) if t not in _TYPE_WORDS.get(answer_type or "", ())]
    if followup:
        focus += [t for t in content_terms(antecedent) if t not in focus]
    return Question(
        text=text,
        history=history,
        query=query,
        focus=tuple(focus),
        answer_type=answer_type,
        count_noun=count_noun,
        numbers=numbers,
        english=is_english(text),
        followup=followup,
    )


def satisfies_type(question: Question, sentence: str) -> bool:
    """Whether a sentence holds the kind of fact asked for (an amount, a date, a count, a name)."""
    if question.answer_type == AMOUNT:
        return _MONEY.search(sentence) is not None
    if question.answer_type == DATE:
        return _DATE_TEXT.search(sentence) is not None
    if question.answer_type == PERSON:
        return _NAME.search(sentence) is not None
    if question.answer_type == COUNT:
        return _counts(sentence, question.count_noun)
    return True


def _counts(sentence: str, noun: str | None) -> bool:
    tokens = list(danish.words(sentence))
    for i, tok in enumerate(tokens):
        if not (tok[0].isdigit() or tok.lower() in _NUMBER_WORDS):
            continue
        if tok.lower() in ("en", "et") and noun is None:
            continue
        window = [danish.stem(t) for t in tokens[i + 1 : i + 4]]
        if noun is None or any(danish_match(noun, w) for w in window):
            return True
    return False


def has_numbers(question: Question, sentence: str) -> bool:
    """Every number the question names must stand in the evidence too."""
    lowered = sentence.lower()
    for number in question.numbers:
        if number.isalpha():
            if number not in [w.lower() for w in danish.words(sentence)]:
                return False
        elif number not in lowered:
            return False
    return True


def danish_match(query_term: str, text_term: str) -> bool:
    """Stems match, or one is a compound part of the other (fritidsjob ~ fritidsjobindsats)."""
    if query_term == text_term:
        return True
    short, long_ = sorted((query_term, text_term), key=len)
    if len(short) < 5:
        return False
    return long_.startswith(short) or (len(short) >= 6 and long_.endswith(short))
