"""Answering: questions, retrieval, evidence, answerability, the cited answer, the service."""
