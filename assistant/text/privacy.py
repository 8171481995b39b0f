"""CPR numbers: found and masked in letters and questions, so that no quote, page or log shows one."""

from __future__ import annotations

import re

# DDMMYY-SSSS (or without the dash, or with a space): a plausible day and month, and no digit or
# dash touching it, so that amounts, periods ("2021-2024") and phone numbers are left alone.
CPR = re.compile(r"(?<![\d-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?![\d-])")
MASK = "XXXXXX-XXXX"


def mask(text: str) -> tuple[str, int]:
    """The text with every CPR-like number replaced by ``MASK``, and how many there were."""
    return CPR.subn(MASK, text)
