"""HTML for the web app: answers, source cards and letters, every piece of text escaped here."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from assistant.answer.verdicts import Verdict
from assistant.text import danish
from assistant.types import Answer, Citation, Hit, Letter, Passage

_REF = re.compile(r"\[(\d{1,2})\]")


def esc(text: object) -> str:
    """Text as inert HTML: tags, entities and quotes escaped; markdown is not rendered at all."""
    return html.escape("" if text is None else str(text), quote=True)


def danish_date(iso: str | None) -> str:
    return danish.long_date(iso) if iso else "ukendt dato"


def marked(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> str:
    """``text[lo:hi]`` escaped, with ``text[start:end]`` in <mark>, placed by offsets, never by search."""
    hi = len(text) if hi is None else hi
    start, end = max(lo, min(start, hi)), max(lo, min(end, hi))
    return f"{esc(text[lo:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:hi])}"


def with_refs(escaped: str, buttons: bool = False) -> str:
    """Inline [n] markers styled as references; the text keeps its literal [n].

    As buttons (a finished answer), each is named "kilde n", what a screen reader says, and the page's
    script moves focus to source card n. Otherwise (still streaming, the staff view) they are text.
    """
    if not buttons:
        return _REF.sub(r'<span class="ref">[\1]</span>', escaped)
    return _REF.sub(r'<button type="button" class="ref" aria-label="kilde \1">[\1]</button>', escaped)


def meta_line(when: str | None, sender: str | None, page: int | None) -> str:
    page_text = f"Side {page}" if page else "Uden sidetal"
    return (
        f'<p class="meta"><span>Dato: {esc(danish_date(when))}</span>'
        f"<span>Afsender: {esc(sender or 'ukendt afsender')}</span><span>{page_text}</span></p>"
    )


def letter_block(letter: Letter, start: int, end: int) -> str:
    """The whole letter, the span highlighted; the box scrolls to the mark when shown."""
    return f'<div class="brevtekst" tabindex="0">{marked(letter.text, start, end)}</div>'


def letter_dialog(letter: Letter, start: int, end: int, key: str) -> str:
    m = letter.meta
    return (
        '<button type="button" class="vis-brev">Vis hele brevet</button>'
        f'<dialog class="brev-dialog" id="{key}-dlg" aria-labelledby="{key}-h">'
        f'<div class="dialog-hoved"><h2 id="{key}-h">{esc(m.title)}</h2>'
        '<button type="button" class="luk-brev">Luk</button></div>'
        f"{meta_line(m.date, m.sender, letter.page_at(start))}"
        f"{letter_block(letter, start, end)}</dialog>"
    )


def source_card(c: Citation, letter: Letter, passage: Passage | None, key: str) -> str:
    """A numbered card: title, date, sender, page, the quote marked inside its passage."""
    lo, hi = (passage.start, passage.end) if passage else (c.start, c.end)
    return (
        f'<li class="kort" id="{key}-k{c.n}"><p class="kort-titel"><span class="nr">[{c.n}]</span> '
        f"<strong>{esc(c.title)}</strong></p>{meta_line(c.date, c.sender, c.page)}"
        f'<blockquote class="passage">{marked(letter.text, c.start, c.end, lo, hi)}</blockquote>'
        f"{letter_dialog(letter, c.start, c.end, f'{key}-k{c.n}')}</li>"
    )


def maybe_card(hit: Hit, letter: Letter, key: str) -> str:
    p = hit.passage
    return (
        f'<li class="kort muligvis"><p class="kort-titel"><strong>{esc(letter.meta.title)}</strong></p>'
        f"{meta_line(letter.meta.date, letter.meta.sender, p.page)}"
        f'<blockquote class="passage">{esc(p.text)}</blockquote>'
        f"{letter_dialog(letter, p.start, p.end, key)}</li>"
    )


def answer_message(
    answer: Answer, letters: Mapping[str, Letter], passages: Mapping[str, Passage], key: str
) -> str:
    """The assistant's chat message: the answer with [n] markers and its source cards, or a refusal.

    The message's id (its key) marks it as finished: the page announces it once, in its live region.
    The chat's sanitizer drops aria-* attributes, so the page's script sets the markers' names again.
    """
    if answer.refused:
        return refusal_message(answer, letters, key)
    cards = "".join(
        source_card(c, letters[c.letter_id], passages.get(c.passage_id), key)
        for c in answer.citations
        if c.letter_id in letters
    )
    short = (
        f'<p class="kortsvar"><strong>{esc(answer.short_answer.text)}</strong></p>'
        if answer.short_answer
        else ""
    )
    return (
        f'<div class="svar" id="{key}">{short}'
        f'<p class="svartekst">{with_refs(esc(answer.answer), buttons=True)}</p>'
        f'<h3 class="kilder-overskrift">Kilder</h3><ol class="kilder">{cards}</ol></div>'
    )


def refusal_message(answer: Answer, letters: Mapping[str, Letter], key: str) -> str:
    maybe = "".join(
        maybe_card(h, letters[h.passage.letter_id], f"{key}-m{i}")
        for i, h in enumerate(answer.possibly_relevant)
        if h.passage.letter_id in letters
    )
    contact = (
        f'<p class="kontakt"><strong>Hvem kan svare?</strong> {esc(answer.contact)}</p>'
        if answer.contact
        else ""
    )
    section = (
        '<h3 class="kilder-overskrift">Muligvis relevante passager (besvarer ikke spørgsmålet)</h3>'
        f'<ul class="kilder">{maybe}</ul>'
        if maybe
        else ""
    )
    return (
        f'<div class="afvisning" id="{key}"><p class="afvisning-maerke">Intet svar i brevene</p>'
        f'<p class="svartekst">{esc(answer.answer)}</p>{contact}{section}</div>'
    )


def streaming_message(text_so_far: str, refused: bool = False) -> str:
    """The answer while it streams in (a refusal already looks like one); ▍ marks it unfinished."""
    kind = "afvisning" if refused else "svar"
    return f'<div class="{kind}"><p class="svartekst">{with_refs(esc(text_so_far))}▍</p></div>'


def error_message(message: str) -> str:
    return f'<div class="fejl" role="alert"><strong>Det gik ikke:</strong> {esc(message)}</div>'


def page_header(title: str) -> str:
    """The title and the AI disclosure (AI Act art. 50), above every tab."""
    return (
        f'<header class="topbar"><h1>{esc(title)}</h1><p>Svar fra kommunens breve om bandepolitik, '
        "med henvisning til de præcise steder i brevene.</p></header>"
        '<p class="ai-oplysning" role="note"><strong>Du bruger en AI-assistent.</strong> Den svarer kun '
        "ud fra kommunens breve og kan tage fejl. Kontrollér altid svaret mod kilderne. "
        "(Oplysning efter EU's AI-forordning, artikel 50.)</p>"
    )


def section(title: str, text: str) -> str:
    return f'<div class="sidehoved"><h2>{esc(title)}</h2><p class="meta">{esc(text)}</p></div>'


def status(text: str) -> str:
    return f'<p class="gemt" role="status">{esc(text)}</p>'


def staff_answer(answer: Answer) -> str:
    """The question (with its history) and the answer given, for the staff page."""
    history = "".join(f"<li>{esc(h)}</li>" for h in answer.history)
    history = f'<p class="meta">Tidligere spørgsmål:</p><ol>{history}</ol>' if history else ""
    outcome = "Afvist: ingen kilder at vurdere" if answer.refused else f"{len(answer.citations)} kilde(r)"
    return (
        f'<div class="svar"><p><strong>Spørgsmål:</strong> {esc(answer.question)}</p>{history}'
        f'<p class="svartekst">{with_refs(esc(answer.answer))}</p>'
        f'<p class="meta"><span>Udfald: {outcome}</span>'
        f"<span>Svartid: {answer.latency_ms:.0f} ms</span></p></div>"
    )


def staff_citation(c: Citation, letter: Letter) -> str:
    """The citation's facts for checking: quote, ids, offsets and the letter's hash."""
    return (
        f'<div class="kort"><p class="kort-titel"><span class="nr">[{c.n}]</span> '
        f"<strong>{esc(c.title)}</strong></p>{meta_line(c.date, c.sender, c.page)}"
        f'<blockquote class="passage"><mark>{esc(c.quote)}</mark></blockquote>'
        f'<dl class="fakta"><dt>Brev-id</dt><dd><code>{esc(c.letter_id)}</code></dd>'
        f"<dt>Passage-id</dt><dd><code>{esc(c.passage_id)}</code></dd>"
        f"<dt>Tegn</dt><dd>{c.start}–{c.end}</dd>"
        f"<dt>SHA-256</dt><dd><code>{esc(letter.sha256[:16])}…</code></dd></dl></div>"
    )


def staff_letter(letter: Letter, start: int, end: int) -> str:
    m = letter.meta
    return (
        f'<div class="brevpanel"><h3>{esc(m.title)}</h3>{meta_line(m.date, m.sender, letter.page_at(start))}'
        f"{letter_block(letter, start, end)}</div>"
    )


def answers_table(rows: Sequence[tuple[str, str, Answer]]) -> str:
    """(id, time, answer) rows, newest first."""
    if not rows:
        return '<p class="tom">Der er ikke givet nogen svar endnu.</p>'
    body = "".join(
        f"<tr><td>{esc(i)}</td><td>{esc(t)}</td><td>{esc(a.question)}</td>"
        f"<td>{'Afvist' if a.refused else 'Besvaret'}</td><td>{len(a.citations)}</td></tr>"
        for i, t, a in rows
    )
    return (
        '<div class="tabel-boks" tabindex="0"><table class="tabel"><caption>Svar givet siden start</caption>'
        '<thead><tr><th scope="col">Nr.</th><th scope="col">Tid</th><th scope="col">Spørgsmål</th>'
        '<th scope="col">Udfald</th><th scope="col">Kilder</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def verdicts_table(items: Sequence[Verdict]) -> str:
    if not items:
        return '<p class="tom">Ingen vurderinger gemt endnu.</p>'
    body = "".join(
        f"<tr><td>{esc(v.recorded_at)}</td><td><code>{esc(v.passage_id)}</code></td>"
        f"<td>{v.start}–{v.end}</td><td>{esc(v.verdict)}</td><td>{esc(v.reason)}</td></tr>"
        for v in reversed(items)
    )
    return (
        '<div class="tabel-boks" tabindex="0"><table class="tabel"><caption>Gemte vurderinger</caption>'
        '<thead><tr><th scope="col">Tid (UTC)</th><th scope="col">Passage</th><th scope="col">Tegn</th>'
        f'<th scope="col">Vurdering</th><th scope="col">Begrundelse</th></tr></thead><tbody>{body}</tbody>'
        "</table></div>"
    )


def letters_overview(letters: Mapping[str, Letter], passages: Sequence[Passage]) -> str:
    """Every letter: its metadata, then its passages with ids, roles and offsets."""
    parts = []
    for letter in sorted(letters.values(), key=lambda x: x.letter_id):
        m = letter.meta
        facts = [
            ("Brev-id", letter.letter_id),
            ("Fil", letter.path),
            ("Dato", danish_date(m.date)),
            ("Modtager", m.recipient),
            ("Afsender", m.sender),
            ("Underskrevet af", ", ".join(x for x in (m.signatory, m.signatory_title) if x)),
            ("Borgerens spørgsmål", m.question),
            ("SHA-256", letter.sha256),
            ("Syntetisk", "ja" if m.synthetic else "nej"),
        ]
        dl = "".join(f"<dt>{k}</dt><dd>{esc(v or '–')}</dd>" for k, v in facts)
        rows = "".join(
            f"<tr><td><code>{esc(p.passage_id)}</code></td><td>{esc(p.role)}</td>"
            f"<td>{p.start}–{p.end}</td><td>{esc(p.text)}</td></tr>"
            for p in passages
            if p.letter_id == letter.letter_id
        )
        parts.append(
            f'<details class="brevoversigt"><summary>{esc(m.title)} ({esc(danish_date(m.date))})</summary>'
            f'<dl class="fakta">{dl}</dl><div class="tabel-boks" tabindex="0"><table class="tabel">'
            '<caption>Passager</caption><thead><tr><th scope="col">Passage-id</th><th scope="col">Rolle</th>'
            f'<th scope="col">Tegn</th><th scope="col">Tekst</th></tr></thead><tbody>{rows}</tbody></table>'
            "</div></details>"
        )
    return f'<p class="meta">{len(letters)} breve, {len(passages)} passager.</p>' + "".join(parts)


# Colours are set on every element we render, so they stay legible in Gradio's dark mode too.
