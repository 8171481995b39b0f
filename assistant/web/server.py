"""The one FastAPI app: citizens at /, staff behind a login at /staff, and the web's protective layers."""

from __future__ import annotations

import re
import secrets
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import gradio as gr
from fastapi import FastAPI
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.web import assets as web_assets
from assistant.web import statement
from assistant.web.app import WebApp, build
from assistant.web.busy import QueueBound
from assistant.web.guard import ApiMessages
from assistant.web.login import INTERNAL, LOGIN, LOGOUT, NOT_SET_UP, STAFF, StaffAuth, page, router
from assistant.web.staff_app import build_staff

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Each exception to default-src 'self' is named and explained in SECURITY.md (tests/test_csp.py
# compares the two). Fonts, media and workers need none, nor blob: images: chromium reports nothing.
CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_SCRIPT = re.compile(rb"<script(?=[\s>])", re.I)


def _is_staff_path(path: str) -> bool:
    path = "/" + path.lstrip("/").lower()
    return path == STAFF or path.startswith(STAFF + "/")


class StaffGate:
    """Every request under /staff (but the login page) needs a staff member; the rest pass through."""

    def __init__(self, app: ASGIApp, auth: StaffAuth) -> None:
        self.app, self.auth = app, auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != INTERNAL]
        scope = {**scope, "headers": headers}
        if _is_staff_path(scope["path"]) and scope["path"] not in (LOGIN, LOGOUT):
            request = Request(scope)
            client = scope["client"][0] if scope.get("client") else None
            name = self.auth.identify(request.headers, request.cookies, client)
            if name is None:
                if scope["type"] == "websocket":
                    return await send({"type": "websocket.close", "code": 1008})
                if not self.auth.configured():
                    response: Any = page("Medarbejdersiderne er ikke sat op", NOT_SET_UP, 403)
                elif request.method == "GET" and scope["path"] in (STAFF, STAFF + "/"):
                    response = RedirectResponse(LOGIN, status_code=303)
                else:
                    response = JSONResponse({"detail": "Log ind som medarbejder."}, status_code=401)
                return await response(scope, receive, send)
            # not `headers`: Starlette's Headers(scope=...) put a copy of the list into the scope
            scope["headers"] = [*scope["headers"], (INTERNAL, quote(name).encode())]
        await self.app(scope, receive, send)


class OriginCheck:
    """A state-changing request from another site's page is refused (CSRF), whatever its cookies."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...]) -> None:
        self.app, self.allowed = app, {o.rstrip("/").lower() for o in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE:
            request = Request(scope)
            origin = (request.headers.get("origin") or "").rstrip("/").lower()
            host = (request.headers.get("host") or "").lower()
            same = bool(origin) and urlsplit(origin).netloc == host
            if origin and not same and origin not in self.allowed:
                return await JSONResponse({"detail": "Forespørgslen kommer fra et andet websted."}, 403)(
                    scope, receive, send
                )
        await self.app(scope, receive, send)


class SecurityHeaders:
    """CSP with a fresh nonce on every inline script of a page, no sniffing, no referrer, no framing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        nonce = secrets.token_urlsafe(16)
        held: list[Message] = []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["content-security-policy"] = CSP.format(nonce=nonce)
                headers["x-content-type-options"] = "nosniff"
                headers["referrer-policy"] = "same-origin"  # no-referrer makes a form POST's Origin "null"
                headers["x-frame-options"] = "DENY"
                headers["cross-origin-opener-policy"] = "same-origin"
                headers["permissions-policy"] = "camera=(), microphone=(), geolocation=()"
                if headers.get("content-type", "").startswith("text/html") and not headers.get(
                    "content-encoding"
                ):
                    held.append(message)  # the page: its scripts get the nonce below
                    return
            elif message["type"] == "http.response.body" and held:
                held.append(message)
                if message.get("more_body"):
                    return
                body = b"".join(m.get("body", b"") for m in held[1:])
                body = _SCRIPT.sub(f'<script nonce="{nonce}"'.encode(), body)
                start = held[0]
                MutableHeaders(scope=start)["content-length"] = str(len(body))
                held.clear()
                await send(start)
                message = {"type": "http.response.body", "body": body, "more_body": False}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _blocked(web: WebApp) -> list[str]:
    s = web.assistant.settings
    db = Path(s.verdicts_db).expanduser().resolve()
    accounts = Path(s.staff_accounts).expanduser().resolve()
    blocked = [str(Path(s.index_dir).resolve()), str(Path(s.corpus_dir).resolve())]
    blocked += [str(db), *(f"{db}{suffix}" for suffix in ("-journal", "-wal", "-shm"))]
    return [*blocked, str(db.parent), str(accounts), str(accounts.parent)]


def build_server(web: WebApp, host: str) -> FastAPI:
    """Both Gradio apps in one FastAPI app, behind the middleware (outermost first): trusted hosts,
    security headers, CORS for configured origins only, the origin check, the staff gate, Danish
    API errors, and the citizens' queue bound."""
    s = web.assistant.settings
    auth = StaffAuth(s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        print(f"Running on local URL:  http://{host}:{web.port}", file=sys.stderr, flush=True)
        yield

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    citizens = build(web)
    app.add_middleware(QueueBound, waiting=lambda: len(citizens._queue), limit=s.web_queue)
    app.add_middleware(ApiMessages)
    app.add_middleware(StaffGate, auth=auth)
    app.add_middleware(OriginCheck, allowed=s.allowed_origins)
    # Gradio adds no CORS headers of its own when the parent app has a CORSMiddleware (gradio #13594)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(s.allowed_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["content-type"],
        allow_credentials=False,
    )
    app.add_middleware(SecurityHeaders)
    hosts = list(s.allowed_hosts)
    if host not in ("0.0.0.0", "::", ""):
        hosts.append(host)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.include_router(router(auth))
    app.router.routes.extend(statement.routes())  # the accessibility statement, ahead of Gradio's "/"
    common: dict[str, Any] = dict(
        show_error=False,
        enable_monitoring=False,
        blocked_paths=_blocked(web),
        footer_links=[],
        run_history=False,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        theme=web_assets.theme(),
        css=web_assets.CSS,
        head=web_assets.HEAD,  # the narrow-screen rule that must reach Gradio's own container
        js=web_assets.JS,
        server_name=host,
        server_port=web.port,
    )
    staff_max = f"{s.qa_upload_kb}kb"
    gr.mount_gradio_app(app, build_staff(web), path=STAFF, max_file_size=staff_max, **common)
    gr.mount_gradio_app(app, citizens, path="/", max_file_size="1mb", **common)
    return app


def serve(web: WebApp, host: str, port: int) -> None:
    """Serve with uvicorn. Proxy headers are off: the client address is the socket's, so a forged
    X-Forwarded-For cannot pass for the trusted proxy. Binding first makes a taken port an OSError."""
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    web.port = sock.getsockname()[1]
    config = uvicorn.Config(
        build_server(web, host),
        proxy_headers=False,
        forwarded_allow_ips="",
        server_header=False,
        access_log=False,  # no paths, no addresses, no question text in the log
        log_level="warning",
        timeout_graceful_shutdown=5,
    )
    uvicorn.Server(config).run(sockets=[sock])
