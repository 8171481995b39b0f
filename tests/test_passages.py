"""Passages: roles, headings, ids and offsets, token limits, and the offset invariant."""

from __future__ import annotations

import contextlib
import re
import signal
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text import cleanup, letters, passages
from assistant.types import Letter, LetterMeta, Passage

SEED = Path(__file__).resolve().parent.parent / "corpus" / "000_4d500aeb584640b9.txt"
WORDLIST = "/usr/share/dict/danish"


def make_letter(text: str, page_starts: tuple[int, ...] = ()) -> Letter:
    return Letter(
        letter_id="brev",
        path="brev.txt",
        sha256="0" * 64,
        text=text,
        meta=LetterMeta(title="brev"),
        page_starts=page_starts,
    )


def word_count(text: str) -> int:
    return len(text.split())


def assert_well_formed(letter: Letter, got: list[Passage]) -> None:
    """The invariant, ids, bounds, order and no overlap."""
    previous_end = 0
    for p in got:
        assert letter.text[p.start : p.end] == p.text
        assert 0 <= p.start < p.end <= len(letter.text)
        assert p.start >= previous_end, f"{p.passage_id} overlaps the passage before it"
        assert p.passage_id == passages.passage_id(letter.letter_id, p.start, p.end)
        assert p.letter_id == letter.letter_id
        assert p.text == p.text.strip()
        assert p.page == letter.page_at(p.start)
        previous_end = p.end
    assert len({p.passage_id for p in got}) == len(got)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- the seed letter ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Letter:
    return letters.load_letter(SEED.parent, SEED, cleanup.load_wordlist(WORDLIST))


@pytest.fixture(scope="module")
def seed_passages(seed: Letter) -> list[Passage]:
    return passages.split(seed)


def test_seed_roles_in_order(seed_passages: list[Passage]) -> None:
    assert [p.role for p in seed_passages] == [
        "salutation", "body", "question", "body", "body", "body",
        "list_item", "list_item", "list_item", "signature",
    ]  # fmt: skip


def test_seed_salutation_and_signature(seed_passages: list[Passage]) -> None:
    first, last = seed_passages[0], seed_passages[-1]
    assert (first.role, first.text, first.heading) == (
        "salutation",
        "Kære Astrid Aller",
        passages.RECIPIENT_HEADING,
    )
    assert last.role == "signature"
    assert last.heading == passages.SIGNATURE_HEADING
    assert last.text == "Med venlig hilsen\n\nJeppe Bøgh Andersen\nKst. adm. direktør"


def test_seed_list_items_sit_under_the_list_intro(seed_passages: list[Passage]) -> None:
    items = [p for p in seed_passages if p.role == "list_item"]
    assert [p.text[:3] for p in items] == ["1. ", "2. ", "3. "]
    assert items[0].text.startswith("1. ”Styrket aktiveringsindsats for ledige med banderelationer”.")
    assert items[2].text.endswith("sårbare over for involvering i bandemiljøer.")
    for item in items:
        assert "tre indsatser" in item.heading
        assert item.heading.endswith("bandekriminalitet:")
        assert item.context == f"{item.heading}\n{item.text}"


def test_seed_question_passage(seed_passages: list[Passage]) -> None:
    [question] = [p for p in seed_passages if p.role == "question"]
    assert question.text.startswith("Du har ønsket")
    assert question.heading == "Spørgsmål"
    assert "Spørgsmål" not in question.text  # the heading line is not part of the passage


def test_seed_body_passages_carry_the_section_heading(seed_passages: list[Passage]) -> None:
    bodies = [p for p in seed_passages if p.role == "body"]
    assert bodies[0].heading == ""
    assert bodies[0].text.startswith("Tak for din henvendelse")
    assert {p.heading for p in bodies[1:]} == {"Beskæftigelses- og Integrationsforvaltningens svar"}
    assert bodies[1].text.startswith("Københavns Kommunes overordnede politik")


def test_seed_invariant_ids_and_no_overlap(seed: Letter, seed_passages: list[Passage]) -> None:
    assert_well_formed(seed, seed_passages)
    for p in seed_passages:
        assert p.passage_id == f"000_4d500aeb584640b9:{p.start}-{p.end}"
        assert p.page is None  # a .txt letter has no pages


def test_seed_passages_cover_all_but_headings(seed: Letter, seed_passages: list[Passage]) -> None:
    covered = set().union(*(range(p.start, p.end) for p in seed_passages))
    left_out = "".join(c if i not in covered else "\x00" for i, c in enumerate(seed.text))
    assert [part.strip() for part in left_out.split("\x00") if part.strip()] == [
        "Spørgsmål",
        "Beskæftigelses- og Integrationsforvaltningens svar",
    ]


def test_passage_id_is_derived_from_letter_id_and_offsets() -> None:
    assert passages.passage_id("000_4d500aeb584640b9", 19, 201) == "000_4d500aeb584640b9:19-201"
    assert passages.passage_id("a", 1, 2) != passages.passage_id("a", 1, 3)


def test_split_is_deterministic(seed: Letter) -> None:
    assert passages.split(seed) == passages.split(seed)


def test_seed_with_small_max_tokens(seed: Letter) -> None:
    got = passages.split(seed, max_tokens=40)
    assert len(got) > len(passages.split(seed))
    assert_well_formed(seed, got)
    for p in got:
        assert passages.estimate_tokens(p.context) <= 40
    assert {p.role for p in got} == {"salutation", "body", "question", "list_item", "signature"}


# -- cutting long paragraphs --------------------------------------------------------------------

SENTENCES = [f"Indsats nummer {n} virker godt." for n in range(1, 13)]  # five words each


def test_long_paragraph_is_cut_at_sentence_ends() -> None:
    letter = make_letter("Overskrift\n" + " ".join(SENTENCES))
    got = passages.split(letter, max_tokens=40)  # 40 - 3 for the heading: four sentences fit
    assert_well_formed(letter, got)
    assert [p.text for p in got] == [" ".join(SENTENCES[i : i + 4]) for i in (0, 4, 8)]
    for p in got:
        assert p.heading == "Overskrift"
        assert passages.estimate_tokens(p.context) <= 40


def test_cut_uses_the_given_counter() -> None:
    letter = make_letter("Overskrift\n" + " ".join(SENTENCES))
    got = passages.split(letter, count_tokens=word_count, max_tokens=12)  # 11 words: two sentences
    assert_well_formed(letter, got)
    assert [p.text for p in got] == [" ".join(SENTENCES[i : i + 2]) for i in range(0, 12, 2)]
    for p in got:
        assert word_count(p.context) <= 12


def test_short_paragraph_is_not_cut() -> None:
    letter = make_letter(" ".join(SENTENCES))
    [p] = passages.split(letter, max_tokens=200)
    assert (p.start, p.end, p.role, p.heading) == (0, len(letter.text), "body", "")


def test_overlong_sentence_is_cut_at_words() -> None:
    words = [f"ord{n}" for n in range(30)]
    letter = make_letter(" ".join(words) + ".")
    got = passages.split(letter, count_tokens=word_count, max_tokens=8)
    assert_well_formed(letter, got)
    assert [len(p.text.split()) for p in got] == [8, 8, 8, 6]
    assert " ".join(p.text for p in got) == letter.text


def test_pdf_passages_carry_page_numbers() -> None:
    text = "Kære Astrid Aller\n\nFørste side om bander.\n\nAnden side om indsatser."
    letter = make_letter(text, page_starts=(0, text.index("Anden")))
    got = passages.split(letter)
    assert [(p.text, p.page) for p in got] == [
        ("Kære Astrid Aller", 1),
        ("Første side om bander.", 1),
        ("Anden side om indsatser.", 2),
    ]


def test_limit_below_one_word_gives_one_word_pieces_not_empty_ones() -> None:
    letter = make_letter("En sætning med flere ord. En til sætning her.")
    got = passages.split(letter, max_tokens=2)  # estimate: "" costs 2, any word 3
    assert_well_formed(letter, got)
    assert " ".join(p.text for p in got) == letter.text


def test_split_terminates_when_the_heading_fills_the_budget() -> None:
    letter = make_letter("Overskrift med mange ord her i\nEn sætning med flere ord. En til sætning her.")
    with time_limit(1.0):
        got = passages.split(letter, max_tokens=12)  # the heading alone costs 11
    assert_well_formed(letter, got)
    assert " ".join(p.text for p in got) == letter.text.split("\n")[1]


def test_signature_after_med_venlige_hilsner() -> None:
    letter = make_letter("Kære Ole\n\nTak for brevet.\n\nMed venlige hilsner\n\nMette Jensen\nKontorchef")
    assert [p.role for p in passages.split(letter)] == ["salutation", "body", "signature"]


# -- property: random letters -------------------------------------------------------------------

_VOCABULARY = (
    "bande indsats indsatsen ledige borgere område job uddannelse strategien unge får tilbud "
    "målrettet handleplan aktivering kriminalitet forebyggende udvalget fokus sårbare og i på "
    "til med for kr. mio. p.t. ift. ifm. 12,6 2018 2021-24 d. 1. marts København Sikker "
    "By-strategien Jobcenter Beskæftigelses- BIU ”Styrket” (se bilag)"
).split()
_WORD = st.one_of(
    st.sampled_from(_VOCABULARY),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=1, max_size=10),
)


@st.composite
def _sentence(draw: st.DrawFn, max_words: int = 12, end: str | None = None) -> str:
    words = draw(st.lists(_WORD, min_size=1, max_size=max_words))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + (end if end is not None else draw(st.sampled_from(".!?")))


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    text = " ".join(draw(st.lists(_sentence(), min_size=1, max_size=5)))
    width = draw(st.one_of(st.none(), st.integers(min_value=20, max_value=90)))
    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False)) if width else text


@st.composite
def _block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["paragraph", "heading", "list"]))
    if kind == "paragraph":
        return draw(_paragraph())
    if kind == "heading":
        heading = " ".join(draw(st.lists(_WORD, min_size=1, max_size=4))).rstrip('.:;,!?»"”-')
        return f"{heading[:1].upper()}{heading[1:] or 'x'}\n{draw(_paragraph())}"
    intro = draw(_sentence(max_words=6, end=":"))
    items = draw(st.lists(_paragraph(), min_size=1, max_size=3))
    separator = draw(st.sampled_from(["\n", "\n\n"]))
    return intro + "\n\n" + separator.join(f"{n}. {item}" for n, item in enumerate(items, 1))


@st.composite
def _raw_letter(draw: st.DrawFn) -> str:
    blocks = []
    if draw(st.booleans()):
        blocks.append("Kære " + draw(st.sampled_from(["Astrid Aller", "Ole", "borger"])))
    blocks += draw(st.lists(_block(), min_size=1, max_size=5))
    if draw(st.booleans()):
        closing = draw(st.sampled_from(["Med venlig hilsen", "Venlig hilsen"]))
        names = draw(
            st.lists(st.sampled_from(["Jeppe Bøgh Andersen", "Kst. adm. direktør", "BIF"]), max_size=3)
        )
        blocks.append(closing + draw(st.sampled_from(["\n\n", "\n"])) + "\n".join(names))
    return draw(st.sampled_from(["\n\n", "\n\n\n", "\n \n"])).join(blocks)


@settings(max_examples=100, deadline=None)
@given(
    raw=_raw_letter(),
    max_tokens=st.one_of(st.integers(min_value=60, max_value=120), st.integers(min_value=60, max_value=400)),
    count_tokens=st.sampled_from([passages.estimate_tokens, word_count]),
    paged=st.booleans(),
)
def test_split_property(raw: str, max_tokens: int, count_tokens: Callable[[str], int], paged: bool) -> None:
    text = cleanup.normalize(raw, frozenset({"bandeområdet"}))
    letter = make_letter(text, page_starts=(0, len(text) // 2) if paged else ())
    got = passages.split(letter, count_tokens=count_tokens, max_tokens=max_tokens)
    assert got
    assert_well_formed(letter, got)
    for p in got:
        assert count_tokens(p.context) <= max_tokens
    # only heading lines are left out of the passages
    covered = set().union(*(range(p.start, p.end) for p in got))
    headings = {line for p in got for line in p.heading.split("\n")}
    for m in re.finditer(r"[^\n]+", text):
        if any(i not in covered and not text[i].isspace() for i in range(m.start(), m.end())):
            assert m.group(0) in headings
