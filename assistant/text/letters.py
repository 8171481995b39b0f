"""Load letters from the corpus directory (txt, md, pdf, docx) with their metadata."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import BadLetterError
from assistant.text import cleanup, invisible, metadata, pdf, privacy
from assistant.types import Letter

SUFFIXES = (".txt", ".md", ".pdf", ".docx")
SIDECAR = ".meta.json"
SKIPPED_DIRS = frozenset({"qa"})  # the QA set lives beside the letters, it is not one


@dataclass(frozen=True)
class ReadLimits:
    """What one letter may cost to read: its size on disk, and a PDF's time and memory."""

    max_bytes: int = 20 * 1024 * 1024
    pdf: pdf.Limits = pdf.Limits()


@dataclass(frozen=True)
class LoadResult:
    letters: list[Letter]  # read now
    errors: list[BadLetterError]
    notices: list[str] = field(default_factory=list)  # e.g. CPR numbers masked, in Danish
    kept: list[Kept] = field(default_factory=list)  # taken over unread (load_corpus's ``known``)
    order: list[str] = field(default_factory=list)  # the ids of both, in the corpus's order


def letter_files(corpus_dir: Path) -> list[Path]:
    """Every letter file below the corpus directory, in a stable order (as sorted Paths)."""
    return [corpus_dir.joinpath(*parts) for parts, _ in _files(corpus_dir)]


Scan = list[tuple[tuple[str, ...], os.DirEntry[str]]]


def scan(corpus_dir: Path) -> Scan:
    """(relative path's parts, directory entry) of every letter file, in the order of sorted
    Paths (by their parts), found as Path.rglob finds them (symlinked directories not entered)
    but by os.scandir: no stat call or Path object for what the directory listing already says.
    An entry stats its file once (os.DirEntry.stat), however often it is asked."""
    return _files(corpus_dir)


def _files(corpus_dir: Path) -> Scan:
    if not corpus_dir.is_dir():
        return []
    return sorted(_walk(corpus_dir, ()), key=lambda found: found[0])


def _walk(
    directory: Path | str, parts: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], os.DirEntry[str]]]:
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                if entry.name not in SKIPPED_DIRS:
                    yield from _walk(entry.path, (*parts, entry.name))
            elif (
                not entry.name.startswith(".")
                and os.path.splitext(entry.name)[1].lower() in SUFFIXES
                and entry.is_file()
            ):
                yield (*parts, entry.name), entry


def file_stats(corpus_dir: Path, found: Scan | None = None) -> dict[str, tuple[int, int]]:
    """relative path -> (size, mtime in ns) of every letter file, in letter_files' order."""
    out = {}
    for parts, entry in _files(corpus_dir) if found is None else found:
        st = entry.stat()
        out["/".join(parts)] = (st.st_size, st.st_mtime_ns)
    return out


def letter_id_for(corpus_dir: Path, path: Path) -> str:
    """Stable across edits: derived from the file's place in the corpus, not its content."""
    rel = path.relative_to(corpus_dir).with_suffix("").as_posix()
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", rel.replace("/", "__"))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_text(path: Path, limits: ReadLimits) -> list[str]:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252 (cp1252): Danish text
    saved by older Windows programs. Anything else is refused, never guessed."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [data.decode("utf-16")]
    try:
        return [data.decode("utf-8-sig")]
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise BadLetterError(
            path.name, "teksten er hverken UTF-8 eller Windows-1252 (cp1252). Gem filen som UTF-8"
        ) from None
    if any(ch in text for ch in "\x81\x8d\x8f\x90\x9d") or "\x00" in text:
        raise BadLetterError(path.name, "filen ligner ikke tekst. Gem den som UTF-8")
    return [text]


def _read_pdf(path: Path, limits: ReadLimits) -> list[str]:
    try:
        return pdf.read_pages(path, limits.pdf)
    except pdf.PdfError as exc:
        raise BadLetterError(path.name, str(exc)) from None


def _read_docx(path: Path, limits: ReadLimits) -> list[str]:
    import docx

    document = docx.Document(str(path))
    return ["\n\n".join(p.text for p in document.paragraphs)]


READERS: dict[str, Callable[[Path, ReadLimits], list[str]]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}


def load_letter(
    corpus_dir: Path,
    path: Path,
    words: frozenset[str] = frozenset(),
    limits: ReadLimits = ReadLimits(),
    notices: list[str] | None = None,
) -> Letter:
    """One letter, normalized, its CPR numbers masked; any failure becomes a BadLetterError
    naming the file. What was masked is added to ``notices``."""
    rel = path.relative_to(corpus_dir).as_posix()
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise BadLetterError(
            rel, f"filen er for stor ({size / 2**20:.1f} MB; højst {limits.max_bytes / 2**20:g} MB)"
        )
    try:
        pages = READERS[path.suffix.lower()](path, limits)
    except BadLetterError as exc:
        raise BadLetterError(rel, exc.reason) from None
    except Exception as exc:  # a broken file must never take the other letters down
        raise BadLetterError(rel, f"filen kan ikke åbnes ({type(exc).__name__}: {exc})") from exc
    texts, masked = [], 0
    for page in pages:
        text, count = privacy.mask(cleanup.normalize(invisible.strip(page, keep_soft_hyphen=True), words))
        texts.append(text)
        masked += count
    if masked and notices is not None:
        notices.append(f"Brevet '{rel}': {masked} CPR-lignende nummer/numre er skjult ({privacy.MASK}).")
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


@dataclass(frozen=True)
class Kept:
    """A letter an earlier build read, taken over unread: its file and sidecar are unchanged."""

    letter_id: str
    path: str
    sha256: str
    size: int = -1  # the file's size and modification time then: equal now, its hash is trusted
    mtime_ns: int = -1


@dataclass(frozen=True)
class Known:
    """Letters read before, by relative path: taken over while file and sidecar are unchanged."""

    letters: Mapping[str, Kept]
    notices: tuple[str, ...] = ()  # what reading them reported, kept with them
    since: float = 0.0  # when they were read: a sidecar modified later is read again

    @functools.cached_property
    def notices_of(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for notice in self.notices:
            if notice.startswith("Brevet '") and "':" in notice:
                out.setdefault(notice[len("Brevet '") : notice.index("':")], []).append(notice)
        return out


def _known(rel: str, entry: os.DirEntry[str], known: Known | None, notices: list[str]) -> Kept | None:
    old = known.letters.get(rel) if known else None
    if known is None or old is None:
        return None
    st = entry.stat()
    if (st.st_size, st.st_mtime_ns) != (old.size, old.mtime_ns) and sha256_of(Path(entry.path)) != old.sha256:
        return None
    with contextlib.suppress(FileNotFoundError):
        if os.stat(os.path.splitext(entry.path)[0] + SIDECAR).st_mtime >= known.since:
            return None
    notices.extend(n for n in known.notices_of.get(rel, []) if n.startswith(f"Brevet '{rel}':"))
    return old


def load_corpus(
    corpus_dir: Path,
    wordlist: Path,
    limits: ReadLimits = ReadLimits(),
    known: Known | None = None,
    found: Scan | None = None,
) -> LoadResult:
    """All readable letters, plus an error for each one that could not be read or that repeats
    another letter byte for byte (it would only cite the same text twice). Letters in ``known``
    whose files are unchanged are taken over, not read again: they are in ``kept``, not ``letters``.
    ``found``: the corpus as ``scan`` found it, if it was scanned already."""
    result = LoadResult([], [])
    first: dict[str, str] = {}
    for parts, entry in _files(corpus_dir) if found is None else found:
        try:
            letter = _known("/".join(parts), entry, known, result.notices) or load_letter(
                corpus_dir, Path(entry.path), cleanup.load_wordlist(str(wordlist)), limits, result.notices
            )
        except BadLetterError as exc:
            result.errors.append(exc)
            continue
        if letter.sha256 in first:
            copy_of = f"den er en kopi af '{first[letter.sha256]}' og er sprunget over"
            result.errors.append(BadLetterError(letter.path, copy_of))
            continue
        first[letter.sha256] = letter.path
        (result.kept if isinstance(letter, Kept) else result.letters).append(letter)  # type: ignore[arg-type]
        result.order.append(letter.letter_id)
    return result
