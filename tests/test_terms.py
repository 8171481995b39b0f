"""TermSet and Vocabulary answer exactly as danish.stem_match compared term by term."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text.danish import stem_match
from assistant.text.terms import TermSet, Vocabulary

WORDS = st.text(alphabet="abeknrsæø", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=60), st.data())
def test_holds_any_is_stem_match_over_every_term(vocabulary: list[str], data: st.DataObject) -> None:
    vocab = Vocabulary(vocabulary)
    terms = TermSet(
        data.draw(st.lists(st.sampled_from(vocabulary), max_size=20)) if vocabulary else [], vocab
    )
    stems = frozenset(data.draw(st.lists(WORDS | st.sampled_from(vocabulary or ["x"]), max_size=4)))
    assert terms.holds_any(stems) == any(stem_match(a, t) for a in stems for t in terms)


@given(st.lists(WORDS, max_size=40), WORDS)
def test_longer_ending_with_is_a_scan_for_longer_terms_with_that_ending(terms: list[str], head: str) -> None:
    found = TermSet(terms, Vocabulary(terms)).longer_ending_with(head)
    assert sorted(found) == sorted({c for c in terms if c.endswith(head) and len(c) > len(head)})


def test_a_compound_is_found_by_its_parts_but_not_the_other_way() -> None:
    vocab = Vocabulary(["fritidsjob", "fritidsjobindsats", "indsats"])
    assert TermSet(["fritidsjobindsats"], vocab).holds_any(frozenset({"fritidsjob"}))
    assert not TermSet(["indsats"], vocab).holds_any(frozenset({"fritidsjobindsats"}))
