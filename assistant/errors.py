"""The few domain errors; each carries a Danish message fit to show a user."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: the message is Danish and complete, the CLI prints it as is."""


class BadInputError(AssistantError):
    """A question, flag or file that the assistant cannot use (exit code 2)."""


class BadLetterError(AssistantError):
    """One letter could not be read; the others still index."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"Brevet '{path}' kunne ikke læses: {reason}")
        self.path = path
        self.reason = reason


class IndexMismatchError(AssistantError):
    """The index was built with another embedding model than the one configured."""

    def __init__(self, built_with: str, configured: str) -> None:
        super().__init__(
            f"Indekset er bygget med embedding-modellen '{built_with}', men den valgte model er "
            f"'{configured}'. Byg indekset igen med: assistant index --rebuild"
        )
        self.built_with = built_with
        self.configured = configured


class EmptyCorpusError(AssistantError):
    """No readable letter in the corpus directory."""
