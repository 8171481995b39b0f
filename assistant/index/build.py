"""Letters -> passages -> vectors -> a segment + a manifest: incremental, and switched atomically.

A build reads only the letters that are new or changed, and writes them, with their passages,
vectors, BM25 counts and notes, into a new segment of its own (index/segment.py). The letters it
keeps stay in the segments that hold them, unread and unwritten: adding one letter costs about
its own embedding, whatever the size of the index. The manifest names the segments the build
reads. So that questions do not fan out over ever more segments, the new segment takes in the
letters of small recent segments (each less than MERGE_FACTOR times its size, from the newest
back), and of any segment more than half of whose passages are gone: segments grow by merging, as
in an LSM tree, and each passage is copied a few times over the index's life, never re-embedded.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import EmptyCorpusError
from assistant.index import background, segment, vectors
from assistant.index import manifest as manifests
from assistant.index.loaded import LoadedIndex as LoadedIndex
from assistant.index.loaded import open_index as open_index
from assistant.index.loaded import segments_of
from assistant.index.manifest import CURRENT as CURRENT
from assistant.index.manifest import FORMAT_VERSION as FORMAT_VERSION
from assistant.index.manifest import check_model as check_model
from assistant.index.manifest import corpus_files as corpus_files
from assistant.index.manifest import current_build as current_build
from assistant.index.manifest import is_stale as is_stale
from assistant.index.manifest import read_manifest as read_manifest
from assistant.index.segment import Segment, Taken
from assistant.index.sentences import in_context, sentence_hash, spans
from assistant.settings import Settings
from assistant.text import facts_names, letters, passages, pdf
from assistant.types import Letter, Passage

Progress = Callable[[str, int, int], None]
MERGE_FACTOR = 4
MAX_SEGMENTS = 8


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


def _known(old: dict[str, Any], old_build: Path) -> letters.Known:
    """The old build's letters, to be taken over where their files are unchanged. A sidecar
    modified since the old build began reading letters is read again (by mtime; builds before
    "read_at" was recorded fall back to the manifest's time, less a minute)."""
    stats = old.get("stats", {})
    kept = {
        e["path"]: letters.Kept(lid, e["path"], e["sha256"], *stats.get(e["path"], (-1, -1)))
        for lid, e in old["letters"].items()
    }
    since = float(old.get("read_at", (old_build / manifests.MANIFEST).stat().st_mtime - 60.0))
    return letters.Known(kept, tuple(old.get("notices", [])), since)


def absorbed(sized: list[tuple[str, int, int]], incoming: int) -> set[str]:
    """The old segments (name, passages, live passages; oldest first) whose live letters the new
    segment of ``incoming`` passages takes in (see the module's docstring)."""
    out = {name for name, total, live in sized if live and live * 2 < total}
    size = incoming
    for name, _, live in reversed(sized):
        if not live or name in out:
            continue
        if size and live < MERGE_FACTOR * size:
            out.add(name)
            size += live
        else:
            break
    rest = [name for name, _, live in sized if live and name not in out]
    out.update(rest[max(0, MAX_SEGMENTS - 1) :][::-1] if len(rest) >= MAX_SEGMENTS else [])
    return out


def _reusable(settings: Settings, fresh: list[Passage], segments: list[Segment]) -> dict[str, np.ndarray]:
    """The vectors the segments already hold for texts of the new passages and their sentences
    (an edited letter's unchanged passages, a greeting or closing many letters share), by hash:
    looked up in each segment's hashes and vectors, not its Chroma store. Passages and sentences
    are hashed alike, so a one-sentence passage and that sentence share a vector."""
    model = vectors.model_name(settings)
    wanted = {vectors.context_hash(model, p) for p in fresh} | {
        sentence_hash(model, in_context(p, p.text[s - p.start : e - p.start]))
        for p in fresh
        for s, e in spans(p)
    }
    out: dict[str, np.ndarray] = {}
    for source in reversed(segments):  # the newest first
        out |= source.vectors_with_hashes(wanted - out.keys())
        out |= source.sentences.with_hashes(wanted - out.keys())
    return out


def build(
    settings: Settings,
    embedder: Any,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Build a new index beside the current one and switch to it only when it is complete."""
    started = time.perf_counter()
    if not rebuild:
        check_model(settings)
    with _lock(settings.index_dir):
        report = BuildReport()
        old_build = current_build(settings.index_dir)
        old = manifests.read(old_build) if old_build is not None else None
        reuse = old is not None and not rebuild and manifests.same_pipeline(settings, old)
        found = letters.scan(settings.corpus_dir)
        stats = letters.file_stats(settings.corpus_dir, found)  # before reading: a later change is seen
        read_at = time.time()  # a sidecar changed after this is read again by the next build
        known = _known(old, old_build) if reuse and old is not None and old_build is not None else None
        loaded = letters.load_corpus(
            settings.corpus_dir, settings.wordlist, read_limits(settings), known, found
        )
        report.errors = [str(e) for e in loaded.errors]
        report.notices = loaded.notices
        if not loaded.order:
            raise EmptyCorpusError(
                f"Der er ingen læsbare breve i '{settings.corpus_dir}'. "
                "Læg breve (.txt, .md, .pdf, .docx) i mappen og prøv igen."
            )
        if old is not None and not rebuild:
            report.removed = sorted(set(old["letters"]) - set(loaded.order))

        old_segments = segments_of(settings.index_dir, old) if reuse and old is not None else []
        by_name = {s.name: s for s in old_segments}
        entries: dict[str, Any] = old["letters"] if reuse and old is not None else {}
        counter = getattr(embedder, "count_tokens", passages.estimate_tokens)
        fresh = {x.letter_id: (x, passages.split(x, counter)) for x in loaded.letters}
        live = Counter[str]()
        for k in loaded.kept:
            live[entries[k.letter_id]["segment"]] += entries[k.letter_id]["passages"]
        earlier = (old or {}).get("segments", []) if reuse else []
        taken_in = absorbed(
            [(e["name"], e["passages"], live[e["name"]]) for e in earlier],
            sum(len(ps) for _, ps in fresh.values()),
        )
        kept_segments = [e for e in earlier if live[e["name"]] and e["name"] not in taken_in]

        build_dir = Path(
            tempfile.mkdtemp(prefix=f"build-{time.strftime('%Y%m%d-%H%M%S')}-", dir=settings.index_dir)
        )
        new_letters: list[tuple[Letter, Taken | None]] = []
        new_passages: list[tuple[Passage, Taken | None]] = []
        home: dict[str, tuple[str, int]] = {}  # letter id -> (segment, passages)
        for lid in loaded.order:
            if lid in fresh:
                letter, split = fresh[lid]
                new_letters.append((letter, None))
                new_passages += [(p, None) for p in split]
                home[lid] = (build_dir.name, len(split))
            elif entries[lid]["segment"] in taken_in:
                source = by_name[entries[lid]["segment"]]
                j = next(j for j, x in enumerate(source.letters) if x.letter_id == lid)
                new_letters.append((source.letters[j], (source, j)))
                numbers = source.by_letter.get(lid, [])
                new_passages += [(source.passage(i, source.letters[j]), (source, i)) for i in numbers]
                home[lid] = (build_dir.name, len(numbers))
            else:
                home[lid] = (entries[lid]["segment"], entries[lid]["passages"])
        dimension = None
        if new_letters:
            reusable = _reusable(settings, [p for _, split in fresh.values() for p in split], old_segments)
            words = facts_names.vocabulary(str(settings.wordlist))
            report.embedded, dimension = segment.write(
                build_dir, settings, embedder, new_letters, new_passages, reusable, words, progress
            )
            kept_segments.append({"name": build_dir.name, "passages": len(new_passages)})
        report.letters, report.passages = len(loaded.order), sum(n for _, n in home.values())
        report.reused = report.passages - report.embedded
        shas = {x.path: x.sha256 for x in loaded.letters} | {k.path: k.sha256 for k in loaded.kept}
        paths = {x.letter_id: x.path for x in loaded.letters} | {k.letter_id: k.path for k in loaded.kept}
        manifest = {
            "embedding_model": vectors.model_name(settings),
            "dimension": dimension or (old or {}).get("dimension") or getattr(embedder, "dimension", None),
            "segments": kept_segments,
            "letters": {
                lid: {"path": paths[lid], "sha256": shas[paths[lid]], "segment": seg, "passages": n}
                for lid, (seg, n) in home.items()
            },
            "files": manifests.hashes(settings.corpus_dir, stats, old, shas),
            "stats": {rel: list(s) for rel, s in stats.items()},
            "errors": report.errors,
            "notices": report.notices,
            "passages": report.passages,
            "wordlist": manifests.wordlist_of(settings),
            "versions": manifests.versions(),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "read_at": read_at,
        }
        manifests.write(build_dir, manifest)
        background.vectors(settings.index_dir, vectors.model_name(settings), embedder)  # once per model
        manifests.switch(settings.index_dir, build_dir)
        keep = {build_dir.name, *(e["name"] for e in kept_segments)}
        if old_build is not None and old is not None:
            keep |= {old_build.name, *(e["name"] for e in old.get("segments", []))}
        _clean_old_builds(settings, keep, embedder)
        report.seconds = time.perf_counter() - started
        return report


def _clean_old_builds(settings: Settings, keep: set[str], embedder: Any) -> None:
    """Every build but the new one, the one before it, and the segments they read: a running app
    still reading the one before switches at its next question (Assistant.refresh), and never
    finds its files gone. Interrupted builds (no manifest) go too."""
    for old in settings.index_dir.glob("build-*"):
        if old.name in keep:
            continue
        if settings.chroma_url:
            with contextlib.suppress(Exception):
                vectors.open_store(settings, old, embedder).drop()
        shutil.rmtree(old, ignore_errors=True)
