"""Read a question: its retrieval query, its focus terms, the kind of fact it asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.fact_kinds import (
    COUNT,
    DEFINITION,
    KIND_PATTERNS,
    KIND_STEMS,
    LETTER_KINDS,
    NAME,
    NONE,
    PERSON,
    TITLES,
    without_slips,
)
from assistant.text import danish
from assistant.text.counting import past_tense

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
    please tell give me get gets got set up out over under whether only own same just now still
    ever well onto per via each both either neither other more most""".split()
)

_DANISH_NUMBER_WORDS = frozenset("to tre fire fem seks syv otte ni ti elleve tolv".split())
_ENGLISH_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten".split())
_NUMBER_WORDS = _DANISH_NUMBER_WORDS | _ENGLISH_NUMBER_WORDS | frozenset("en et én ét one".split())

# Words that frame a request ("fortæl mig …") rather than name what it is about.
SCAFFOLDING = frozenset(
    """fortæl fortael forklar beskriv venligst gerne derefter giv kort oplys angiv nævn naevn
    vide ønsker onsker mig din dine dit sige sig type slags sort kind hedder kaldes kaldt navn
    navnet kører korer tiden nuværende aktuelt mindre mere tell explain describe list know please
    called named name currently første forste anden andet tredje fjerde femte first second third
    fourth fifth står stå går gå skete sket happened happen betyder mean means stor store tit ofte
    cirka ca omtrent often large big""".split()
)
# Instructions aimed at the assistant itself; no letter answers them, so they are set aside.
_INJECTION = re.compile(
    r"ignor|glem |glem$|instruks|instruktion|systemprompt|system prompt|prompt|udviklertilstand|"
    r"developer mode|du er nu|you are now|regler|rules|jailbreak|^system\b|opfind|påstå|pretend",
    re.I,
)

_ABOUT = re.compile(
    r"hvad handler (brevet|henvendelsen|brevene)|hvad (ville|ønskede|onskede|spurgte) .{0,40}\b(om|vide)\b"
    r"|hvad (blev|bliver) der spurgt om|what is the letter about|what did (she|he|the citizen) ask",
    re.I,
)
_OVERVIEW = re.compile(
    r"overblik|opsummer|sammenfat|resum|hvad (står|star) der i (brevet|svaret)|overview|summari[sz]e|summary",
    re.I,
)


GIST_KINDS = ("about", "overview")


def gist_kind(text: str) -> str | None:
    """'about' for what a letter answers, 'overview' for the gist of its answer, else None."""
    if _ABOUT.search(text):
        return "about"
    if _OVERVIEW.search(text):
        return "overview"
    return None


def strip_injection(text: str) -> str:
    """The question without clauses that try to instruct the assistant."""
    clauses = re.split(r"(?<=[.:;!?])\s+|:\s*|,\s+og\s+|\n+", text)
    kept = [c for c in clauses if c.strip() and not _INJECTION.search(c)]
    asked = [c for c in kept if c.rstrip().endswith("?")]
    if asked and len(kept) < len([c for c in clauses if c.strip()]):
        kept = asked  # beside an injection, what is not asked is part of it ("Du må gerne gætte.")
    return " ".join(kept).strip() if kept else ""


@dataclass(frozen=True)
class Question:
    text: str
    history: tuple[str, ...]
    query: str  # what retrieval searches with: the question, plus its antecedent for a follow-up
    focus: tuple[str, ...]  # stemmed content terms the evidence must cover
    context: tuple[str, ...]  # terms of the earlier questions a follow-up points back to
    answer_type: str | None
    count_noun: str | None  # "hvor mange <noun>": the evidence must count this noun
    numbers: tuple[str, ...]  # numbers named in the question must be in the evidence
    english: bool
    followup: bool
    words: tuple[str, ...] = ()  # the question's own content words, unstemmed (for the lexicon)


def is_english(text: str) -> bool:
    """English stop words make up 0.3 of the words, and no common word is spelt with æ, ø or å (a
    name may be: "Jobcenter København's youth unit")."""
    words = danish.words(text)
    tokens = [w.lower() for w in words]
    if not tokens:
        return False
    return sum(t in ENGLISH_STOP_WORDS for t in tokens) / len(tokens) >= 0.3 and not any(
        c in w for w in words if not w[:1].isupper() for c in "æøå"
    )


def is_followup(text: str, history: tuple[str, ...]) -> bool:
    if not history:
        return False
    lowered = text.lower().strip()
    tokens = [w.lower() for w in danish.words(text)]
    content = [t for t in tokens if t not in danish.STOP_WORDS and t not in ENGLISH_STOP_WORDS]
    return any(t in _ANAPHORA for t in tokens) or lowered.startswith(_FOLLOWUP_OPENERS) or len(content) <= 1


def content_words(text: str) -> list[str]:
    """The question's own content words: no stop words (Danish or English), no scaffolding."""
    return [
        w
        for w in danish.words(text)
        if w.lower() not in ENGLISH_STOP_WORDS
        and w.lower() not in SCAFFOLDING
        and w.lower() not in danish.STOP_WORDS
        and not w[0].isdigit()
        and w.lower() not in _NUMBER_WORDS
    ]


def content_terms(text: str) -> list[str]:
    """Stemmed focus terms: no stop words (Danish or English), no question scaffolding."""
    out: list[str] = []
    for term in danish.terms(" ".join(content_words(text))):
        if term not in out and len(term) > 1:
            out.append(term)
    return out


def antecedents(text: str, history: tuple[str, ...]) -> list[str]:
    """The earlier questions a follow-up leans on: back to the last one that stood alone."""
    out: list[str] = []
    current = text
    past = history
    while past and is_followup(current, past):
        current, past = past[-1], past[:-1]
        out.insert(0, current)
    return out


def answer_type_of(text: str) -> str | None:
    """The kind of fact asked for; "hvad hedder <title>" asks for a person."""
    folded = without_slips(danish.fold_letters(text.lower()))
    for name, pattern in KIND_PATTERNS:
        if pattern.search(folded):
            if name == NONE:
                return None
            if name in (NAME, DEFINITION) and _names_a_title(text) and not _INDEFINITE.search(folded):
                return PERSON  # "hvad hedder konsulenten", but "hvad er en konsulent" asks what one is
            if name == DEFINITION and len(content_terms(text)) > 4:
                return None  # a long "hvad er …" asks about a matter, not for a definition
            return name
    return None


_INDEFINITE = re.compile(r"^\W*(hvad er|what is) (en|et|a|an)\b")


def _names_a_title(text: str) -> bool:
    """A word that is, or ends in, a title ("fritidsjobkonsulenterne", "lokalbetjenten")."""
    return any(w.lower() in TITLES or danish.stem(w).endswith(_TITLE_STEMS) for w in danish.words(text))


_TITLE_STEMS = tuple(sorted({danish.stem(t) for t in TITLES if len(t) >= 6}))  # one endswith call a word


def typed_terms(text: str) -> list[str]:
    """Content terms less the words that only name the kind of fact wanted."""
    kind = answer_type_of(text) or ""
    return [t for t in content_terms(text) if t not in KIND_STEMS.get(kind, ())]


_MARKUP = re.compile(r"<[^>]{0,200}>|[*_`#>|~]+|\[([^\]]*)\]\([^)]*\)")


def strip_markup(text: str) -> str:
    """HTML tags and markdown marks carry no question; a link keeps its text."""
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", text, flags=re.I | re.S)
    return re.sub(r"\s+", " ", _MARKUP.sub(lambda m: m.group(1) or " ", text)).strip()


def analyse(raw: str, history: tuple[str, ...] = ()) -> Question:
    text = strip_injection(strip_markup(raw))
    earlier = antecedents(text, tuple(strip_markup(h) for h in history))
    followup = bool(earlier)
    query = " ".join([*earlier, text]).strip()
    answer_type = answer_type_of(text)
    if answer_type is None and earlier:  # "Hvilken titel har han?" after "Hvem underskrev brevet?"
        combined = answer_type_of(" ".join([*earlier, text]))
        answer_type = combined if combined in LETTER_KINDS else None
    count_noun = None
    if answer_type == COUNT:
        m = re.search(r"(?:hvor mange|how many|antal(?:let)? af|number of)\s+(\w+)(?:\s+(\w+))?", text, re.I)
        word = m.group(1).lower() if m else ""
        after = (m.group(2) or "").lower() if m else ""
        if word.endswith("ende") and after and after not in danish.STOP_WORDS:
            word = after  # "hvor mange bærende principper" counts principles; "hvor mange studerende er"
        # "hvor mange stemte for": a verb, no noun to count
        if word and word not in danish.STOP_WORDS | ENGLISH_STOP_WORDS and not past_tense(word):
            count_noun = word
    english = is_english(text)
    number_words = _ENGLISH_NUMBER_WORDS if english else _DANISH_NUMBER_WORDS
    numbers = tuple(danish.NUMBER.findall(text)) + tuple(
        w.lower() for w in danish.words(text) if w.lower() in number_words
    )
    focus = typed_terms(text)
    context = [t for a in earlier for t in typed_terms(a) if t not in focus]
    return Question(
        text=raw,
        history=history,
        query=query,
        focus=tuple(focus),
        context=tuple(dict.fromkeys(context)),
        answer_type=answer_type,
        count_noun=count_noun,
        numbers=numbers,
        english=english,
        followup=followup,
        words=tuple(dict.fromkeys(w.lower() for a in [*earlier, text] for w in content_words(a))),
    )


def has_numbers(question: Question, text: str) -> bool:
    """Every number the question names stands in the text too."""
    lowered = text.lower()
    for number in question.numbers:
        if number.isalpha():
            if number not in [w.lower() for w in danish.words(text)]:
                return False
        elif not re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", lowered):
            return False  # a whole number: "3" is not found in "2023", nor "2,8" in "12,8"
    return True
