"""A scripted chat-model server on a loopback port: OpenAI's /v1/chat/completions (plain and SSE) and
Ollama's /api/chat (plain and NDJSON), answering what the test's script says.

A script is a function of the prompt's user message (so that it can find the number the prompt gave a
passage) returning the model's text, or one of MALFORMED and HANG.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MALFORMED = "<<malformed>>"
HANG = "<<hang>>"
Script = Callable[[str], str]


def number_of(prompt: str, phrase: str) -> int:
    """The number the prompt gave the passage holding ``phrase`` (whitespace-insensitive)."""
    wanted = re.sub(r"\s+", " ", phrase)
    for m in re.finditer(r'<passage nr="(\d+)"[^>]*>\n(.*?)</passage>', prompt, re.S):
        if wanted in re.sub(r"\s+", " ", m.group(2)):
            return int(m.group(1))
    raise AssertionError(f"no passage holds {phrase!r}")


@dataclass
class FakeLLM:
    script: Script = lambda prompt: ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    hang_seconds: float = 120  # the longest a HANG waits for `release`
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def prompts(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r.get("messages", []) if m["role"] == "user"]

    def start(self) -> FakeLLM:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # Ollama's client may ask for the version or the models
                self._send(200, "application/json", json.dumps({"models": [], "version": "0.6.0"}).encode())

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append(body)
                user = next((m["content"] for m in body.get("messages", []) if m["role"] == "user"), "")
                text = fake.script(user)
                if text == HANG:
                    fake.release.wait(fake.hang_seconds)
                    text = fake.script(user)  # let go: answer as the script says now
                    if text == HANG:
                        self.close_connection = True  # no answer at all
                        return
                if self.path.startswith("/api/chat"):
                    self._ollama(body, text)
                else:
                    self._openai(body, text)

            def _send(self, status: int, kind: str, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _openai(self, body: dict[str, Any], text: str) -> None:
                model = body.get("model", "fake")
                if text == MALFORMED:
                    if body.get("stream"):
                        self._stream("text/event-stream", [b"data: {not json\n\n", b"data: [DONE]\n\n"])
                    else:
                        self._send(200, "application/json", b'{"choices": "nonsense"')
                    return
                if not body.get("stream"):
                    reply = {
                        "id": "c1",
                        "object": "chat.completion",
                        "created": 0,
                        "model": model,
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": text},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    }
                    self._send(200, "application/json", json.dumps(reply).encode())
                    return
                events = []
                for piece in chunks(text):
                    delta = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model}
                    delta["choices"] = [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]
                    events.append(f"data: {json.dumps(delta)}\n\n".encode())
                done = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model}
                done["choices"] = [{"index": 0, "delta": {}, "finish_reason": "stop"}]
                events += [f"data: {json.dumps(done)}\n\n".encode(), b"data: [DONE]\n\n"]
                self._stream("text/event-stream", events)

            def _ollama(self, body: dict[str, Any], text: str) -> None:
                model = body.get("model", "fake")
                if text == MALFORMED:
                    self._stream("application/x-ndjson", [b"{not json\n"])
                    return
                base = {"model": model, "created_at": "2025-01-01T00:00:00Z"}
                pieces = chunks(text) if body.get("stream", True) else [text]
                lines = [
                    {**base, "message": {"role": "assistant", "content": p}, "done": False} for p in pieces
                ]
                lines.append(
                    {
                        **base,
                        "message": {"role": "assistant", "content": ""},
                        "done": True,
                        "done_reason": "stop",
                    }
                )
                if not body.get("stream", True):
                    final = {**lines[-1], "message": {"role": "assistant", "content": text}}
                    self._send(200, "application/json", json.dumps(final).encode())
                    return
                self._stream("application/x-ndjson", [(json.dumps(x) + "\n").encode() for x in lines])

            def _stream(self, kind: str, parts: list[bytes]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for part in parts:
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up (a timeout test) is no error of the server's

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def chunks(text: str, size: int = 7) -> list[str]:
    """The text in small pieces, as a model streams it."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]
