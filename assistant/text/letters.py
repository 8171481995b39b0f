"""Load letters from the corpus directory (txt, md, pdf, docx) with their metadata."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import BadLetterError
from assistant.text import cleanup, metadata
from assistant.types import Letter

SUFFIXES = (".txt", ".md", ".pdf", ".docx")
SIDECAR = ".meta.json"
SKIPPED_DIRS = frozenset({"qa"})  # the QA set lives beside the letters, it is not one


@dataclass(frozen=True)
class LoadResult:
    letters: list[Letter]
    errors: list[BadLetterError]


def letter_files(corpus_dir: Path) -> list[Path]:
    """Every letter file below the corpus directory, in a stable order."""
    if not corpus_dir.is_dir():
        return []
    return sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUFFIXES
        and not p.name.startswith(".")
        and not SKIPPED_DIRS.intersection(p.relative_to(corpus_dir).parts[:-1])
    )


def letter_id_for(corpus_dir: Path, path: Path) -> str:
    """Stable across edits: derived from the file's place in the corpus, not its content."""
    rel = path.relative_to(corpus_dir).with_suffix("").as_posix()
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", rel.replace("/", "__"))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_text(path: Path) -> list[str]:
    data = path.read_bytes()
    try:
        return [data.decode("utf-8-sig")]
    except UnicodeDecodeError:
        return [data.decode("cp1252")]


def _read_pdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return [page.extract_text() or "" for page in reader.pages]


def _read_docx(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    return ["\n\n".join(p.text for p in document.paragraphs)]


READERS: dict[str, Callable[[Path], list[str]]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}


def load_letter(corpus_dir: Path, path: Path, words: frozenset[str] = frozenset()) -> Letter:
    """One letter, normalized; any failure becomes a BadLetterError naming the file."""
    rel = path.relative_to(corpus_dir).as_posix()
    try:
        pages = READERS[path.suffix.lower()](path)
    except Exception as exc:  # a broken file must never take the other letters down
        raise BadLetterError(rel, f"filen kan ikke åbnes ({type(exc).__name__}: {exc})") from exc
    texts = [cleanup.normalize(page, words) for page in pages]
    page_starts: list[int] = []
    text = ""
    for page_text in texts:
        if text and page_text:
            text += "\n\n"
        page_starts.append(len(text))
        text += page_text
    if not text.strip():
        raise BadLetterError(rel, "filen indeholder ingen tekst")
    meta = metadata.extract(text, fallback_title=path.stem)
    sidecar = path.with_name(path.stem + SIDECAR)
    if sidecar.exists():
        try:
            meta = metadata.override(meta, json.loads(sidecar.read_text(encoding="utf-8")))
        except (ValueError, TypeError) as exc:
            raise BadLetterError(rel, f"metadata-filen {sidecar.name} er ugyldig: {exc}") from exc
    return Letter(
        letter_id=letter_id_for(corpus_dir, path),
        path=rel,
        sha256=sha256_of(path),
        text=text,
        meta=meta,
        page_starts=tuple(page_starts) if path.suffix.lower() == ".pdf" else (),
    )


def load_corpus(corpus_dir: Path, wordlist: Path) -> LoadResult:
    """All readable letters, plus an error for each one that could not be read."""
    words = cleanup.load_wordlist(str(wordlist))
    letters: list[Letter] = []
    errors: list[BadLetterError] = []
    for path in letter_files(corpus_dir):
        try:
            letters.append(load_letter(corpus_dir, path, words))
        except BadLetterError as exc:
            errors.append(exc)
    return LoadResult(letters, errors)
