"""Danish language knowledge in one place: stop words, months, dates, sentences, terms and stems."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterator

import Stemmer

from assistant.text.verbs import infinitive

# Retskrivningsreglerne §57: a hyphen before og/eller/samt/til stands for a shared word part
# ("Beskæftigelses- og Integrationsforvaltningen") and is kept, with its space.
SUSPENSION_WORDS = frozenset({"og", "eller", "samt", "til", "end", "som", "&"})

ABBREVIATIONS = frozenset(
    """kr mio mia d p.t ifm ift iht vha mfl jf jvf stk nr adm kst bl.a f.eks ca evt mht pga vedr
    inkl ekskl hhv osv dvs mv m.v m.fl m.m o.l tlf att dir kl pkt afd ang sek vh mvh s fx el ex t.o.m f.o.m
    i.e e.g etc mr mrs dr prof vs""".split()
)

MONTHS = "januar februar marts april maj juni juli august september oktober november december".split()

# Snowball's Danish stop-word list, plus question words that carry no topic.
STOP_WORDS = frozenset(
    """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om
    vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her
    alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit
    også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive
    mange ad bliver hendes været thi jer sådan hvem hvornår hvilken hvilke hvilket hvordan hvorfor
    kan får få fik gør gøre gjorde lavet lave laver mon nogen ja nej bare så hvorledes ved mellem
    blandt omkring gennem uden inden pr hver hvert samt både enten""".split()
)


def long_date(iso: str) -> str:
    """'2021-03-22' -> '22. marts 2021'; anything else is shown as given."""
    try:
        d = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


_LETTER = "A-Za-zÆØÅæøåÉéÜüÖöÄä"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:-\d+)?")  # 12,6 and 2021-24 are one number each


def _abbreviation_before(text: str, dot: int) -> bool:
    token = re.split(r"[\s(\[„“”\"«»]", text[:dot])[-1].lower()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _is_boundary(text: str, dot: int, next_start: int) -> bool:
    if text[dot] in "!?":
        return True
    token = re.split(r"\s", text[:dot])[-1]
    if _abbreviation_before(text, dot):
        return False
    if token.isdigit():
        line_start = text.rfind("\n", 0, dot) + 1
        if line_start == dot - len(token):  # a list marker: "1. ”Styrket …”"
            return False
        following = re.match(r"\w+", text[next_start:])
        if following and following.group(0).lower() in MONTHS:  # "1. marts"
            return False
    return True


_CANDIDATE = re.compile(r"[.!?][”\"»)]*(?=\s+[\"”„«(]?[" + _LETTER.replace("a-z", "") + r"0-9])")


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``, shifted by ``offset``; lines always end one.

    No break after the abbreviations in ABBREVIATIONS, list markers ("1.") or dates ("1. marts").
    """
    spans: list[tuple[int, int]] = []
    for line_match in re.finditer(r"[^\n]+", text):
        line, base = line_match.group(0), line_match.start()
        start = 0
        for m in _CANDIDATE.finditer(line):
            nxt = m.end() + (len(line[m.end() :]) - len(line[m.end() :].lstrip()))
            if m.group(0)[0] in "!?" or _is_boundary(line, m.start(), nxt):
                if line[start : m.end()].strip():
                    spans.append((base + start, base + m.end()))
                start = nxt
        if line[start:].strip():
            end = len(line.rstrip())
            spans.append((base + start, base + end))
    # A line may open with spaces; a sentence never does.
    spans = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]
    return [(s + offset, e + offset) for s, e in spans]


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "ae"})


def fold(word: str) -> str:
    """Lower-case and fold æøå so that text typed without them still matches."""
    return fold_letters(word.lower())


def fold_letters(text: str) -> str:
    """æøå (and aa, oe) folded, case kept: æ -> ae, ø and oe -> o, å and aa -> a."""
    return text.translate(_FOLD).replace("aa", "a").replace("oe", "o")


_stemmer = Stemmer.Stemmer("danish")
# Words whose stems would fall together with an unrelated word: "indsatte" (inmates) is not
# "indsats" (an effort).
_HOMOGRAPHS = {"indsatte": "indsatte", "indsattes": "indsatte", "indsat": "indsatte"}


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball's Danish stem of the folded word, less a final genitive or linking s.

    Snowball keeps the s of "indsatsen" but drops it from "indsats"; dropping it always makes
    the two forms one stem.
    """
    lower = word.lower()
    folded = fold_letters(lower)
    if folded in _HOMOGRAPHS:
        return _HOMOGRAPHS[folded]
    base = infinitive(lower)
    if base != lower:  # a strong verb's past: fold its infinitive
        folded = fold_letters(base)
    stemmed = str(_stemmer.stemWord(folded))
    if len(stemmed) >= 6 and stemmed.endswith("s") and not stemmed.endswith("ss"):
        stemmed = stemmed[:-1]
    if len(stemmed) >= 6 and stemmed.endswith("ed"):  # Snowball keeps "-ed" of "styrkede", not of "styrket"
        stemmed = stemmed[:-2]
        if stemmed[-1] == stemmed[-2] and stemmed[-1] not in "aeiouyæøå":  # "bygged" -> "byg", as "bygget"
            stemmed = stemmed[:-1]
    return _syncope(stemmed)


_VOWELS = frozenset("aeiouyæøå")


def _syncope(stemmed: str) -> str:
    """One stem for a word whose unstressed e falls away when it is inflected.

    "jobcenter" stems to "jobcent" but "jobcentret" to "jobcentr"; "regel" stays "regel" but
    "reglerne" stems to "regl"; "middel" and "midler". A final r after a consonant goes, a final
    "el" after a consonant loses its e, and a doubled consonant before l or r is undoubled.
    """
    if len(stemmed) >= 5 and stemmed[-1] == "r" and stemmed[-2] not in _VOWELS | {"r"}:
        return stemmed[:-1]
    if len(stemmed) >= 5 and stemmed.endswith("el") and stemmed[-3] not in _VOWELS:
        stemmed = stemmed[:-2] + "l"
    if len(stemmed) >= 5 and stemmed[-1] == "l" and stemmed[-2] == stemmed[-3] not in _VOWELS:
        stemmed = stemmed[:-2] + "l"
    return stemmed


@functools.lru_cache(maxsize=4096)
def one_edit(word: str) -> frozenset[str]:
    """Every string one deletion, swap, substitution or insertion away (Norvig's edits1); kept, as
    a question asks after the same few words for each of its candidate sentences."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return frozenset(
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    )


def words(text: str) -> Iterator[str]:
    """The word tokens of a text (numbers like 12,6 stay whole)."""
    for m in re.finditer(r"\d+(?:[.,]\d+)*|[" + _LETTER + r"0-9]+", text):
        yield m.group(0)


def terms(text: str, keep_stop_words: bool = False) -> list[str]:
    """Stemmed, folded index terms: what BM25 and the answerability check compare."""
    return [
        stem(w)
        for w in words(text)
        if keep_stop_words or (w.lower() not in STOP_WORDS and fold(w) not in _FOLDED_STOPS)
    ]


_FOLDED_STOPS = frozenset(fold(w) for w in STOP_WORDS)


def split_compound(
    term: str, vocabulary: frozenset[str], begins: Callable[[str], bool] | None = None
) -> list[str] | None:
    """Split an unknown compound stem into two known stems (with an optional linking s or e).

    ``budgetaftal`` -> ``budget`` + ``aftal``; the longest known head wins. ``begins`` says
    whether a vocabulary term begins with a stem (by default, every term is looked at).
    """
    if len(term) < 8:
        return None
    for cut in range(len(term) - 4, 3, -1):
        head, tail = term[:cut], term[cut:]
        for link in ("", "s", "e"):
            if link and not head.endswith(link):
                continue
            modifier = head[: len(head) - len(link)] if link else head
            if (
                len(modifier) >= 4
                and _known(modifier, vocabulary, begins)
                and _known(tail, vocabulary, begins)
            ):
                return [modifier, tail]
    return None


def _known(stem_: str, vocabulary: frozenset[str], begins: Callable[[str], bool] | None) -> bool:
    if stem_ in vocabulary:
        return True
    if len(stem_) < 5:
        return False
    return begins(stem_) if begins else any(v.startswith(stem_) for v in vocabulary)


def stem_match(query_term: str, text_term: str) -> bool:
    """The text's stem is the question's, or a compound built on it.

    "fritidsjob" is found in "fritidsjobindsats", but "fritidsjobindsats" is not found in a bare
    "indsats": the text must say at least as much as the question. Compound parts are words of
    their own (at least 5 and 3 letters), so "indsat" is no part of "indsats".
    """
    if query_term == text_term:
        return True
    if len(query_term) < 5 or len(text_term) - len(query_term) < 3:
        return False
    return text_term.startswith(query_term) or text_term.endswith(query_term)
