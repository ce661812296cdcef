from __future__ import annotations

import time

import pytest

from ictguard.web import session as sessions

SECRET = b"s" * 32


def test_round_trip() -> None:
    original = sessions.new_session(60, key_id="k1", name="Ann", role="reviewer")
    decoded = sessions.decode(sessions.encode(original, SECRET), SECRET)
    assert decoded == original and decoded.signed_in


@pytest.mark.parametrize("cookie", [None, "", "garbage", "abc.def", "e30=.00"])
def test_malformed_cookies_are_ignored(cookie: str | None) -> None:
    assert sessions.decode(cookie, SECRET) is None


def test_wrong_secret_is_rejected() -> None:
    cookie = sessions.encode(sessions.new_session(60, key_id="k", role="admin"), SECRET)
    assert sessions.decode(cookie, b"other") is None


def test_expired_session_is_rejected() -> None:
    stale = sessions.Session(csrf="c", expires=int(time.time()) - 1, key_id="k", role="admin")
    assert sessions.decode(sessions.encode(stale, SECRET), SECRET) is None


def test_anonymous_session_is_not_signed_in() -> None:
    assert not sessions.new_session(60).signed_in


@pytest.mark.parametrize("submitted, ok", [("right", True), ("wrong", False), ("", False), (None, False)])
def test_csrf_check(submitted: str | None, ok: bool) -> None:
    session = sessions.Session(csrf="right", expires=0)
    assert sessions.csrf_valid(session, submitted) is ok
