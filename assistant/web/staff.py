"""The staff's pages: answers under review with their citations beside the letters, and evaluation."""

from __future__ import annotations

import inspect
import re
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.answer.service import Assistant
from assistant.answer.verdicts import VERDICTS
from assistant.web import generated, render
from assistant.web.guard import guarded

if TYPE_CHECKING:
    from assistant.web.app import WebApp

SHIPPED_QA = Path(__file__).resolve().parents[2] / "corpus" / "qa" / "bandepolitik.jsonl"


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
            verdicts_html = gr.HTML(render.verdicts_table(web.store.all()))
            export = gr.Button("Eksportér som CSV", variant="primary", elem_id="eksport")
            export_file = gr.File(label="CSV-fil med vurderinger", interactive=False)
        with gr.Tab("Breve"):
            gr.HTML(render.letters_overview(web.assistant.letters, web.assistant.passages))

    def listing(selected: str | None = None) -> tuple[str, Any, str]:
        rows = web.rows()
        choices = [(f"#{k} kl. {t}: {a.question[:90]}", k) for k, t, a in rows]
        value = selected if selected in web.log else (rows[0][0] if rows else None)
        table = render.verdicts_table(web.store.all())
        return render.answers_table(rows), gr.update(choices=choices, value=value), table

    def ask_direct(text: str) -> tuple[str, Any, str, str]:
        key, _ = web.ask(text, [])
        return (*listing(key), "")

    outputs = [log_html, pick, verdicts_html]
    private: dict[str, Any] = {"api_visibility": "private"}
    refresh.click(listing, outputs=outputs, **private)
    ask.click(guarded(ask_direct), inputs=question, outputs=[*outputs, question], **private)
    question.submit(guarded(ask_direct), inputs=question, outputs=[*outputs, question], **private)
    export.click(guarded(web.export), outputs=export_file, api_name="export_verdicts")

    @gr.render(inputs=pick, concurrency_limit="default")
    def show(key: str | None) -> None:
        if not key or key not in web.log:
            gr.HTML('<p class="tom">Vælg et svar for at se dets kilder.</p>')
            return
        answer = web.log[key][1]
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

            def store(verdict: str | None, why: str, c: Any = c) -> tuple[str, str]:
                web.verdict(c.letter_id, c.passage_id, c.start, c.end, verdict or "", why or "")
                done = render.status(f"Gemt: kilde [{c.n}] er vurderet «{verdict}».")
                return done, render.verdicts_table(web.store.all())

            save.click(guarded(store), inputs=[choice, reason], outputs=[status, verdicts_html], **private)

    return listing, outputs


def evaluation_page(web: WebApp) -> None:
    """Run the shipped QA set and show the report and plots (issue 4's module, imported on click)."""
    intro = f"Kører det medfølgende testsæt ({SHIPPED_QA.name}) mod assistenten og viser rapport og figurer."
    gr.HTML(render.section("Evaluering", intro))
    run = gr.Button("Kør evaluering", variant="primary", elem_id="kor-evaluering")
    status = gr.HTML()
    report = gr.Markdown()
    plots = gr.Gallery(label="Figurer", columns=2, height=460, object_fit="contain", interactive=False)

    def run_eval(progress: gr.Progress = gr.Progress()) -> tuple[str, str, list[str]]:  # noqa: B008
        try:
            from assistant.evaluation.run import evaluate
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.evaluation":
                raise
            return render.error_message("Evalueringsmodulet er ikke installeret endnu."), "", []
        if not SHIPPED_QA.exists():
            return render.error_message(f"Testsættet findes ikke: {SHIPPED_QA.name}"), "", []
        out = Path(tempfile.mkdtemp(prefix="evaluering-", dir=web.tmp.name))
        started = time.perf_counter()
        # Its own Assistant (and embedder): a long run must not hold up the citizens' questions.
        own = Assistant.open(web.assistant.settings)
        extra: dict[str, Any] = {}
        if "progress" in inspect.signature(evaluate).parameters:
            extra["progress"] = lambda step, done, total: progress((done, total), desc=step)
        evaluate(own, SHIPPED_QA, out, **extra)
        report_md = out / "report.md"
        text = report_md.read_text(encoding="utf-8") if report_md.exists() else ""
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # the plots are shown in the gallery below
        done = render.status(f"Evalueringen tog {time.perf_counter() - started:.0f} s.")
        return done, text, sorted(str(p) for p in out.glob("*.png"))

    private = {"api_visibility": "private", "concurrency_limit": 1}
    run.click(guarded(run_eval), outputs=[status, report, plots], **private)  # type: ignore[arg-type]
