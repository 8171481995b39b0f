"""The bilingual lexicon: Debian's FreeDict eng-dan and dan-eng, and tiny hand-written dictd files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from assistant.text.lexicon import DAN_ENG, ENG_DAN, Lexicon, english_to_danish, load_lexicon

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    digits = ""
    while True:
        digits = _B64[n % 64] + digits
        n //= 64
        if not n:
            return digits


def write_dictd(directory: Path, name: str, entries: list[str], *, compress: bool = False) -> None:
    """One dictd dictionary: the entries' text and an index of base-64 offsets, as dictfmt writes them."""
    data, index = b"", []
    for entry in ["00-database-info\nA tiny test dictionary\n", *entries]:
        body = entry.encode()
        headword = "00databaseinfo" if entry.startswith("00-") else entry.split(" ")[0].lower()
        index.append(f"{headword}\t{_b64(len(data))}\t{_b64(len(body))}\n")
        data += body
    (directory / f"{name}.index").write_text("".join(sorted(index)), encoding="utf-8")
    if compress:
        (directory / f"{name}.dict.dz").write_bytes(gzip.compress(data))
    else:
        (directory / f"{name}.dict").write_bytes(data)


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        ("money", "penge"),
        ("prison", "fængsel"),
        ("unemployed", "arbejdsløs"),
        ("police", "politi"),
        ("punishment", "straf"),
        ("prisons", "fængsel"),  # plural -s
        ("gangs", "bande"),
        ("released", "løslade"),  # -ed on a stem ending in e
        ("arrested", "arrestere"),
        ("cities", "by"),  # -ies
        ("Money", "penge"),
    ],
)
def test_real_dictionaries(english: str, danish: str) -> None:
    assert len(load_lexicon()) > 1000, "apt-get install dict-freedict-eng-dan dict-freedict-dan-eng"
    assert danish in english_to_danish(english)


def test_real_translations_are_lower_case_single_words() -> None:
    lexicon = load_lexicon()
    words = {w for translations in lexicon.danish.values() for w in translations}
    assert words and all(w == w.lower() and " " not in w for w in words)
    assert "købesum" not in lexicon.english_to_danish("money")  # from "purchase money": a phrase, dropped


def test_missing_directory_gives_an_empty_lexicon(tmp_path: Path) -> None:
    lexicon = load_lexicon(tmp_path / "nowhere")
    assert len(lexicon) == 0
    assert lexicon.english_to_danish("money") == frozenset()


@pytest.mark.parametrize("compress", [False, True])
def test_hand_written_dictd_pair(tmp_path: Path, compress: bool) -> None:
    write_dictd(
        tmp_path,
        ENG_DAN,
        [
            "jail /dʒˈeɪl/ <n>\nfængsel, arrest [in jail - i fængsel]\n",
            "apple juice /ˈapəl dʒˈuːs/ <n>\næblejuice\n",
            "release /ɹɪlˈiːs/ <v>\n1. løslade\n2. frigive (om varer)\n",
        ],
        compress=compress,
    )
    write_dictd(
        tmp_path,
        DAN_ENG,
        [
            "fængsel /fˈεŋsəl/\njail, gaol, prison\n",
            "Købesum /kˈœbəsɒm/ <n>\npurchase money\n",
            "ledig /lˈeːði/ <adj>\n [uden arbejde] unemployed, to idle\n",
            "en gang /ʔen ɡˈ?ɑŋ/\nonce\n",
        ],
        compress=compress,
    )
    lexicon = load_lexicon(tmp_path)
    assert lexicon.english_to_danish("jail") == {"fængsel", "arrest"}  # eng-dan and dan-eng reversed
    assert lexicon.english_to_danish("prisons") == {"fængsel"}
    assert lexicon.english_to_danish("releasing") == {"løslade", "frigive"}
    assert lexicon.english_to_danish("unemployed") == {"ledig"}
    assert lexicon.english_to_danish("idle") == {"ledig"}  # a leading "to" is not part of the word
    for phrase_only in ("money", "once", "juice", "apple", "gang"):
        assert lexicon.english_to_danish(phrase_only) == frozenset()


def test_inflections_fall_back_to_the_base_form() -> None:
    lexicon = Lexicon(
        {
            "box": frozenset({"kasse"}),
            "house": frozenset({"hus"}),
            "stop": frozenset({"standse"}),
            "city": frozenset({"by"}),
            "news": frozenset({"nyheder"}),
        }
    )
    assert lexicon.english_to_danish("boxes") == {"kasse"}
    assert lexicon.english_to_danish("houses") == {"hus"}
    assert lexicon.english_to_danish("stopped") == {"standse"}
    assert lexicon.english_to_danish("stopping") == {"standse"}
    assert lexicon.english_to_danish("cities") == {"by"}
    assert lexicon.english_to_danish("news") == {"nyheder"}  # a form with its own entry keeps it
    assert lexicon.english_to_danish("glass") == frozenset()
