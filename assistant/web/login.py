"""Who a staff request comes from: the Danish login page, signed session cookies, the trusted header."""

from __future__ import annotations

import html
import ipaddress
import secrets
import threading
import time
from collections import deque
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from assistant.settings import Settings
from assistant.web.accounts import MAX_PASSWORD, Accounts

COOKIE = "bp_staff"
STAFF = "/staff"
LOGIN = "/staff/login"
LOGOUT = "/staff/logout"
INTERNAL = b"x-assistant-staff"  # set by the gate for a signed-in staff member; an incoming one is dropped
MAX_FAILURES, FAILURE_WINDOW = 10, 15 * 60  # per client address: then a pause, against guessing

_PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Spørg om bandepolitikken</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #f4f6f9; color: #1b1f24; margin: 0; }}
main {{ max-width: 30rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 10px;
  border: 1px solid #c9d1dc; }}
h1 {{ font-size: 1.5rem; margin-top: 0; color: #14335c; }}
label {{ display: block; font-weight: 600; margin: 1rem 0 .3rem; }}
input {{ width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #5b6573;
  border-radius: 6px; }}
button {{ margin-top: 1.4rem; padding: .7rem 1.4rem; font-size: 1rem; background: #14335c; color: #fff;
  border: 0; border-radius: 6px; cursor: pointer; }}
.fejl {{ background: #fdecea; border-left: 5px solid #a4262c; padding: .6rem .8rem; }}
code {{ background: #eef1f5; padding: .1rem .3rem; }}
</style></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""

NOT_SET_UP = (
    "<p>Medarbejdersiderne er ikke sat op, så ingen kan logge ind.</p>"
    "<p>Opret en medarbejderkonto på serveren med <code>assistant staff add NAVN</code> (programmet spørger "
    "efter adgangskoden), eller lad kommunens reverse proxy eller single sign-on logge medarbejderen ind og "
    "sætte en header: sæt <code>ASSISTANT_STAFF_HEADER</code> (fx <code>X-Forwarded-User</code>) og "
    "<code>ASSISTANT_TRUSTED_PROXIES</code> til proxyens adresse. Se README'en, afsnittet om webappen.</p>"
)


def staff_name(headers: Any) -> str:
    """The signed-in staff member, as the gate put it on the request (Gradio handlers read this)."""
    return unquote(headers.get(INTERNAL.decode()) or "")


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(title=html.escape(title), body=body), status_code=status)


def _form(message: str = "") -> str:
    error = f'<p class="fejl" role="alert">{html.escape(message)}</p>' if message else ""
    return (
        f'{error}<form method="post" action="{LOGIN}">'
        '<label for="navn">Brugernavn</label>'
        '<input id="navn" name="navn" autocomplete="username" required maxlength="64" autofocus>'
        '<label for="kode">Adgangskode</label>'
        f'<input id="kode" name="kode" type="password" autocomplete="current-password" required '
        f'maxlength="{MAX_PASSWORD}">'
        '<button type="submit">Log ind</button></form>'
    )


class StaffAuth:
    """Decides, for each request to /staff, which staff member makes it, if any."""

    def __init__(self, settings: Settings) -> None:
        self.accounts = Accounts(settings.staff_accounts)
        self.header = (settings.staff_header or "").strip().lower() or None
        self.proxies = [ipaddress.ip_network(p, strict=False) for p in settings.trusted_proxies]
        secret = settings.session_secret or secrets.token_urlsafe(32)
        self.signer = URLSafeTimedSerializer(secret, salt="bandepolitik-staff-session")
        self.max_age = settings.session_minutes * 60
        self.secure = settings.secure_cookies
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @property
    def uses_header(self) -> bool:
        return bool(self.header and self.proxies)

    def configured(self) -> bool:
        return self.uses_header or bool(self.accounts.names())

    def from_proxy(self, client: str | None) -> bool:
        try:
            address = ipaddress.ip_address(client or "")
        except ValueError:
            return False
        return any(address in net for net in self.proxies)

    def identify(
        self, headers: Mapping[str, str], cookies: Mapping[str, str], client: str | None
    ) -> str | None:
        """The staff member's name, or None. The header counts only from a trusted proxy address (the
        socket's peer: uvicorn runs without proxy headers, so X-Forwarded-For cannot fake it)."""
        if self.uses_header and self.header and self.from_proxy(client):
            name = (headers.get(self.header) or "").strip()
            if name and len(name) <= 200 and name.isprintable():
                return name
        token = cookies.get(COOKIE)
        if token:
            try:
                name = self.signer.loads(token, max_age=self.max_age)
            except BadSignature:  # also an expired one (SignatureExpired)
                return None
            if isinstance(name, str) and name in self.accounts:  # a removed account is out at once
                return name
        return None

    def cookie(self, response: Response, name: str) -> None:
        response.set_cookie(
            COOKIE,
            self.signer.dumps(name),
            max_age=self.max_age,
            path=STAFF,
            httponly=True,
            samesite="strict",
            secure=self.secure,
        )

    def too_many_failures(self, client: str, failed: bool = False) -> bool:
        now = time.monotonic()
        with self._lock:
            times = self._failures.setdefault(client, deque())
            while times and now - times[0] > FAILURE_WINDOW:
                times.popleft()
            if failed:
                times.append(now)
            if not times:
                del self._failures[client]
            return len(times) >= MAX_FAILURES


def router(auth: StaffAuth) -> APIRouter:
    """The login and logout routes; the Gradio staff app itself is mounted at /staff."""
    routes = APIRouter()

    @routes.get(LOGIN, include_in_schema=False)
    def login_page(request: Request) -> Response:
        if not auth.configured():
            return page("Medarbejdersiderne er ikke sat op", NOT_SET_UP, 403)
        return page("Log ind som medarbejder", _form())

    @routes.post(LOGIN, include_in_schema=False)
    async def login(request: Request) -> Response:
        if not auth.configured():
            return page("Medarbejdersiderne er ikke sat op", NOT_SET_UP, 403)
        client = request.client.host if request.client else "?"
        if auth.too_many_failures(client):
            return page("For mange forsøg", "<p>For mange forkerte forsøg. Vent et kvarter.</p>", 429)
        form = await request.form()
        name, password = str(form.get("navn") or ""), str(form.get("kode") or "")
        if not auth.accounts.verify(name, password):
            auth.too_many_failures(client, failed=True)
            return page("Log ind som medarbejder", _form("Forkert brugernavn eller adgangskode."), 401)
        response = RedirectResponse(STAFF + "/", status_code=303)
        auth.cookie(response, name)
        return response

    @routes.post(LOGOUT, include_in_schema=False)
    def logout() -> Response:
        response = RedirectResponse(LOGIN, status_code=303)
        response.delete_cookie(COOKIE, path=STAFF, httponly=True, samesite="strict", secure=auth.secure)
        return response

    return routes
