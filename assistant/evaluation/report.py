"""report.md and its plots (matplotlib, Agg), in Danish: the web app shows them to staff."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

REPORT = "report.md"
TAGS_PNG = "metrics_by_tag.png"
LATENCY_PNG = "latency.png"
COMPARE_PNG = "compare.png"
DISTRACTORS_PNG = "distractors.png"
# Danish names of the compared metrics (metrics.COMPARED), keyed group.metric.
LABELS = {
    "retrieval.hit@1": "Hit@1",
    "retrieval.hit@3": "Hit@3",
    "retrieval.hit@5": "Hit@5",
    "retrieval.mrr@10": "MRR@10",
    "retrieval.ndcg@10": "nDCG@10",
    "answers.contains_gold": "Svar med guld",
    "citations.precision": "Citatpræcision",
    "citations.recall": "Citatgenfinding",
    "citations.exactness": "Citatnøjagtighed",
    "citations.mean_quote_chars": "Citatlængde (tegn)",
    "refusals.accuracy": "Korrekte afvisninger",
    "refusals.false_refusal_rate": "Fejlagtige afvisninger",
    "latency_ms.p50": "p50 (ms)",
    "latency_ms.p95": "p95 (ms)",
}
# What the distractor table and plot follow as N grows.
SERIES = (
    "retrieval.hit@3",
    "retrieval.mrr@10",
    "answers.contains_gold",
    "citations.precision",
    "citations.exactness",
    "refusals.accuracy",
    "refusals.false_refusal_rate",
)
RELEVANCE_NOTE = (
    "En passage, et citat eller et svar er relevant, når det indeholder en guldfrase; store og små "
    "bogstaver, mellemrum og bindestreger tæller ikke. Søgemålene er beregnet med ranx over de "
    "besvarbare spørgsmål."
)
LATENCY_NOTE = (
    "Hvert system besvarer først QA-filens første spørgsmål én gang uden tidtagning, så engangsindlæsning "
    "ikke lægges til det spørgsmål, der tilfældigvis kommer først."
)
COMPARE_NOTE = (
    "`hybrid`, `dense` og `bm25` er denne assistent med hver sin søgemåde. `langchain` er den RAG, en "
    "vejledning ville bygge: RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200) over de "
    "rå breve og Chroma `similarity_search(k=4)` med samme embedder. Den afviser aldrig, dens svar er de "
    "fundne tekststykker sat sammen, og dens citater er de samme tekststykker. Forholdstallene sammenligner "
    "hvert system med det bedste: værdi ÷ bedste, hvor højere er bedre; bedste ÷ værdi for svartid; og "
    "(1 − værdi) ÷ (1 − bedste) for fejlagtige afvisninger. 1,00 er det bedste, lavere er dårligere."
)


def fmt(value: float | None, digits: int = 3) -> str:
    """A Danish decimal number; a dash where a metric is undefined."""
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _figure(width: float = 8, height: float = 4) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # Agg, without pyplot's global state: safe inside a web app
    return fig


def plot_tags(by_tag: dict[str, dict[str, Any]], path: Path) -> None:
    tags = list(by_tag)
    fig = _figure(max(8, len(tags) * 0.7))
    ax = fig.add_subplot()
    measures = (
        ("hit@3", "Hit@3"),
        ("correct", "Korrekt (svar med guld / afvisning)"),
        ("cited_gold", "Citeret guld"),
    )
    width = 0.8 / len(measures)
    for j, (key, label) in enumerate(measures):
        values = [by_tag[t][key] if by_tag[t][key] is not None else 0.0 for t in tags]
        ax.bar([i + (j - 1) * width for i in range(len(tags))], values, width, label=label)
    ax.set_xticks(range(len(tags)), [f"{t}\n(n={by_tag[t]['n']})" for t in tags], rotation=45, ha="right")
    ax.set_ylim(0, 1.05)
    fig.suptitle("Mål efter spørgsmålstype")
    fig.legend(loc="outside upper center", ncols=len(measures), fontsize="small")
    fig.savefig(path, dpi=110)


def plot_latency(latencies: Sequence[float], p50: float | None, p95: float | None, path: Path) -> None:
    fig = _figure()
    ax = fig.add_subplot()
    ax.hist(latencies, bins=30, color="tab:blue")
    for value, label, style in ((p50, "p50", "--"), (p95, "p95", ":")):
        if value is not None:
            ax.axvline(value, color="black", linestyle=style, label=f"{label} {fmt(value, 1)} ms")
    ax.set_xlabel("svartid pr. spørgsmål (ms)")
    ax.set_ylabel("spørgsmål")
    ax.set_title("Fordeling af svartider")
    ax.legend()
    fig.savefig(path, dpi=110)


def plot_compare(compare: dict[str, Any], path: Path) -> None:
    keys = [k for k in LABELS if compare["best"].get(k) is not None and not k.startswith("latency")]
    systems = list(compare["systems"])
    fig = _figure(11)
    ax = fig.add_subplot()
    width = 0.8 / len(systems)
    for j, name in enumerate(systems):
        values = [compare["systems"][name][k] or 0.0 for k in keys]
        ax.bar(
            [i + (j - (len(systems) - 1) / 2) * width for i in range(len(keys))], values, width, label=name
        )
    ax.set_xticks(range(len(keys)), [LABELS[k] for k in keys], rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title("Systemerne side om side")
    ax.legend(fontsize="small")
    fig.savefig(path, dpi=110)


def plot_distractors(series: dict[str, Any], path: Path) -> None:
    runs = series["runs"]
    systems = list(runs[0]["systems"])
    fig = _figure(10, 3.5 * len(systems))
    for row, name in enumerate(systems, start=1):
        ax = fig.add_subplot(len(systems), 1, row)
        for key in SERIES:
            values = [r["systems"][name][key] for r in runs]
            ax.plot([r["n"] for r in runs], values, marker="o", label=LABELS[key])
        ax.set_ylim(-0.02, 1.05)
        ax.set_title(f"{name}: mål efter antal distraktorbreve")
        ax.set_xlabel("distraktorbreve (N)")
    fig.legend(
        *fig.axes[0].get_legend_handles_labels(), loc="outside upper center", ncols=4, fontsize="small"
    )
    fig.savefig(path, dpi=110)


def _summary(metrics: dict[str, Any]) -> str:
    n = metrics["items"]
    r, c, f, lat = metrics["retrieval"], metrics["citations"], metrics["refusals"], metrics["latency_ms"]
    answerable, unanswerable = f"{n['answerable']} besvarbare", f"{n['unanswerable']} ubesvarbare"
    cited, asked = f"alle {c['count']} citater", f"{n['total']} spørgsmål"
    rows = [[LABELS[f"retrieval.{key}"], fmt(r[key]), answerable] for key in r]
    rows += [
        ["Svar med guldfrase", fmt(metrics["answers"]["contains_gold"]), answerable],
        ["Forkerte svar (uden guldfrase)", fmt(metrics["answers"]["wrong"]), answerable],
        ["Citatpræcision", fmt(c["precision"]), "citater til besvarbare"],
        ["Citatgenfinding", fmt(c["recall"]), answerable],
        ["Citatnøjagtighed", fmt(c["exactness"]), cited],
        ["Gns. citatlængde (tegn)", fmt(c["mean_quote_chars"], 1), cited],
        ["Korrekte afvisninger", fmt(f["accuracy"]), unanswerable],
        ["Fejlagtige afvisninger", fmt(f["false_refusal_rate"]), answerable],
        ["Afviste nærved-spørgsmål", fmt(f["near_miss_accuracy"]), "ubesvarbare med tagget near"],
        ["Svartid p50 (ms)", fmt(lat["p50"], 1), asked],
        ["Svartid p95 (ms)", fmt(lat["p95"], 1), asked],
    ]
    return table(["Mål", "Værdi", "Beregnet over"], rows)


def _compare(compare: dict[str, Any]) -> str:
    keys = list(LABELS)
    digits = {k: 1 if k.startswith("latency") or k.endswith("chars") else 3 for k in keys}
    rows = [[name, *(fmt(v[k], digits[k]) for k in keys)] for name, v in compare["systems"].items()]
    rows.append(["**bedste**", *(fmt(compare["best"][k], digits[k]) for k in keys)])
    rows += [
        [f"{name} ÷ bedste", *(fmt(v[k], 2) for k in keys)] for name, v in compare["ratio_to_best"].items()
    ]
    return table(["System", *(LABELS[k] for k in keys)], rows)


def _distractors(series: dict[str, Any]) -> str:
    rows = [
        [str(r["n"]), str(r["letters"]), str(r["passages"]), name, *(fmt(values[k]) for k in SERIES)]
        for r in series["runs"]
        for name, values in r["systems"].items()
    ]
    return table(["N", "Breve", "Passager", "System", *(LABELS[k] for k in SERIES)], rows)


def write(out_dir: Path, metrics: dict[str, Any], latencies: Sequence[float]) -> Path:
    """report.md with its tables, and the PNGs it shows, in ``out_dir``."""
    about, items = metrics["run"], metrics["items"]
    plot_tags(metrics["by_tag"], out_dir / TAGS_PNG)
    plot_latency(latencies, metrics["latency_ms"]["p50"], metrics["latency_ms"]["p95"], out_dir / LATENCY_PNG)
    parts = [
        "# Evalueringsrapport",
        f"QA-filen `{about['qa_file']}` over `{about['corpus_dir']}`: {about['letters']} breve, "
        f"{about['passages']} passager, modellen `{about['embedding_model']}`, top_k {about['top_k']}. "
        f"{items['total']} spørgsmål, heraf {items['answerable']} besvarbare. "
        f"Kørt {about['created']} på {fmt(about.get('seconds'), 1)} s.",
        f"{RELEVANCE_NOTE} Besvarbare spørgsmål uden nogen relevant passage i indekset: "
        f"{items['answerable_without_relevant_passage']}.",
        "## Resumé (hybrid søgning)",
        _summary(metrics),
        "## Efter spørgsmålstype",
        "Korrekt betyder et svar med guldfrase for besvarbare spørgsmål og en afvisning for ubesvarbare.",
        table(
            ["Type", "n", "Hit@3", "Korrekt", "Citeret guld"],
            [
                [t, str(v["n"]), fmt(v["hit@3"]), fmt(v["correct"]), fmt(v["cited_gold"])]
                for t, v in metrics["by_tag"].items()
            ],
        ),
        f"![Mål efter spørgsmålstype]({TAGS_PNG})",
        "## Svartid",
        LATENCY_NOTE,
        f"![Fordeling af svartider]({LATENCY_PNG})",
    ]
    if "compare" in metrics:
        plot_compare(metrics["compare"], out_dir / COMPARE_PNG)
        parts += [
            "## Sammenligning",
            COMPARE_NOTE,
            _compare(metrics["compare"]),
            f"![Systemerne side om side]({COMPARE_PNG})",
        ]
    if "distractors" in metrics:
        plot_distractors(metrics["distractors"], out_dir / DISTRACTORS_PNG)
        parts += [
            "## Distraktorbreve",
            f"Brevene plus N syntetiske breve om de samme emner (seed {metrics['distractors']['seed']}), "
            "evalueret i et midlertidigt korpus. N = 0 er kørslen ovenfor.",
            _distractors(metrics["distractors"]),
            f"![Mål efter antal distraktorbreve]({DISTRACTORS_PNG})",
        ]
    path = out_dir / REPORT
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path
