"""The bounded queue: a question beyond it is answered at once with a Danish "travlt", never an error.

Two bounds. ``Admission`` lets at most ``ASSISTANT_WEB_QUEUE`` questions into answering at once. And
``QueueBound`` keeps at most as many waiting in Gradio's queue: a join (``/gradio_api/queue/join``
or ``/gradio_api/call/…``) that finds it full is marked, and Gradio's cache hook lets the function
answer that join at once, without queueing ("Cache hits bypass the Gradio queue": Gradio calls a
function that has a ``cache`` attribute while the join request is handled, and queues the event
only when it raises ``CacheMissError``). So the browser, ``gradio_client`` and raw HTTP all get a
normal, completed answer that says it is busy, where Gradio itself would refuse the join with an
English 503 that ``gradio_client`` raises as ``QueueError``.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from gradio.caching import CacheMissError
from gradio.caching import _probe_mode_active as _at_join  # True while Gradio asks a "cache" at a join
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.web.render import esc

BUSY = "Der er travlt lige nu. Prøv igen om lidt."
# Set by QueueBound for the length of a join request that found the queue full.
_FULL: ContextVar[bool] = ContextVar("assistant_queue_full", default=False)


def message() -> str:
    """The busy message in the chat: a notice, not an error."""
    return f'<div class="travlt" role="status"><strong>Travlt:</strong> {esc(BUSY)}</div>'


def bounded(fn: Callable[..., Any], when_full: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` for a queued event of the citizens' app. At a join that found the queue full,
    ``when_full`` (same arguments) answers at once; at any other join the event goes to the queue
    (also when QueueBound is not in front); in Gradio's worker ``fn`` answers."""

    def pick() -> Callable[..., Any]:
        if not _at_join.get():
            return fn
        if not _FULL.get():
            raise CacheMissError  # not answered at the join: Gradio queues the event
        return when_full

    if inspect.isgeneratorfunction(fn):  # Gradio streams only what looks like a generator function

        @functools.wraps(fn)
        def stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
            yield from pick()(*args, **kwargs)

        wrapper: Any = stream
    else:

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            return pick()(*args, **kwargs)

        wrapper = call
    wrapper.cache = None  # what Gradio's queue looks for (Queue.push: hasattr(fn.fn, "cache"))
    return wrapper


def is_join(path: str) -> bool:
    """A request that puts an event into the citizens' queue (the staff app's are under /staff)."""
    return path == "/gradio_api/queue/join" or path.startswith("/gradio_api/call/")


class QueueBound:
    """At most ``limit`` events wait in the citizens' queue. A join decides on the event loop, with no
    await between the count and the decision, counting the joins still in flight as waiting."""

    def __init__(self, app: ASGIApp, waiting: Callable[[], int], limit: int) -> None:
        self.app, self.waiting, self.limit = app, waiting, limit
        self.joining = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not is_join(scope["path"]):
            return await self.app(scope, receive, send)
        full = self.waiting() + self.joining >= self.limit
        if not full:
            self.joining += 1
        token = _FULL.set(full)
        try:
            await self.app(scope, receive, send)
        finally:
            _FULL.reset(token)
            if not full:
                self.joining -= 1


class Admission:
    """At most ``limit`` questions in the building at once; the next one is told it is busy at once."""

    def __init__(self, limit: int) -> None:
        self.limit, self.inside = limit, 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        with self._lock:
            if self.inside >= self.limit:
                return False
            self.inside += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self.inside -= 1
