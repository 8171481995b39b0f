"""The manifest: what a build holds, which segments it reads, and how to tell that it is stale.

Whether the corpus changed is decided by each file's size and modification time, as recorded when
the build read it; only a file whose size or time differs is hashed, and compared by its hash.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import version
from pathlib import Path
from typing import Any

from assistant.errors import IndexMismatchError
from assistant.index import embedding
from assistant.settings import Settings
from assistant.text import cleanup, letters

FORMAT_VERSION = 20  # bump when normalization, passage splitting, the notes or the segment files change
CURRENT = "CURRENT"
MANIFEST = "manifest.json"


def versions() -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        **{pkg: version(pkg) for pkg in ("chromadb", "langchain-chroma", "bm25s", "PyStemmer")},
    }


def current_build(index_dir: Path) -> Path | None:
    pointer = index_dir / CURRENT
    if not pointer.exists():
        return None
    build = index_dir / pointer.read_text(encoding="utf-8").strip()
    return build if (build / MANIFEST).exists() else None


def read(build_dir: Path) -> dict[str, Any]:
    return dict(json.loads((build_dir / MANIFEST).read_text(encoding="utf-8")))


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    build = current_build(index_dir)
    return None if build is None else read(build)


def write(build_dir: Path, manifest: dict[str, Any]) -> None:
    # One line: json's C encoder writes it (with an indent, its Python one: 10x slower at 10k letters).
    (build_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def stat_of(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def wordlist_of(settings: Settings) -> dict[str, Any]:
    """The word list as the manifest records it: its number of words, and its size and time."""
    path = Path(settings.wordlist)
    stat = list(stat_of(path)) if path.exists() else [-1, -1]
    return {"words": len(cleanup.load_wordlist(str(path))), "stat": stat}


def _same_wordlist(settings: Settings, manifest: dict[str, Any]) -> bool:
    recorded = manifest.get("wordlist", {})
    path = Path(settings.wordlist)
    if recorded.get("stat") == (list(stat_of(path)) if path.exists() else [-1, -1]):
        return True  # unchanged since the build: not read again
    return bool(recorded.get("words") == len(cleanup.load_wordlist(str(path))))


def same_pipeline(settings: Settings, manifest: dict[str, Any]) -> bool:
    """The build read its letters as this one would: same format, model and word list."""
    return bool(
        manifest.get("versions", {}).get("format") == FORMAT_VERSION
        and manifest.get("embedding_model") == embedding.canonical_name(settings.embedding_model)
        and _same_wordlist(settings, manifest)
    )


def corpus_files(settings: Settings) -> dict[str, str]:
    """relative path -> sha256 of every letter file, readable or not."""
    return {
        p.relative_to(settings.corpus_dir).as_posix(): letters.sha256_of(p)
        for p in letters.letter_files(settings.corpus_dir)
    }


def hashes(
    corpus_dir: Path,
    stats: dict[str, tuple[int, int]],
    manifest: dict[str, Any] | None,
    known: dict[str, str] | None = None,
) -> dict[str, str]:
    """relative path -> sha256 of every file in ``stats``: as in ``known``, else as the manifest
    recorded it while the file's size and time are as recorded, else hashed now."""
    old_stats = (manifest or {}).get("stats", {})
    old_files = (manifest or {}).get("files", {})
    known = known or {}
    out = {}
    for rel, stat in stats.items():
        if rel in known:
            out[rel] = known[rel]
        elif rel in old_files and tuple(old_stats.get(rel, ())) == stat:
            out[rel] = old_files[rel]
        else:
            out[rel] = letters.sha256_of(corpus_dir / rel)
    return out


def is_stale(settings: Settings) -> bool:
    """True when the index is missing or the corpus or the pipeline changed since it was built."""
    manifest = read_manifest(settings.index_dir)
    if manifest is None or not same_pipeline(settings, manifest):
        return True
    stats = letters.file_stats(settings.corpus_dir)
    return bool(manifest.get("files") != hashes(settings.corpus_dir, stats, manifest))


def check_model(settings: Settings) -> None:
    manifest = read_manifest(settings.index_dir)
    wanted = embedding.canonical_name(settings.embedding_model)
    if manifest is not None and manifest["embedding_model"] != wanted:
        raise IndexMismatchError(manifest["embedding_model"], wanted)


def switch(index_dir: Path, build_dir: Path) -> None:
    """Atomic: readers see the old pointer or the new one, never half of either."""
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(build_dir.name, encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT)
