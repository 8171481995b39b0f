"""Spelling finds the term difflib finds, without comparing every term in Python."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.index.spelling import Spelling

WORDS = st.text(alphabet="abdeklnorsæøå1", min_size=1, max_size=14)


def _difflib(term: str, vocabulary: set[str]) -> str:
    close = difflib.get_close_matches(term, sorted(vocabulary), n=1, cutoff=0.8)
    return close[0] if close else term


@settings(max_examples=300, deadline=None)
@given(st.sets(WORDS, max_size=80), st.lists(WORDS, min_size=1, max_size=5))
def test_closest_is_difflibs_closest(vocabulary: set[str], terms: list[str]) -> None:
    spelling = Spelling(vocabulary)
    for term in terms:
        assert spelling.closest(term) == _difflib(term, vocabulary)


def test_a_typo_is_corrected_and_a_stranger_is_left_alone() -> None:
    spelling = Spelling(["aktiveringsindsats", "borger", "kommune"])
    assert spelling.closest("aktiveringsindsast") == "aktiveringsindsats"
    assert spelling.closest("xyzzy") == "xyzzy"
