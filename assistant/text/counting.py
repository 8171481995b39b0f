"""Which word a number counts: "412 unge deltog" counts "unge", "to store projekter" counts "projekter"."""

from __future__ import annotations

import re

from assistant.text import danish

_NOT_NOUNS = (
    danish.STOP_WORDS
    | frozenset(danish.MONTHS)
    | frozenset(
        """sekunder sekund minutter minut timer time døgn dage dag uger uge måneder måned kvartaler
        kvartal halvår år års timers dages ugers måneders døgns årtier årti semestre semester
        procent pct procentpoint kr kroner krone
        mio mia mill millioner million milliarder milliard tusind tusinde hundrede euro dollars og
        eller til ud gange mandag tirsdag onsdag torsdag fredag lørdag søndag a the of and or to in""".split()
    )
)
_ADJECTIVES = frozenset(
    """nye store små unge gamle andre øvrige første sidste mindre større flere nuværende tidligere
    yderligere ekstra faste gode new old young other more different small large local major""".split()
)
# In an English sentence "to" and "fire" are no numbers.
_ENGLISH = re.compile(r"\b(?:the|and|of|is|are|was|were|with|that|this|have|has)\b", re.IGNORECASE)
_ADJECTIVE_ENDINGS = ("ende", "ige", "ale", "ive", "iske", "ske", "ede", "elle", "ære")
_ALSO_ENGLISH = frozenset({"to", "fire", "ti", "ni"})


_VERBS = frozenset("""deltog fik gik kom så tog gav lå sad stod bor går ser står mødte søgte""".split())


def _verbal(word: str) -> bool:
    """ "412 unge deltog": a past tense after an adjective makes the adjective the noun."""
    return word in _VERBS or word.endswith("ede")


def past_tense(word: str) -> bool:
    """A verb in the past tense, as far as its ending tells: those ``_verbal`` knows, and weak verbs
    in "-te" ("Hvor mange stemte for …?")."""
    return _verbal(word) or word.endswith("te")


def _adjectival(word: str) -> bool:
    return word in _ADJECTIVES or word.endswith(_ADJECTIVE_ENDINGS)


def noun_at(following: list[str], number_word: str, text: str, words: frozenset[str]) -> int | None:
    """The index of the counted noun among the (up to three) words after a number, or None where the
    number counts nothing: a unit or stop word follows, or "to"/"fire" stand in an English sentence."""
    if not following or following[0] in _NOT_NOUNS:
        return None
    i = 0
    while i < 2 and i + 1 < len(following) and _adjectival(following[i]):
        if following[i + 1] in _NOT_NOUNS or _verbal(following[i + 1]):
            break
        i += 1
    noun = following[i]
    if number_word in _ALSO_ENGLISH and ((words and noun not in words) or _ENGLISH.search(text)):
        return None
    return i
