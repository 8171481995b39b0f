"""The kind of fact a question asks for, recognised from general Danish and English wording."""

from __future__ import annotations

import pytest

from assistant.answer.question import analyse


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # what a thing is, even when its name ends in a title; who holds a title
        ("Hvad er en beboerrådgiver?", "definition"),
        ("Hvad er lønmodtagerfonden?", "definition"),
        ("Hvad hedder rådgiveren i Urbanplanen?", "person"),
        ("Hvad er en pulje?", "definition"),
        # when to call or come by asks for a time, not for the number
        ("Hvornår kan jeg ringe til jobcentret om torsdagen?", "date"),
        ("When can I call the youth unit on a Thursday?", "date"),
        ("Hvad er åbningstiderne for sprogcentret?", "date"),
        ("Hvad er telefonnummeret til klubben?", "phone"),
        # opening hours named in a question about money
        ("Hvor mange penge går til længere åbningstid i klubberne?", "amount"),
        ("Åbningstider for sprogcentret?", "date"),
        # what was spent or paid, and which holder of a title
        ("Hvad brugte kommunen på seniorjob i 2023?", "amount"),
        ("Hvor meget betaler kommunen om året til beboerrådgiverne?", "amount"),
        ("How much did the city spend on the plan?", "amount"),
        ("Hvad bruges pengene til?", None),
        ("Hvilket folketingsmedlem stillede spørgsmålet?", "person"),
        ("Hvilken afdeling står for ordningen?", "organisation"),
        # a word for money, alone or as a compound's head, asks for an amount; "en løn" asks what one is
        ("Hvad er timelønnen i et seniorjob?", "amount"),
        ("Hvor høj er huslejen?", "amount"),
        ("Hvad var udgifterne til projektet?", "amount"),
        ("Hvad er lønnet praktik?", "definition"),
        ("Hvad er en løn?", "definition"),
        # an organisation named by a compound or a plural; a surname
        ("Hvilket konsulentfirma skal evaluere forsøget?", "organisation"),
        ("Hvilke virksomheder deltager i ordningen?", "organisation"),
        ("Which opportunities are there for young people?", None),  # no "unit" in it
        ("Hvilken rådgiver har jeg fået?", "person"),
        ("Hvad er efternavnet på Kasper, der blev løsladt?", "name"),
        # a slip of a key in the word that names the kind
        ("Hvad er tlefonnummeret til tryghedskonsulenten?", "phone"),
        ("Hvilke poster er der i regnskabet?", None),  # "poster" is no slip of "koster"
        ("Hvor mange procnet af beboerne er trygge?", "percent"),
    ],
)
def test_the_kind_of_fact_asked_for(question: str, kind: str | None) -> None:
    assert analyse(question).answer_type == kind


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("When can I call Jobcenter København's youth unit on a Thursday?", True),  # a Danish name
        ("How many refugees in Næstved got a job?", True),
        ("Hvor mange unge i København har fritidsjob?", False),
        ("Er der en hotline for pårørende?", False),
    ],
)
def test_an_english_question_may_name_a_danish_place(question: str, english: bool) -> None:
    assert analyse(question).english is english


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Hvor mange kvinder har påbegyndt et exitforløb?", "kvinder"),
        ("Hvor mange stemte for punkt 4?", None),  # a verb: no noun to count
        ("Hvor mange deltog i mødet?", None),
    ],
)
def test_the_noun_a_count_question_counts(question: str, noun: str | None) -> None:
    assert analyse(question).count_noun == noun
