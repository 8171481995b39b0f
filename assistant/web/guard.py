"""Errors at the web edge: Danish messages for users (also for Gradio's own), tracebacks only in the log."""

from __future__ import annotations

import functools
import inspect
import json
import re
import sys
import traceback
from collections.abc import Iterator
from typing import Any

import gradio as gr
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.errors import AssistantError
from assistant.web.busy import BUSY, is_join

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


# Gradio sends {"error": null} for a failure before or after the app's own function (an event with
# too few or malformed inputs: `{"data": [123]}`), since show_error is off. Users get this instead.
UNREADABLE = (
    "Forespørgslen kunne ikke behandles. Tjek at den har den rigtige form: et spørgsmål (tekst) og en "
    'historik (en liste af tekster), fx {"data": ["Hvad er den styrkede aktiveringsindsats?", []]}.'
)
UNREADABLE_STAFF = "Forespørgslen kunne ikke behandles. Tjek at data har den form, API-beskrivelsen viser."
# Gradio's own English answers to a citizen's request it refuses before queueing it; a join that fails
# inside Gradio (its inputs are read there: busy.py) is refused as unreadable, not answered with a 500.
REFUSED = {
    422: "Forespørgslen har ikke den rigtige form: «data» skal være en liste med et spørgsmål (tekst) og "
    "en historik (en liste af tekster).",
    500: UNREADABLE,
    503: BUSY,
}
_NULL_ERROR = re.compile(rb'"error":\s*null')  # json.dumps (/call/…) or orjson (/queue/data)


class ApiMessages:
    """Danish in place of Gradio's silent (null) or English errors on its API routes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "/gradio_api/" not in scope["path"]:
            return await self.app(scope, receive, send)
        citizen = scope["path"].startswith("/gradio_api/")
        join = citizen and is_join(scope["path"])
        error = {"error": UNREADABLE if citizen else UNREADABLE_STAFF, "title": "Fejl", "visible": True}
        filled = json.dumps(error)[1:-1].encode()  # ASCII: valid JSON in either stream
        stream, refused, started = False, 0, False

        async def refuse(status: int) -> None:
            nonlocal started
            started = True
            body = json.dumps({"detail": REFUSED[status]}, ensure_ascii=False).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 422 if status == 500 else status,
                        "headers": headers})  # fmt: skip
            await send({"type": "http.response.body", "body": body, "more_body": False})

        async def translate(message: Message) -> None:
            nonlocal stream, refused, started
            if message["type"] == "http.response.start":
                status = message["status"]
                stream = MutableHeaders(scope=message).get("content-type", "").startswith("text/event-stream")
                if join and not stream and (status in REFUSED or status >= 500):
                    refused = status if status in REFUSED else 500
                    return  # replaced once Gradio's own body has passed
                started = True
            elif refused:
                if not message.get("more_body") and not started:
                    await refuse(refused)
                return
            elif stream:
                message = {**message, "body": _NULL_ERROR.sub(lambda _: filled, message.get("body", b""))}
            await send(message)

        try:
            await self.app(scope, receive, translate)
        except Exception as exc:
            if not join:
                raise
            # The type only: Gradio's messages about inputs quote them, and no question text is logged.
            print(f"Forespørgsel afvist i køen: {type(exc).__name__}", file=sys.stderr, flush=True)
            if not started:
                await refuse(500)
