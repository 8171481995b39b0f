"""General answers on letters the answer step was never written for: a fixture corpus of the tests'
own (right letter, letters that disagree, definitions, short answers, content-only citations)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.service import Assistant
from assistant.settings import Settings

LETTERS = {
    "fritidsjob_2019": (
        "Kære Mads Kjær\n\n"
        "Tak for din henvendelse af 2. september 2019 om fritidsjob for unge i Tingbjerg.\n\n"
        "Fritidsjobindsatsen i Tingbjerg har i dag 64 unge i fritidsjob. Indsatsen har to "
        "fritidsjobkonsulenter, som hjælper de unge med ansøgninger.\n\n"
        "Med venlig hilsen\n\nHenrik Ølgaard\nSektionsleder\nBeskæftigelses- og Integrationsforvaltningen\n",
        {"title": "Svar om fritidsjob i Tingbjerg", "date": "2019-09-12", "synthetic": True},
    ),
    "fritidsjob_2023": (
        "Status på fritidsjobindsatsen, november 2023\n\n"
        "Fritidsjobindsatsen i Tingbjerg har i dag 112 unge i fritidsjob. Efter en udvidelse er der "
        "nu fire fritidsjobkonsulenter i området.\n\n"
        "Indsatsen fortsætter i 2024 med samme budget.\n",
        {"title": "Status på fritidsjobindsatsen 2023", "date": "2023-11-20", "synthetic": True},
    ),
    "klub": (
        "https://www.example.dk/ungdomsklubber\n\n"
        "Ungdomsklubber\n\n"
        "En ungdomsklub er et fritidstilbud til unge fra 7. klasse og op til 18 år, hvor de kan mødes "
        "med jævnaldrende og voksne efter skoletid.\n\n"
        "Der er ungdomsklubber i alle bydele, og mange ungdomsklubber har åbent om aftenen.\n\n"
        "Kontakt Pladsanvisningen\n\n"
        "Telefon: 33 66 51 50\nE-mail: pladsanvisning@example.dk\n",
        {"title": "Ungdomsklubber", "date": "2024-01-15", "synthetic": True},
    ),
    "sprog": (
        "Kære Yusuf Haddad\n\n"
        "Tak for din henvendelse af 3. marts 2024 om danskuddannelse i Aarhus.\n\n"
        "Din ret til danskuddannelse gælder i fem år fra den dato, hvor du startede første gang. "
        "Undervisningen foregår på Sprogcenter Aarhus.\n\n"
        "Med venlig hilsen\n\nHenriette Lund Dalgaard\nAfdelingschef\nSociale Forhold og Beskæftigelse\n",
        {"title": "Svar om danskuddannelse", "date": "2024-03-20", "synthetic": True},
    ),
}


class CountingEmbedder:
    """The real embedder, counting the texts it embeds as documents."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.documents = 0

    def embed_documents(self, texts):
        self.documents += len(texts)
        return self.inner.embed_documents(texts)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.fixture(scope="module")
def general(tmp_path_factory: pytest.TempPathFactory, embedder) -> tuple[Assistant, CountingEmbedder]:
    root = tmp_path_factory.mktemp("general")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, (text, meta) in LETTERS.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
        (corpus / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    counting = CountingEmbedder(embedder)
    settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=root / "index")
    return Assistant.open(settings, embedder=counting), counting


def _exact(assistant: Assistant, answer) -> None:
    for c in answer.citations:
        assert assistant.letters[c.letter_id].text[c.start : c.end] == c.quote
    if answer.short_answer:
        s = answer.short_answer
        assert assistant.letters[s.letter_id].text[s.start : s.end] == s.text
        assert any(
            c.letter_id == s.letter_id and c.start <= s.start < s.end <= c.end for c in answer.citations
        )


@pytest.mark.slow
def test_the_signatory_comes_from_the_letter_the_question_describes(general) -> None:
    assistant, _ = general
    answer = assistant.ask("Hvem har underskrevet svaret om danskuddannelse?")
    assert not answer.refused
    assert answer.short_answer.text == "Henriette Lund Dalgaard"
    assert answer.citations[0].letter_id == "sprog"
    _exact(assistant, answer)
    other = assistant.ask("Hvem har underskrevet svaret om fritidsjob i Tingbjerg?")
    assert other.short_answer.text == "Henrik Ølgaard"


@pytest.mark.slow
def test_letters_that_disagree_are_both_shown_newest_first(general) -> None:
    assistant, _ = general
    answer = assistant.ask("Hvor mange unge har fritidsjob i Tingbjerg?")
    assert not answer.refused
    assert [c.letter_id for c in answer.citations] == ["fritidsjob_2023", "fritidsjob_2019"]
    assert "112 unge" in answer.citations[0].quote and "64 unge" in answer.citations[1].quote
    assert "Det nyeste svar er fra 20. november 2023" in answer.answer
    assert answer.short_answer.text == "112 unge"
    _exact(assistant, answer)


@pytest.mark.slow
def test_a_definition_question_gets_the_defining_sentence(general) -> None:
    assistant, _ = general
    answer = assistant.ask("Hvad er en ungdomsklub?")
    assert not answer.refused
    assert answer.citations[0].quote.startswith("En ungdomsklub er et fritidstilbud")


@pytest.mark.slow
def test_a_phone_question_gets_the_number_and_never_a_url_line(general) -> None:
    assistant, _ = general
    answer = assistant.ask("Hvad er telefonnummeret til Pladsanvisningen?")
    assert not answer.refused
    assert answer.short_answer.text == "33 66 51 50"
    _exact(assistant, answer)
    for question in ("Hvor finder jeg siden om ungdomsklubber?", "Hvad er ungdomsklubber?"):
        for c in assistant.ask(question).citations:
            assert not c.quote.startswith("http")


@pytest.mark.slow
def test_a_duration_gets_its_short_answer(general) -> None:
    assistant, _ = general
    answer = assistant.ask("Hvor længe har man ret til danskuddannelse i Aarhus?")
    assert not answer.refused
    assert answer.short_answer.text == "fem år"
    _exact(assistant, answer)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "Hvad er telefonnummeret til Sprogcenter Aarhus?",  # a phone number nobody gives
        "Hvor mange unge havde fritidsjob i Tingbjerg i 2021?",  # a year no letter speaks of
        "Hvor mange penge får fritidsjobindsatsen i Tingbjerg i 2024?",  # money nobody names
        "Hvem er leder af ungdomsklubben i Valby?",  # a name nobody gives
    ],
)
def test_near_misses_are_refused(general, question: str) -> None:
    assistant, _ = general
    answer = assistant.ask(question)
    assert answer.refused, answer.answer
    assert answer.citations == () and answer.short_answer is None


@pytest.mark.slow
def test_no_sentence_is_embedded_while_a_question_waits(general) -> None:
    assistant, counting = general
    before = counting.documents
    for question in ("Hvad er en ungdomsklub?", "Hvor mange fritidsjobkonsulenter er der i Tingbjerg?"):
        assistant.ask(question)
    assert counting.documents == before


@pytest.mark.slow
def test_the_cli_prints_the_short_answer_first(general, tmp_path: Path) -> None:
    assistant, _ = general
    answer = assistant.ask("Hvor længe har man ret til danskuddannelse i Aarhus?").to_dict()
    assert answer["short_answer"]["text"] == "fem år"
    assert {"text", "letter_id", "start", "end"} <= set(answer["short_answer"])


def test_a_table_cell_is_read_under_its_column(tmp_path: Path) -> None:
    from assistant.answer import kinds
    from assistant.answer.question import analyse

    header, row = "Bydel | 2022 | 2023", "Valby | 41 | 52"
    cell = kinds.table_cell(analyse("Hvor mange unge var der i Valby i 2023?"), row, 100, header)
    assert cell is not None and cell.text == "52" and row[cell.start - 100 : cell.end - 100] == "52"
    share = kinds.table_cell(analyse("Hvor mange procent i 2022?"), "Valby | 71 % | 66 %", 0, header)
    assert share is not None and share.kind == "percent" and share.text == "71 %"
    assert kinds.table_cell(analyse("Hvor mange unge var der i Valby?"), row, 0, header) is None
