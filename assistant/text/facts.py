"""The facts a sentence states, as exact spans: amounts, shares, counts, dates, names, contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import counting, facts_names

KINDS = (
    "amount",
    "percent",
    "count",
    "date",
    "duration",
    "time",
    "when",
    "person",
    "organisation",
    "phone",
    "email",
    "address",
    "url",
)


@dataclass(frozen=True)
class Fact:
    kind: str
    start: int  # offsets into the text given
    end: int
    text: str  # == text[start:end]


_S = r"[^\S\n]"  # a space that is no line break
_UP = "A-ZÆØÅÉÜÖÄ"
_LOW = "a-zæøåéüöä"
_BEFORE = r"(?<![\w.,/+-])"
NUM = r"\d+(?:[.,]\d+)*½?"
_NUMA = rf"(?:\d{{1,3}}(?:{_S}\d{{3}})+(?:,\d+)?|{NUM})"  # "850 000" only before a currency
_TENS = "tyve|tredive|fyrre|halvtreds|tres|halvfjerds|firs|halvfems"
_NUMBER_WORDS = (
    rf"(?:en|et|to|tre|fire|fem|seks|syv|otte|ni)og(?:{_TENS})|{_TENS}|tretten|fjorten|femten|seksten"
    r"|sytten|atten|nitten|elleve|tolv|hundrede|tusinde?|to|tre|fire|fem|seks|syv|otte|ni|ti|én|ét"
    r"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred"
)
_WORD_QTY = rf"(?:(?:en|et|én|ét)(?:{_S}halv[te]?)?|halvanden|halvandet|{_NUMBER_WORDS})"
_YEAR = r"(?:19|20)\d\d"


def _compile(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_SCALE = (
    r"(?:mio\.|mia\.|mill\."
    r"|(?:mio|mia|millioner|million|milliarder|milliard|mn|bn|billion|thousand)(?!\w))"
)
_CUR_AFTER = r"(?:kr(?:\.|(?!\w))|(?:kroner|krone|dkk|eur|euro|usd|dollars?|pounds?)(?!\w)|€|\$|£)"
_CUR_BEFORE = r"(?:kr\.|(?:dkk|eur|usd)(?!\w)|€|\$|£)"
AMOUNT = _compile(
    rf"{_BEFORE}(?:(?:{_NUMA}|{_WORD_QTY}(?!\w))(?:{_S}?{_SCALE})?{_S}?{_CUR_AFTER}"
    rf"|{_CUR_BEFORE}{_S}?{_NUMA}(?:{_S}?{_SCALE})?|{NUM}{_S}?(?:mio|mia|mill)(?:\.|(?!\w))|{NUM},-)"
)
_ORDINAL = "halv|tredje|fjerde|femte|sjette|syvende|ottende|niende|tiende|tyvende|hundrede"
_FRACTION_NUM = r"(?:en|et|én|ét|to|tre|fire|fem|seks|syv|otte|ni|ti|\d+)"
PERCENT = _compile(
    rf"{_BEFORE}(?:(?:{NUM}|{_NUMBER_WORDS})(?:{_S}?%(?:-point)?|{_S}?(?:procentpoints?|procent|pct\.|pct"
    rf"|percent|per{_S}cent)(?!\w))|halv(?:delen|del|parten)(?!\w)"
    rf"|hver{_S}+(?:anden|tredje|fjerde|femte|sjette|syvende|ottende|niende|tiende|\d+\.)"
    rf"|{_FRACTION_NUM}{_S}+(?:(?:{_ORDINAL})del(?:ene|en|e)?|ud{_S}+af{_S}+{_FRACTION_NUM})(?!\w)"
    rf"|(?:one|two|three|four){_S}+(?:half|halves|thirds?|quarters?|fifths?|tenths?)(?!\w)"
    rf"|half(?={_S}+of(?!\w))|(?:one|\d+){_S}+in{_S}+(?:two|three|four|five|ten|\d+)(?!\w))"
)
_UNIT = (
    r"(?:sekunder|sekund|minutter|minut|timers|timer|time|døgns|døgn|dages|dage|dag|ugers|uger|uge|måneders"
    r"|måneder|måned|kvartaler|års"
    r"|halvår|år|årtier|årti|semestre|semester|hours?|days?|weeks?|months?|years?|minutes?|decades?)(?!\w)"
)
_DQ = rf"(?:{NUM}|{_WORD_QTY}|one)"
DURATION = _compile(
    rf"{_BEFORE}(?:(?:mellem|between){_S}+{_DQ}{_S}+(?:og|and){_S}+{_DQ}|{_DQ}{_S}?(?:[-–]|til|to){_S}?{_DQ}"
    rf"|{_DQ}(?:{_S}+og{_S}+et{_S}+halvt)?(?:{_S}+halv[te]?)?){_S}+{_UNIT}"
    rf"(?:{_S}+(?:om|pr\.|per|a|i|om){_S}+(?:ugen|dagen|måneden|året|uge|dag|måned|år|week|day|month|year)(?!\w))?"
)
_MONTH_FULL = (
    "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
    "|january|february|march|june|july|october"
)
_MONTH_ABBR = "jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec"
_MONTH_DAY = rf"(?:(?:{_MONTH_FULL})(?!\w)|(?:{_MONTH_ABBR})(?:\.|(?!\w)))"
_MONTH = rf"(?:{_MONTH_DAY}|may(?={_S}+{_YEAR}))"
WEEKDAY = r"(?:man|tirs|ons|tors|fre|lør|søn)dag(?:en)?|monday|tuesday|wednesday|thursday|friday"
_PRE = rf"(?:(?:{WEEKDAY}),?{_S}+)?(?:(?:den|d\.){_S}+)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_MON2 = r"(?:1[0-2]|0?[1-9])"
_PART = (
    r"foråret|sommeren|efteråret|vinteren|forår|sommer|efterår|vinter|spring|summer|autumn|fall|winter"
    r"|primo|medio|ultimo|starten af|begyndelsen af|slutningen af|udgangen af|midten af|the end of"
    r"|end of|beginning of"
)
DATE = _compile(
    rf"{_BEFORE}(?:{_PRE}{_DAY}\.?{_S}*{_MONTH_DAY}(?:{_S}+{_YEAR}(?!\d))?"
    rf"|{_MONTH}{_S}+{_DAY}(?:st|nd|rd|th)?,?{_S}+{_YEAR}"
    rf"|{_PRE}{_DAY}[./]{_MON2}(?:[-/.]|{_S})(?:{_YEAR}|\d\d)(?!\d|[.,]\d)"
    rf"|(?:den|d\.){_S}+{_DAY}[./]{_MON2}(?![\d.,/])"
    rf"|{_YEAR}-(?:1[0-2]|0[1-9])-(?:[12]\d|3[01]|0[1-9])(?!\d)"
    rf"|(?:\d\.|første|andet|anden|tredje|fjerde|sidste){_S}+(?:kvartal|halvår)(?:{_S}+{_YEAR})?"
    rf"|q[1-4](?:{_S}?{_YEAR})?|(?:uge|week){_S}+\d{{1,2}}(?:[-–]\d{{1,2}})?(?:,?{_S}+{_YEAR})?(?!\d)"
    rf"|(?:(?:{_PART}){_S}+)?{_MONTH}{_S}+{_YEAR}|(?:{_PART}){_S}+(?:of{_S}+)?{_YEAR}(?:[/-]\d\d(?:\d\d)?)?"
    rf"|{_YEAR}{_S}?[-–/]{_S}?(?:{_YEAR}|\d\d)(?!\d)|{_YEAR}['’]?erne|{_YEAR}(?![.,/–-]\d))(?!\w)"
)
_CLOCK = r"(?:[01]?\d|2[0-4])(?:[.:][0-5]\d)?"
_UNTIL = rf"{_S}*(?:[-–]|til|to){_S}*"
# A time of day: "kl. 23", "klokken 9.30-15", "torsdag kl. 9.00-17.00", "Mandag-torsdag: 8.30-15.00"
TIME = _compile(
    rf"{_BEFORE}(?:(?:{WEEKDAY})(?:(?:{_UNTIL}|{_S}+og{_S}+)(?:{WEEKDAY}))?:?,?{_S}+)?"
    rf"(?:(?:kl\.?|klokken){_S}*{_CLOCK}(?:{_UNTIL}(?:kl\.?{_S}*)?{_CLOCK})?"
    rf"|(?:[01]?\d|2[0-4])[.:][0-5]\d{_UNTIL}(?:[01]?\d|2[0-4])[.:][0-5]\d)(?!\d|[.,]\d)"
)
# A condition that answers "hvornår": "…, når de har afsonet to tredjedele af straffen."
WHEN = _compile(rf"(?<!\w)(?:når|så{_S}+snart){_S}+[^,.;:!?\n]{{5,120}}")
PHONE = _compile(
    r"(?<![\w+.,/-])(?:(?:\+45|0045|\(\+45\))[^\S\n]?)?(?:[2-9]\d(?:[^\S\n]\d\d){3}|[2-9]\d{3}[^\S\n]\d{4}"
    r"|[2-9]\d{7})(?!\w|[.,/-]\d|[^\S\n]?(?:kr|dkk|%|mio|mia|procent|pct)(?!\w))"
)
EMAIL = _compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = _compile(
    r"(?:https?://|(?<![\w@/.])www\.)[^\s<>\"'»”)\]]+"
    r"|(?<![\w@/.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:dk|com|org|net|eu|gov|info|nu|io)(?![\w@])(?:/[^\s<>\"'»”)\]]*)?"
)
_STREET_SUFFIX = (
    "vej|vejen|gade|gaden|allé|alle|plads|pladsen|stræde|strædet|boulevard|torv|torvet|vænge|vænget"
    "|kaj|kajen|brygge|bryggen|sti|stien|park|parken|have|haven|bakke|bakken|passage|ringen"
)
_STREET_WORD = "Vej|Gade|Allé|Alle|Boulevard|Plads|Torv|Stræde|Vænge|Have|Park|Bakke|Kaj|Brygge|Passage|Sti"
_STREET_PREFIX = (
    r"Gammel|Gl\.|Ny|Nye|Gamle|Store|Lille|Nørre|Søndre|Østre|Vestre|Nordre|Øster|Vester|Sankt|Skt\.|Sct\."
    r"|Indre|Ydre|Nedre|Øvre"
)
ADDRESS = _compile(
    rf"(?<![\w.])(?:(?:(?:{_STREET_PREFIX}){_S}+)?[{_UP}][{_LOW}]+(?:{_STREET_SUFFIX})"
    rf"|(?:(?:[{_UP}][\w'’.-]*|[{_UP}]\.){_S}+){{1,3}}(?:{_STREET_WORD}))"
    rf"{_S}+\d{{1,3}}(?:{_S}?[{_UP}](?!\w)|[{_LOW}](?!\w))?(?:[-–]\d{{1,3}})?(?!\d|[.,]\d)"
    rf"(?:,?{_S}(?:st\.|kl\.|\d{{1,2}}\.)(?:{_S}?(?:sal(?!\w)|(?:th|tv|mf)(?:\.|(?!\w))))?)?"
    rf"(?:(?:,{_S}*|{_S}*\n{_S}*|{_S}+)(?:DK-)?\d{{4}}{_S}+[{_UP}][{_LOW}]+"
    rf"(?:{_S}+(?:[{_UP}]{{1,2}}(?!\w)|[{_UP}][{_LOW}]+))?)?",
    0,
)
_COUNT_NUM = _compile(
    rf"{_BEFORE}(?:(?P<d>\d+(?:[.,]\d+)*(?:{_S}?[-–]{_S}?\d+)?)|(?P<w>(?:{_NUMBER_WORDS})(?:-(?:{_NUMBER_WORDS}))?))"
    rf"(?!\w)(?:{_S}+(?:millioner|million|mio\.|tusinde?|hundrede)(?!\w))?"
)
_NEXT_WORD = re.compile(rf"{_S}+((?:[{_UP}]{{2,6}}-)?[{_LOW}][{_LOW}-]*)(?![\w])")
_NOT_COUNT_BEFORE = _compile(
    r"(?:nr\.|nummer|§|kl\.|side|s\.|uge|stk\.|pkt\.|punkt|kapitel|bilag|afsnit|version|tlf\.|telefon"
    r"|år|week|page|no\.)\s*$"
)


def _counts(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _COUNT_NUM.finditer(text):
        number = m.group("d") or ""
        if number and (re.fullmatch(_YEAR + r"(?:[-–/]\d+)?", number) or text[m.end() : m.end() + 1] == "."):
            continue  # a year, or an ordinal ("12. punkt")
        if _NOT_COUNT_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        following: list[tuple[int, str]] = []
        pos = m.end()
        while len(following) < 3 and (w := _NEXT_WORD.match(text, pos)):
            following.append((w.end(1), w.group(1)))
            pos = w.end()
        i = counting.noun_at([w for _, w in following], (m.group("w") or "").lower(), text, words)
        if i is not None:
            spans.append((m.start(), following[i][0]))
    return spans


def _urls(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in URL.finditer(text):
        trimmed = m.group(0).rstrip(".,;:!?'")
        if trimmed and "." in trimmed:
            spans.append((m.start(), m.start() + len(trimmed)))
    return spans


def _phones(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in PHONE.finditer(text):
        halves = m.group(0).split()
        if len(halves) == 2 and all(re.fullmatch(_YEAR, h) for h in halves):
            continue  # "2018 2021" is two years
        spans.append((m.start(), m.end()))
    return spans


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


_DIGIT = re.compile(r"\d")
_CURRENCY = re.compile(r"kr|€|\$|£|dkk|eur|usd|dollar|pound", re.IGNORECASE)

# A fact of the key's kind is dropped where it overlaps a fact of one of these kinds.
_YIELDS_TO = {
    "amount": ("url", "email"),
    "percent": ("url", "email", "address"),
    "count": ("amount", "percent", "duration", "date", "time", "phone", "address", "url", "email"),
    "date": ("amount", "percent", "time", "phone", "address", "url", "email"),
    "duration": ("amount", "time", "address", "url", "email"),
    "time": ("amount", "percent", "phone", "address", "url", "email"),
    "when": (),
    "person": ("organisation", "address", "url", "email"),
    "organisation": ("amount", "address", "url", "email"),
    "phone": ("amount", "address", "url", "email"),
    "address": ("url", "email"),
    "email": (),
    "url": ("email",),
}


def find(text: str, words: frozenset[str] = frozenset()) -> list[Fact]:
    """Every fact span in a sentence or passage, in text order; kinds may overlap.

    ``words`` is the Danish wordlist, best ``facts_names.vocabulary(path)`` (lower-case common words
    and capitalized names): it tells a person's name from capitalized common words. A count inside
    an amount is not reported separately.
    """
    digits = _DIGIT.search(text) is not None  # most sentences have none: skip what needs one
    found: dict[str, list[tuple[int, int]]] = {
        "amount": _spans(AMOUNT, text) if digits or _CURRENCY.search(text) else [],
        "percent": _spans(PERCENT, text),
        "count": _counts(text, words),
        "date": _spans(DATE, text) if digits else [],
        "duration": _spans(DURATION, text),
        "time": _spans(TIME, text) if digits else [],
        "when": _spans(WHEN, text),
        "person": facts_names.persons(text, words),
        "organisation": facts_names.organisations(text, words),
        "phone": _phones(text) if digits else [],
        "email": _spans(EMAIL, text) if "@" in text else [],
        "address": _spans(ADDRESS, text) if digits else [],
        "url": _urls(text) if "." in text else [],
    }
    facts: set[Fact] = set()
    for kind, spans in found.items():
        rivals = [s for other in _YIELDS_TO[kind] for s in found[other]]
        for start, end in spans:
            if any(s < end and start < e for s, e in rivals):
                continue
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
                continue  # inside a longer fact of its own kind
            facts.add(Fact(kind, start, end, text[start:end]))
    return sorted(facts, key=lambda f: (f.start, -f.end, KINDS.index(f.kind)))


def counted_noun(text: str, fact: Fact) -> str | None:
    """For a count, the noun it counts ("syv medarbejdere" -> "medarbejdere"); else None."""
    if fact.kind != "count":
        return None
    m = re.search(r"[\w-]+$", text[fact.start : fact.end])
    return m.group(0) if m else None


def title_of(text: str, fact: Fact) -> str | None:
    """For a person, the title beside the name ("centerchef Lone Brix" -> "centerchef"); else None."""
    if fact.kind != "person":
        return None
    return facts_names.title_before(text, fact.start, fact.end)
