"""Facts in a sentence: exact spans of amounts, shares, counts, dates, durations, names, contacts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text import facts, facts_names

WORDS = facts_names.vocabulary("/usr/share/dict/danish")


def spans(text: str, kind: str) -> list[str]:
    return [f.text for f in facts.find(text, WORDS) if f.kind == kind]


def found(text: str, kind: str, span: str) -> None:
    assert span in spans(text, kind), (kind, span, facts.find(text, WORDS))


POSITIVES = {
    "amount": [
        ("Udvalget afsatte 12,6 mio. kr. til projektet i 2022.", "12,6 mio. kr."),
        ("Prisen for forløbet er 850.000 kr. pr. år.", "850.000 kr."),
        ("Regeringen har reserveret 2 mia. kr. til området.", "2 mia. kr."),
        ("Puljen er på 3,4 millioner kroner i alt.", "3,4 millioner kroner"),
        ("Deltagerne betaler kr. 500 for kurset.", "kr. 500"),
        ("The budget was DKK 1.2 million for the pilot.", "DKK 1.2 million"),
        ("EU bidrager med € 40.000 til evalueringen.", "€ 40.000"),
        ("Der er 1,5 mio. tilbage på kontoen.", "1,5 mio."),
        ("Tilskuddet er 250 000 kr. årligt.", "250 000 kr."),
        ("Fonden gav to millioner kroner til klubberne.", "to millioner kroner"),
        ("Billetten koster 75 kr og kan købes ved døren.", "75 kr"),
        ("Entréen er 40,- for voksne.", "40,-"),
        ("Bevillingen lyder på 4,2 mia. kr. over fire år.", "4,2 mia. kr."),
        ("Honoraret er 12.000 kroner.", "12.000 kroner"),
    ],
    "percent": [
        ("Hele 71 % af de adspurgte er trygge.", "71 %"),
        ("Ledigheden faldt til 71% i år.", "71%"),
        ("Det svarer til 12 procent af budgettet.", "12 procent"),
        ("Andelen steg med 12 pct. fra 2020.", "12 pct."),
        ("Tilfredsheden steg med 4 procentpoint.", "4 procentpoint"),
        ("Over halvdelen af de unge har et fritidsjob.", "halvdelen"),
        ("Hver tredje borger kender ikke tilbuddet.", "Hver tredje"),
        ("Cirka en fjerdedel af midlerne går til husleje.", "en fjerdedel"),
        ("To tredjedele af skolerne deltager.", "To tredjedele"),
        ("Three quarters of the respondents felt safe.", "Three quarters"),
        ("Kun to ud af tre har svaret.", "to ud af tre"),
        ("Tyve procent af klagerne blev afvist.", "Tyve procent"),
    ],
    "count": [
        ("Handleplanen indeholder 12 punkter om tryghed.", "12 punkter"),
        ("Afdelingen har ansat syv medarbejdere i år.", "syv medarbejdere"),
        ("Forvaltningen har p.t. tre indsatser på området.", "tre indsatser"),
        ("Strategien bygger på fem bærende principper.", "fem bærende principper"),
        ("I alt 412 unge har fået et tilbud.", "412 unge"),
        ("Sidste år deltog 1.200 borgere i møderne.", "1.200 borgere"),
        ("Klubben har 2-3 frivillige trænere hver aften.", "2-3 frivillige trænere"),
        ("Der er oprettet fire nye klubber i bydelen.", "fire nye klubber"),
        ("Kommunen har indgået aftaler med 35 lokale virksomheder.", "35 lokale virksomheder"),
        ("Projektet omfatter ti boligområder.", "ti boligområder"),
        ("Vi har modtaget femogtyve ansøgninger.", "femogtyve ansøgninger"),
        ("Der blev holdt ét møde i juni.", "ét møde"),
        ("Tolv skoler deltager i forsøget.", "Tolv skoler"),
        ("Der er afsat midler til 8 SSP-konsulenter.", "8 SSP-konsulenter"),
    ],
    "date": [
        ("Udvalget besluttede den 18. december 2017 at afsætte midler.", "den 18. december 2017"),
        ("Tak for din henvendelse af d. 22. marts 2021.", "d. 22. marts 2021"),
        ("Referatet blev godkendt 18. dec. 2017.", "18. dec. 2017"),
        ("Ansøgningen skal sendes senest 4/5-2023.", "4/5-2023"),
        ("Mødet blev holdt 04.05.2023 på rådhuset.", "04.05.2023"),
        ("Filen er gemt 2023-05-04 i arkivet.", "2023-05-04"),
        ("Indsatsen starter i maj 2023.", "maj 2023"),
        ("Evalueringen kommer i foråret 2023.", "foråret 2023"),
        ("Loven trådte i kraft i 2017.", "2017"),
        ("Planen gælder for perioden 2021-24.", "2021-24"),
        ("Sikkerhedsstrategien 2018-2021 er forlænget.", "2018-2021"),
        ("Kampagnen kører i uge 12 på alle skoler.", "uge 12"),
        ("Tallene for 1. kvartal 2024 er klar.", "1. kvartal 2024"),
        ("Konflikten toppede i december 2017.", "december 2017"),
        ("Vi mødes mandag den 4. marts 2024 kl. 10.", "mandag den 4. marts 2024"),
        ("Budgettet for 2023/24 er vedtaget.", "2023/24"),
        ("Ordningen udløber ved udgangen af 2025.", "udgangen af 2025"),
        ("Fristen er den 1. juli.", "den 1. juli"),
        ("The report was published on 12 March 2021.", "12 March 2021"),
        ("Boligerne blev bygget i 1960'erne.", "1960'erne"),
    ],
    "duration": [
        ("Forløbet varer 18 måneder.", "18 måneder"),
        ("Projektet er forlænget med to år.", "to år"),
        ("Praktikken varer et halvt år.", "et halvt år"),
        ("Hun var sygemeldt i tre uger.", "tre uger"),
        ("Mentoren er til stede 6 timer om ugen.", "6 timer om ugen"),
        ("Sagsbehandlingen tager mellem 2 og 4 uger.", "mellem 2 og 4 uger"),
        ("Applications are processed within 48 hours.", "48 hours"),
        ("Behandlingstiden er 2-4 uger.", "2-4 uger"),
        ("Kurset strækker sig over halvandet år.", "halvandet år"),
        ("Borgerne får 30 timers aktivering om ugen.", "30 timers"),
        ("Forsøget løb i 2,5 år.", "2,5 år"),
    ],
    "person": [
        ("Kære Astrid Aller", "Astrid Aller"),
        ("Brevet er underskrevet af Jeppe Bøgh Andersen.", "Jeppe Bøgh Andersen"),
        ("Spørgsmål kan rettes til centerchef Lone Brix.", "Lone Brix"),
        ("Miriam Holt leder projektet.", "Miriam Holt"),
        ("Møderne ledes af Per Holt fra forvaltningen.", "Per Holt"),
        ("Med venlig hilsen\nKarsten Vibe Nørgaard\nKontorchef", "Karsten Vibe Nørgaard"),
        ("Ifølge borgmester Sophie Hæstorp Andersen er målet nået.", "Sophie Hæstorp Andersen"),
        ("Du kan kontakte Jens K. Nielsen på mail.", "Jens K. Nielsen"),
        ("Hovedtaleren var H.C. Jespersen.", "H.C. Jespersen"),
        ("Projektleder Anne-Mette Bøgh-Hansen svarer på spørgsmål.", "Anne-Mette Bøgh-Hansen"),
        ("Rapporten er skrevet af Thomas Brandt og Ida Krogh.", "Ida Krogh"),
        ("Politiinspektør Jens Møller deltog i mødet.", "Jens Møller"),
        ("Per Holt skriver, at tallene er usikre.", "Per Holt"),
        ("Hans Jensen er ny formand.", "Hans Jensen"),
    ],
    "organisation": [
        (
            "Sagen ligger i Beskæftigelses- og Integrationsforvaltningen.",
            "Beskæftigelses- og Integrationsforvaltningen",
        ),
        ("Indsatsen ligger under Jobcenter København.", "Jobcenter København"),
        ("Der er et tæt samarbejde med Kriminalforsorgen om løsladelser.", "Kriminalforsorgen"),
        ("Socialstyrelsen har udgivet en vejledning.", "Socialstyrelsen"),
        ("Planen er vedtaget af Københavns Kommune.", "Københavns Kommune"),
        ("Forslaget blev sendt til Borgerrepræsentationen i juni.", "Borgerrepræsentationen"),
        ("Projektet drives af BIU og SSP i fællesskab.", "BIU"),
        ("Projektet drives af BIU og SSP i fællesskab.", "SSP"),
        ("Vejledningen gives af UU i samarbejde med skolerne.", "UU"),
        ("Strategien er forankret i Sikker By-sekretariatet.", "Sikker By-sekretariatet"),
        ("Tilskud søges hos Ministeriet for Børn og Undervisning.", "Ministeriet for Børn og Undervisning"),
        ("Sagen behandles i Socialudvalget den 3. maj.", "Socialudvalget"),
        ("Borgerne kan henvende sig til Københavns Politi.", "Københavns Politi"),
        ("Løsladte fra Vestre Fængsel får en kontaktperson.", "Vestre Fængsel"),
        ("Region Hovedstaden står for behandlingen.", "Region Hovedstaden"),
    ],
    "phone": [
        ("Ring til os på 33 66 12 34 i åbningstiden.", "33 66 12 34"),
        ("Telefon: 3366 1234", "3366 1234"),
        ("Sekretariatet har nummer 33661234.", "33661234"),
        ("Fra udlandet: +45 33 66 12 34.", "+45 33 66 12 34"),
        ("Kontakt mig på tlf. 2169 4395 eller mail.", "2169 4395"),
        ("Hotline +4570102030 er åben døgnet rundt.", "+4570102030"),
    ],
    "email": [
        ("Skriv til sikkerby@kk.dk, hvis du har spørgsmål.", "sikkerby@kk.dk"),
        ("Mail: lone.brix@bif.kk.dk.", "lone.brix@bif.kk.dk"),
    ],
    "address": [
        ("Mødet foregår på Vesterbrogade 12, 1620 København V.", "Vesterbrogade 12, 1620 København V"),
        ("Rådhuset ligger på Rådhuspladsen 1.", "Rådhuspladsen 1"),
        ("Kontoret er flyttet til Sjællandsgade 40, 2. sal.", "Sjællandsgade 40, 2. sal"),
        ("Besøg os på H.C. Andersens Boulevard 27.", "H.C. Andersens Boulevard 27"),
        ("Klubben holder til på Gammel Kongevej 5B.", "Gammel Kongevej 5B"),
        ("Socialforvaltningen\nBernstorffsgade 17\n1592 København V", "Bernstorffsgade 17\n1592 København V"),
        ("Huset ligger på Peter Bangs Vej 30, 2000 Frederiksberg.", "Peter Bangs Vej 30, 2000 Frederiksberg"),
    ],
    "time": [
        ("Klubberne holder åbent til kl. 23 fredag og lørdag.", "kl. 23"),
        ("Torsdag kl. 9.00-17.00", "Torsdag kl. 9.00-17.00"),
        ("Telefontid: Mandag-torsdag: 8.30-15.00.", "Mandag-torsdag: 8.30-15.00"),
        ("Mødet er tirsdag den 4. juni 2024 kl. 8.30, Rådhuset.", "kl. 8.30"),
        ("Ring på 3366 5150 klokken 9-12.", "klokken 9-12"),
        ("The office is open 9:00-15:00 on weekdays.", "9:00-15:00"),
    ],
    "url": [
        ("Læs mere på https://www.kk.dk/sikkerby.", "https://www.kk.dk/sikkerby"),
        ("Strategien findes på www.kk.dk/strategi.", "www.kk.dk/strategi"),
        ("Se http://example.org/rapport?id=3 for tallene.", "http://example.org/rapport?id=3"),
        ("Tilmelding sker via kk.dk/tilmeld.", "kk.dk/tilmeld"),
    ],
}


@pytest.mark.parametrize(
    ("kind", "text", "span"), [(k, t, s) for k, cases in POSITIVES.items() for t, s in cases]
)
def test_finds_the_exact_span(kind: str, text: str, span: str) -> None:
    found(text, kind, span)


NEGATIVES = [
    ("Planen gælder for perioden 2021-24.", "phone", "2021-24"),
    ("Kære Astrid Aller", "person", "Kære Astrid Aller"),
    ("Sikker By-strategien blev vedtaget i 2018.", "person", "Sikker By"),
    ("Med venlig hilsen\nAstrid Aller", "person", "Med venlig"),
    ("Indsatsen ligger under Jobcenter København.", "person", "Jobcenter København"),
    ("Planen er vedtaget af Københavns Kommune.", "person", "Københavns Kommune"),
    ("Udvalget afsatte 12,6 mio. kr. til projektet.", "count", "12,6 mio"),
    ("Strategien 2018-2021 er forlænget.", "phone", "2018-2021"),
    ("Mødet blev holdt 04.05.2023 på rådhuset.", "phone", "04.05.2023"),
    ("Tallene for 2018 2021 og 2022 er ens.", "phone", "2018 2021"),
    ("Beløbet er 1234 5678 kr. i alt.", "phone", "1234 5678"),
    ("Se punkt 12. Herefter følger bilag 3.", "count", "12. Herefter"),
    ("Der er ansat en medarbejder.", "count", "en medarbejder"),
    ("Det er et godt projekt.", "count", "et godt projekt"),
    ("Udvalget mødes kl. 14.00 i salen.", "date", "14.00"),
    ("Udvalget besluttede den 18. december 2017 at afsætte midler.", "count", "18"),
    ("Kommunen har et mål for de unge.", "organisation", "Kommunen"),
    ("Vesterbrogade 12, 1620 København V", "person", "København V"),
    ("I 2019 modtog mange unge tilbud.", "count", "2019 modtog"),
    ("Forløbet varer 18 måneder.", "count", "18 måneder"),
    ("Hele 71 % af de adspurgte er trygge.", "count", "71 %"),
    ("REFERAT AF MØDET", "organisation", "AF"),
    ("Skriv til sikkerby@kk.dk i dag.", "url", "kk.dk"),
    ("Den 1. januar træder ordningen i kraft.", "person", "Den"),
    ("Mandag Morgen skrev om sagen.", "date", "Mandag"),
    ("Sagen blev drøftet i Sikker By i går.", "person", "Sikker By"),
    ("The council agreed to fund two new centres.", "count", "to fund"),
    ("Sagsnr. 2023-0145678 er oprettet.", "date", "2023"),
    ("Det drejer sig om 1. kvartal.", "count", "1. kvartal"),
    ("Det viser, at 12 unge har fået job.", "time", "at 12"),
    ("Lederen af Ungdomsklubben Lyshøj er Tobias Refsgaard.", "person", "Ungdomsklubben Lyshøj"),
    ("Mødet er tirsdag den 4. juni 2024 kl. 8.30.", "date", "kl. 8.30"),
    ("Prisen er 12.50 kr. pr. time.", "time", "12.50"),
    ("Der var 10.30 procent flere i 2023.", "time", "10.30"),
]


@pytest.mark.parametrize(("text", "kind", "span"), NEGATIVES)
def test_does_not_find(text: str, kind: str, span: str) -> None:
    assert span not in spans(text, kind), facts.find(text, WORDS)


def test_a_count_inside_an_amount_is_not_reported() -> None:
    text = "Projektet får 12,6 mio. kr. og 3 millioner kroner."
    assert spans(text, "count") == []
    assert spans(text, "amount") == ["12,6 mio. kr.", "3 millioner kroner"]


def test_a_period_is_two_years() -> None:
    assert spans("Projektet kørte fra 2019 til 2022.", "date") == ["2019", "2022"]


def test_nothing_in_a_sentence_without_facts() -> None:
    assert facts.find("Vi ser frem til et godt samarbejde med jer alle.", WORDS) == []


def test_facts_come_in_text_order_with_offsets() -> None:
    text = "Den 3. maj 2022 bevilgede Socialudvalget 2,5 mio. kr. til 14 klubber i 18 måneder."
    found_ = facts.find(text, WORDS)
    assert [(f.kind, f.text) for f in found_] == [
        ("date", "Den 3. maj 2022"),
        ("organisation", "Socialudvalget"),
        ("amount", "2,5 mio. kr."),
        ("count", "14 klubber"),
        ("duration", "18 måneder"),
    ]
    assert all(text[f.start : f.end] == f.text for f in found_)


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("Handleplanen har 12 punkter.", "punkter"),
        ("Afdelingen har syv medarbejdere.", "medarbejdere"),
        ("Der er tre indsatser.", "indsatser"),
        ("Strategien har fem bærende principper.", "principper"),
        ("I alt 412 unge deltog.", "unge"),
        ("Der er 30 unge mænd i klubben.", "mænd"),
    ],
)
def test_counted_noun(text: str, noun: str) -> None:
    (count,) = [f for f in facts.find(text, WORDS) if f.kind == "count"]
    assert facts.counted_noun(text, count) == noun


def test_counted_noun_is_none_for_other_kinds() -> None:
    text = "Projektet varer 18 måneder."
    (duration,) = facts.find(text, WORDS)
    assert facts.counted_noun(text, duration) is None


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Spørgsmål kan rettes til centerchef Lone Brix.", "Lone Brix", "centerchef"),
        ("Centerchef Lone Brix svarer.", "Lone Brix", "Centerchef"),
        ("Brevet er fra adm. direktør Lars Hansen.", "Lars Hansen", "adm. direktør"),
        ("Brevet er fra Lars Hansen, vicedirektør i forvaltningen.", "Lars Hansen", "vicedirektør"),
        ("Med venlig hilsen\nJeppe Bøgh Andersen\nCenterchef", "Jeppe Bøgh Andersen", "Centerchef"),
        ("Jeppe Bøgh Andersen, centerchef Lone Brix og andre deltog.", "Jeppe Bøgh Andersen", None),
        ("Miriam Holt leder projektet.", "Miriam Holt", None),
    ],
)
def test_title_of(text: str, name: str, title: str | None) -> None:
    (person,) = [f for f in facts.find(text, WORDS) if f.kind == "person" and f.text == name]
    assert facts.title_of(text, person) == title


def test_title_of_is_none_for_other_kinds() -> None:
    text = "Rapporten udkom i 2021."
    (date,) = facts.find(text, WORDS)
    assert facts.title_of(text, date) is None


def test_vocabulary_keeps_names_capitalized() -> None:
    assert "kommune" in WORDS and "hilsen" in WORDS
    assert "astrid" not in WORDS and "jeppe" not in WORDS
    assert "Astrid" in WORDS and "Jens" in WORDS and "jens" in WORDS


@given(st.text(alphabet=st.sampled_from(list("0123456789 .,-/%:@kr.mioDdenAaBbTtlfæøåÆØÅ\n")), max_size=200))
def test_every_fact_is_an_exact_span(text: str) -> None:
    for f in facts.find(text, WORDS):
        assert f.kind in facts.KINDS
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_every_fact_is_an_exact_span_in_any_text(text: str) -> None:
    for f in facts.find(text, WORDS):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
