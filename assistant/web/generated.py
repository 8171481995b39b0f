"""The web app's language-model path: verified sentences streamed into the chat, the model asked
outside the answering lock, the notice that a remote model receives the questions, and the staff's
list of removed sentences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assistant.answer.generate import Generator
from assistant.answer.llm import config, open_model
from assistant.answer.service import Assistant
from assistant.errors import BadInputError
from assistant.types import Answer
from assistant.web import render
from assistant.web.render import esc

if TYPE_CHECKING:
    from assistant.web.app import WebApp

INTRO = (
    "Svarene skrives af en sprogmodel ud fra brevene. Hver sætning er kontrolleret mod den kilde, den "
    "henviser til; det, der ikke kan findes i kilden, bliver ikke vist. Hvert tal i firkantet parentes "
    "henviser til en kilde under svaret."
)


def open_generator(assistant: Assistant) -> Generator | None:
    """The configured model's generator, or None (then nothing changes); a Danish error when the
    model is outside the machine and that is not allowed."""
    model = open_model(assistant.settings)
    return Generator(assistant, model, assistant.settings.llm_on_refusal) if model else None


def notice(assistant: Assistant) -> str:
    """For citizens: a remote model receives their questions (shown only then)."""
    cfg = config(assistant.settings)
    if cfg is None or not cfg.remote:
        return ""
    return (
        '<p class="ai-oplysning sprogmodel-oplysning" role="note">'
        "<strong>Dit spørgsmål sendes videre.</strong> "
        f"Svarene formuleres af en sprogmodel hos {esc(cfg.host)}, uden for kommunens server. "
        "Skriv ikke personlige oplysninger i spørgsmålet.</p>"
    )


def typing() -> str:
    """Shown until the first sentence has passed verification."""
    return (
        '<div class="svar"><p class="svartekst skriver" role="status" aria-live="polite">'
        "Assistenten skriver …</p></div>"
    )


def note(answer: Answer) -> str:
    """Under a generated answer: which model wrote it, and that it was checked."""
    if not answer.generated:
        return ""
    return (
        f'<p class="meta sprogmodel">Skrevet af sprogmodellen {esc(answer.model)} og kontrolleret '
        "sætning for sætning mod kilderne.</p>"
    )


def staff_removed(answer: Answer) -> str:
    """For staff: what the model wrote that the check removed, and why."""
    if answer.removed is None:
        return ""
    head = f"Sprogmodel: {esc(answer.model)}. " + (
        "Svaret er genereret."
        if answer.generated
        else f"Det udtrukne svar blev vist ({esc(answer.fallback)})."
    )
    if not answer.removed:
        return f'<div class="svar"><p class="meta">{head} Kontrollen fjernede ingen sætninger.</p></div>'
    rows = "".join(f"<li><q>{esc(r.sentence)}</q> – {esc(r.reason)}</li>" for r in answer.removed)
    return (
        f'<div class="svar"><p class="meta">{head}</p><h4>Fjernet af kontrollen ({len(answer.removed)})</h4>'
        f'<ul class="fjernet">{rows}</ul></div>'
    )


def answer(web: WebApp, text: str, past: tuple[str, ...]) -> Answer:
    """The whole answer at once (the ``ask`` API): the model is not asked under the lock."""
    assert web.generator is not None
    draft = web.prepare(text, past)
    return [step for step in web.generator.stream(draft, streaming=False) if step.final][-1].answer


def _user(text: str) -> dict[str, str]:
    return {"role": "user", "content": esc(text)}


def _bot(html: str) -> dict[str, str]:
    return {"role": "assistant", "content": html}


def respond(
    web: WebApp, question: str, history: list[dict[str, Any]], asked: list[str], session: str, started: float
) -> Iterator[Any]:
    """The chat's reply: a typing indicator, then each sentence once it has passed verification."""
    assert web.generator is not None
    try:
        text, past = web.assistant.validate(question, asked)
        draft = web.prepare(text, past)
    except BadInputError as exc:
        shown = question if len(question) <= 300 else question[:300] + "…"
        yield [*history, _user(shown), _bot(render.error_message(str(exc)))], asked, question
        return
    history = [*history, _user(draft.question.text), _bot(typing())]
    yield history, asked, ""
    final: Answer | None = None
    for step in web.generator.stream(draft):
        if web.cleared.get(session, 0.0) > started:
            yield [], [], ""
            return
        if step.final:
            final = step.answer
            break
        history[-1] = _bot(render.streaming_message(step.answer.answer))
        yield history, asked, ""
    assert final is not None
    key = web.remember(final)
    history[-1] = _bot(web.message(final, key))
    yield history, [*asked, final.question], ""
