"""Who is using the browser, and what their role lets them do: the same role -> permission table as the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from ictguard.cases.roles import require as require_permission
from ictguard.cases.roles import role_permissions
from ictguard.errors import AuthenticationError
from ictguard.web.session import Session


@dataclass(frozen=True)
class Principal:
    key_id: str
    name: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in role_permissions().get(self.role, frozenset())


# Checks an API key typed into the login form; raises AuthenticationError when it is not valid.
KeyVerifier = Callable[[Request, str], Principal]
# Whether the key behind a session is still valid (not revoked).
KeyCheck = Callable[[Request, str], bool]


def current_session(request: Request) -> Session:
    session = getattr(request.state, "web_session", None)
    if not isinstance(session, Session):  # pragma: no cover - WebRoute always sets it
        raise AuthenticationError("no browser session")
    return session


def principal_of(request: Request) -> Principal:
    session = current_session(request)
    if not session.signed_in or session.role not in role_permissions():
        raise AuthenticationError("sign in to continue")
    return Principal(key_id=str(session.key_id), name=session.name or "", role=str(session.role))


def require(permission: str) -> Callable[[Request], Principal]:
    """FastAPI dependency: the signed-in person, whose role must hold ``permission`` (as in the API)."""

    def dependency(request: Request) -> Principal:
        principal = principal_of(request)
        require_permission(principal.role, permission)
        return principal

    dependency.__name__ = f"web_permission_{permission.replace(':', '_')}"
    return dependency
