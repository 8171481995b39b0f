"""The chat model: settings to a LangChain chat model, the remote check, and its text as a stream.

LangChain's types stay in this module; the rest of the package sees ``ChatModel``, plain
(role, text) messages in, plain text out, and ``ModelError`` for every way a call can fail.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from assistant.errors import AssistantError, BadInputError
from assistant.settings import Settings

log = logging.getLogger(__name__)

PROVIDERS = {"openai": "https://api.openai.com/v1", "ollama": "http://localhost:11434"}
Message = tuple[str, str]  # ("system" | "user", text)


class ModelError(AssistantError):
    """The model could not be asked, or gave nothing usable: the extractive answer stands in."""


@dataclass(frozen=True)
class ModelConfig:
    provider: str  # "openai" (any OpenAI-compatible server) or "ollama"
    model: str
    base_url: str
    api_key: str | None
    timeout: float
    max_tokens: int

    @property
    def name(self) -> str:
        return f"{self.provider}:{self.model}"

    @property
    def remote(self) -> bool:
        return not is_loopback(self.base_url)

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or self.base_url


def is_loopback(url: str) -> bool:
    """Only 'localhost' and loopback IP literals count as this machine; any other name may be remote."""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def config(settings: Settings, spec: str | None = None) -> ModelConfig | None:
    """The configured model (``spec`` overrides ASSISTANT_LLM), or None; a Danish error when the
    setting is malformed or names a model outside the machine without ASSISTANT_LLM_REMOTE_OK=1."""
    spec = spec or settings.llm
    if not spec:
        return None
    provider, _, model = spec.partition(":")
    if provider not in PROVIDERS or not model:
        raise BadInputError(
            f"ASSISTANT_LLM={spec!r} er ikke gyldig. Skriv openai:<model> eller ollama:<model>."
        )
    cfg = ModelConfig(
        provider,
        model,
        (settings.llm_base_url or PROVIDERS[provider]).rstrip("/"),
        settings.llm_api_key,
        settings.llm_timeout,
        settings.llm_max_tokens,
    )
    if cfg.remote and not settings.llm_remote_ok:
        raise BadInputError(
            f"Sprogmodellen på {cfg.host} ligger uden for denne maskine og ville modtage borgernes "
            "spørgsmål. Sæt ASSISTANT_LLM_REMOTE_OK=1, hvis det er tilladt."
        )
    return cfg


class ChatModel:
    """One configured chat model; ``stream`` yields its text as it comes and raises only ModelError."""

    def __init__(self, cfg: ModelConfig) -> None:
        self.cfg = cfg
        self._model: Any = None

    @property
    def name(self) -> str:
        return self.cfg.name

    def _chat(self) -> Any:
        if self._model is None:
            self._model = _build(self.cfg)
        return self._model

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """The model's text in chunks; the whole answer must come within the timeout."""
        deadline = time.monotonic() + self.cfg.timeout
        try:
            for chunk in self._chat().stream(list(messages)):
                text = chunk.content if isinstance(chunk.content, str) else ""
                if text:
                    yield text
                if time.monotonic() > deadline:
                    raise ModelError("timeout")
        except ModelError:
            raise
        except Exception as exc:  # noqa: BLE001 - every client error means: fall back
            raise ModelError(_kind(exc)) from exc

    def complete(self, messages: Sequence[Message]) -> str:
        """The model's whole text, asked without streaming."""
        try:
            reply = self._chat().invoke(list(messages))
        except Exception as exc:  # noqa: BLE001
            raise ModelError(_kind(exc)) from exc
        if not isinstance(reply.content, str):
            raise ModelError("malformed")
        return reply.content


def _kind(exc: Exception) -> str:
    """What went wrong, in a word for the log: never the request, so never a citizen's question."""
    name = type(exc).__name__.lower()
    if "timeout" in name:
        return "timeout"
    if "connect" in name:
        return "connection"
    if any(w in name for w in ("json", "decode", "validation", "key", "type", "value", "attribute")):
        return "malformed"
    return type(exc).__name__


def _build(cfg: ModelConfig) -> Any:
    """LangChain's chat model for the provider; imported here so that nobody without one pays for it."""
    if cfg.provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=cfg.model,
            base_url=cfg.base_url,
            temperature=0,
            num_predict=cfg.max_tokens,
            client_kwargs={"timeout": cfg.timeout},
        )
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    # Servers that predate "max_completion_tokens" (llama.cpp's, older vLLM) read "max_tokens" only.
    extra_body = None if cfg.base_url == PROVIDERS["openai"] else {"max_tokens": cfg.max_tokens}
    return ChatOpenAI(
        model=cfg.model,
        base_url=cfg.base_url,
        api_key=SecretStr(cfg.api_key or "no-key"),  # local servers take any key; the client wants one
        temperature=0,
        max_completion_tokens=cfg.max_tokens,
        timeout=cfg.timeout,
        max_retries=0,
        extra_body=extra_body,
    )


def open_model(settings: Settings, spec: str | None = None) -> ChatModel | None:
    cfg = config(settings, spec)
    return ChatModel(cfg) if cfg else None
