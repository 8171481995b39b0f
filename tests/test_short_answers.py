"""The short answer: which of a cited sentence's facts answers, cut from the letter by its offsets."""

from __future__ import annotations

from assistant.answer import kinds
from assistant.answer.evidence import Evidence
from assistant.answer.question import analyse
from assistant.answer.shortanswer import short_answer
from assistant.text.facts import Fact
from assistant.types import Letter, LetterMeta, Passage


def _short(question: str, sentence: str, covered: set[str]) -> str | None:
    letter = Letter("brev", "brev.txt", "0" * 64, sentence, LetterMeta(title="brev"))
    passage = Passage("brev:0", "brev", 0, len(sentence), sentence, "body")
    q = analyse(question)
    found = kinds.of_kind(q, sentence, 0, kinds.sentence_facts(sentence, 0, frozenset()))
    ev = Evidence(0, passage, 0, len(sentence), 1.0, frozenset(covered), facts=tuple(found))
    short = short_answer(q, ev, letter)
    if short is not None:
        assert letter.text[short.start : short.end] == short.text
    return short.text if short else None


def test_the_figure_beside_the_year_the_question_names() -> None:
    sentence = "Andelen af trygge beboere var 61 % i 2020 og 70 % i 2022."
    question = "Hvor mange procent af beboerne følte sig trygge i 2022?"
    assert _short(question, sentence, {"tryg", "beboer", "#2022"}) == "70 %"
    assert _short(question.replace("2022", "2020"), sentence, {"tryg", "beboer", "#2020"}) == "61 %"


def test_a_fact_the_question_names_is_not_its_answer() -> None:
    sentence = "Dorthe Hviid, der er mor til en dreng på 14 år, har været med siden efteråret."
    assert _short("Hvad hedder Dorthe Hviids søn?", sentence, {"dorth", "hviid", "son"}) is None
    q = analyse("Hvad hedder Dorthe Hviids søn?")
    found = kinds.sentence_facts(sentence, 0, frozenset())
    assert "Dorthe Hviid" in [f.text for f in found]  # found in the sentence, but not of the answer
    assert kinds.of_kind(q, sentence, 0, found) == []
    cell = Fact("count", 0, 1, "3")  # a bare table cell: "3" is no part of "2023", but "4" is "punkt 4"
    assert kinds.of_kind(analyse("Hvor mange blev løsladt i 2023?"), "3", 0, [cell]) == [cell]
    assert kinds.of_kind(analyse("Hvor mange stemte for punkt 3?"), "3", 0, [cell]) == []


def test_the_day_before_its_time_of_day() -> None:
    sentence = "Udvalget holdt mødet tirsdag den 4. juni 2024 kl. 8.30 på Rådhuset."
    assert _short("Hvornår holdt udvalget mødet?", sentence, {"udvalg", "mod"}) == "den 4. juni 2024"
    hours = "Klubben holder åbent til kl. 23 fredag og lørdag."
    assert _short("Hvornår lukker klubben om fredagen?", hours, {"klub", "fredag"}) == "kl. 23"


def test_a_weekday_leads_no_date_and_no_time_the_question_names_the_day_of() -> None:
    opens = "Det nye ungerum åbner fredag den 22. september 2023 kl. 15."
    assert _short("Hvornår åbner ungerummet?", opens, {"ungerum", "abn"}) == "den 22. september 2023"
    hours = "Åbningstider: Mandag-onsdag kl. 9.00-15.00 Torsdag kl. 9.00-17.00"
    assert _short("Hvornår har de åbent om torsdagen?", hours, {"torsdag", "abningstid"}) == "kl. 9.00-17.00"
    meets = "Udvalget mødes hver tirsdag kl. 15."
    assert _short("Hvornår mødes udvalget?", meets, {"udvalg", "mod"}) == "tirsdag kl. 15"


def test_a_condition_answers_when_but_no_date() -> None:
    sentence = "De fleste dømte bliver prøveløsladt, når de har afsonet to tredjedele af straffen."
    covered = {"dømt", "prøveløsladt"}
    assert _short("Hvornår bliver de fleste dømte prøveløsladt?", sentence, covered) == (
        "når de har afsonet to tredjedele af straffen"
    )
    assert _short("Hvilken dato bliver de fleste dømte prøveløsladt?", sentence, covered) is None
    dated = "Han blev prøveløsladt den 3. maj 2024, når han havde afsonet to tredjedele."
    assert _short("Hvornår blev han prøveløsladt?", dated, {"prøveløsladt"}) == "den 3. maj 2024"


def test_how_long_is_answered_by_an_end_time_not_by_opening_hours() -> None:
    hours = "Klubberne holder åbent til kl. 23 fredag og lørdag."
    assert _short("Hvor længe har klubberne åbent om fredagen?", hours, {"klub", "fredag"}) == "kl. 23"
    phone = "Ring på 6551 7730 (hverdage kl. 9-14). Vandringen tager normalt halvanden time."
    assert _short("Hvor lang tid tager vandringen?", phone, {"vandring"}) == "halvanden time"
    assert _short("Hvor lang tid tager vandringen?", "Ring (hverdage kl. 9-14).", {"vandring"}) is None


def test_who_asks_for_a_person_before_the_organisation() -> None:
    sentence = "Spørgsmål om rapporten besvares af Jobcenter Vejle ved konsulent Morten Kjær Thomsen."
    question = "Hvem kan man kontakte om rapporten?"
    assert _short(question, sentence, {"kontakt", "rapport"}) == "Morten Kjær Thomsen"


def test_a_share_of_the_very_noun_counts_it() -> None:
    def counts(question: str, sentence: str) -> bool:
        q = analyse(question)
        found = kinds.of_kind(q, sentence, 0, kinds.sentence_facts(sentence, 0, frozenset()))
        return kinds.counts_the_noun(q, sentence, 0, found)

    share = "I dag er kun hver tredje flygtningekvinde i Randers i beskæftigelse."
    assert counts("Hvor mange flygtningekvinder har arbejde?", share)
    assert counts("Hvor mange kvinder har arbejde?", "Af dem er 58 % af kvinderne i job.")
    # a share of another noun, or of a compound on the noun, counts no "kvinder"
    assert not counts("Hvor mange kvinder har arbejde?", share)
    assert not counts("Hvor mange mænd har arbejde?", "Af dem er 58 % af kvinderne i job.")
    assert counts("Hvor mange kvinder deltager?", "Projektet vil omfatte 120 kvinder.")
    # the noun counted, not the participle before it; one slip of a key in it
    principles = "Ét af de fem bærende principper omhandler bander."
    assert counts("Hvor mange bærende principper er der?", principles)
    assert counts("Hvor mange bærende prinsipper er der?", principles)


def test_a_bare_number_in_a_table_row_counts_what_its_header_names() -> None:
    row = "Kolding | 71 | 66 | 91 %"
    q = analyse("Hvor mange personer blev løsladt til Kolding i 2023?")
    cell = Fact("count", row.index("66"), row.index("66") + 2, "66")
    assert kinds.counts_the_noun(q, row, 0, [cell])
    # in a sentence, a count names its noun, and another noun counts nothing asked
    sentence = "I 2023 blev 66 sager afsluttet."
    assert not kinds.counts_the_noun(q, sentence, 0, kinds.sentence_facts(sentence, 0, frozenset()))
