"""The tutorial-grade LangChain RAG a user would otherwise build: the baseline we compare against."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.index.store import VectorStore
from assistant.text import letters as letter_files
from assistant.types import Answer, Citation, Hit, Letter, Passage

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
K = 4


def raw_text(path: Path) -> str:
    """The letter as a document loader returns it: not normalized, line-break hyphens and all."""
    return "\n\n".join(letter_files.READERS[path.suffix.lower()](path, letter_files.ReadLimits()))


def locate(letter_text: str, chunk: str, raw_start: int) -> int:
    """Where the chunk occurs in the normalized text; else its raw offset, which then cites wrongly."""
    found = letter_text.find(chunk)
    return found if found >= 0 else min(raw_start, len(letter_text))


class TutorialRAG:
    """RecursiveCharacterTextSplitter(1000, 200) over raw letters, Chroma ``similarity_search(k=4)``
    (Chroma's default HNSW settings, as a tutorial leaves them).

    It never refuses and ignores the conversation. Its answer is the retrieved chunks joined, and its
    citations are those chunks, placed at the offsets where they occur in the normalized letter text
    (mostly they don't occur there: raw text is not normalized text).
    """

    def __init__(
        self,
        letters: Mapping[str, Letter],
        corpus_dir: Path,
        embedder: Embeddings,
        work_dir: Path,
        url: str | None = None,
        collection: str = "tutorial",
    ) -> None:
        self.letters = dict(letters)
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
        )
        self.chunks: dict[str, Passage] = {}
        for letter in self.letters.values():
            docs = splitter.create_documents([raw_text(corpus_dir / letter.path)])
            for i, doc in enumerate(docs):
                chunk_id = f"{letter.letter_id}#chunk{i}"
                start = locate(letter.text, doc.page_content, int(doc.metadata["start_index"]))
                self.chunks[chunk_id] = Passage(
                    passage_id=chunk_id,
                    letter_id=letter.letter_id,
                    start=start,
                    end=start + len(doc.page_content),
                    text=doc.page_content,
                    role="chunk",
                )
        # The Chroma of langchain_chroma with its default settings, opened through store.py (the one
        # module importing chromadb), on disk in work_dir or on the server at url.
        vectors = VectorStore(embedder, collection, directory=work_dir, url=url, hnsw=None)
        self.store = vectors.langchain()
        ids = list(self.chunks)
        size = vectors.batch_size  # in slices, as Chroma.from_documents adds them
        for part in (ids[b : b + size] for b in range(0, len(ids), size)):
            self.store.add_texts(
                [self.chunks[c].text for c in part], metadatas=[{"chunk_id": c} for c in part], ids=part
            )

    @property
    def passages(self) -> dict[str, str]:
        """Chunk id -> chunk text: what retrieval is judged over."""
        return {cid: p.text for cid, p in self.chunks.items()}

    def ask(self, question: str, history: Sequence[str] = (), mode: str | None = None) -> Answer:
        started = time.perf_counter()
        docs = self.store.similarity_search(question, k=K)
        found = [self.chunks[str(d.metadata["chunk_id"])] for d in docs]
        citations = []
        for n, chunk in enumerate(found, start=1):
            letter = self.letters[chunk.letter_id]
            # Tutorial-style: the chunk itself is the "quote", exact span or not.
            citations.append(Citation.of(n, letter, chunk.passage_id, chunk.text, chunk.start, chunk.end))
        return Answer(
            question=question,
            history=tuple(history),
            refused=False,
            answer="\n\n".join(chunk.text for chunk in found),
            citations=tuple(citations),
            retrieved=tuple(Hit(passage=c, score=1.0 / r) for r, c in enumerate(found, start=1)),
            latency_ms=(time.perf_counter() - started) * 1000,
        )
