"""Letters -> passages -> vectors -> Chroma + BM25 + manifest: incremental, and switched atomically."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from assistant.errors import EmptyCorpusError, IndexMismatchError
from assistant.index import embedding, vectors
from assistant.index.lexical import LexicalIndex
from assistant.index.notes import Notes
from assistant.index.previous import Previous, passage_row, read_letters, read_passages, write_jsonl
from assistant.index.sentences import SentenceVectors
from assistant.index.store import VectorStore
from assistant.settings import Settings
from assistant.text import cleanup, facts_names, letters, passages, pdf
from assistant.types import Letter, Passage

FORMAT_VERSION = 14  # bump when normalization, passage splitting or the notes change
CURRENT = "CURRENT"
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    letters: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class LoadedIndex:
    """A complete build, ready to search."""

    build_dir: Path
    manifest: dict[str, Any]
    letters: dict[str, Letter]
    passages: list[Passage]
    store: VectorStore
    lexical: LexicalIndex
    sentences: SentenceVectors
    notes: Notes

    def passage(self, passage_id: str) -> Passage:
        return self._by_id[passage_id]

    def passages_of(self, letter_id: str) -> list[Passage]:
        """A letter's passages, in text order."""
        return self._by_letter.get(letter_id, [])

    def __post_init__(self) -> None:
        self._by_id = {p.passage_id: p for p in self.passages}
        self._by_letter: dict[str, list[Passage]] = {}
        for p in self.passages:
            self._by_letter.setdefault(p.letter_id, []).append(p)


def _versions() -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        **{pkg: version(pkg) for pkg in ("chromadb", "langchain-chroma", "bm25s", "PyStemmer")},
    }


def current_build(index_dir: Path) -> Path | None:
    pointer = index_dir / CURRENT
    if not pointer.exists():
        return None
    build = index_dir / pointer.read_text(encoding="utf-8").strip()
    return build if (build / "manifest.json").exists() else None


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    build = current_build(index_dir)
    if build is None:
        return None
    return dict(json.loads((build / "manifest.json").read_text(encoding="utf-8")))


def corpus_files(settings: Settings) -> dict[str, str]:
    """relative path -> sha256 of every letter file, readable or not."""
    return {
        p.relative_to(settings.corpus_dir).as_posix(): letters.sha256_of(p)
        for p in letters.letter_files(settings.corpus_dir)
    }


def is_stale(settings: Settings) -> bool:
    """True when the index is missing or the corpus or the pipeline changed since it was built."""
    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        return True
    return bool(
        manifest.get("files") != corpus_files(settings)
        or manifest.get("versions", {}).get("format") != FORMAT_VERSION
        or manifest.get("wordlist_words") != len(cleanup.load_wordlist(str(settings.wordlist)))
    )


def check_model(settings: Settings) -> None:
    manifest = read_manifest(settings.index_dir)
    wanted = embedding.canonical_name(settings.embedding_model)
    if manifest is not None and manifest["embedding_model"] != wanted:
        raise IndexMismatchError(manifest["embedding_model"], wanted)


@contextlib.contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_limits(settings: Settings) -> letters.ReadLimits:
    return letters.ReadLimits(
        max_bytes=int(settings.max_letter_mb * 2**20),
        pdf=pdf.Limits(seconds=settings.pdf_seconds, memory_mb=settings.pdf_memory_mb),
    )


def _same_pipeline(settings: Settings, manifest: dict[str, Any]) -> bool:
    """The old build read its letters as this one would: same format, model and word list."""
    return bool(
        manifest.get("versions", {}).get("format") == FORMAT_VERSION
        and manifest.get("embedding_model") == embedding.canonical_name(settings.embedding_model)
        and manifest.get("wordlist_words") == len(cleanup.load_wordlist(str(settings.wordlist)))
    )


def build(
    settings: Settings,
    embedder: Any,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Build a new index beside the current one and switch to it only when it is complete."""
    started = time.perf_counter()
    model = embedding.canonical_name(settings.embedding_model)
    if not rebuild:
        check_model(settings)
    with _lock(settings.index_dir):
        report = BuildReport()
        old_build = current_build(settings.index_dir)
        old_manifest = read_manifest(settings.index_dir)
        previous = None
        if old_build is not None and old_manifest is not None and not rebuild:
            previous = (
                Previous.read(old_build, old_manifest) if _same_pipeline(settings, old_manifest) else None
            )
        read_at = time.time()  # a sidecar changed after this is read again by the next build
        loaded = letters.load_corpus(
            settings.corpus_dir,
            settings.wordlist,
            read_limits(settings),
            previous.known if previous else None,
        )
        report.errors = [str(e) for e in loaded.errors]
        report.notices = loaded.notices
        if not loaded.letters:
            raise EmptyCorpusError(
                f"Der er ingen læsbare breve i '{settings.corpus_dir}'. "
                "Læg breve (.txt, .md, .pdf, .docx) i mappen og prøv igen."
            )
        if old_build is not None and not rebuild and old_manifest is not None:
            report.removed = sorted(set(old_manifest["letters"]) - {x.letter_id for x in loaded.letters})

        counter = getattr(embedder, "count_tokens", passages.estimate_tokens)
        all_passages: list[Passage] = []
        for letter in loaded.letters:  # an unchanged letter keeps its passages: no tokenizer calls
            kept = previous.passages_of(letter) if previous else None
            all_passages += kept if kept is not None else passages.split(letter, counter)
        hashes = [vectors.context_hash(model, p) for p in all_passages]
        unchanged = previous.unchanged(all_passages) if previous else frozenset()

        build_dir = Path(
            tempfile.mkdtemp(prefix=f"build-{time.strftime('%Y%m%d-%H%M%S')}-", dir=settings.index_dir)
        )
        todo, dimension = vectors.fill(
            settings, build_dir, embedder, previous, all_passages, hashes, unchanged, progress
        )
        ids = [p.passage_id for p in all_passages]
        known_terms = (
            {pid: previous.terms[pid] for pid in unchanged if pid in previous.terms} if previous else {}
        )
        LexicalIndex.build(ids, [p.context for p in all_passages], known_terms).save(build_dir / "bm25")
        old_sentences = previous.sentences if previous else None
        reusable_sentences = old_sentences.by_hash() if old_sentences else {}
        sentence_vectors = SentenceVectors.build(
            model, all_passages, embedder, reusable_sentences, progress, old_sentences, unchanged
        )
        sentence_vectors.save(build_dir / "sentences")
        by_id = {x.letter_id: x for x in loaded.letters}
        Notes.write(build_dir / "notes", all_passages, by_id, facts_names.vocabulary(str(settings.wordlist)))
        write_jsonl(build_dir / "letters.jsonl", (asdict(x) for x in loaded.letters))
        write_jsonl(build_dir / "passages.jsonl", (passage_row(p) for p in all_passages))
        report.letters, report.passages = len(loaded.letters), len(all_passages)
        report.embedded, report.reused = todo, len(all_passages) - todo
        manifest = {
            "embedding_model": model,
            "dimension": dimension
            or (old_manifest or {}).get("dimension")
            or getattr(embedder, "dimension", None),
            "letters": {x.letter_id: {"path": x.path, "sha256": x.sha256} for x in loaded.letters},
            "files": corpus_files(settings),
            "errors": report.errors,
            "notices": report.notices,
            "passages": len(all_passages),
            "wordlist_words": len(cleanup.load_wordlist(str(settings.wordlist))),
            "versions": _versions(),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "read_at": read_at,
        }
        (build_dir / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        _switch(settings.index_dir, build_dir)
        _clean_old_builds(settings, {build_dir, old_build}, embedder)
        report.seconds = time.perf_counter() - started
        return report


def _switch(index_dir: Path, build_dir: Path) -> None:
    """Atomic: readers see the old pointer or the new one, never half of either."""
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(build_dir.name, encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT)


def _clean_old_builds(settings: Settings, keep: set[Path | None], embedder: Any) -> None:
    """Every build but the new one and the one before it: a running app still reading the one
    before switches at its next question (Assistant.refresh), and never finds its files gone.
    Interrupted builds (no manifest) go too."""
    for old in settings.index_dir.glob("build-*"):
        if old in keep:
            continue
        if settings.chroma_url:
            with contextlib.suppress(Exception):
                vectors.open_store(settings, old, embedder).drop()
        shutil.rmtree(old, ignore_errors=True)


def open_index(settings: Settings, embedder: Any) -> LoadedIndex:
    """The current build; call ``build`` first when it is missing or stale."""
    check_model(settings)
    build_dir = current_build(settings.index_dir)
    if build_dir is None:
        raise EmptyCorpusError(f"Der er intet indeks i '{settings.index_dir}'. Kør: assistant index")
    manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    loaded_letters = read_letters(build_dir)
    loaded_passages = read_passages(build_dir)
    return LoadedIndex(
        build_dir=build_dir,
        manifest=manifest,
        letters=loaded_letters,
        passages=loaded_passages,
        store=vectors.open_store(settings, build_dir, embedder),
        lexical=LexicalIndex.load(build_dir / "bm25"),
        sentences=SentenceVectors.load(build_dir / "sentences"),
        notes=Notes(build_dir / "notes", [p.passage_id for p in loaded_passages], list(loaded_letters)),
    )
