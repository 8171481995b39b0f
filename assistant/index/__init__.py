"""The index: embedders, the vector store, BM25, sentence vectors, atomic builds."""
