"""Whatever a question and a letter hold, the HTML of an answer, its sources and the staff's views
holds only allowlisted tags and attributes: nothing executable, no event handler, no remote image."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.types import Answer, Citation, Hit, Letter, LetterMeta, Passage, ShortAnswer
from assistant.web import render

TAGS = frozenset(
    """div span p mark strong em b i ol ul li a button details summary dialog h1 h2 h3 h4 table thead
    tbody tr th td small br section header footer blockquote q time sup code pre nav form label
    caption dl dt dd""".split()
)
ATTRIBUTES = frozenset(
    """class id role title href tabindex type open datetime lang scope colspan rowspan hidden for
    name value target rel""".split()
)
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '<a href="javascript:alert(3)">klik</a>',
    "![pixel](https://evil.example/p.png)",
    '"><svg onload=alert(4)>',
    "<iframe src=//evil.example></iframe>",
    "javascript:alert(5)",
    "<style>body{background:url(https://evil.example/x)}</style>",
    "[1] [2] [99]",
    "\u202e\u200b\x1b[31m",
    "æøå ÆØÅ « » „ “ & &amp; &lt;",
]
text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)), min_size=1, max_size=8).map(
    " ".join
)


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            allowed = name in ATTRIBUTES or name.startswith(("aria-", "data-"))
            if not allowed or name.startswith("on"):
                self.problems.append(f"attribute {name} on <{tag}>")
            lowered = (value or "").strip().lower().replace("\x00", "")
            if name == "href" and not lowered.startswith(("#", "/", "?")) and lowered:
                self.problems.append(f"href {value!r}")
            if "javascript:" in lowered or "url(" in lowered:
                self.problems.append(f"{name}={value!r}")


def problems(html: str) -> list[str]:
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker.problems


def _letter(body: str, title: str, sender: str) -> tuple[Letter, Passage]:
    full = f"Kære borger\n\n{body or 'tekst'}\n\nMed venlig hilsen"
    start = full.index("\n\n") + 2
    end = start + len(body or "tekst")
    letter = Letter(
        "brev", "brev.txt", "0" * 64, full, LetterMeta(title=title, sender=sender, date="2021-03-22")
    )
    return letter, Passage("brev-p1", "brev", start, end, full[start:end], "body", heading=title)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=text, body=text, title=text, sender=text, cut=st.integers(0, 1000))
def test_answer_source_and_staff_html_hold_only_allowlisted_markup(
    question: str, body: str, title: str, sender: str, cut: int
) -> None:
    letter, passage = _letter(body, title, sender)
    lo = passage.start + cut % max(1, passage.end - passage.start)
    citation = Citation.of(1, letter, passage.passage_id, letter.text[lo : passage.end], lo, passage.end)
    hit = Hit(passage, 0.5)
    answered = Answer(
        question=question,
        history=(question,),
        refused=False,
        answer=f"{question} {body} [1]",
        citations=(citation,),
        retrieved=(hit,),
        short_answer=ShortAnswer.of(letter, lo, passage.end),
    )
    refused = Answer(question, (), True, question, (), (hit,), contact=sender, possibly_relevant=(hit,))
    letters, passages = {"brev": letter}, {passage.passage_id: passage}
    pieces = [
        render.answer_message(answered, letters, passages, "k1"),
        render.answer_message(refused, letters, passages, "k2"),
        render.letter_dialog(letter, lo, passage.end, "k3"),
        render.staff_answer(answered),
        render.staff_citation(citation, letter),
        render.staff_letter(letter, lo, passage.end),
        render.answers_table([("k1", question, answered), ("k2", question, refused)]),
        render.letters_overview(letters, [passage]),
        render.error_message(question),
        render.streaming_message(question),
    ]
    for html in pieces:
        assert problems(html) == [], html
