"""The Gradio web app: the citizens' chat, the staff's source check, evaluation, and the `ask` API."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answer.generate import Draft
from assistant.answer.service import Assistant
from assistant.answer.verdicts import VerdictStore
from assistant.errors import AssistantError, BadInputError
from assistant.types import Answer
from assistant.web import busy, generated, render, statement
from assistant.web.busy import BUSY, Admission, bounded
from assistant.web.guard import guarded
from assistant.web.recent import Recent, mask_cpr

TITLE = "Spørg om bandepolitikken"
EXAMPLES = (
    "Hvad er den styrkede aktiveringsindsats?",
    "Hvor mange penge blev der afsat til den?",
    "Hvilke indsatser har forvaltningen mod bandekriminalitet?",
    "Hvad er Sikker By-strategien?",
)
STREAM_WORDS, STREAM_PAUSE = 2, 0.04  # the answer is ready at once; streaming paces the reading
MAX_LOG = 1000


class Busy(AssistantError):
    """More questions wait than the queue holds: the citizen is told so in Danish, not given an error."""


class WebApp:
    """The assistant, the verdict store and the answers given since start, shared by all sessions."""

    def __init__(self, assistant: Assistant, store: VerdictStore) -> None:
        self.assistant = assistant
        self.store = store
        self.passages = {p.passage_id: p for p in assistant.passages}
        s = assistant.settings
        self.log = Recent(min(s.staff_log_max, MAX_LOG), s.staff_log_minutes)  # masked, in memory only
        self.admission = Admission(s.web_queue)
        self.port = 0
        self._lock = threading.Lock()  # the index is shared; answers take milliseconds
        self.tmp = tempfile.TemporaryDirectory(prefix="bandepolitik-web-")  # exports; Gradio copies them
        self.cleared: dict[str, float] = {}  # session -> when it last cleared its conversation
        self.generator = generated.open_generator(assistant)  # None without a language model

    def ask(self, question: object, history: object = ()) -> tuple[str, Answer]:
        """Answer and remember; raises BadInputError with a Danish message, Busy when too many wait.
        Quotes staff marked "Forkert" for this question are left out (the next best, or the refusal)."""
        text, past = self.assistant.validate(question, history)
        if self.generator is not None:  # the model is asked outside the lock
            answer = generated.answer(self, text, past)
            return self.remember(answer), answer
        if not self.admission.enter():
            raise Busy(BUSY)
        try:
            with self._lock:
                wrong = self.store.wrong_spans(text)  # validate() has masked it already
                answer = self.assistant.ask(text, past, exclude=wrong)
                changed = self._changed(text, past, answer) if wrong else ""
        finally:
            self.admission.leave()
        return self.log.add(answer, changed), answer

    def _changed(self, text: str, past: tuple[str, ...], answer: Answer) -> str:
        """What the "Forkert" verdicts took out of this answer (empty when they took nothing)."""
        before = self.assistant.ask(text, past)
        now = {(c.letter_id, c.start, c.end) for c in answer.citations}
        gone = [c.quote for c in before.citations if (c.letter_id, c.start, c.end) not in now]
        if not gone:
            return ""
        instead = "afvisning" if answer.refused else "næstbedste kilde"
        return f"Fjernet: «{' / '.join(gone)}» → {instead}"

    def prepare(self, text: str, past: tuple[str, ...]) -> Draft:
        """Retrieval and the extractive answer for the model, under the lock (milliseconds)."""
        assert self.generator is not None
        with self._lock:
            return self.generator.prepare(text, past)

    def remember(self, answer: Answer) -> str:
        """Keep a generated answer for staff (masked, bounded); its key."""
        return self.log.add(answer)

    def clear(self, session: str) -> None:
        self.cleared[session] = time.monotonic()
        while len(self.cleared) > MAX_LOG:
            del self.cleared[next(iter(self.cleared))]

    def rows(self) -> list[tuple[str, str, Answer]]:
        return [(k, e.shown_at, e.answer) for k, e in self.log.items()]

    def message(self, answer: Answer, key: str) -> str:
        html = render.answer_message(answer, self.assistant.letters, self.passages, f"a{key}")
        return html + generated.note(answer)

    def verdict(
        self,
        letter_id: str,
        passage_id: str,
        start: int,
        end: int,
        verdict: str,
        reason: str = "",
        question: str = "",
        staff: str = "",
    ) -> dict[str, Any]:
        """Check the citation against the index (offsets inside the passage), then store the verdict."""
        letter = self.assistant.letters.get(letter_id)
        passage = self.passages.get(passage_id)
        if letter is None or passage is None or passage.letter_id != letter_id:
            raise BadInputError("Kilden findes ikke i brevene.")
        if not passage.start <= int(start) < int(end) <= passage.end:
            raise BadInputError("Kildens placering ligger uden for passagen.")
        item = self.store.record(
            letter_id=letter_id,
            letter_sha256=letter.sha256,
            passage_id=passage_id,
            start=int(start),
            end=int(end),
            verdict=verdict,
            reason=reason,
            question=mask_cpr((question or "").strip()[: self.assistant.settings.max_question_chars]),
            staff=staff,
        )
        return asdict(item)

    def export(self) -> str:
        out = Path(tempfile.mkdtemp(dir=self.tmp.name)) / "vurderinger.csv"
        return str(self.store.export_csv(out))


def _user(text: str) -> dict[str, str]:
    return {"role": "user", "content": render.esc(text)}


def _bot(html: str) -> dict[str, str]:
    return {"role": "assistant", "content": html}


def citizen_page(web: WebApp) -> None:
    """Chat with streamed, cited answers; follow-ups carry the earlier questions as history."""
    intro = (
        "Svarene citerer brevene ordret. Hvert tal i firkantet parentes henviser til en kilde under svaret."
    )
    if web.generator is not None:
        intro = generated.INTRO
    gr.HTML(render.section("Stil et spørgsmål", intro) + generated.notice(web.assistant))
    chat = gr.Chatbot(
        label="Samtale",
        height=620,
        render_markdown=False,
        sanitize_html=True,
        latex_delimiters=[],
        buttons=[],
        feedback_options=None,
        placeholder="<p>Skriv dit spørgsmål nedenfor, eller vælg et eksempel.</p>",
        elem_id="samtale",
    )
    past = gr.State([])
    # The chat's own log region would read every streamed chunk; the page's JS silences it and puts each
    # finished answer here, once.
    gr.HTML('<div id="opslag" class="kun-skaermlaeser" aria-live="polite" aria-atomic="true"></div>')
    with gr.Row(equal_height=True, elem_id="spoerg-raekke"):
        box = gr.Textbox(
            label="Dit spørgsmål",
            placeholder="Fx: Hvad er den styrkede aktiveringsindsats?",
            max_length=web.assistant.settings.max_question_chars,
            scale=6,
            elem_id="spoergsmaal",
        )
        send = gr.Button("Send", variant="primary", scale=1, min_width=100, elem_id="send")
        clear = gr.Button("Ryd samtalen", variant="secondary", scale=1, min_width=100, elem_id="ryd")
    gr.HTML(
        '<p class="ai-kort">Svarene er lavet af en AI-assistent ud fra kommunens breve. '
        'Kontrollér dem mod kilderne.</p><h3 class="lille-overskrift">Eksempler på spørgsmål</h3>'
    )
    with gr.Row(elem_classes=["eksempler"]):
        examples = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]

    def respond(
        question: str, history: list[dict[str, Any]], asked: list[str], request: gr.Request
    ) -> Iterator[Any]:
        history, asked = list(history or []), list(asked or [])
        session, started = request.session_hash or "", time.monotonic()
        if not (question or "").strip():
            gr.Warning("Skriv et spørgsmål.", title="Intet spørgsmål")
            yield history, asked, question
            return
        if web.generator is not None:  # sentences stream in as they pass verification
            yield from generated.respond(web, question, history, asked, session, started)
            return
        try:
            key, answer = web.ask(question, asked)
        except Busy:
            yield from busy_reply(question, history, asked, request)
            return
        except BadInputError as exc:
            shown = question if len(question) <= 300 else question[:300] + "…"
            yield [*history, _user(shown), _bot(render.error_message(str(exc)))], asked, question
            return
        history += [_user(answer.question), _bot("")]
        words = answer.answer.split(" ")
        for i in [*range(STREAM_WORDS, len(words), STREAM_WORDS), 0]:
            if web.cleared.get(session, 0.0) > started:
                # "Ryd samtalen" was pressed. A chunk sent just before may land after the cleared chat,
                # so this stream's own last word is the empty chat too.
                yield [], [], ""
                return
            if i:
                history[-1] = _bot(render.streaming_message(" ".join(words[:i]), answer.refused))
                yield history, asked, ""
                time.sleep(STREAM_PAUSE)
        history[-1] = _bot(web.message(answer, key))
        yield history, [*asked, answer.question], ""

    def busy_reply(
        question: str, history: list[dict[str, Any]], asked: list[str], request: gr.Request
    ) -> Iterator[Any]:
        """The question stays in the box, to be sent again in a moment."""
        shown = (question or "")[:300]
        yield [*(history or []), _user(shown), _bot(busy.message())], list(asked or []), question

    respond = bounded(guarded(respond), when_full=busy_reply)
    io: dict[str, Any] = {"inputs": [box, chat, past], "outputs": [chat, past, box], "concurrency_id": "ask"}
    # "chat" is callable (tests check the server-side escaping through it) but left out of the API docs
    box.submit(respond, api_name="chat", api_visibility="undocumented", **io)
    send.click(respond, api_visibility="private", **io)
    for b in examples:
        b.click(respond, api_visibility="private", **{**io, "inputs": [b, chat, past]})

    def clear_all(request: gr.Request) -> tuple[list[Any], list[str], str]:
        web.clear(request.session_hash or "")
        return [], [], ""

    clear.click(clear_all, outputs=[chat, past, box], api_visibility="private")
    chat.clear(lambda: [], outputs=past, api_visibility="private", queue=False)


def build(web: WebApp) -> gr.Blocks:
    """The citizens' app: the chat and the `ask` API; the staff pages are a separate app (staff_app.py)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # also for Blocks that Gradio makes itself
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.HTML(render.page_header(TITLE))
        citizen_page(web)
        gr.HTML(statement.footer())

        def ask(question: str, history: list[str] | None = None) -> dict:
            """Answer from the letters: the JSON object of `assistant ask --json`."""
            try:
                return web.ask(question, history or [])[1].to_dict()
            except Busy:
                return busy_answer(question, history)

        ask.__annotations__ = {"question": str, "history": list[str] | None, "return": dict}
        gr.api(bounded(guarded(ask), when_full=busy_answer), api_name="ask", concurrency_id="ask")
    queue(demo, web)
    return demo


def busy_answer(question: object, history: object = None) -> dict:
    """Not an error: a refusal-shaped answer that says to try again (the `ask` API when it is busy)."""
    past = history if isinstance(history, list) else []
    return {"question": question if isinstance(question, str) else "", "history": past, "refused": True,
            "busy": True, "answer": BUSY, "citations": [], "retrieved": [], "latency_ms": 0.0}  # fmt: skip


def queue(demo: gr.Blocks, web: WebApp) -> None:
    """A bounded queue (busy.py): at most `web_queue` questions answered and as many waiting; beyond
    that the Danish busy message. Gradio's own limit is a backstop above ours, never reached: its
    English 503 would reach gradio_client as an exception."""
    waiting = web.assistant.settings.web_queue
    demo.queue(default_concurrency_limit=4, max_size=2 * waiting + 8, api_open=False)
    demo.max_threads = max(demo.max_threads, waiting + 8)
    for fn in demo.fns.values():
        if fn.concurrency_id == "ask":
            fn.concurrency_limit = waiting + 4
