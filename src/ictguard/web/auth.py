"""Who is using the browser, and what their role lets them do. Same roles as the API keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from ictguard.errors import AuthenticationError, PermissionDeniedError
from ictguard.web.session import Session

ROLES = ("viewer", "analyst", "reviewer", "admin")


@dataclass(frozen=True)
class Principal:
    key_id: str
    name: str
    role: str

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


# Checks an API key typed into the login form; raises AuthenticationError when it is not valid.
KeyVerifier = Callable[[Request, str], Principal]


def current_session(request: Request) -> Session:
    session = getattr(request.state, "web_session", None)
    if not isinstance(session, Session):  # pragma: no cover - WebRoute always sets it
        raise AuthenticationError("no browser session")
    return session


def principal_of(request: Request) -> Principal:
    session = current_session(request)
    if not session.signed_in or session.role not in ROLES:
        raise AuthenticationError("sign in to continue")
    return Principal(key_id=str(session.key_id), name=session.name or "", role=str(session.role))


def require(role: str) -> Callable[[Request], Principal]:
    """FastAPI dependency: the signed-in person, who must hold ``role`` or a higher one."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def dependency(request: Request) -> Principal:
        principal = principal_of(request)
        if not principal.can(role):
            raise PermissionDeniedError(f"this needs the {role} role; you are signed in as {principal.role}")
        return principal

    return dependency
