"""Run a QA file through the assistant (and its rivals), and write results.jsonl, metrics.json, report.md."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import BadInputError
from assistant.evaluation import distractors as synthetic
from assistant.evaluation import metrics as m
from assistant.evaluation.metrics import QAItem
from assistant.evaluation.qa import load_qa
from assistant.settings import Settings
from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.answer.service import Assistant

# cli.py imports this module for every command: chromadb (baseline) and matplotlib (report) load lazily.
RESULTS = "results.jsonl"
METRICS = "metrics.json"
REPORT = "report.md"
MODES = ("hybrid", "dense", "bm25")
BASELINE = "langchain"
Progress = Callable[[str, int, int], None]
Ask = Callable[[str, Sequence[str]], Answer]
# One evaluated system: its answers, its metrics and the per-item rows behind them.
Scored = tuple[list[Answer], dict[str, Any], list[dict[str, Any]]]


def ask_all(ask: Ask, items: Sequence[QAItem], label: str, progress: Progress | None = None) -> list[Answer]:
    """Every item's answer, in order; a question the assistant rejects names its item.

    The first question is asked once more, untimed, before the run: one-time lazy loading is then not
    charged to whichever item or system happens to come first.
    """
    answers = []
    for done, item in enumerate([items[0], *items]):
        try:
            answer = ask(item.question, item.history)
        except BadInputError as exc:
            raise BadInputError(f"Spørgsmål '{item.id}' i QA-filen kan ikke stilles: {exc}") from exc
        if done:
            answers.append(answer)
            if progress:
                progress(f"Evaluerer {label}", done, len(items))
    return answers


def run_systems(
    assistant: Assistant, items: Sequence[QAItem], compare: bool, progress: Progress | None
) -> dict[str, Scored]:
    """Hybrid search; with ``compare`` also dense only, BM25 only and the tutorial LangChain RAG."""
    from assistant.evaluation.baseline import TutorialRAG

    letters = assistant.letters
    passages = {p.passage_id: p.text for p in assistant.passages}
    systems: dict[str, Scored] = {}
    for mode in MODES if compare else MODES[:1]:
        answers = ask_all(partial(assistant.ask, mode=mode), items, mode, progress)
        systems[mode] = (answers, *m.summarize(items, answers, letters, passages))
    if compare:
        with tempfile.TemporaryDirectory(prefix="assistant-baseline-") as work_dir:
            rag = TutorialRAG(letters, assistant.settings.corpus_dir, assistant.embedder, Path(work_dir))
            answers = ask_all(rag.ask, items, BASELINE, progress)
        systems[BASELINE] = (answers, *m.summarize(items, answers, letters, rag.passages))
    return systems


def write_results(path: Path, items: Sequence[QAItem], answers: Sequence[Answer]) -> None:
    """One answer object (CONTRACTS.md) a line, with the QA item's id."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for item, answer in zip(items, answers, strict=True):
            out.write(json.dumps(answer.to_dict(qa_id=item.id), ensure_ascii=False) + "\n")


def _series_row(n: int, assistant: Assistant, systems: dict[str, Scored]) -> dict[str, Any]:
    return {
        "n": n,
        "letters": len(assistant.letters),
        "passages": len(assistant.passages),
        "systems": {name: m.flat(scored[1]) for name, scored in systems.items()},
    }


def distractor_series(
    assistant: Assistant,
    items: Sequence[QAItem],
    counts: Sequence[int],
    seed: int,
    compare: bool,
    out_dir: Path,
    base: dict[str, Scored],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The same QA set over the corpus plus N synthetic letters, for each N, in a temporary corpus.

    The letters accumulate (letter i depends on the seed and i only), so each larger N re-embeds only the
    new letters. N = 0 is the main run over the real corpus.
    """
    from assistant.answer.service import Assistant

    runs = [_series_row(0, assistant, base)]
    with tempfile.TemporaryDirectory(prefix="assistant-distractors-") as tmp:
        settings = replace(
            assistant.settings,
            corpus_dir=Path(tmp) / "corpus",
            index_dir=Path(tmp) / "index",
            chroma_url=None,
        )
        synthetic.copy_corpus(assistant.settings.corpus_dir, settings.corpus_dir)
        written = 0
        for n in sorted(set(counts) - {0}):
            synthetic.write([synthetic.letter(i, seed) for i in range(written, n)], settings.corpus_dir)
            written = n
            other = Assistant.open(settings, progress=progress, embedder=assistant.embedder)
            systems = run_systems(other, items, compare, progress)
            for name, (answers, _, _) in systems.items():
                write_results(out_dir / f"n{n}" / f"{name}.{RESULTS}", items, answers)
            runs.append(_series_row(n, other, systems))
    return {"seed": seed, "runs": runs}


def _about(assistant: Assistant, qa_path: Path) -> dict[str, Any]:
    settings: Settings = assistant.settings
    return {
        "qa_file": str(qa_path),
        "corpus_dir": str(settings.corpus_dir),
        "embedding_model": settings.embedding_model,
        "top_k": settings.top_k,
        "letters": len(assistant.letters),
        "passages": len(assistant.passages),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def evaluate(
    assistant: Assistant,
    qa_path: Path,
    out_dir: Path,
    *,
    compare: bool = False,
    distractors: Sequence[int] = (),
    seed: int = 0,
    progress: Progress | None = None,
    llm: str | None = None,
) -> dict[str, Any]:
    """Run ``qa_path`` and write results.jsonl, metrics.json, report.md and its PNGs into ``out_dir``;
    with ``llm`` (a model spec, or "" for ASSISTANT_LLM) the generated answers too, both ways."""
    from assistant.evaluation import report

    started = time.perf_counter()
    items = load_qa(qa_path)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInputError(f"Kan ikke skrive resultaterne i '{out_dir}': {exc}") from exc
    systems = run_systems(assistant, items, compare, progress)
    answers, scored, _ = systems["hybrid"]
    write_results(out_dir / RESULTS, items, answers)
    metrics: dict[str, Any] = {"run": _about(assistant, qa_path), **scored}
    if compare:
        for name, (other, _, _) in systems.items():
            if name != "hybrid":
                write_results(out_dir / "compare" / f"{name}.{RESULTS}", items, other)
        metrics["compare"] = m.compare({name: s[1] for name, s in systems.items()})
    if llm is not None:
        from assistant.evaluation import llm_runs

        generated = llm_runs.run(assistant, items, llm, ask_all, progress)
        for name, (other, _, _) in generated.items():
            write_results(out_dir / "compare" / f"{name}.{RESULTS}", items, other)
        named = {name: s[1] for name, s in systems.items()} | {k: v[1] for k, v in generated.items()}
        metrics["compare"] = m.compare(named)
        metrics["llm"] = {name: {**v[2], "metrics": m.flat(v[1])} for name, v in generated.items()}
    if distractors:
        metrics["distractors"] = distractor_series(
            assistant, items, distractors, seed, compare, out_dir / "distractors", systems, progress
        )
    metrics["run"]["seconds"] = round(time.perf_counter() - started, 1)
    (out_dir / METRICS).write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    report.write(out_dir, metrics, [a.latency_ms for a in answers])
    if llm is not None:
        with (out_dir / REPORT).open("a", encoding="utf-8") as out:
            out.write("\n" + llm_runs.report_section(metrics["llm"], llm or str(assistant.settings.llm)))
    return metrics


def counts(text: str) -> list[int]:
    """``--distractors 0,50,200``: the numbers of synthetic letters to add."""
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        values = []
    if not values or any(v < 0 for v in values):
        raise argparse.ArgumentTypeError(f"'{text}' er ikke en liste af antal breve, fx 0,50,200")
    return values


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--compare", action="store_true", help="also run dense only, BM25 only and a tutorial LangChain RAG"
    )
    parser.add_argument(
        "--distractors",
        type=counts,
        default=None,
        metavar="N[,N...]",
        help="also evaluate with N synthetic distractor letters added, in a temporary corpus (e.g. 0,50,200)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the distractor letters (default: 0)")
    parser.add_argument(
        "--llm",
        nargs="?",
        const="",
        default=None,
        metavar="SPEC",
        help="also let a language model answer (openai:<model> or ollama:<model>; default: ASSISTANT_LLM), "
        "asked only where the evidence step answers, and also on its near misses",
    )


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def summary(metrics: dict[str, Any], out_dir: Path) -> str:
    """A short Danish account of a run for the terminal."""
    r, c, f = metrics["retrieval"], metrics["citations"], metrics["refusals"]
    return (
        f"Evalueret {metrics['items']['total']} spørgsmål på {metrics['run']['seconds']} s.\n"
        f"Hit@3 {_fmt(r['hit@3'])}, MRR@10 {_fmt(r['mrr@10'])}, svar med guldfrase "
        f"{_fmt(metrics['answers']['contains_gold'])}.\n"
        f"Citater: præcision {_fmt(c['precision'])}, genfinding {_fmt(c['recall'])}, "
        f"nøjagtighed {_fmt(c['exactness'])}.\n"
        f"Afvisninger: korrekte {_fmt(f['accuracy'])}, fejlagtige {_fmt(f['false_refusal_rate'])}. "
        f"Svartid p50 {_fmt(metrics['latency_ms']['p50'])} ms, p95 {_fmt(metrics['latency_ms']['p95'])} ms.\n"
        f"Rapport: {out_dir / REPORT}"
    )


def main(args: argparse.Namespace, settings: Settings) -> int:
    """``assistant eval``: the QA file is checked before the model and index load."""
    from assistant.answer.service import Assistant
    from assistant.progress import print_progress

    load_qa(args.qa)
    assistant = Assistant.open(settings, progress=print_progress)
    metrics = evaluate(
        assistant,
        args.qa,
        args.out,
        compare=getattr(args, "compare", False),
        distractors=getattr(args, "distractors", None) or (),
        seed=getattr(args, "seed", 0),
        progress=print_progress,
        llm=getattr(args, "llm", None),
    )
    print(summary(metrics, args.out))
    return 0
