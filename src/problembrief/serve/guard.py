"""The guards in front of every route: only this user's browser, on this machine, may drive the form.

The form edits a file on disk and runs on the user's machine, so any web page the user visits could try to
reach it (`fetch("http://127.0.0.1:…")`, a hidden form posting to it, or a DNS name rebound to 127.0.0.1).
Four checks, as Jupyter does:

- the server listens on 127.0.0.1 only (the caller binds it so);
- Host must be `127.0.0.1:PORT` or `localhost:PORT`: a rebound name (`evil.example:PORT`) is refused;
- a secret token, in the address the command prints and opens, is exchanged on the first visit for a cookie
  (HttpOnly, SameSite=Strict, named after the port), which every later request must carry;
- a request that changes anything (POST) must come from the form's own origin (Origin, and Sec-Fetch-Site
  where the browser sends it), so another site's page cannot post to it even with the cookie.

Every response forbids framing, sniffing, referrers (the token must not leak) and any script, style or
connection from outside the package (Content-Security-Policy).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from problembrief.i18n import _

SECURITY_HEADERS = {
    "content-security-policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
SAFE_METHODS = {"GET", "HEAD"}


@dataclass(frozen=True)
class Guard:
    token: str
    port: int
    max_body: int  # bytes of a request body: the same limit as a brief file (load.Limits.max_bytes)

    @property
    def cookie(self) -> str:
        # Cookies are per host, not per port: two forms open at once must not share (or overwrite) a token.
        return f"problembrief-{self.port}"

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    @property
    def origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.hosts)

    def address(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}?{urlencode({'token': self.token})}"

    def has_token(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def refusal(self, scope: Scope) -> Response | None:
        """Why a request is refused (a response to send instead), or None when it may pass."""
        headers = Headers(scope=scope)
        if headers.get("host", "") not in self.hosts:
            return _refuse(_("This address is not the form's. Open the address that `problembrief serve` printed."),
                           400)
        origin = headers.get("origin")
        site = headers.get("sec-fetch-site")
        if site == "cross-site" or (origin is not None and origin not in self.origins):
            return _refuse(_("A request from another web site is refused."), 403)
        if scope["method"] not in SAFE_METHODS and origin is None and site != "same-origin":
            return _refuse(_("A change must come from the form itself."), 403)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if self.has_token(query.get("token")):
            # The first visit: the token becomes a cookie, and the address loses it (history, screenshots).
            rest = urlencode({k: v for k, v in query.items() if k != "token"})
            target = scope["path"] + (f"?{rest}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="strict", path="/")
            return response
        cookies = headers.get("cookie", "")
        given = next((value for name, _sep, value in (part.strip().partition("=") for part in cookies.split(";"))
                      if name == self.cookie), None)
        if not self.has_token(given):
            return _refuse(_("Open the address with the token that `problembrief serve` printed."), 403)
        length = headers.get("content-length")
        if scope["method"] not in SAFE_METHODS:
            if length is None or not length.isdigit():
                return _refuse(_("A change must say its length."), 411)
            if int(length) > self.max_body:
                return _refuse(_("The change is larger than a brief may be ({limit} bytes).").format(
                    limit=self.max_body), 413)
        return None


def _refuse(message: str, status: int) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


class GuardMiddleware:
    """Applies a Guard to every HTTP request and the security headers to every response."""

    def __init__(self, app: ASGIApp, guard: Guard, speaking: Callable[[], object]) -> None:
        self.app = app
        self.guard = guard
        self.speaking = speaking  # a context manager factory: the refusals in the form's language

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.speaking():  # type: ignore[attr-defined]
            refused = self.guard.refusal(scope)
        if refused is not None:
            for name, value in SECURITY_HEADERS.items():
                refused.headers[name] = value
            await refused(scope, receive, send)
            return
        await self.app(scope, _bounded(receive, self.guard.max_body), _with_headers(send))


def _bounded(receive: Receive, limit: int) -> Receive:
    """A body longer than its Content-Length said is cut off (the server would otherwise read it all)."""
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                return {"type": "http.disconnect"}
        return message

    return bounded


def _with_headers(send: Send) -> Callable[[Message], Awaitable[None]]:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower()
                       not in SECURITY_HEADERS]
            headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
            message = {**message, "headers": headers}
        await send(message)

    return sending
