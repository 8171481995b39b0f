"""Read a letter's metadata from its own text: recipient, date, question, signatory, sender."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any

from assistant.text import cleanup
from assistant.text.danish import MONTHS
from assistant.types import LetterMeta

_DATE = r"(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})"
_ADMINISTRATION = r"((?:[A-ZÆØÅ][\wæøå]*-\s(?:og|eller)\s)?[A-ZÆØÅ][\wæøå]*forvaltning)(?:en|ens)?"


def iso_date(day: str, month: str, year: str) -> str:
    return f"{int(year):04d}-{MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"


def extract(text: str, fallback_title: str) -> LetterMeta:
    """Metadata found in the letter's text; fields it cannot find are None."""
    paragraphs = text.split("\n\n")
    recipient = None
    m = re.search(r"^Kære\s+([^\n,]+)", text, re.MULTILINE)
    if m:
        recipient = m.group(1).strip()

    date = None
    m = re.search(r"henvendelse\s+af\s+(?:d\.\s*)?" + _DATE, text, re.IGNORECASE)
    m = m or re.search(_DATE, text, re.IGNORECASE)
    if m:
        date = iso_date(m.group(1), m.group(2), m.group(3))

    question = None
    for para in paragraphs:
        head, _, body = para.partition("\n")
        if head.strip().lower() in ("spørgsmål", "dit spørgsmål", "spørgsmålet") and body:
            question = body.strip()
            break

    signatory = signatory_title = None
    sender_line = None
    for i, para in enumerate(paragraphs):
        if cleanup.is_closing(para.split("\n")[0]):
            lines = [ln for p in paragraphs[i + 1 :] for ln in p.split("\n") if ln.strip()]
            if lines:
                signatory = lines[0]
            if len(lines) > 1:
                signatory_title = lines[1]
            if len(lines) > 2:
                sender_line = lines[2]
            break

    sender = sender_line
    if sender is None:
        m = re.search(r"spørgsmål\s+til\s+" + _ADMINISTRATION, text)
        m = m or re.search(_ADMINISTRATION + r"s\s+svar", text)
        if m:
            sender = m.group(1) + "en"

    title = fallback_title
    m = re.search(r"henvendelse[^\n]*?\bom\s+([^.\n]+)", text)
    if m:
        title = f"Svar om {m.group(1).strip()}"
    return LetterMeta(
        title=title,
        recipient=recipient,
        date=date,
        question=question,
        signatory=signatory,
        signatory_title=signatory_title,
        sender=sender,
    )


def override(meta: LetterMeta, sidecar: dict[str, Any]) -> LetterMeta:
    """Apply a sidecar's fields; unknown keys are an error so typos don't pass silently."""
    known = {f.name for f in fields(LetterMeta)}
    unknown = sorted(set(sidecar) - known)
    if unknown:
        raise ValueError(f"ukendte felter i metadata-filen: {', '.join(unknown)}")
    return replace(meta, **sidecar)
