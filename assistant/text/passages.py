"""Split a letter into passages by its structure, each with an id, offsets and a role."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.text import cleanup, danish
from assistant.types import Letter, Passage

MAX_TOKENS = 350  # e5 reads 512; room is left for the heading and the "passage: " prompt
_LIST_ITEM = re.compile(r"^\d{1,2}[.)]\s|^[-•*–]\s")
FRAME_ROLES = ("salutation", "signature")  # the letter's frame, not its content
RECIPIENT_HEADING = "Brevets modtager"
SIGNATURE_HEADING = "Brevets afslutning med afsender og underskrift"
_QUESTION_HEADINGS = ("spørgsmål", "dit spørgsmål", "spørgsmålet")


def estimate_tokens(text: str) -> int:
    """A cautious stand-in for a tokenizer: Danish runs about 1.6 subword tokens per word."""
    return int(len(text.split()) * 1.6) + 2


def passage_id(letter_id: str, start: int, end: int) -> str:
    return f"{letter_id}:{start}-{end}"


_NOT_A_HEADING = re.compile(r"\d|@|https?://|www\.|\w:\s+\S")  # numbers, addresses, "Telefon: …"


def _is_heading_line(line: str) -> bool:
    return (
        len(line) <= 60 and not line.rstrip().endswith(tuple('.:;,!?»"”')) and not _NOT_A_HEADING.search(line)
    )


def split(
    letter: Letter,
    count_tokens: Callable[[str], int] = estimate_tokens,
    max_tokens: int = MAX_TOKENS,
) -> list[Passage]:
    """Paragraphs, list items (under their section heading), salutation and signature."""
    text = letter.text
    spans: list[tuple[int, int, str, str]] = []  # start, end, role, heading
    section = ""
    intro = ""
    signature_start: int | None = None
    pos = 0
    for para in text.split("\n\n"):
        start, end = pos, pos + len(para)
        pos = end + 2
        if not para.strip():
            continue
        if signature_start is not None:
            continue
        lines = para.split("\n")
        if cleanup.is_closing(para.split("\n")[0]):
            signature_start = start
            continue
        if para.startswith("Kære "):
            spans.append((start, end, "salutation", RECIPIENT_HEADING))
            continue
        if len(lines) == 1 and _is_heading_line(para):
            section, intro = para.strip(), ""  # a heading on a line of its own leads what follows
            continue
        if len(lines) > 1 and _is_heading_line(lines[0]):
            section = lines[0].strip()
            intro = ""
            start += len(lines[0]) + 1
        if _LIST_ITEM.match(text[start:end]):
            spans.append((start, end, "list_item", intro or section))
            continue
        role = "question" if section.lower() in _QUESTION_HEADINGS else "body"
        spans.append((start, end, role, section))
        intro = text[start:end] if text[start:end].rstrip().endswith(":") else ""
    if signature_start is not None:
        spans.append((signature_start, len(text.rstrip()), "signature", SIGNATURE_HEADING))

    passages: list[Passage] = []
    for start, end, role, long_heading in spans:
        heading = _shorten(long_heading, count_tokens, max_tokens // 2)
        for s, e in _fit(text, start, end, heading, count_tokens, max_tokens):
            passages.append(
                Passage(
                    passage_id=passage_id(letter.letter_id, s, e),
                    letter_id=letter.letter_id,
                    start=s,
                    end=e,
                    text=text[s:e],
                    role=role,
                    heading=heading,
                    page=letter.page_at(s),
                )
            )
    return passages


def _fit(
    text: str,
    start: int,
    end: int,
    heading: str,
    count_tokens: Callable[[str], int],
    max_tokens: int,
) -> list[tuple[int, int]]:
    """Cut a span at sentence ends so that heading plus text stay within the token limit."""
    budget = max_tokens - (count_tokens(heading) if heading else 0)
    if count_tokens(text[start:end]) <= budget:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    cur_start: int | None = None
    cur_end = start
    for s, e in danish.sentence_spans(text[start:end], offset=start):
        if cur_start is not None and count_tokens(text[cur_start:e]) > budget:
            pieces.append((cur_start, cur_end))
            cur_start = None
        if cur_start is None:
            cur_start = s
        cur_end = e
        while count_tokens(text[cur_start:cur_end]) > budget:  # one overlong sentence
            cut = _word_cut(text, cur_start, cur_end, budget, count_tokens)
            if cut >= cur_end:  # a single word over the limit stays whole
                break
            pieces.append((cur_start, cut))
            cur_start = cut + (len(text[cut:cur_end]) - len(text[cut:cur_end].lstrip()))
    if cur_start is not None and cur_start < cur_end:
        pieces.append((cur_start, cur_end))
    return pieces


def _shorten(heading: str, count_tokens: Callable[[str], int], limit: int) -> str:
    """A heading takes at most half the room: the passage's own words come first."""
    words = heading.split()
    while words and count_tokens(" ".join(words) + " …") > limit:
        words.pop()
    if len(words) == len(heading.split()):
        return heading
    return " ".join(words) + " …" if words else ""


def _word_cut(text: str, start: int, end: int, budget: int, count: Callable[[str], int]) -> int:
    """The last word boundary before the budget runs out (at least one word)."""
    cut = start
    for m in re.finditer(r"\S+", text[start:end]):
        if cut > start and count(text[start : start + m.end()]) > budget:
            break
        cut = start + m.end()
    return cut
