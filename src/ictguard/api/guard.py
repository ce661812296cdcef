"""The service's one request guard (an ASGI middleware around the API and the web pages):

* **credentials before bodies** — an API write without a valid key gets 401, a web form post without a signed-in
  session more than ``ANONYMOUS_BODY_BYTES`` gets 401, before a byte of the body is read;
* **body caps** — ``MAX_BODY_BYTES`` for JSON and forms, the upload cap for multipart bodies, 413 from the
  Content-Length before reading and while reading a body sent without one;
* **sign-in throttling** — a client whose wrong keys (web sign-in or API bearer) pass ``login_failures`` within
  ``login_window`` seconds gets 429 until the window has moved on;
* **security headers** — every HTML response gets a Content-Security-Policy (scripts from this site only, no
  framing), X-Frame-Options, X-Content-Type-Options and Referrer-Policy.

Limits and their reasons are in ``ictguard.limits`` and docs/security.md.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from ictguard.errors import (
    AuthenticationError,
    IctguardError,
    PayloadTooLargeError,
    TooManyRequestsError,
    error_body,
    http_status_for,
)
from ictguard.limits import ANONYMOUS_BODY_BYTES, MAX_BODY_BYTES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN_PATH = "/ui/login"
SECURITY_HEADERS = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        b"frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
# The inline style is htmx's own indicator rule; scripts are the two files under /ui/static.

# Who is calling, from the credentials alone: a bearer key -> valid?, a Cookie header -> signed in?
KeyCheck = Callable[[str], bool]
SessionCheck = Callable[[str], bool]


class LoginThrottle:
    """Failed sign-ins per client address in a sliding window (memory per process, bounded)."""

    def __init__(self, failures: int, window: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.failures, self.window, self.clock = failures, window, clock
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}

    def blocked(self, client: str) -> bool:
        with self._lock:
            times = self._recent(client)
            return times is not None and len(times) >= self.failures

    def failed(self, client: str) -> None:
        with self._lock:
            if len(self._seen) > 100_000:  # a flood from many addresses: forget the oldest half
                for key in list(self._seen)[: len(self._seen) // 2]:
                    del self._seen[key]
            times = self._recent(client) or self._seen.setdefault(client, deque())
            times.append(self.clock())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._seen.pop(client, None)

    def _recent(self, client: str) -> deque[float] | None:
        times = self._seen.get(client)
        if times is not None:
            cutoff = self.clock() - self.window
            while times and times[0] < cutoff:
                times.popleft()
        return times


class ServingHealth:
    """The statuses of the last responses: readiness fails while most of them are server errors (a worker out
    of memory answers 500 to everything while its liveness still looks fine)."""

    def __init__(self, window: int = 20, minimum: int = 5) -> None:
        self._recent: deque[bool] = deque(maxlen=window)
        self.minimum = minimum

    def record(self, status: int) -> None:
        self._recent.append(status >= 500)

    def problem(self) -> str | None:
        failed, seen = sum(self._recent), len(self._recent)
        if seen >= self.minimum and failed * 2 >= seen:
            return f"{failed} of the last {seen} requests failed with a server error"
        return None


class RequestGuard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        key_valid: KeyCheck,
        session_valid: SessionCheck,
        upload_bytes: int,
        throttle: LoginThrottle,
        body_bytes: int = MAX_BODY_BYTES,
        health: ServingHealth | None = None,
    ) -> None:
        self.app, self.key_valid, self.session_valid = app, key_valid, session_valid
        self.upload_bytes, self.body_bytes, self.throttle = upload_bytes, body_bytes, throttle
        self.health = health or ServingHealth()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = str(scope["path"]), str(scope["method"])
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        client = (scope.get("client") or ("?", 0))[0]
        html = path == "/ui" or path.startswith("/ui/")
        try:
            receive = await self._admit(path, method, headers, client, receive)
        except IctguardError as exc:
            await _refuse(send, exc, html=html)
            return
        try:
            await self.app(scope, receive, self._sending(send, path, method, headers, client))
        except Exception:
            self.health.record(500)  # the server error middleware answers it; readiness must count it
            raise

    async def _admit(self, path: str, method: str, headers: dict[str, str], client: str, receive: Receive) -> Receive:
        """Raise (nothing read yet) or return the receive channel, counting what the app reads."""
        bearer = headers.get("authorization", "")
        login = path == LOGIN_PATH and method == "POST"
        if (login or bearer) and self.throttle.blocked(client):
            raise TooManyRequestsError("too many failed sign-ins from this address: wait a few minutes")
        if bearer and path.startswith("/api/"):
            key = bearer[7:].strip() if bearer[:7].lower() == "bearer " else ""
            if not await anyio.to_thread.run_sync(self.key_valid, key):
                self.throttle.failed(client)
                raise AuthenticationError("invalid or revoked API key")
        if method in SAFE_METHODS:
            return receive
        length = headers.get("content-length")
        size = int(length) if length and length.isdigit() else None
        if path.startswith("/api/") and not bearer:
            raise AuthenticationError("missing API key: send Authorization: Bearer KEY")
        cap = self.upload_bytes if headers.get("content-type", "").startswith("multipart/") else self.body_bytes
        if (path == "/ui" or path.startswith("/ui/")) and not login:
            cookie = headers.get("cookie", "")
            if not await anyio.to_thread.run_sync(self.session_valid, cookie):
                if size is None or size > ANONYMOUS_BODY_BYTES:
                    raise AuthenticationError("sign in first")
                cap = ANONYMOUS_BODY_BYTES
        if login:
            cap = ANONYMOUS_BODY_BYTES
        if size is not None and size > cap:
            raise PayloadTooLargeError(f"the request body is {size:,} bytes, more than the {cap:,} allowed here")
        return _counting(receive, cap)

    def _sending(self, send: Send, path: str, method: str, headers: dict[str, str], client: str) -> Send:
        login = path == LOGIN_PATH and method == "POST"
        api_key = path.startswith("/api/") and bool(headers.get("authorization"))

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = int(message["status"])
                if not path.startswith(("/healthz", "/livez")):
                    self.health.record(status)
                if login or api_key:
                    if status == 401:
                        self.throttle.failed(client)
                    elif login and status < 400:
                        self.throttle.succeeded(client)
                if _is_html(message):
                    present = {k.lower() for k, _ in message.get("headers", ())}
                    message["headers"] = [
                        *message.get("headers", ()),
                        *((k, v) for k, v in SECURITY_HEADERS if k not in present),
                    ]
            await send(message)

        return guarded


def _counting(receive: Receive, cap: int) -> Receive:
    read = 0

    async def counted() -> Message:
        nonlocal read
        message = await receive()
        if message["type"] == "http.request":
            read += len(message.get("body", b""))
            if read > cap:
                raise PayloadTooLargeError(f"the request body is more than the {cap:,} bytes allowed here")
        return message

    return counted


def _is_html(message: Message) -> bool:
    for key, value in message.get("headers", ()):
        if key.lower() == b"content-type":
            return bool(value.lower().startswith(b"text/html"))
    return False


async def _refuse(send: Send, error: IctguardError, *, html: bool) -> None:
    """Answer without reading the body: the API's JSON error shape, or a short page for the browser."""
    status = http_status_for(error)
    if html:
        body = (
            f'<!doctype html><title>{status}</title><p>{_escape(str(error))}. <a href="{LOGIN_PATH}">Sign in</a></p>'
        ).encode()
        headers = [(b"content-type", b"text/html; charset=utf-8"), *SECURITY_HEADERS]
    else:
        body = json.dumps(error_body(error)).encode()
        headers = [(b"content-type", b"application/json")]
    if status == 401 and not html:
        headers.append((b"www-authenticate", b"Bearer"))
    if status == 429:
        headers.append((b"retry-after", b"60"))
    headers += [(b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
