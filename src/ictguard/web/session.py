"""Signed session cookie for the browser, and the CSRF token that lives in it.

The cookie holds only the API key's id, the person's name and role, a CSRF token and an expiry time —
never the key itself. It is signed with HMAC-SHA256, so a browser cannot change its role.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import asdict, dataclass, replace

COOKIE_NAME = "ictguard_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Session:
    csrf: str
    expires: int
    key_id: str | None = None
    name: str | None = None
    role: str | None = None
    sid: str = ""  # the session's id: signing out records it server-side, so the old cookie stops working

    @property
    def signed_in(self) -> bool:
        return self.key_id is not None and self.role is not None


def new_session(
    max_age: int, *, key_id: str | None = None, name: str | None = None, role: str | None = None
) -> Session:
    """A fresh session with a new CSRF token (a new one at every sign-in, against session fixation)."""
    return Session(
        csrf=secrets.token_urlsafe(24),
        expires=int(time.time()) + max_age,
        key_id=key_id,
        name=name,
        role=role,
        sid=secrets.token_urlsafe(24),
    )


def renewed(session: Session, max_age: int) -> Session:
    return replace(session, expires=int(time.time()) + max_age)


def encode(session: Session, secret: bytes) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(asdict(session), separators=(",", ":")).encode()).decode()
    return f"{payload}.{_sign(payload, secret)}"


def decode(cookie: str | None, secret: bytes) -> Session | None:
    """The session in a cookie, or None when it is absent, tampered with, malformed or expired."""
    if not cookie or "." not in cookie:
        return None
    payload, signature = cookie.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(payload, secret)):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
        session = Session(**data)
    except (ValueError, TypeError):
        return None
    if session.expires < time.time():
        return None
    return session


def signed_in_cookie(cookie_header: str, secret: bytes) -> Session | None:
    """The signed-in session in a raw ``Cookie`` header (the request guard's check before a body is read)."""
    from http.cookies import CookieError, SimpleCookie

    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(cookie_header)
    except CookieError:
        return None
    morsel = jar.get(COOKIE_NAME)
    session = decode(morsel.value if morsel else None, secret)
    return session if session is not None and session.signed_in else None


def csrf_valid(session: Session, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(session.csrf, submitted or "")


def _sign(payload: str, secret: bytes) -> str:
    return hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()
