"""Metadata read from a letter's own text, and sidecar overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.text import cleanup, letters, metadata
from assistant.types import LetterMeta

SEED = Path(__file__).resolve().parent.parent / "corpus" / "000_4d500aeb584640b9.txt"
WORDLIST = "/usr/share/dict/danish"


@pytest.fixture(scope="module")
def seed_meta() -> LetterMeta:
    return letters.load_letter(SEED.parent, SEED, cleanup.load_wordlist(WORDLIST)).meta


def test_seed_recipient(seed_meta: LetterMeta) -> None:
    assert seed_meta.recipient == "Astrid Aller"


def test_seed_date_is_the_inquiry_date(seed_meta: LetterMeta) -> None:
    assert seed_meta.date == "2021-03-22"


def test_inquiry_date_wins_over_earlier_dates() -> None:
    text = (
        "Kære Ole\n\nDen 1. marts 2018 vedtog Borgerrepræsentationen strategien.\n\n"
        "Tak for din henvendelse af d. 3. maj 2022 om fritidsjob."
    )
    assert metadata.extract(text, fallback_title="x").date == "2022-05-03"
    assert metadata.extract("Strategien fra 1. marts 2018 gælder.", fallback_title="x").date == "2018-03-01"


def test_seed_question(seed_meta: LetterMeta) -> None:
    assert seed_meta.question is not None
    assert seed_meta.question.startswith("Du har ønsket svar på")
    assert (
        seed_meta.question
        == "Du har ønsket svar på, hvad BIU tidligere har lavet i forhold til bandepolitik."
    )


def test_seed_signatory(seed_meta: LetterMeta) -> None:
    assert seed_meta.signatory == "Jeppe Bøgh Andersen"
    assert seed_meta.signatory_title == "Kst. adm. direktør"


def test_seed_sender(seed_meta: LetterMeta) -> None:
    assert seed_meta.sender == "Beskæftigelses- og Integrationsforvaltningen"


def test_seed_title(seed_meta: LetterMeta) -> None:
    assert "bandepolitik" in seed_meta.title
    assert seed_meta.title == "Svar om Beskæftigelses- og Integrationsudvalgets bandepolitik"
    assert seed_meta.synthetic is False


def test_letter_without_metadata_text_gets_none_and_fallback_title() -> None:
    text = "Her er et notat uden hilsen.\n\nDet handler om fritidsjob for unge."
    meta = metadata.extract(text, fallback_title="notat_7")
    assert meta == LetterMeta(title="notat_7")
    assert meta.recipient is None and meta.date is None and meta.question is None
    assert meta.signatory is None and meta.signatory_title is None and meta.sender is None


def test_iso_date() -> None:
    assert metadata.iso_date("1", "marts", "2018") == "2018-03-01"
    assert metadata.iso_date("22", "December", "2021") == "2021-12-22"


def test_sender_from_third_signature_line() -> None:
    text = (
        "Kære Ole Hansen\n\nTak for din henvendelse af 3. maj 2022 om fritidsjob.\n\n"
        "Spørgsmålet\nHvor mange unge har fået job?\n\n"
        "Venlig hilsen\n\nMette Jensen\nKontorchef\nSocialforvaltningen"
    )
    meta = metadata.extract(text, fallback_title="x")
    assert meta.recipient == "Ole Hansen"
    assert meta.date == "2022-05-03"
    assert meta.question == "Hvor mange unge har fået job?"
    assert (meta.signatory, meta.signatory_title, meta.sender) == (
        "Mette Jensen",
        "Kontorchef",
        "Socialforvaltningen",
    )
    assert meta.title == "Svar om fritidsjob"


def test_sender_from_answer_heading() -> None:
    text = "Kære Ole\n\nKultur- og Fritidsforvaltningens svar\nVi har tre klubber."
    assert metadata.extract(text, fallback_title="x").sender == "Kultur- og Fritidsforvaltningen"


def test_signatory_after_med_venlige_hilsner() -> None:
    text = "Kære Ole\n\nTak for brevet.\n\nMed venlige hilsner\n\nMette Jensen\nKontorchef"
    meta = metadata.extract(text, fallback_title="x")
    assert (meta.signatory, meta.signatory_title) == ("Mette Jensen", "Kontorchef")


def test_override_replaces_known_fields_and_rejects_unknown() -> None:
    meta = LetterMeta(title="x", recipient="Ole")
    assert metadata.override(meta, {"title": "Ny", "synthetic": True}) == LetterMeta(
        title="Ny", recipient="Ole", synthetic=True
    )
    with pytest.raises(ValueError, match="modtager"):
        metadata.override(meta, {"modtager": "Ole"})
