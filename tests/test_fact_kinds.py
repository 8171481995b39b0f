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
    ],
)
def test_the_kind_of_fact_asked_for(question: str, kind: str | None) -> None:
    assert analyse(question).answer_type == kind
