"""Danish language knowledge: de-hyphenation, normalization, sentences, folding, stems, compounds."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text import cleanup, danish

SEED = Path(__file__).resolve().parent.parent / "corpus" / "000_4d500aeb584640b9.txt"
WORDLIST = "/usr/share/dict/danish"

# Every line-break hyphen of the seed letter, in order of appearance, with what normalization
# must make of it. A broken form may carry a word of context before the hyphenated token.
SEED_HYPHENS = [
    ("spørgs-\nmål", "spørgsmål"),
    ("Beskæftigelses- \nog", "Beskæftigelses- og"),
    ("bandepo-\nlitik", "bandepolitik"),
    ("Borgerrepræ-\nsentationen", "Borgerrepræsentationen"),
    ("Sikker By-sekre-\ntariatet", "Sikker By-sekretariatet"),
    ("omhandler ban-\ndeområdet", "omhandler bandeområdet"),
    ("i Kø-\nbenhavn", "i København"),
    ("ift. ban-\ndekriminalitet", "ift. bandekriminalitet"),
    ("af-\nsætte", "afsætte"),
    ("le-\ndige", "ledige"),
    ("ble-\nvet", "blevet"),
    ("Jobcenter Køben-\nhavn", "Jobcenter København"),
    ("ud-\ndannelse", "uddannelse"),
    ("løsla-\ndelse", "løsladelse"),
    ("til-\nbud", "tilbud"),
    ("Ind-\nsatsen", "Indsatsen"),
    ("krimi-\nnalitetstruede", "kriminalitetstruede"),
    ("bandemil-\njøer", "bandemiljøer"),
]


def line_break_hyphens(raw: str) -> list[str]:
    """``token-`` (plus its trailing spaces) at a line end, a newline, and the next line's first word."""
    lines = raw.replace("\r\n", "\n").split("\n")
    found = []
    for line, following in zip(lines, lines[1:], strict=False):
        m = re.search(r"(\S+-)( *)$", line)
        if m is None:
            continue
        right = re.match(r"\s*(\w+)", following)
        assert right is not None, f"a hyphenated line is followed by no word: {line!r}"
        found.append(f"{m.group(1)}{m.group(2)}\n{right.group(1)}")
    return found


@pytest.fixture(scope="module")
def seed_raw() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_normalized(seed_raw: str) -> str:
    return cleanup.normalize(seed_raw, cleanup.load_wordlist(WORDLIST))


def test_line_break_hyphen_helper_finds_both_forms() -> None:
    raw = "spørgs-\nmål og Beskæftigelses- \nog Integration\nen - tankestreg\n2018-\n2021 slut-"
    assert line_break_hyphens(raw) == ["spørgs-\nmål", "Beskæftigelses- \nog", "2018-\n2021"]


def test_seed_hyphen_table_is_complete(seed_raw: str) -> None:
    found = line_break_hyphens(seed_raw)
    assert len(found) == len(SEED_HYPHENS)
    for snippet, (broken, _) in zip(found, SEED_HYPHENS, strict=True):
        assert snippet in broken
        assert broken in seed_raw


@pytest.mark.parametrize(("broken", "expected"), SEED_HYPHENS)
def test_seed_line_break_hyphen_is_resolved(seed_normalized: str, broken: str, expected: str) -> None:
    left, _, right = broken.partition("\n")
    left = re.split(r"[^\w]", left.rstrip(" ")[:-1])[-1]  # the word part before the hyphen
    wrong = {
        broken,
        broken.replace(" \n", "\n"),
        f"{left}-{right}",
        f"{left}- {right}",
        f"{left}{right}",
        f"{left} {right}",
    }
    assert expected in seed_normalized
    for form in sorted(w for w in wrong if w not in expected):
        assert form not in seed_normalized


def test_seed_normalized_has_no_line_break_hyphen_left(seed_normalized: str) -> None:
    assert line_break_hyphens(seed_normalized) == []
    assert "\r" not in seed_normalized


# -- join_hyphenated: Retskrivningsreglerne §57 -------------------------------------------------

SMALL_WORDS = frozenset({"spørgsmål", "københavn", "kø", "by", "sekretariatet", "strategien", "mål"})


@pytest.mark.parametrize("word", ["og", "eller", "samt", "til"])
def test_join_keeps_suspension_hyphen_and_space(word: str) -> None:
    got = cleanup.join_hyphenated("Beskæftigelses-", f"{word} Integrationsforvaltningen", SMALL_WORDS)
    assert got == f"Beskæftigelses- {word} Integrationsforvaltningen"


def test_join_keeps_lowercase_suspension_hyphen() -> None:
    got = cleanup.join_hyphenated("både social-", "og sundhedsområdet", SMALL_WORDS)
    assert got == "både social- og sundhedsområdet"


def test_join_keeps_acronym_hyphen() -> None:
    assert cleanup.join_hyphenated("hvad BIU-", "indsatsen er", SMALL_WORDS) == "hvad BIU-indsatsen er"


def test_join_keeps_number_hyphen() -> None:
    assert cleanup.join_hyphenated("perioden 2018-", "2021 er", SMALL_WORDS) == "perioden 2018-2021 er"


def test_join_removes_hyphen_when_the_join_is_a_word() -> None:
    assert cleanup.join_hyphenated("har stillet spørgs-", "mål til", SMALL_WORDS) == (
        "har stillet spørgsmål til"
    )
    assert cleanup.join_hyphenated("bandemedlem i Kø-", "benhavn, og", SMALL_WORDS) == (
        "bandemedlem i København, og"
    )


def test_join_keeps_proper_name_compound_hyphen() -> None:
    got = cleanup.join_hyphenated("forankret i Sikker By-", "sekretariatet under", SMALL_WORDS)
    assert got == "forankret i Sikker By-sekretariatet under"


def test_join_prefers_a_dictionary_word_over_a_name_compound() -> None:
    words = SMALL_WORDS | {"bystrategien"}
    assert cleanup.join_hyphenated("i By-", "strategien", words) == "i Bystrategien"


def test_join_removes_hyphen_between_unknown_lowercase_fragments() -> None:
    got = cleanup.join_hyphenated("omhandler ban-", "deområdet: ”Vi", SMALL_WORDS)
    assert got == "omhandler bandeområdet: ”Vi"


def test_join_with_empty_word_list_still_joins_fragments() -> None:
    assert cleanup.join_hyphenated("ble-", "vet forlænget", frozenset()) == "blevet forlænget"


def test_load_wordlist_is_lowercase_and_missing_file_is_empty() -> None:
    words = cleanup.load_wordlist(WORDLIST)
    assert "spørgsmål" in words and "københavn" in words
    assert all(w == w.lower() for w in list(words)[:1000])
    assert cleanup.load_wordlist("/nonexistent/wordlist") == frozenset()


# -- normalize ----------------------------------------------------------------------------------


def test_normalize_composes_decomposed_letters() -> None:
    # æ and ø have no canonical decomposition; å and é do, and are what NFD input breaks apart.
    composed = "Kære Åse, området på Østerbro er én bydel."
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed and "a\u030a" in decomposed
    got = cleanup.normalize(decomposed)
    assert got == composed
    assert not any(unicodedata.combining(c) for c in got)


def test_normalize_removes_soft_hyphens() -> None:
    assert cleanup.normalize("Du har stillet spørgs\u00admål til os.") == "Du har stillet spørgsmål til os."


def test_normalize_joins_a_word_broken_by_a_soft_hyphen_at_line_end() -> None:
    assert cleanup.normalize("Du har stillet spørgs\u00ad\nmål til os.") == "Du har stillet spørgsmål til os."


def test_normalize_handles_crlf_and_cr() -> None:
    got = cleanup.normalize("Tak for\r\nbrevet.\r\n\r\nVi svarer\rhermed.")
    assert got == "Tak for brevet.\n\nVi svarer hermed."


def test_normalize_tidies_spaces_tabs_and_nbsp() -> None:
    assert cleanup.normalize("  Tak\tfor \u00a0 brevet.  \n") == "Tak for brevet."


def test_normalize_keeps_heading_on_its_own_line() -> None:
    raw = (
        "Spørgsmål \nDu har ønsket svar på, hvad BIU har lavet i forhold til bandepo-\nlitik. \nDet er\nfint."
    )
    got = cleanup.normalize(raw, frozenset({"bandepolitik"}))
    assert got == (
        "Spørgsmål\nDu har ønsket svar på, hvad BIU har lavet i forhold til bandepolitik. Det er fint."
    )


def test_normalize_joins_soft_wrapped_lines_that_are_no_heading() -> None:
    raw = "Københavns Kommunes overordnede politik\ner fastlagt i Sikker By-strategien."
    got = cleanup.normalize(raw)
    assert got == "Københavns Kommunes overordnede politik er fastlagt i Sikker By-strategien."


def test_normalize_keeps_list_items_on_their_own_lines() -> None:
    raw = "Der er tre indsatser:\n1. Den første.\n2. Den anden\nfortsat.\n3. Den tredje."
    got = cleanup.normalize(raw)
    assert got == "Der er tre indsatser:\n1. Den første.\n2. Den anden fortsat.\n3. Den tredje."


SIGNATURE = ["Jeppe Bøgh Andersen", "Kst. adm. direktør", "Beskæftigelses- og Integrationsforvaltningen"]


def test_normalize_keeps_signature_lines_after_closing_in_own_paragraph() -> None:
    raw = "Tak.\n\nMed venlig hilsen  \n \n" + "  \n".join(SIGNATURE) + "  \n"
    got = cleanup.normalize(raw)
    assert got == "Tak.\n\nMed venlig hilsen\n\n" + "\n".join(SIGNATURE)


def test_normalize_keeps_signature_lines_when_closing_shares_their_block() -> None:
    got = cleanup.normalize("Tak.\n\nMed venlig hilsen\n" + "\n".join(SIGNATURE))
    assert got == "Tak.\n\nMed venlig hilsen\n" + "\n".join(SIGNATURE)


def test_normalize_keeps_lowercase_signature_lines_after_a_closing_paragraph() -> None:
    got = cleanup.normalize("Med venlig hilsen,\n\nJeppe Bøgh Andersen\nkst. adm. direktør")
    assert got == "Med venlig hilsen,\n\nJeppe Bøgh Andersen\nkst. adm. direktør"


def test_normalize_keeps_signature_lines_after_closing_with_comma_in_same_block() -> None:
    got = cleanup.normalize("Tak.\n\nMed venlig hilsen,\n" + "\n".join(SIGNATURE))
    assert got == "Tak.\n\nMed venlig hilsen,\n" + "\n".join(SIGNATURE)


def test_normalize_separates_paragraphs_by_exactly_one_blank_line() -> None:
    raw = "\n\nFørste afsnit\nfortsætter her.\n\n\n\n  \nAndet afsnit.\n\f\nTredje afsnit.\n\n"
    got = cleanup.normalize(raw)
    assert got == "Første afsnit fortsætter her.\n\nAndet afsnit.\n\nTredje afsnit."
    assert "\n\n\n" not in got


def test_normalize_seed_structure(seed_normalized: str) -> None:
    paragraphs = seed_normalized.split("\n\n")
    assert paragraphs[0] == "Kære Astrid Aller"
    assert paragraphs[2].split("\n")[0] == "Spørgsmål"
    assert paragraphs[3].split("\n")[0] == "Beskæftigelses- og Integrationsforvaltningens svar"
    assert [p[:2] for p in paragraphs if p[:1].isdigit()] == ["1.", "2.", "3."]
    assert paragraphs[-2:] == ["Med venlig hilsen", "Jeppe Bøgh Andersen\nKst. adm. direktør"]
    assert seed_normalized == seed_normalized.strip()


# -- sentence_spans -----------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    out = []
    for s, e in danish.sentence_spans(text):
        assert text[s:e] == text[s:e].strip()
        out.append(text[s:e])
    return out


@pytest.mark.parametrize(
    ("first", "abbreviation"),
    [
        ("Prisen er kr. 500 om måneden.", "kr."),
        ("Budgettet er 3 mio. DKK i alt.", "mio."),
        ("Brevet kom d. 22. marts 2021 til os.", "d."),
        ("Der er p.t. 3 indsatser i gang.", "p.t."),
        ("Det blev besluttet ifm. Budget21 i år.", "ifm."),
        ("Det følger af reglerne, jf. Lov om social service.", "jf."),
        ("Det står i § 5, stk. 2 i loven.", "stk."),
        ("Se bilag nr. 4 i sagen.", "nr."),
        ("Svaret er godkendt af adm. Direktør Jens Hansen i går.", "adm."),
        ("Svaret er underskrevet af Kst. Adm. Direktør Jeppe Bøgh Andersen.", "kst."),
    ],
)
def test_sentence_spans_no_split_after_abbreviation(first: str, abbreviation: str) -> None:
    assert abbreviation in first.lower()
    assert sentences(f"{first} Det var alt.") == [first, "Det var alt."]


def test_sentence_spans_no_split_after_ift() -> None:
    first = "Indsatsen virker forebyggende ift. Sikker By-strategien."
    assert sentences(f"{first} Det var alt.") == [first, "Det var alt."]


def test_sentence_spans_no_split_after_ordinal_list_marker() -> None:
    text = (
        "1. ”Styrket aktiveringsindsats for ledige med banderelationer”. Som opfølgning blev det besluttet."
    )
    assert sentences(text) == [
        "1. ”Styrket aktiveringsindsats for ledige med banderelationer”.",
        "Som opfølgning blev det besluttet.",
    ]


@pytest.mark.parametrize(
    "first",
    [
        "Strategien blev vedtaget af Borgerrepræsentationen den 1. marts 2018.",
        "Tak for din henvendelse af d. 22. marts 2021.",
        "Udvalget besluttede den 18. December 2017 at afsætte midler.",
    ],
)
def test_sentence_spans_no_split_inside_dates(first: str) -> None:
    assert sentences(f"{first} Strategien er forankret her.") == [first, "Strategien er forankret her."]


def test_sentence_spans_splits_at_normal_sentence_ends() -> None:
    text = (
        "Det er godt. Er det skidt? Nej! Han sagde: ”Vi sikrer det.” "
        "Indsatsen er forlænget i 2021. 12 unge deltog."
    )
    assert sentences(text) == [
        "Det er godt.",
        "Er det skidt?",
        "Nej!",
        "Han sagde: ”Vi sikrer det.”",
        "Indsatsen er forlænget i 2021.",
        "12 unge deltog.",
    ]


def test_sentence_spans_every_line_ends_a_sentence() -> None:
    assert sentences("Spørgsmål\nDu har ønsket svar.\n\nMed venlig hilsen") == [
        "Spørgsmål",
        "Du har ønsket svar.",
        "Med venlig hilsen",
    ]


def test_sentence_spans_are_exact_and_offset() -> None:
    text = "Første sætning.   Anden sætning!  "
    assert danish.sentence_spans(text) == [(0, 15), (18, 32)]
    assert danish.sentence_spans(text, offset=100) == [(100, 115), (118, 132)]


def test_sentence_spans_of_seed(seed_normalized: str) -> None:
    got = sentences(seed_normalized)
    assert "Tak for din henvendelse af d. 22. marts 2021, hvor du har stillet spørgsmål til " in got[1]
    assert got[1].endswith("bandepolitik.")
    assert (
        "Københavns Kommunes overordnede politik i forhold til bandeområdet er fastlagt i Sikker "
        "By-strategien 2018-2021 vedtaget af Borgerrepræsentationen den 1. marts 2018." in got
    )
    assert "1. ”Styrket aktiveringsindsats for ledige med banderelationer”." in got
    assert any(s.startswith("Beskæftigelses- og Integrationsforvaltningen har p.t. tre") for s in got)
    assert any(s.startswith("Som opfølgning") and "12,6 mio. kr. i 2018" in s for s in got)
    assert got[-2:] == ["Jeppe Bøgh Andersen", "Kst. adm. direktør"]


def test_sentence_spans_skip_leading_whitespace_of_a_line() -> None:
    assert sentences("  Hej med dig. Dav.") == ["Hej med dig.", "Dav."]


_TOKENS = [
    "Det", "er", "godt", "kr.", "mio.", "d.", "1.", "22.", "marts", "”Styrket”.", "p.t.", "Ja!",
    "Nej?", "ørred.", "Åse", "12,6", "ift.", "(se", "bilag).", ".", "«", "”", " ", "  ", "\n", "\n\n",
    "\t", "\u00a0",
]  # fmt: skip


def _normalized_lines(text: str) -> str:
    """Normalized letter text never has whitespace at a line start."""
    return "\n".join(line.lstrip() for line in text.split("\n"))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_TOKENS)).map("".join), st.text()).map(_normalized_lines))
def test_sentence_spans_property(text: str) -> None:
    spans = danish.sentence_spans(text)
    previous_end = 0
    for s, e in spans:
        assert previous_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert "\n" not in text[s:e]
        previous_end = e
    assert danish.sentence_spans(text, offset=7) == [(s + 7, e + 7) for s, e in spans]
    # nothing but whitespace is left out
    covered = set().union(*(range(s, e) for s, e in spans)) if spans else set()
    assert all(c.isspace() for i, c in enumerate(text) if i not in covered)


# -- fold, stem, terms, split_compound ----------------------------------------------------------


def test_fold_spellings_without_danish_letters_match() -> None:
    assert danish.fold("område") == danish.fold("omraade") == danish.fold("omrade") == "omrade"
    assert danish.fold("Ørestad") == danish.fold("oerestad") == danish.fold("orestad")
    assert danish.fold("Ærø") == danish.fold("aeroe")
    assert danish.fold("byområde") != danish.fold("byomrde")


def test_stem_joins_inflected_forms() -> None:
    assert danish.stem("indsatsen") == danish.stem("indsats") == danish.stem("indsatser")
    assert danish.stem("bandeområdet") == danish.stem("bandeomraadet")
    assert danish.stem("indsatsen") != danish.stem("indsigt")


def test_stem_joins_forms_that_lose_an_unstressed_e() -> None:
    s = danish.stem
    assert s("jobcenter") == s("jobcentret") == s("jobcentrene") == s("Jobcentrets")
    assert s("Sprogcenter") == s("sprogcentret")
    assert s("minister") == s("ministre")
    assert s("regel") == s("reglen") == s("reglerne")
    assert s("middel") == s("midler") == s("midlerne")
    assert s("telefonnummer") == s("telefonnumre")
    # short stems are left alone: "ordre" is no "ord", "bedre" no "bede", "barn" no "bar"
    assert s("ordre") != s("ord") and s("bedre") != s("bede") and s("barn") != s("bar")


def test_words_keep_numbers_whole() -> None:
    assert list(danish.words("afsat 12,6 mio. kr. i 2018-2021 (BIU)")) == [
        "afsat", "12,6", "mio", "kr", "i", "2018", "2021", "BIU",
    ]  # fmt: skip


def test_terms_drop_stop_words() -> None:
    text = "Hvad har BIU gjort for at forebygge bandekriminalitet, og hvordan virker det?"
    got = danish.terms(text)
    assert got == [danish.stem(w) for w in ["BIU", "gjort", "forebygge", "bandekriminalitet", "virker"]]
    for stop in ("hvad", "har", "for", "at", "og", "hvordan", "det"):
        assert danish.stem(stop) not in got
    assert danish.terms("svar pa det") == [danish.stem("svar")]  # "på" typed without å
    assert len(danish.terms(text, keep_stop_words=True)) == len(list(danish.words(text)))


def test_split_compound_budgetaftal() -> None:
    vocabulary = frozenset({"budget", "aftal", "bande", "indsats"})
    assert danish.split_compound("budgetaftal", vocabulary) == ["budget", "aftal"]


def test_split_compound_linking_s_and_unknown() -> None:
    vocabulary = frozenset({"integration", "udvalg", "budget", "aftal"})
    assert danish.split_compound("integrationsudvalg", vocabulary) == ["integration", "udvalg"]
    assert danish.split_compound("budgetkontor", vocabulary) is None
    assert danish.split_compound("budaft", vocabulary) is None  # too short to be a compound


def test_stem_match_finds_a_word_inside_a_longer_compound_only() -> None:
    s = danish.stem
    assert danish.stem_match(s("fritidsjob"), s("fritidsjobindsatsen"))
    assert not danish.stem_match(s("fritidsjobindsatsen"), s("indsatsen"))  # the text says less
    assert danish.stem_match(s("indsatsen"), s("aktiveringsindsatsen"))  # compound head
    assert s("indsatte") != s("indsatsen")  # inmates are not an effort
    assert not danish.stem_match(s("ban"), s("bandeområdet"))  # parts of fewer than 5 letters


def test_question_markup_is_not_part_of_the_question() -> None:
    from assistant.answer.question import analyse

    q = analyse("<script>alert(1)</script> Hvad er den **styrkede** aktiveringsindsats?")
    assert "script" not in q.focus and "alert" not in q.focus
    assert danish.stem("aktiveringsindsats") in q.focus


def test_table_rows_keep_their_lines() -> None:

    text = cleanup.normalize(
        "Tabel 1\nBydel | 2022 | 2023\nValby | 41 | 52\nAmager | 30 | 28\n\nDerefter kommer\nmere tekst."
    )
    assert "Bydel | 2022 | 2023\nValby | 41 | 52\nAmager | 30 | 28" in text
    assert "Derefter kommer mere tekst." in text
