"""The staff's Evaluering page: the shipped QA set or an uploaded one, the report, the files to download."""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.answer.service import Assistant
from assistant.answer.verdicts import question_key
from assistant.errors import BadInputError
from assistant.evaluation.qa import problems
from assistant.web import render
from assistant.web.guard import guarded

if TYPE_CHECKING:
    from assistant.web.app import WebApp

SHIPPED_QA = Path(__file__).resolve().parents[2] / "corpus" / "qa" / "bandepolitik.jsonl"
DOWNLOADS = ("results.jsonl", "metrics.json", "report.md")


def check_upload(path: str | None, max_kb: int) -> Path:
    """The uploaded QA file, or a Danish BadInputError listing every bad line by number."""
    if not path:
        return SHIPPED_QA
    upload = Path(path)
    size = upload.stat().st_size
    if size > max_kb * 1024:
        raise BadInputError(f"QA-filen er for stor ({size // 1024} kB). Højst {max_kb} kB.")
    found = problems(upload)
    if found:
        shown = found[:200]
        more = f" … og {len(found) - len(shown)} fejl mere." if len(found) > len(shown) else ""
        raise BadInputError(f"QA-filen har {len(found)} fejl: " + " ".join(shown) + more)
    return upload


def export_qa_items(web: WebApp) -> str:
    """Verdicts as QA items (docs/contracts.md): each question once, its "Korrekt" quotes as gold."""
    gold: dict[str, list[str]] = defaultdict(list)
    asked: dict[str, str] = {}
    for v in web.store.all():
        letter = web.assistant.letters.get(v.letter_id)
        if v.verdict != "Korrekt" or not v.question or letter is None or letter.sha256 != v.letter_sha256:
            continue  # a changed letter's offsets no longer point at the quote
        key = question_key(v.question)
        asked.setdefault(key, v.question)
        quote = letter.text[v.start : v.end]
        if quote not in gold[key]:
            gold[key].append(quote)
    if not gold:
        raise BadInputError("Der er ingen vurderinger «Korrekt» med et spørgsmål at eksportere endnu.")
    out = Path(tempfile.mkdtemp(dir=web.tmp.name)) / "vurderinger-qa.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for n, (key, quotes) in enumerate(gold.items(), start=1):
            item = {"id": f"v{n:03d}", "question": asked[key], "answerable": True, "gold": quotes}
            f.write(json.dumps({**item, "tags": ["staff-verdict"]}, ensure_ascii=False) + "\n")
    return str(out)


def evaluation_page(web: WebApp) -> None:
    """Run the shipped QA set, or the staff's own file, and show the report, plots and downloads."""
    max_kb = web.assistant.settings.qa_upload_kb
    intro = (
        f"Kører det medfølgende testsæt ({SHIPPED_QA.name}) eller jeres egen QA-fil "
        f"(JSONL, højst {max_kb} kB, formatet i docs/contracts.md) mod assistenten "
        "og viser rapport og figurer."
    )
    gr.HTML(render.section("Evaluering", intro))
    upload = gr.File(
        label="Egen QA-fil (valgfri)", file_types=[".jsonl"], type="filepath", elem_id="qa-upload"
    )
    run = gr.Button("Kør evaluering", variant="primary", elem_id="kor-evaluering")
    status = gr.HTML(elem_id="evaluering-status")
    files = gr.File(label="Resultater til download", file_count="multiple", interactive=False, elem_id="hent")
    report = gr.Markdown()
    plots = gr.Gallery(label="Figurer", columns=2, height=460, object_fit="contain", interactive=False)

    def run_eval(
        path: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[str, list[str], str, list[str]]:
        try:
            qa = check_upload(path, max_kb)
        except BadInputError as exc:
            return render.error_message(str(exc)), [], "", []
        from assistant.evaluation.run import evaluate

        out = Path(tempfile.mkdtemp(prefix="evaluering-", dir=web.tmp.name))
        started = time.perf_counter()
        # Its own Assistant (and embedder): a long run must not hold up the citizens' questions.
        own = Assistant.open(web.assistant.settings)
        evaluate(own, qa, out, progress=lambda step, done, total: progress((done, total), desc=step))
        report_md = out / "report.md"
        text = report_md.read_text(encoding="utf-8") if report_md.exists() else ""
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # the plots are shown in the gallery below
        done = render.status(f"Evalueringen af {qa.name} tog {time.perf_counter() - started:.0f} s.")
        found = [str(out / name) for name in DOWNLOADS if (out / name).exists()]
        return done, found, text, sorted(str(p) for p in out.glob("*.png"))

    private: Any = {"api_visibility": "private", "concurrency_limit": 1}
    run.click(guarded(run_eval), inputs=upload, outputs=[status, files, report, plots], **private)
