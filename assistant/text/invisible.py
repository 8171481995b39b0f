"""Characters no reader sees: terminal escapes, controls, bidirectional overrides, zero-width marks.

They are taken out of questions before a question is read, and out of letters before a letter is
split, so that they change no answer and hide no text.
"""

from __future__ import annotations

import re
import unicodedata

# ESC [ … final byte (CSI), ESC ] … BEL or ESC \ (OSC), and two-byte escapes.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
_DROP = dict.fromkeys(map(ord, _BIDI + _ZERO_WIDTH))
_DROP_BUT_SOFT_HYPHEN = {k: v for k, v in _DROP.items() if k != 0x00AD}
_KEEP = frozenset("\n\t\r\f")


def _is_control(ch: str) -> bool:
    return ch not in _KEEP and unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")


def strip(text: str, keep_soft_hyphen: bool = False) -> str:
    """``text`` without escapes, controls, bidi overrides and zero-width marks; tabs and line
    breaks stay. ``keep_soft_hyphen`` leaves U+00AD, which marks where a letter's word was broken."""
    text = _ANSI.sub("", text).translate(_DROP_BUT_SOFT_HYPHEN if keep_soft_hyphen else _DROP)
    if any(_is_control(ch) for ch in text):
        text = "".join(ch for ch in text if ch == "\u00ad" or not _is_control(ch))
    return text
