"""Per-app web configuration: the session signing secret and lifetime, and how API keys are checked."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI, Request

from ictguard.web.auth import KeyCheck, KeyVerifier

# Sessions ended by signing out, kept server-side: is this session id ended? / end it (until its expiry).
EndedCheck = Callable[[Request, str], bool]
EndSession = Callable[[Request, str, int], None]


@dataclass(frozen=True)
class WebConfig:
    secret: bytes
    max_age: int
    verify_key: KeyVerifier
    key_valid: KeyCheck
    ended: EndedCheck = lambda _request, _sid: False
    end: EndSession = lambda _request, _sid, _expires: None


def make_config(
    secret: str,
    max_age: int,
    verify_key: KeyVerifier,
    key_valid: KeyCheck,
    ended: EndedCheck | None = None,
    end: EndSession | None = None,
) -> WebConfig:
    # Without a configured secret, a random one per process: sessions end when the server restarts.
    key = secret.encode() if secret else secrets.token_bytes(32)
    config = WebConfig(secret=key, max_age=max_age, verify_key=verify_key, key_valid=key_valid)
    if ended is not None and end is not None:
        config = WebConfig(key, max_age, verify_key, key_valid, ended, end)
    return config


def web_config(app: FastAPI) -> WebConfig:
    config = getattr(app.state, "web_config", None)
    if not isinstance(config, WebConfig):  # pragma: no cover - mount() always sets it
        raise RuntimeError("ictguard.web.mount(app) was not called")
    return config
