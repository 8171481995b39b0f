"""Loading letters: every format, encodings, broken files, ids, hashes and sidecar metadata."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from assistant.errors import BadLetterError
from assistant.text import letters

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "000_4d500aeb584640b9.txt"
# The seed as handed over in ../shared/seeds/; its hash is pinned for machines without that folder.
SHARED_SEED = REPO.parent / "shared" / "seeds" / "000_4d500aeb584640b9.txt"
SEED_SHA256 = "aef3f6b3b44e45357a0989b3f79f7446d774118a14e5efd6659e8844c1f2d325"
WORDLIST = Path("/usr/share/dict/danish")
NO_WORDLIST = Path("/nonexistent/wordlist")

LETTER = (
    "Kære Ole Hansen\n\n"
    "Tak for din henvendelse af 3. maj 2022 om fritidsjob i Tingbjerg.\n\n"
    "Indsatsen har hjulpet 120 unge i job.\n\n"
    "Med venlig hilsen\n\nMette Jensen\nkontorchef"
)


def write_pdf(path: Path, pages: list[list[str]]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        for i, line in enumerate(lines):
            pdf.drawString(72, 800 - 20 * i, line)
        pdf.showPage()
    pdf.save()


def write_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))


def load(corpus: Path, name: str):
    return letters.load_letter(corpus, corpus / name)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus"
    path.mkdir()
    return path


def test_load_txt(corpus: Path) -> None:
    (corpus / "brev.txt").write_text(LETTER, encoding="utf-8")
    letter = load(corpus, "brev.txt")
    assert letter.letter_id == "brev"
    assert letter.path == "brev.txt"
    assert letter.text == LETTER
    assert letter.page_starts == ()
    assert letter.page_at(10) is None
    assert letter.meta.recipient == "Ole Hansen"
    assert letter.meta.date == "2022-05-03"


def test_load_txt_with_utf8_bom_and_crlf(corpus: Path) -> None:
    (corpus / "brev.txt").write_bytes(b"\xef\xbb\xbf" + LETTER.replace("\n", "\r\n").encode("utf-8"))
    assert load(corpus, "brev.txt").text == LETTER


def test_load_markdown(corpus: Path) -> None:
    (corpus / "notat.md").write_text(
        "# Notat om fritidsjob\n\nIndsatsen har hjulpet mange\nunge i job.", "utf-8"
    )
    letter = load(corpus, "notat.md")
    assert letter.letter_id == "notat"
    assert letter.text == "# Notat om fritidsjob\n\nIndsatsen har hjulpet mange unge i job."
    assert letter.page_starts == ()


def test_load_pdf_records_pages(corpus: Path) -> None:
    write_pdf(
        corpus / "brev.pdf",
        [
            ["Kære Astrid Aller", "Første side handler om bandeområdet i København."],
            ["Anden side handler om de tre indsatser.", "Med venlig hilsen"],
        ],
    )
    letter = load(corpus, "brev.pdf")
    assert letter.letter_id == "brev"
    assert letter.meta.recipient == "Astrid Aller"
    assert len(letter.page_starts) == 2
    assert letter.page_starts[0] == 0
    first = letter.text.index("Første side handler")
    second = letter.text.index("Anden side handler")
    assert first < letter.page_starts[1] <= second
    assert letter.page_at(0) == 1
    assert letter.page_at(first) == 1
    assert letter.page_at(second) == 2
    assert letter.page_at(len(letter.text) - 1) == 2
    # pages are separate paragraphs: nothing runs across the page break
    assert letter.text[: letter.page_starts[1]].endswith("København.\n\n")


def test_load_docx(corpus: Path) -> None:
    write_docx(
        corpus / "svar.docx",
        ["Kære Ole Hansen", "Tak for din henvendelse af 3. maj 2022 om fritidsjob.", "Med venlig hilsen"],
    )
    letter = load(corpus, "svar.docx")
    assert letter.letter_id == "svar"
    assert letter.text == (
        "Kære Ole Hansen\n\nTak for din henvendelse af 3. maj 2022 om fritidsjob.\n\nMed venlig hilsen"
    )
    assert letter.page_starts == ()
    assert letter.meta.title == "Svar om fritidsjob"


def test_cp1252_txt_still_loads(corpus: Path) -> None:
    raw = LETTER.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (corpus / "gammel.txt").write_bytes(raw)
    letter = load(corpus, "gammel.txt")
    assert letter.text == LETTER
    assert "Kære Ole Hansen" in letter.text
    assert letter.sha256 == hashlib.sha256(raw).hexdigest()


def test_corrupt_pdf_and_empty_txt_are_errors_while_good_letters_load(corpus_dir: Path) -> None:
    (corpus_dir / "brev.txt").write_text(LETTER, encoding="utf-8")
    (corpus_dir / "brud.pdf").write_bytes(b"%PDF-1.4\nthis is no pdf at all\n%%EOF")
    (corpus_dir / "tom.txt").write_text("  \n\n \t\n", encoding="utf-8")
    result = letters.load_corpus(corpus_dir, NO_WORDLIST)
    assert sorted(letter.letter_id for letter in result.letters) == ["000_4d500aeb584640b9", "brev"]
    assert sorted(error.path for error in result.errors) == ["brud.pdf", "tom.txt"]
    for error in result.errors:
        assert isinstance(error, BadLetterError)
        assert f"'{error.path}'" in str(error)
    by_path = {error.path: error for error in result.errors}
    assert "ingen tekst" in by_path["tom.txt"].reason


@pytest.mark.parametrize(
    ("name", "content"),
    [("brud.pdf", b"%PDF-1.4 garbage"), ("brud.docx", b"PK\x03\x04 not a zip"), ("tom.txt", b"")],
)
def test_load_letter_raises_bad_letter_error_naming_the_file(corpus: Path, name: str, content: bytes) -> None:
    (corpus / name).write_bytes(content)
    with pytest.raises(BadLetterError) as info:
        load(corpus, name)
    assert info.value.path == name
    assert name in str(info.value)


def test_qa_files_are_not_letters(corpus: Path) -> None:
    (corpus / "brev.txt").write_text(LETTER, encoding="utf-8")
    (corpus / "qa").mkdir()
    (corpus / "qa" / "spørgsmål.txt").write_text("Hvad gør BIU?", encoding="utf-8")
    (corpus / "qa" / "bandepolitik.jsonl").write_text('{"id": "q1"}\n', encoding="utf-8")
    (corpus / "2021").mkdir()
    (corpus / "2021" / "svar.md").write_text("Et svar fra 2021.", encoding="utf-8")
    (corpus / ".skjult.txt").write_text("Ikke et brev.", encoding="utf-8")
    (corpus / "billede.png").write_bytes(b"\x89PNG")
    assert [p.relative_to(corpus).as_posix() for p in letters.letter_files(corpus)] == [
        "2021/svar.md",
        "brev.txt",
    ]
    result = letters.load_corpus(corpus, NO_WORDLIST)
    assert [letter.letter_id for letter in result.letters] == ["2021__svar", "brev"]
    assert result.errors == []


def test_missing_corpus_dir_has_no_letters(tmp_path: Path) -> None:
    assert letters.letter_files(tmp_path / "findes-ikke") == []


def test_letter_id_is_stable_across_edits_and_sha_follows_content(corpus: Path) -> None:
    path = corpus / "2021" / "brev om bander.txt"
    path.parent.mkdir()
    path.write_text(LETTER, encoding="utf-8")
    before = letters.load_letter(corpus, path)
    path.write_text(LETTER.replace("120 unge", "130 unge"), encoding="utf-8")
    after = letters.load_letter(corpus, path)
    assert before.letter_id == after.letter_id == "2021__brev_om_bander"
    assert before.sha256 != after.sha256
    assert after.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "130 unge" in after.text


def test_letter_id_depends_on_path(corpus: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_text(LETTER, encoding="utf-8")
    a, b = load(corpus, "a.txt"), load(corpus, "b.txt")
    assert a.sha256 == b.sha256
    assert a.letter_id != b.letter_id


def test_sidecar_overrides_fields(corpus: Path) -> None:
    (corpus / "brev.txt").write_text(LETTER, encoding="utf-8")
    sidecar = {"title": "Fritidsjob i Tingbjerg", "date": "2022-06-01", "synthetic": True}
    (corpus / "brev.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    letter = load(corpus, "brev.txt")
    assert letter.meta.title == "Fritidsjob i Tingbjerg"
    assert letter.meta.date == "2022-06-01"
    assert letter.meta.synthetic is True
    assert letter.meta.recipient == "Ole Hansen"  # fields the sidecar leaves out are still read
    assert [p.name for p in letters.letter_files(corpus)] == ["brev.txt"]


def test_sidecar_with_unknown_field_is_bad_letter(corpus: Path) -> None:
    (corpus / "brev.txt").write_text(LETTER, encoding="utf-8")
    (corpus / "brev.meta.json").write_text(json.dumps({"titel": "Tastefejl"}), encoding="utf-8")
    with pytest.raises(BadLetterError) as info:
        load(corpus, "brev.txt")
    assert info.value.path == "brev.txt"
    assert "titel" in str(info.value)
    assert "brev.meta.json" in str(info.value)


def test_sidecar_with_bad_json_is_bad_letter_and_others_load(corpus: Path) -> None:
    (corpus / "brev.txt").write_text(LETTER, encoding="utf-8")
    (corpus / "brev.meta.json").write_text("{title: ", encoding="utf-8")
    (corpus / "andet.txt").write_text(LETTER, encoding="utf-8")
    result = letters.load_corpus(corpus, NO_WORDLIST)
    assert [letter.letter_id for letter in result.letters] == ["andet"]
    assert [error.path for error in result.errors] == ["brev.txt"]


def test_seed_letter_is_a_byte_for_byte_copy() -> None:
    letter = letters.load_letter(SEED.parent, SEED)
    expected = SEED_SHA256
    if SHARED_SEED.exists():
        assert hashlib.sha256(SHARED_SEED.read_bytes()).hexdigest() == expected
    assert letter.sha256 == expected
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == expected
    assert letter.letter_id == "000_4d500aeb584640b9"


def test_load_corpus_with_seed_uses_wordlist(corpus_dir: Path) -> None:
    result = letters.load_corpus(corpus_dir, WORDLIST)
    assert result.errors == []
    [letter] = result.letters
    assert letter.path == "000_4d500aeb584640b9.txt"
    assert "Sikker By-sekretariatet" in letter.text
    assert "Beskæftigelses- og Integrationsudvalgets bandepolitik." in letter.text
    assert letter.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()


def test_copied_seed_keeps_its_id(tmp_path: Path) -> None:
    other = tmp_path / "andet-corpus"
    other.mkdir()
    shutil.copyfile(SEED, other / SEED.name)
    assert letters.load_letter(other, other / SEED.name).letter_id == SEED.stem
