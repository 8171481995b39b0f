"""The staff's app at /staff (behind the login): Kildekontrol, letters, Evaluering and the staff API."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import gradio as gr

from assistant.web import render
from assistant.web.evaluation import evaluation_page
from assistant.web.guard import guarded
from assistant.web.login import LOGOUT, staff_name
from assistant.web.staff import staff_page

if TYPE_CHECKING:
    from assistant.web.app import WebApp

TITLE = "Kildekontrol – medarbejdere"


def build_staff(web: WebApp) -> gr.Blocks:
    """Two tabs and the staff's named API endpoints (verdict, export_verdicts, export_qa)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.HTML(render.page_header("Spørg om bandepolitikken – medarbejdere"))
        with gr.Row():
            who = gr.HTML(elem_id="logget-ind")
            gr.HTML(
                f'<form method="post" action="{LOGOUT}" class="logud">'
                '<button type="submit" class="lg secondary">Log ud</button></form>'
            )
        with gr.Tabs():
            with gr.Tab("Kildekontrol", id="kildekontrol") as staff_tab:
                listing, outputs = staff_page(web)
            with gr.Tab("Evaluering", id="evaluering"):
                evaluation_page(web)
        staff_tab.select(listing, outputs=outputs, api_visibility="private")

        def signed_in(request: gr.Request) -> str:
            name = render.esc(staff_name(request.headers))
            return f'<p class="ai-kort">Logget ind som <strong>{name}</strong>.</p>'

        demo.load(signed_in, outputs=who, api_visibility="private")
        demo.load(listing, outputs=outputs, api_visibility="private")

        def verdict(
            letter_id: str,
            passage_id: str,
            start: int,
            end: int,
            verdict: str,
            reason: str,
            question: str,
            request: gr.Request,
        ) -> dict:
            """Store a staff verdict ("Korrekt" or "Forkert") on one citation given for `question`."""
            who = staff_name(request.headers)
            return web.verdict(letter_id, passage_id, start, end, verdict, reason, question, who)

        verdict.__annotations__ = {
            **dict.fromkeys(("letter_id", "passage_id", "verdict", "reason", "question"), str),
            **dict.fromkeys(("start", "end"), int),
            "request": gr.Request,
            "return": dict,
        }
        gr.api(guarded(verdict), api_name="verdict")
    demo.queue(default_concurrency_limit=4, max_size=32, api_open=False)
    return demo
