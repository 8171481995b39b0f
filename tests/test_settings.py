"""Settings: defaults < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import BadInputError
from assistant.settings import DEFAULT_MODEL, Settings


def test_defaults() -> None:
    s = Settings.from_env(env={})
    assert (s.corpus_dir, s.index_dir, s.embedding_model, s.top_k) == (
        Path("corpus"),
        Path("index"),
        DEFAULT_MODEL,
        10,
    )


def test_environment_then_flags() -> None:
    env = {"ASSISTANT_CORPUS_DIR": "/a", "ASSISTANT_INDEX_DIR": "/b", "ASSISTANT_TOP_K": "12"}
    s = Settings.from_env(env=env, index_dir="/flag", corpus_dir=None)
    assert s.corpus_dir == Path("/a")  # a flag left unset leaves the variable in force
    assert s.index_dir == Path("/flag")  # a flag wins over the variable
    assert s.top_k == 12


def test_bad_value_is_a_danish_error() -> None:
    with pytest.raises(BadInputError, match="ASSISTANT_TOP_K"):
        Settings.from_env(env={"ASSISTANT_TOP_K": "mange"})
