"""`assistant eval --llm`: the generated answers beside the extractive ones, with the same metrics,
both ways (the model asked only where the evidence step answers, and also on its near misses), plus
what the verification removed and how often the extractive answer stood in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from assistant.evaluation import metrics as m
from assistant.evaluation.metrics import QAItem
from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.answer.service import Assistant

GATED, OPEN = "llm", "llm-open"  # system names in metrics.json and the report
Progress = Callable[[str, int, int], None]


def generation_stats(answers: Sequence[Answer]) -> dict[str, Any]:
    """How the model's sentences fared: written, removed (and why), answers that fell back."""
    from assistant.answer.generate import SET_ASIDE

    asked = [a for a in answers if a.removed is not None]
    shown = sum(_sentences(a) for a in asked if a.generated)
    removed = sum(len(a.removed or ()) for a in asked)
    set_aside = sum(r.reason == SET_ASIDE for a in asked for r in a.removed or ())
    written = shown + removed
    latencies = sorted(a.latency_ms for a in asked)
    return m.rounded(
        {
            "questions": len(answers),
            "model_asked": len(asked),
            "generated": sum(a.generated for a in answers),
            "fallbacks": sum(bool(a.fallback) for a in asked),
            "fallback_reasons": dict(Counter(_reason(a.fallback) for a in asked if a.fallback)),
            "sentences_written": written,
            "sentences_shown": shown,
            "sentences_removed": removed - set_aside,  # by the verification
            "sentences_set_aside": set_aside,  # verified, but the answer fell back
            "removed_share": (removed - set_aside) / written if written else None,
            "removed_reasons": dict(Counter(_reason(r.reason) for a in asked for r in a.removed or ())),
            "latency_ms_p50": latencies[len(latencies) // 2] if latencies else None,
            "latency_ms_max": latencies[-1] if latencies else None,
        }
    )


def _sentences(answer: Answer) -> int:
    from assistant.answer.verify import split

    return len(split(answer.answer))


def _reason(text: str | None) -> str:
    """A reason without its particulars ("tallet «40 mio.» …" -> "tallet … står ikke i …")."""
    import re

    return re.sub(r"«[^»]*»|\[\d+\]|\([^)]*\)", "…", text or "").strip()


def run(
    assistant: Assistant,
    items: Sequence[QAItem],
    spec: str | None,
    ask_all: Callable[..., list[Answer]],
    progress: Progress | None = None,
) -> dict[str, tuple[list[Answer], dict[str, Any], dict[str, Any]]]:
    """Each way's answers (asked through ``run.ask_all``), metrics and generation statistics."""
    from assistant.answer.generate import Generator
    from assistant.answer.llm import open_model
    from assistant.errors import BadInputError

    model = open_model(assistant.settings, spec or None)
    if model is None:
        raise BadInputError(
            "--llm kræver ASSISTANT_LLM=openai:<model> eller ollama:<model>, eller --llm SPEC."
        )
    letters = assistant.letters
    passages = {p.passage_id: p.text for p in assistant.passages}
    out = {}
    for name, on_refusal in ((GATED, False), (OPEN, True)):
        generator = Generator(assistant, model, on_refusal)
        answers = ask_all(generator.ask, items, name, progress)
        scored, _ = m.summarize(items, answers, letters, passages)
        out[name] = (answers, scored, generation_stats(answers))
    return out


def report_section(stats: dict[str, dict[str, Any]], model: str) -> str:
    """A Danish section for report.md."""
    lines = [
        f"## Sprogmodel ({model})",
        "",
        "| Måde | Spurgt | Genereret | Tilbagefald | Sætninger skrevet | Fjernet | Andel fjernet | p50 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s in stats.items():
        share = "–" if s["removed_share"] is None else f"{s['removed_share']:.2f}".replace(".", ",")
        lines.append(
            f"| {name} | {s['model_asked']} | {s['generated']} | {s['fallbacks']} | {s['sentences_written']} "
            f"| {s['sentences_removed']} | {share} | {s['latency_ms_p50'] or '–'} |"
        )
    lines += [
        "",
        f"`{GATED}`: modellen spørges kun, hvor beviskontrollen finder et svar. `{OPEN}`: også hvor den "
        "afviser, men noget relateret blev fundet. Begge sammenlignes med de udtrukne svar i tabellen "
        "ovenfor. Fjernede sætninger og årsager står i metrics.json under `llm`.",
        "",
    ]
    return "\n".join(lines)
