"""Per-app web configuration: the session signing secret and lifetime, and how API keys are checked."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from fastapi import FastAPI

from ictguard.web.auth import KeyCheck, KeyVerifier


@dataclass(frozen=True)
class WebConfig:
    secret: bytes
    max_age: int
    verify_key: KeyVerifier
    key_valid: KeyCheck


def make_config(secret: str, max_age: int, verify_key: KeyVerifier, key_valid: KeyCheck) -> WebConfig:
    # Without a configured secret, a random one per process: sessions end when the server restarts.
    key = secret.encode() if secret else secrets.token_bytes(32)
    return WebConfig(secret=key, max_age=max_age, verify_key=verify_key, key_valid=key_valid)


def web_config(app: FastAPI) -> WebConfig:
    config = getattr(app.state, "web_config", None)
    if not isinstance(config, WebConfig):  # pragma: no cover - mount() always sets it
        raise RuntimeError("ictguard.web.mount(app) was not called")
    return config
