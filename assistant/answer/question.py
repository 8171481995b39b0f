"""Read a question: its retrieval query, its focus terms, the kind of fact it asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import danish

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

# The kinds of fact a question can ask for; each is answered by a fact of the same kind (facts.py).
AMOUNT, PERCENT, COUNT, DATE, DURATION = "amount", "percent", "count", "date", "duration"
PERSON, ORGANISATION, WHO, NAME = "person", "organisation", "who", "name"
PHONE, EMAIL, ADDRESS, DEFINITION = "phone", "email", "address", "definition"
NONE = "none"  # a pattern that settles that no kind of fact is asked for
# Questions about a letter itself, answered from its frame (signature, salutation, date).
SIGNATORY, SIGNATORY_TITLE, RECIPIENT, LETTER_DATE = (
    "signatory",
    "signatory_title",
    "recipient",
    "letter_date",
)
LETTER_KINDS = frozenset({SIGNATORY, SIGNATORY_TITLE, RECIPIENT, LETTER_DATE})

# General Danish and English: titles that name a person's role.
TITLES = frozenset(
    """direktør direktøren chef chefen leder lederen formand formanden forkvinde næstformand borgmester
    borgmesteren rådmand rådmanden minister ministeren koordinator koordinatoren konsulent konsulenten
    centerchef kontorchef afdelingschef sekretariatschef projektleder projektlederen teamleder betjent
    politibetjent lokalbetjent inspektør politiinspektør
    sagsbehandler sagsbehandleren kontaktperson kontaktpersonen ansvarlig ansvarlige underskriver
    medarbejder rådgiver rådgiveren vejleder vejlederen mentor mentoren politiker ordfører ordføreren
    director head chair chairman mayor minister coordinator manager leader officer adviser advisor
    contact""".split()
)
_ORG_NOUNS = (
    r"forvaltning|myndighed|organisation|afdeling|enhed|instans|institution|udvalg|styrelse|ministerium"
    r"|kommune|center|centret|sekretariat|råd|authority|organi[sz]ation|department|agency|committee|unit"
)
_LETTER_NOUNS = r"(brevet|svaret|svarbrevet|svar|brev|skrivelsen|letter|reply|answer)"


def _folded(pattern: str) -> re.Pattern[str]:
    """A pattern that matches folded text: questions typed without æøå ("hvornar") match too."""
    return re.compile(danish.fold_letters(pattern), re.I)


_SIGNED = r"(underskrev|underskrevet|skrev under|signere|signeret|signed|afsender|underskriver)"
_KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        SIGNATORY_TITLE,
        _folded(
            rf"(titel|stilling|title|position)\b.{{0,60}}{_SIGNED}|{_SIGNED}.{{0,60}}\b(titel|stilling|title)\b"
        ),
    ),
    (
        SIGNATORY,
        _folded(
            rf"(hvem|who|navn|name)\b.{{0,60}}\b{_SIGNED}|\b{_SIGNED}\b.{{0,40}}\b(hvem|navn)\b"
            r"|hvem (har )?(skrev|skrevet|afsend|sendt|sendte)\b|who (wrote|sent)\b"
        ),
    ),
    (
        RECIPIENT,
        _folded(
            rf"hvem (er|var|blev) {_LETTER_NOUNS}\b.{{0,80}}\b(stilet|skrevet|sendt|adresseret|rettet) til"
            r"|til hvem|who (is|was) the .{0,30}(addressed|written|sent) to"
        ),
    ),
    (
        LETTER_DATE,
        _folded(
            rf"(hvornår|hvilken dato).{{0,100}}\b(dateret|dated)\b"
            rf"|(hvornår|hvilken dato).{{0,40}}\b{_LETTER_NOUNS}\b.{{0,80}}\b(skrevet|sendt|afsendt)"
            rf"|(hvornår|hvilken dato) (er|var|blev) {_LETTER_NOUNS} (dateret|skrevet|sendt)"
            rf"|when (was|is) the (letter|reply) (dated|written|sent)|what date is the (letter|reply)"
        ),
    ),
    (PHONE, _folded(r"telefon|\btlf|\bringe\b|\bring\b|phone|\bcall\b")),
    (EMAIL, _folded(r"e-?mail|mailadresse|\bmail\b")),
    (ADDRESS, _folded(r"adresse|hvor ligger|beliggende|address|where is .{1,60} located")),
    (
        PERCENT,
        _folded(
            r"procent|\bpct\b|hvor stor (en )?(andel|del)|hvilken andel|hvor stor en brøkdel|percent"
            r"|what (share|proportion|fraction)|how large a share"
        ),
    ),
    (
        DURATION,
        _folded(
            r"hvor længe|hvor lang tid|hvor lang (er|var)|hvor mange (dage|uger|måneder|år|timer)\b"
            r"|how long|how many (days|weeks|months|years|hours)"
        ),
    ),
    (
        AMOUNT,
        _folded(
            r"hvor (mange|meget) (penge|kroner|kr\b|midler)|hvad koste|hvor meget koste|hvad er prisen"
            r"|hvor (stort|stor) (er |var )?(et |det |en |den )?(beløb|budget|tilskud|bevilling|pris)"
            r"|hvor meget (blev|er|var|bliver) der (afsat|bevilget|brugt|givet|sat af)"
            r"|hvad er (budgettet|beløbet|bevillingen|tilskuddet)|hvilket beløb|\bbudget(tet)?\b"
            r"|how much (?!time)|\bcost|\bprice|what is the budget|how large a grant"
        ),
    ),
    (
        DATE,
        _folded(
            r"hvornår|hvilken dato|hvilket år|hvilken periode|hvilke år|hvilken måned|hvilken uge"
            r"|\bwhen\b|what date|which year|what year|which period|which month|\bdateret"
        ),
    ),
    (COUNT, _folded(r"hvor mange|how many|\bantal(let)?\b|number of")),
    (
        ORGANISATION,
        _folded(rf"(hvilken|hvilket|hvilke|which|what) ({_ORG_NOUNS})"),
    ),
    (
        PERSON,
        _folded(
            r"hvem (er|var|bliver) (den |det |de )?\w*("
            + "|".join(sorted(TITLES))
            + r")\b|hvem (leder|styrer|står i spidsen)|who (is|was) (the )?\w*("
            + "|".join(sorted(TITLES))
            + r")\b|who (leads|heads|runs)"
        ),
    ),
    (
        NONE,
        _folded(r"\b(hvem|who)\b.{0,80}\b(rettet|målrettet|aimed|targeted|for hvem)\b"),
    ),  # a group, not a name
    (WHO, _folded(r"\b(hvem|who)\b")),
    (NAME, _folded(r"hvad (hedder|kaldes)|hvad er navnet|what is the name|what is .{1,40} called")),
    (
        DEFINITION,
        _folded(r"^[^a-z0-9]*(hvad er|hvad betyder|hvad dækker|hvad går|what is|what are|what does)\b"),
    ),
]

# Words that only say which kind of fact is wanted; the kind check covers them.
_KIND_WORDS = {
    AMOUNT: "penge kroner beløb budget budgettet koster koste pris prisen midler "
    "money cost costs funding price",
    PERCENT: "procent pct andel del percent percentage share proportion",
    DATE: "dato år periode tidspunkt måned uge date year period month dateret",
    DURATION: "længe lang tid dage uger måneder år timer long days weeks months years hours",
    PHONE: "telefon telefonnummer telefonnummeret nummer nummeret tlf ringe ring phone number call",
    EMAIL: "mail email mailadresse adresse adressen address",
    ADDRESS: "adresse adressen ligger beliggende address located",
    SIGNATORY: "underskrevet underskrev skrev skrevet signeret sendt afsender underskriver signed wrote",
    RECIPIENT: "stilet skrevet sendt adresseret rettet addressed written sent",
    LETTER_DATE: "dateret skrevet sendt afsendt dated written sent dato date",
}
_KIND_STEMS = {kind: frozenset(danish.stem(w) for w in ws.split()) for kind, ws in _KIND_WORDS.items()}

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
    words: tuple[str, ...] = ()  # the question's own content words, unstemmed (for the lexicon)


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
    folded = danish.fold_letters(text.lower())
    for name, pattern in _KIND_PATTERNS:
        if pattern.search(folded):
            if name == NONE:
                return None
            if name in (NAME, DEFINITION) and _names_a_title(text):
                return PERSON
            if name == DEFINITION and len(content_terms(text)) > 4:
                return None  # a long "hvad er …" asks about a matter, not for a definition
            return name
    return None


def _names_a_title(text: str) -> bool:
    """A word that is, or ends in, a title ("fritidsjobkonsulenterne", "lokalbetjenten")."""
    return any(
        w.lower() in TITLES or any(len(t) >= 6 and _stem_ends(w, t) for t in TITLES)
        for w in danish.words(text)
    )


def _stem_ends(word: str, title: str) -> bool:
    return danish.stem(word).endswith(danish.stem(title))


def typed_terms(text: str) -> list[str]:
    """Content terms less the words that only name the kind of fact wanted."""
    kind = answer_type_of(text) or ""
    return [t for t in content_terms(text) if t not in _KIND_STEMS.get(kind, ())]


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
        m = re.search(r"(?:hvor mange|how many|antal(?:let)? af|number of)\s+(\w+)", text, re.I)
        if m and m.group(1).lower() not in danish.STOP_WORDS | ENGLISH_STOP_WORDS:
            count_noun = m.group(1).lower()
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
        elif number not in lowered:
            return False
    return True
