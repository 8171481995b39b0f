"""Errors at the web edge: Danish messages for users, tracebacks only in the server log."""

from __future__ import annotations

import functools
import inspect
import traceback
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.errors import AssistantError

UNEXPECTED = "Der opstod en uventet fejl. Prøv igen, eller kontakt kommunen."


def guarded(fn: Any) -> Any:
    """Domain errors become their Danish message; anything else a Danish apology, the trace to the log."""

    def translate(exc: Exception) -> gr.Error:
        if isinstance(exc, gr.Error):
            return exc
        if isinstance(exc, AssistantError):
            return gr.Error(str(exc), title="Fejl")
        traceback.print_exc()
        return gr.Error(UNEXPECTED, title="Fejl")

    if inspect.isgeneratorfunction(fn):  # Gradio streams only what looks like a generator function

        @functools.wraps(fn)
        def stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the edge: no traceback reaches a user
                raise translate(exc) from None

        return stream

    @functools.wraps(fn)  # Gradio reads the signature and type hints through __wrapped__
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            raise translate(exc) from None

    return call
