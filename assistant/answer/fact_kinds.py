"""The kinds of fact a question can ask for, and the general Danish and English words that ask for them."""

from __future__ import annotations

import functools
import re

from assistant.text import danish

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
    politibetjent lokalbetjent inspektør politiinspektør kommissær politikommissær sekretær fuldmægtig
    forstander ombudsmand talsmand talsperson medlem folketingsmedlem
    sagsbehandler sagsbehandleren kontaktperson kontaktpersonen ansvarlig ansvarlige underskriver
    medarbejder rådgiver rådgiveren vejleder vejlederen mentor mentoren politiker ordfører ordføreren
    director head chair chairman mayor minister coordinator manager leader officer adviser advisor
    contact member spokesperson secretary""".split()
)
_ORG_NOUNS = (  # Danish, also as a compound's head ("konsulentfirma"), and English
    r"forvaltning|myndighed|organisation|afdeling|enhed|instans|institution|udvalg|styrelse|ministeri(um|et)"
    r"|kommune|center|centret|sekretariat|råd|firma|virksomhed|selskab|forening"
)
_ORG_NOUNS_EN = r"authority|authorities|organi[sz]ations?|departments?|agency|agencies|committees?|units?"
_MONEY = (  # words for money
    r"løn|pris|beløb|budget|tilskud|tilskuddet|bevilling|takst|gebyr|husleje|honorar|kontingent"
    r"|egenbetaling|udgift"
)
_LETTER_NOUNS = r"(brevet|svaret|svarbrevet|svar|brev|skrivelsen|letter|reply|answer)"


def _folded(pattern: str) -> re.Pattern[str]:
    """A pattern that matches folded text: questions typed without æøå ("hvornar") match too."""
    return re.compile(danish.fold_letters(pattern), re.I)


_SIGNED = r"(underskrev|underskrevet|skrev under|signere|signeret|signed|afsender|underskriver)"
KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
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
    # "Hvornår kan jeg ringe …", "Hvad er åbningstiderne …": when, before whom to call; "Hvor mange
    # penge går til længere åbningstid" asks for an amount
    (
        DATE,
        _folded(
            r"^\W*(hvornår|when)\b|^\W*((hvad|hvilke|what)\b[^?]{0,30}\b)?(åbningstid|opening (hours|times))"
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
            # a word for money, alone or as a compound's head: "timelønnen", "fripladstilskuddet"
            rf"|(hvad|hvor (stort|stor|højt|høj)) (er|var|bliver|blev) (?!(en|et) )(\w+ )?\w*({_MONEY})"
            r"(n|en|et|nen|ne|erne|er)?\b"
            r"|hvor meget (blev|er|var|bliver) der (afsat|bevilget|brugt|givet|sat af)"
            r"|hvor meget (betal|bruge|brugte|investere|giver|gav|modtage|modtog|spare|sparede)\w*"
            r"|hvad (brugte|bruger|betaler|betalte|investerer|investerede)\b.{1,60}\b(på|for|til)\b"
            r"|how much (did|does|do|will) .{1,60}\b(spend|pay|invest|cost)"
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
        # "hvilket konsulentfirma", "hvilke virksomheder", but "hvilken rådgiver" asks for a person
        _folded(
            rf"(hvilken|hvilket|hvilke) \w*({_ORG_NOUNS})(n|en|et|er|erne|ne)?\b"
            rf"|(which|what) ({_ORG_NOUNS_EN}|compan(y|ies)|firms?)\b"
        ),
    ),
    (
        PERSON,
        _folded(
            r"hvem (er|var|bliver) (den |det |de )?\w*("
            + "|".join(sorted(TITLES))
            + r")\b|(hvilken|hvilket|which) \w*("
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
    (
        NAME,
        _folded(
            r"hvad (hedder|kaldes)|hvad er navnet|what is the name|what is .{1,40} called"
            r"|(efternavn|fornavn|fulde navn|surname|last name|first name|full name)"
        ),
    ),
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
KIND_STEMS = {kind: frozenset(danish.stem(w) for w in ws.split()) for kind, ws in _KIND_WORDS.items()}


# Words that name the kind of fact asked for, long enough that one slip of a key is still no
# other word: "tlefonnummeret" asks for a phone number. ("koster" is one letter from "poster".)
_SLIPPABLE = """telefonnummer telefonnummeret telefonnumre telefonnumrene telefonnumer telefon
    procent procenten procentdel adresse adressen adresser mailadresse mailadressen emailadresse
    hvornår hvordan åbningstid åbningstider åbningstiderne underskrevet underskrev dateret""".split()


@functools.cache
def _slips() -> dict[str, str]:
    """Every string one edit away from a kind word (folded), mapped to the word."""
    out: dict[str, str] = {}
    for word in map(danish.fold_letters, _SLIPPABLE):
        for near in danish.one_edit(word):
            out.setdefault(near, word)
    for word in map(danish.fold_letters, _SLIPPABLE):
        out[word] = word
    return out


def without_slips(folded: str) -> str:
    """The folded question with a misspelt kind word of six letters or more put right."""
    slips = _slips()
    return re.sub(r"[a-z-]{6,}", lambda m: slips.get(m.group(0), m.group(0)), folded)
