"""Read a question: its retrieval query, its focus terms, the kind of fact it asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import danish, thesaurus

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

_DANISH_NUMBER_WORDS = frozenset("to tre fire fem seks syv otte ni ti elleve tolv".split())
_ENGLISH_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten".split())
_NUMBER_WORDS = _DANISH_NUMBER_WORDS | _ENGLISH_NUMBER_WORDS | frozenset("en et én ét one".split())

AMOUNT, DATE, COUNT, PERSON, NAME = "amount", "date", "count", "person", "name"
_ORG_ENDINGS = ("forvaltningen", "udvalget", "strategien", "sekretariatet", "repræsentationen")

_TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        AMOUNT,
        re.compile(
            r"hvor (mange|meget) (penge|kroner|midler)|hvor meget (blev|er|var) (der )?(afsat|bevilget)"
            r"|hvad koste|hvad (er|var) budget|\bbudget(tet)?\b|bel(ø|o|oe)b|how much (money|was|is|did)"
            r"|\bcost|\bbudget(tet)?\b|hvor dyr",
            re.I,
        ),
    ),
    (
        DATE,
        re.compile(
            r"hvorn(å|a|aa)r|hvilken dato|hvilket (år|ar|aar)|hvilken periode|hvilke (år|ar)|\bwhen\b"
            r"|what date|which year|what year|which period|\bdateret",
            re.I,
        ),
    ),
    (COUNT, re.compile(r"hvor mange|how many", re.I)),
    (NAME, re.compile(r"hvad (hedder|kaldes)|hvad er navnet|what is the name|what is .{1,40} called", re.I)),
    (
        PERSON,
        re.compile(
            r"hvem (er|var) (direkt(ø|o|oe)r|formand|leder|chef|borgmester|r(å|a)dmand)|hvem (leder|styrer)"
            r"|hvem (har )?(underskrev|skrev|skrevet|signere)"
            r"|who (signed|wrote|leads|heads|is the (director|chair|head|mayor))"
            r"|hvem er (brevet|svaret|det) (stilet|skrevet|sendt|adresseret|rettet) til"
            r"|who is the (letter|reply) (addressed|written|sent) to",
            re.I,
        ),
    ),
]

_MONEY = re.compile(
    r"\d[\d.,]*\s*(mio\.?|mia\.?|millioner|milliarder|mill\.)?\s*(kr\.?|kroner|dkk)\b|\d[\d.,]*\s*(mio|mia)\.",
    re.I,
)
_DATE_TEXT = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{1,2}\.\s*(" + "|".join(danish.MONTHS) + r")", re.I)
_NAME = re.compile(r"\b[A-ZÆØÅ][a-zæøåé]+(?:\s+[A-ZÆØÅ][a-zæøåé]+)+\b(?!-)")
# Capitalized words that make organisations, not people.
_NOT_NAMES = frozenset("Kære Med Sikker By Kommune Kommunes Jobcenter København Københavns Tak".split())


# Words that only say which kind of fact is wanted; the type check covers them.
_TYPE_WORDS = {
    AMOUNT: frozenset(
        danish.stem(w)
        for w in """penge kroner beløb budget budgettet koster koste midler dyr money cost costs
        funding""".split()
    ),
    DATE: frozenset(danish.stem(w) for w in "dato år periode tidspunkt date year period dateret".split()),
}


# Words that frame a request ("fortæl mig …") rather than name what it is about.
SCAFFOLDING = frozenset(
    """fortæl fortael forklar beskriv venligst gerne derefter giv kort oplys angiv nævn naevn
    vide ønsker onsker mig din dine dit sige sig type slags sort kind hedder kaldes kaldt navn
    navnet kører korer tiden nuværende aktuelt mindre mere tell explain describe list know please
    called named name currently første forste anden andet tredje fjerde femte first second third
    fourth fifth står stå går gå skete sket happened happen""".split()
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
    return any(t in _ANAPHORA for t in tokens) or lowered.startswith(_FOLLOWUP_OPENERS) or len(content) <= 1


def content_terms(text: str) -> list[str]:
    """Stemmed focus terms: no stop words (Danish or English), no question scaffolding."""
    kept = [
        w
        for w in danish.words(text)
        if w.lower() not in ENGLISH_STOP_WORDS
        and w.lower() not in SCAFFOLDING
        and not w[0].isdigit()
        and w.lower() not in _NUMBER_WORDS
    ]
    out: list[str] = []
    for term in danish.terms(" ".join(kept)):
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
    for name, pattern in _TYPE_PATTERNS:
        if pattern.search(text):
            return name
    return None


def typed_terms(text: str) -> list[str]:
    """Content terms less the words that only name the kind of fact wanted."""
    kind = answer_type_of(text) or ""
    return [t for t in content_terms(text) if t not in _TYPE_WORDS.get(kind, ())]


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
    count_noun = None
    if answer_type == COUNT:
        m = re.search(r"(?:hvor mange|how many)\s+(\w+)", text, re.I)
        if m and m.group(1).lower() not in danish.STOP_WORDS | ENGLISH_STOP_WORDS:
            count_noun = danish.stem(m.group(1))
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
    )


def satisfies_type(question: Question, sentence: str) -> bool:
    """Whether a sentence holds the kind of fact asked for (an amount, a date, a count, a name)."""
    if question.answer_type == AMOUNT:
        return _MONEY.search(sentence) is not None
    if question.answer_type == DATE:
        return _DATE_TEXT.search(sentence) is not None
    if question.answer_type == PERSON:
        return has_name(sentence)
    if question.answer_type == NAME:  # the name of an effort is the title of its list item
        return re.match(r"\d{1,2}[.)]\s", sentence) is not None or sentence.lstrip().startswith(
            ("”", '"', "«")
        )
    if question.answer_type == COUNT:
        return _counts(sentence, question.count_noun)
    return True


def has_name(sentence: str) -> bool:
    """Two or more capitalized words in a row that name a person, not an organisation."""
    for m in _NAME.finditer(sentence):
        words_ = [w for w in m.group(0).split() if w not in _NOT_NAMES]
        if len(words_) >= 2 and not m.group(0).endswith(_ORG_ENDINGS):
            return True
    return False


def _counts(sentence: str, noun: str | None) -> bool:
    tokens = list(danish.words(sentence))
    for i, tok in enumerate(tokens):
        if not (tok[0].isdigit() or tok.lower() in _NUMBER_WORDS):
            continue
        if tok.lower() in ("en", "et") and noun is None:
            continue
        window = [danish.stem(t) for t in tokens[i + 1 : i + 4]]
        if noun is None or thesaurus.matches(noun, set(window)):
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
