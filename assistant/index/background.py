"""A fixed sample of ordinary Danish text: what "similar" means for a question, in any corpus.

A question's similarity to a sentence is read as a z-score against its similarity to these
sentences (answer/evidence.py, ``similarity_z``). Read against the corpus's own sentences, as it
was, the score depended on the corpus: in an index of one letter every sentence is on the
question's topic, so the sentence that answers looked ordinary and was refused. The sample is the
same for every corpus; it is embedded once per model, when letters are indexed, and kept beside the
builds in the index folder.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import threading
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

SAMPLE_FILE = "data/background.txt"
_known: dict[str, np.ndarray] = {}  # file name -> unit vectors, for every index this process opens
_lock = threading.Lock()


@functools.cache
def sentences() -> tuple[str, ...]:
    """The sample, read once per process (every index opened and built hashes it)."""
    text = files("assistant").joinpath(SAMPLE_FILE).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def file_name(model: str) -> str:
    """One file per model and sample: a changed sample or model is embedded anew."""
    digest = hashlib.sha256(f"{model}\x00{chr(10).join(sentences())}".encode()).hexdigest()
    return f"background-{digest[:16]}.npy"


def vectors(index_dir: Path, model: str, embedder: Any) -> np.ndarray:
    """The sample's unit vectors under the model: remembered, read from the index folder, or
    embedded now and saved there (atomically: a reader never sees half a file)."""
    name = file_name(model)
    with _lock:
        if name in _known:
            return _known[name]
        path = index_dir / name
        try:
            found = np.load(path)
        except (OSError, ValueError):
            found = _unit(np.asarray(embedder.embed_documents(list(sentences())), dtype=np.float32))
            _save(path, found)
        _known[name] = found
        return found


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def _save(path: Path, matrix: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".background-", suffix=".npy", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            np.save(out, matrix)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)  # a read-only index folder: kept in memory only
