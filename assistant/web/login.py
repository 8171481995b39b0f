"""Who a staff request comes from: the Danish login page, signed session cookies, the trusted header."""

from __future__ import annotations

import html
import ipaddress
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from assistant.settings import Settings
from assistant.web.accounts import MAX_PASSWORD, Accounts
from assistant.web.attempts import Attempts, minutes
from assistant.web.sessions import Sessions

COOKIE = "bp_staff"
STAFF = "/staff"
LOGIN = "/staff/login"
LOGOUT = "/staff/logout"
INTERNAL = b"x-assistant-staff"  # set by the gate for a signed-in staff member; an incoming one is dropped
FAILURE_WINDOW = 15 * 60
# Against guessing: a pause for a client address after 10 wrong logins in the window, and for a name
# after 5 (also for a name no one has, so that a pause tells nothing about who exists).
ADDRESS_FAILURES, NAME_FAILURES = 10, 5

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
        accounts_file = Path(settings.staff_accounts).expanduser()
        self.sessions = Sessions(accounts_file.with_name("staff-sessions.json"), self.max_age)
        self.by_address = Attempts(ADDRESS_FAILURES, FAILURE_WINDOW)
        self.by_name = Attempts(NAME_FAILURES, FAILURE_WINDOW)

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
            given = (headers.get(self.header) or "").strip()
            if given and len(given) <= 200 and given.isprintable():
                return given
        sid = self.session_id(cookies)
        name = self.sessions.name(sid) if sid else None  # closed at logout: every copy is out
        if name is not None and name in self.accounts:  # a removed account is out at once
            return name
        return None

    def session_id(self, cookies: Mapping[str, str]) -> str | None:
        """The session the cookie names, if its signature holds and it has not expired."""
        try:
            sid = self.signer.loads(cookies.get(COOKIE) or "", max_age=self.max_age)
        except BadSignature:  # also an expired one (SignatureExpired)
            return None
        return sid if isinstance(sid, str) else None

    def cookie(self, response: Response, name: str) -> None:
        response.set_cookie(
            COOKIE,
            self.signer.dumps(self.sessions.open(name)),
            max_age=self.max_age,
            path=STAFF,
            httponly=True,
            samesite="strict",
            secure=self.secure,
        )


def _paused(why: str, seconds: float) -> Response:
    wait = minutes(seconds)
    body = f'<p class="fejl" role="alert">{why} Prøv igen om {wait} minut{"" if wait == 1 else "ter"}.</p>'
    response = page("For mange forsøg", body + _form(), 429)
    response.headers["retry-after"] = str(int(seconds) + 1)
    return response


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
        if wait := auth.by_address.wait(client):
            return _paused("For mange forkerte forsøg fra din adresse.", wait)
        form = await request.form()
        name, password = str(form.get("navn") or ""), str(form.get("kode") or "")
        if wait := auth.by_name.wait(name):  # not even the right password, until the pause is over
            return _paused("For mange forkerte forsøg med dette brugernavn.", wait)
        if not auth.accounts.verify(name, password):
            auth.by_address.fail(client)
            if wait := auth.by_name.fail(name):
                return _paused("For mange forkerte forsøg med dette brugernavn.", wait)
            return page("Log ind som medarbejder", _form("Forkert brugernavn eller adgangskode."), 401)
        auth.by_name.forget(name)
        response = RedirectResponse(STAFF + "/", status_code=303)
        auth.cookie(response, name)
        return response

    @routes.post(LOGOUT, include_in_schema=False)
    def logout(request: Request) -> Response:
        """Ends the session on the server, so that a copy of the cookie no longer works either."""
        sid = auth.session_id(request.cookies)
        if sid:
            auth.sessions.close(sid)
        response = RedirectResponse(LOGIN, status_code=303)
        response.delete_cookie(COOKIE, path=STAFF, httponly=True, samesite="strict", secure=auth.secure)
        return response

    return routes
