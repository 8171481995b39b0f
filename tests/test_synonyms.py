"""General Danish synonyms (Debian's mythes-da) and the stems of strong verbs."""

from __future__ import annotations

from pathlib import Path

from assistant.text import danish, synonyms


def test_real_thesaurus_bridges_general_words() -> None:
    assert synonyms.load(), "install Debian's mythes-da: apt-get install mythes-da"
    assert danish.stem("arbejdsledig") in synonyms.of("ledig")
    assert danish.stem("arrest") in synonyms.of("fængsel")
    assert synonyms.of("ledige") == synonyms.of("ledig")  # an inflected form finds its headword


def test_a_missing_thesaurus_is_empty_not_an_error(tmp_path: Path) -> None:
    assert synonyms.of("ledig", tmp_path / "none.dat") == frozenset()


def test_a_small_thesaurus_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "th.dat"
    path.write_text("utf-8\nbolig|1\n|hjem|lejlighed|tag over hovedet\n", encoding="utf-8")
    assert synonyms.of("bolig", path) == {danish.stem("hjem"), danish.stem("lejlighed")}


def test_strong_verbs_share_the_stem_of_their_infinitive() -> None:
    assert danish.stem("vedtog") == danish.stem("vedtaget") == danish.stem("vedtage")
    assert danish.stem("underskrev") == danish.stem("underskrevet")
    assert danish.stem("styrkede") == danish.stem("styrket")
    assert danish.stem("led") != danish.stem("lide")  # a noun that looks like a past tense keeps its stem
