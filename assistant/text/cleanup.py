"""Cleaning a letter's raw text: NFC, whitespace, §57 de-hyphenation, paragraphs and their lines."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from assistant.text.danish import _LETTER, SUSPENSION_WORDS

_SOFT_HYPHEN = "\u00ad"


@functools.lru_cache(maxsize=4)
def read_wordlist(path: str) -> tuple[frozenset[str], frozenset[str]]:
    """Debian's wdanish, read once for both its uses: its entries as written (facts_names.vocabulary)
    and lower-cased (load_wordlist). Both are empty when the file is missing."""
    p = Path(path)
    if not p.exists():
        return frozenset(), frozenset()
    lines = p.read_text(encoding="utf-8").splitlines()
    stripped = [w.strip() for w in lines]
    written = frozenset(stripped) - {""}
    lower = {w.lower() for w in written}
    if stripped.count("") > lines.count(""):
        lower.add("")  # a line of spaces: as the list has always been read
    return written, frozenset(lower)


def load_wordlist(path: str) -> frozenset[str]:
    """Lower-cased Danish words (Debian's wdanish); empty when the file is missing."""
    return read_wordlist(path)[1]


def join_hyphenated(left_line: str, right_line: str, words: frozenset[str]) -> str:
    """Join two lines where ``left_line`` ends in a hyphen, as Retskrivningsreglerne §57 does.

    - before og/eller/samt/til the hyphen marks a shared word part: kept, with a space;
    - after an abbreviation or number (``BIU-``, ``2018-``) it is a real hyphen: kept;
    - if the joined word is a Danish word, the hyphen was only a line break: removed;
    - a capitalized whole word before it and a whole word after it whose join is no word
      is a proper-name compound (``Sikker By-`` + ``sekretariatet``): kept;
    - otherwise it was a line break inside a word (``ban-`` + ``deområdet``): removed.
    """
    stem = left_line[:-1]
    left = re.split(r"[^" + _LETTER + r"0-9]", stem)[-1]
    right_match = re.match(r"[" + _LETTER + r"0-9&]+", right_line)
    right = right_match.group(0) if right_match else ""
    if not left or not right:
        return left_line + right_line
    if right.lower() in SUSPENSION_WORDS:
        return left_line + " " + right_line
    if left.isupper() and len(left) > 1 or any(c.isdigit() for c in left):
        return left_line + right_line
    if (left + right).lower() in words:
        return stem + right_line
    if left[0].isupper() and left.lower() in words and right.lower() in words:
        return left_line + right_line
    return stem + right_line


_HEADING_END = tuple('.:;,!?»"”-')


def _is_heading(line: str, next_line: str) -> bool:
    """A short unpunctuated line followed by a capitalized line is a heading or a name line."""
    return (
        len(line) <= 60
        and not line.endswith(_HEADING_END)
        and bool(next_line)
        and (next_line[0].isupper() or next_line[0].isdigit() or next_line[0] in '”"«„')
    )


_CLOSING = re.compile(r"^((med\s+)?venlig(e)?\s+hils(en|ner)|mvh|kind regards)\b[,.!]?\s*$", re.IGNORECASE)


def is_closing(line: str) -> bool:
    """ "Med venlig hilsen" and its kin: what stands after it is the signature."""
    return _CLOSING.match(line.strip()) is not None


_LIST_MARKER = re.compile(r"^(\d{1,2}[.)]|[-•*–])\s")


def normalize(raw: str, words: frozenset[str] = frozenset()) -> str:
    """NFC, tidy whitespace, joined line-break hyphens; paragraphs end in a blank line.

    Soft-wrapped lines inside a paragraph are joined with a space. Headings, list items and
    the lines of a signature keep their own line.
    """
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    # A soft hyphen at a line end marks where a word was broken: the word is joined.
    text = re.sub(_SOFT_HYPHEN + r"[ \t]*\n[ \t]*", "", text)
    text = text.replace(_SOFT_HYPHEN, "").replace("\u00a0", " ").replace("\t", " ")
    text = text.replace("\f", "\n\n")
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[str] = []
    in_signature = False
    for block in (b for b in blocks if b):
        out: list[str] = [block[0]]
        in_signature = in_signature or is_closing(block[0])
        for i, line in enumerate(block[1:], start=1):
            prev = out[-1]
            hard = (
                in_signature
                or _LIST_MARKER.match(line) is not None
                or ("|" in line and "|" in block[i - 1])  # the rows of a table keep their lines
                or (i == len(out) and _is_heading(block[i - 1], line) and len(out) == i)
            )
            if prev.endswith("-") and len(prev) > 1 and prev[-2] != " ":
                out[-1] = join_hyphenated(prev, line, words)
            elif hard:
                out.append(line)
            else:
                out[-1] = prev + " " + line
        paragraphs.append("\n".join(out))
        in_signature = in_signature or any(is_closing(line) for line in block)
    return "\n\n".join(paragraphs)
