"""The staff's source check: answers under review with their citations beside the letters, and verdicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.answer.verdicts import VERDICTS, Verdict
from assistant.web import generated, render
from assistant.web.evaluation import export_qa_items
from assistant.web.guard import guarded
from assistant.web.login import staff_name

if TYPE_CHECKING:
    from assistant.web.app import WebApp


def staff_page(web: WebApp) -> tuple[Any, ...]:
    """Every answer since start, each citation beside its letter with the span marked by offsets."""
    intro = "For medarbejdere: kontrollér at hver kilde siger det, svaret påstår. "
    gr.HTML(render.section("Kildekontrol", intro + "Vurderingerne gemmes uden oplysninger om borgeren."))
    with gr.Tabs():
        with gr.Tab("Svar og kilder"):
            with gr.Row(equal_height=True):
                question = gr.Textbox(
                    label="Stil et spørgsmål direkte",
                    max_length=web.assistant.settings.max_question_chars,
                    scale=5,
                    elem_id="staff-spoergsmaal",
                )
                ask = gr.Button("Spørg", variant="primary", scale=1, elem_id="staff-send")
            with gr.Row(equal_height=True):
                pick = gr.Dropdown(label="Vælg et svar", choices=[], scale=5, elem_id="vaelg-svar")
                refresh = gr.Button("Opdatér listen", scale=1)
            log_html = gr.HTML(render.answers_table([]))
        with gr.Tab("Vurderinger"):
            verdicts_html = gr.HTML(verdicts_table(web.store.all()))
            changes_html = gr.HTML(changes_table(web))
            with gr.Row():
                export = gr.Button("Eksportér som CSV", variant="primary", elem_id="eksport")
                export_qa = gr.Button("Eksportér som QA-fil (JSONL)", elem_id="eksport-qa")
            export_file = gr.File(label="CSV-fil med vurderinger", interactive=False)
            qa_file = gr.File(label="QA-fil fra vurderingerne", interactive=False, elem_id="qa-fil")
        with gr.Tab("Breve"):
            gr.HTML(render.letters_overview(web.assistant.letters, web.assistant.passages))

    def listing(selected: str | None = None) -> tuple[str, Any, str, str]:
        rows = web.rows()
        choices = [(f"#{k} kl. {t}: {a.question[:90]}", k) for k, t, a in rows]
        value = selected if selected in web.log else (rows[0][0] if rows else None)
        table = verdicts_table(web.store.all())
        return render.answers_table(rows), gr.update(choices=choices, value=value), table, changes_table(web)

    def ask_direct(text: str) -> tuple[str, Any, str, str, str]:
        key, _ = web.ask(text, [])
        return (*listing(key), "")

    outputs = [log_html, pick, verdicts_html, changes_html]
    private: dict[str, Any] = {"api_visibility": "private"}
    refresh.click(listing, outputs=outputs, **private)
    ask.click(guarded(ask_direct), inputs=question, outputs=[*outputs, question], **private)
    question.submit(guarded(ask_direct), inputs=question, outputs=[*outputs, question], **private)
    export.click(guarded(web.export), outputs=export_file, api_name="export_verdicts")
    export_qa.click(guarded(lambda: export_qa_items(web)), outputs=qa_file, api_name="export_qa")

    @gr.render(inputs=pick, concurrency_limit="default")
    def show(key: str | None) -> None:
        entry = web.log.get(key)
        if entry is None:
            gr.HTML('<p class="tom">Vælg et svar for at se dets kilder.</p>')
            return
        answer = entry.answer
        gr.HTML(render.staff_answer(answer) + generated.staff_removed(answer))
        for c in answer.citations:
            letter = web.assistant.letters[c.letter_id]
            with gr.Row(equal_height=False, elem_classes=["kildepar"]):
                with gr.Column(scale=2, min_width=280):
                    gr.HTML(render.staff_citation(c, letter))
                    choice = gr.Radio(list(VERDICTS), label=f"Er kilde [{c.n}] korrekt?")
                    reason = gr.Textbox(label=f"Begrundelse for kilde [{c.n}] (valgfri)", max_length=1000)
                    save = gr.Button(f"Gem vurdering af kilde [{c.n}]", variant="primary")
                    status = gr.HTML()
                with gr.Column(scale=3, min_width=320):
                    gr.HTML(render.staff_letter(letter, c.start, c.end))

            def store(
                verdict: str | None, why: str, request: gr.Request, c: Any = c, q: str = answer.question
            ) -> tuple[str, str]:
                who = staff_name(request.headers)
                web.verdict(c.letter_id, c.passage_id, c.start, c.end, verdict or "", why or "", q, who)
                done = render.status(f"Gemt: kilde [{c.n}] er vurderet «{verdict}».")
                return done, verdicts_table(web.store.all())

            save.click(guarded(store), inputs=[choice, reason], outputs=[status, verdicts_html], **private)

    return listing, outputs


def verdicts_table(items: Sequence[Verdict]) -> str:
    """The verdicts, newest first, each with the staff member who gave it and the question it was for."""
    if not items:
        return render.verdicts_table(items)
    rows = "".join(
        f"<tr><td>{render.esc(v.recorded_at)}</td><td>{render.esc(v.staff or '–')}</td>"
        f"<td>{render.esc(v.question or '–')}</td><td>{render.esc(v.letter_id)}</td>"
        f"<td>{v.start}–{v.end}</td><td>{render.esc(v.verdict)}</td><td>{render.esc(v.reason)}</td></tr>"
        for v in reversed(items)
    )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Tidspunkt", "Medarbejder", "Spørgsmål", "Brev", "Tegn", "Vurdering", "Begrundelse")
    )
    return (
        '<div class="tabel-boks" tabindex="0"><table class="tabel"><caption>Gemte vurderinger</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def changes_table(web: WebApp) -> str:
    """Answers given since start that a "Forkert" verdict changed: a wrong quote was left out."""
    changed = [(k, e) for k, e in web.log.items() if e.changed]
    if not changed:
        return '<p class="tom" id="aendrede-svar">Ingen svar er ændret af vurderinger endnu.</p>'
    rows = "".join(
        f"<tr><td>#{k} kl. {render.esc(e.shown_at)}</td><td>{render.esc(e.answer.question)}</td>"
        f"<td>{render.esc(e.changed)}</td></tr>"
        for k, e in changed
    )
    return (
        '<div class="tabel-boks" id="aendrede-svar" tabindex="0"><table class="tabel">'
        '<caption>Svar ændret af vurderinger</caption><thead><tr><th scope="col">Svar</th>'
        '<th scope="col">Spørgsmål</th><th scope="col">Ændring</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )
