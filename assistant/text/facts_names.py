"""Names in running Danish text: persons, organisations, acronyms, and the title before a name."""

from __future__ import annotations

import re

from assistant.text import cleanup, danish

_UP = "A-ZÆØÅÉÜÖÄ"
_LOW = "a-zæøåéüöä"
# A capitalized word (hyphenated parts allowed, a trailing hyphen for "Beskæftigelses- og …"),
# or initials ("H.C.", "J.").
_TOKEN = re.compile(
    rf"(?<![\w@/.])(?:[{_UP}]\.(?:[{_UP}]\.)*(?![\w])|[{_UP}][{_LOW}{_UP}0-9'’]*(?:-[{_LOW}{_UP}0-9]+)*-?)"
)
_CONNECTORS = frozenset({"og", "for", "i", "af", "&", "under", "til", "and", "of"})
_EXTENDING = frozenset({"for", "of"})

# General organisation-type words (and their inflections) that end an organisation's name.
ORG_END = re.compile(
    r"(?:forvaltning|udvalg|styrelse|ministeri(?:um|e)?|kommune|cent(?:er|re|ret|eret)|sekretariat|råd"
    r"|afdeling|enhed|politi|repræsentation|forsorg|direktorat|tilsyn|nævn|institut|fond|forening"
    r"|selskab|organisation|myndighed|region|regering|skole|gymnasi(?:um|e)|universitet|hospital"
    r"|fængsel|fængsl|arresthus|kontor|tjeneste|service|agentur|kommission|komit[eé]|forbund"
    r"|sammenslutning|bank|domstol|byret|landsret|højesteret|klub|bibliotek|muse(?:um|et)|akademi"
    r"|tinget|council|department|ministry|agency|police|municipality|authority|office|committee|board"
    r"|centre|university|institute|foundation|association|unit)"
    r"(?:n|ns|en|et|ets|ens|erne|ernes|er|ers|e|es|ne|nes|s)?$"
)
TITLE = re.compile(
    r"(?:(?:adm|kst|konst)\.\s)?[\w-]*(?:chef|direktør|leder|koordinator|konsulent|minister|borgmester"
    r"|rådmand|formand|inspektør|kommissær|sekretær|fuldmægtig|rådgiver|ordfører|sagsbehandler"
    r"|medarbejder|professor|advokat|ombudsmand|læge|præst|forsker|analytiker|specialist|assistent"
    r"|director|manager|mayor|coordinator|chief|officer|adviser|advisor|president|chairman)"
    r"|hr\.|fru|frk\.|dr\.",
    re.IGNORECASE,
)
_TITLE_BEFORE = re.compile(rf"(?<![\w.])({TITLE.pattern})[^\S\n]+$", re.IGNORECASE)
# After the name: ", centerchef" (not when a name follows it), or the next line of a signature.
_TITLE_AFTER = re.compile(
    rf"^(?:,[^\S\n]+|[^\S\n]*\n)({TITLE.pattern})(?![\w])(?![^\S\n]+(?-i:[{_UP}]))", re.IGNORECASE
)
_NOT_NAME = frozenset(
    """kære dear med venlig venlige hilsen hilsner best kind regards mvh vh
    mandag tirsdag onsdag torsdag fredag lørdag søndag monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october november
    december""".split()
) | frozenset(danish.MONTHS)
_NOT_ACRONYM = frozenset(
    """DKK EUR USD GBP NOK SEK CHF ISK PDF URL HTML CPR CVR NB PS OK OBS FAQ ID CEO""".split()
)
_ACRONYM = re.compile(rf"(?<![\w@/.-])[{_UP}]{{2,6}}(?![\w{_LOW}]|\.[\w])")
_INITIALS = re.compile(rf"(?:[{_UP}]\.)+")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_STREET_END = re.compile(r"(?:vej|vejen|gade|gaden|allé|plads|pladsen|stræde|strædet|boulevard|torv|torvet)$")


def vocabulary(path: str) -> frozenset[str]:
    """The wordlist as ``find`` wants it: its lower-case entries are the common words, and its
    capitalized entries, the names ("Jens", "Møller"), are kept as written.

    ``cleanup.load_wordlist`` lower-cases every entry, so there "astrid" and "andersen" look common.
    """
    return cleanup.read_wordlist(path)[0]


def is_org_token(token: str) -> bool:
    return ORG_END.search(token.lower()) is not None


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"“”„«»'(*•–-")
    return not before or before[-1] in ".!?:\n"


def _common(token: str, words: frozenset[str]) -> bool:
    low = token.lower().rstrip("-")
    return low in words or low in _NOT_NAME or low in danish.STOP_WORDS


def _known_name(token: str, words: frozenset[str]) -> bool:
    """A name the wordlist spells with a capital ("Jens", "Per"), though it is a common word too."""
    return token in words and token.lower() not in _NOT_NAME


def _definite_noun(token: str, words: frozenset[str]) -> bool:
    """A common noun in its definite form ("Ungdomsklubben", "Biblioteket"): no first name. The base
    has five letters or more ("Karen" is no form of "kar")."""
    low = token.lower()
    for end in ("en", "et", "ne", "erne", "ene"):
        base = low[: -len(end)]
        if (
            low.endswith(end)
            and len(base) >= 5
            and (base in words or (base[-1] == base[-2] and base[:-1] in words))  # "klubben": "klub"
        ):
            return True
    return False


Token = tuple[int, int, str]


def _runs(text: str, connectors: bool) -> list[list[Token]]:
    """Capitalized tokens joined by one space (and, for organisations, by "og", "for", "i" …)."""
    runs: list[list[Token]] = []
    run: list[Token] = []
    crossed_for = False
    for m in _TOKEN.finditer(text):
        tok = (m.start(), m.end(), m.group(0))
        if run:
            gap = text[run[-1][1] : m.start()]
            joined = gap == " "
            if not joined and connectors and gap.startswith(" ") and gap.endswith(" "):
                link = gap.strip()
                left = run[-1][2]
                joined = link in _CONNECTORS and (
                    left.endswith("-")
                    or (link in _EXTENDING and is_org_token(left))
                    or (link in ("og", "&", "and") and crossed_for and not is_org_token(m.group(0)))
                )
                crossed_for = crossed_for or (joined and link in _EXTENDING)
            if joined:
                run.append(tok)
                continue
            runs.append(run)
            crossed_for = False
        run = [tok]
    if run:
        runs.append(run)
    return runs


def _trim_start(text: str, run: list[Token], words: frozenset[str]) -> list[Token]:
    """A sentence's first word is capitalized anyway: a common word there is no part of a name."""
    while run and (TITLE.fullmatch(run[0][2]) or run[0][2].lower() in _NOT_NAME):
        run = run[1:]
    if (
        run
        and _sentence_start(text, run[0][0])
        and _common(run[0][2], words)
        and not (len(run) > 1 and _known_name(run[0][2], words))
        and not run[0][2].endswith("-")
        and not is_org_token(run[0][2])
    ):
        run = run[1:]
    while run and TITLE.fullmatch(run[0][2]):
        run = run[1:]
    return run


def organisations(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of organisation names, and of acronyms (BIU, SSP) that stand for one."""
    spans: list[tuple[int, int]] = []
    for run in _runs(text, connectors=True):
        run = _trim_start(text, run, words)
        if not any(is_org_token(t[2]) and not t[2].endswith("-") for t in run):
            continue
        # A lone common word at a sentence's start ("Udvalget …") is the noun, not a name.
        if len(run) == 1 and _sentence_start(text, run[0][0]) and ORG_END.fullmatch(run[0][2].lower()):
            continue
        spans.append((run[0][0], run[-1][1]))
    for m in _ACRONYM.finditer(text):
        tok = m.group(0)
        if tok in _NOT_ACRONYM or _ROMAN.match(tok) or tok.lower() in words:
            continue
        spans.append((m.start(), m.end()))
    return spans


def _name_token(token: str) -> bool:
    if _INITIALS.fullmatch(token):
        return True
    if any(c.isdigit() for c in token) or (len(token) > 1 and token.isupper()):
        return False
    # "By-strategien": a hyphen before a lower-case part makes a compound noun, not a name.
    return re.search(rf"-[{_LOW}]", token) is None and not token.endswith("-")


def persons(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of person names: two to four capitalized words, at least one no common word (or
    all of them names in the wordlist: "Jens Møller")."""
    spans: list[tuple[int, int]] = []
    for raw in _runs(text, connectors=False):
        for part in _split(raw):
            run = _trim_start(text, part, words)
            if not 2 <= len(run) <= 4:
                continue
            if any(is_org_token(t[2]) for t in run) or _STREET_END.search(run[-1][2].lower()):
                continue
            if _definite_noun(run[0][2], words):  # "Ungdomsklubben Lyshøj" names a place
                continue
            names = [t[2] for t in run if not t[2].endswith(".")]
            if not names or (
                all(_common(n, words) for n in names) and not all(_known_name(n, words) for n in names)
            ):
                continue
            if run[-1][2].endswith("."):  # initials end no name
                continue
            spans.append((run[0][0], run[-1][1]))
    return spans


def _split(run: list[Token]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    for tok in run:
        if _name_token(tok[2]):
            parts[-1].append(tok)
        elif parts[-1]:
            parts.append([])
    return [p for p in parts if p]


def title_before(text: str, start: int, end: int) -> str | None:
    """The title standing right before a name ("centerchef Lone Brix"), or after it (", direktør")."""
    m = _TITLE_BEFORE.search(text[max(0, start - 60) : start])
    if m:
        return m.group(1)
    m = _TITLE_AFTER.match(text[end : end + 60])
    return m.group(1) if m else None
