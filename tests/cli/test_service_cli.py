from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tests._cli import SRC, run_cli


def test_keys_create_prints_a_working_key_and_audit_verify(db_url: str) -> None:
    env = {"ICTGUARD_DB": db_url}
    created = run_cli("keys", "create", "--role", "reviewer", "--name", "ci", env=env)
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("igk_") and len(key) > 30
    listed = run_cli("keys", "list", "--json", env=env)
    assert '"role": "reviewer"' in listed.stdout and key not in listed.stdout
    ok = run_cli("audit-log", "verify", env=env)
    assert ok.returncode == 0 and "intact: 1 rows" in ok.stdout
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"))
    engine.dispose()
    tampered = run_cli("audit-log", "verify", env=env)
    assert tampered.returncode == 1
    assert tampered.stderr.count("\n") == 1 and "row 1" in tampered.stderr and "Traceback" not in tampered.stderr


def test_keys_create_rejects_an_unknown_role(tmp_path: Path) -> None:
    result = run_cli(
        "keys", "create", "--role", "root", "--name", "x", env={"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    )
    assert result.returncode == 2 and "role" in result.stderr and "Traceback" not in result.stderr


def test_audit_verify_on_deleted_row(tmp_path: Path) -> None:
    env = {"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    for name in ("a", "b", "c"):
        assert run_cli("keys", "create", "--role", "viewer", "--name", name, env=env).returncode == 0
    engine = sa.create_engine(env["ICTGUARD_DB"])
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE seq = 2"))
    engine.dispose()
    result = run_cli("audit-log", "verify", "--json", env=env)
    assert result.returncode == 1 and '"row": 2' in result.stdout


def test_audit_verify_on_deleted_last_row_with_head_rolled_back(tmp_path: Path) -> None:
    env = {"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    for name in ("a", "b"):
        assert run_cli("keys", "create", "--role", "viewer", "--name", name, env=env).returncode == 0
    engine = sa.create_engine(env["ICTGUARD_DB"])
    with engine.begin() as conn:
        first = conn.execute(sa.text("SELECT hash FROM audit_log WHERE seq = 1")).scalar_one()
        conn.execute(sa.text("DELETE FROM audit_log WHERE seq = 2"))
        conn.execute(sa.text("UPDATE audit_head SET seq = 1, hash = :h"), {"h": first})
    engine.dispose()
    result = run_cli("audit-log", "verify", "--json", env=env)
    assert result.returncode == 1 and '"row": 2' in result.stdout and "not in the log" in result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.timeout(120)
def test_serve_starts_on_loopback_and_answers(db_url: str) -> None:
    env = {"ICTGUARD_DB": db_url}
    key = run_cli("keys", "create", "--role", "viewer", "--name", "serve", env=env).stdout.strip()
    analyst = run_cli("keys", "create", "--role", "analyst", "--name", "screens", env=env).stdout.strip()
    port = _free_port()
    import os

    proc = subprocess.Popen(
        [sys.executable, "-m", "ictguard", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
        env={**os.environ, "PYTHONPATH": str(SRC), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                health = httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not start")
        assert health.status_code == 200
        assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "ictguard"
        assert httpx.get(f"{base}/api/v1/alerts").status_code == 401
        listed = httpx.get(f"{base}/api/v1/alerts", headers={"Authorization": f"Bearer {key}"})
        assert listed.status_code == 200 and listed.json()["total"] == 0
        assert (
            httpx.post(
                f"{base}/api/v1/counterparties", json={"name": "x"}, headers={"Authorization": f"Bearer {key}"}
            ).status_code
            == 403
        )
        # The screen's fast path and its fallback, through the real server: no lists loaded yet.
        screen = httpx.post(
            f"{base}/api/v1/screen", json={"name": "Hikvision"}, headers={"Authorization": f"Bearer {analyst}"}
        )
        assert screen.status_code == 409 and screen.json()["error"]["code"] == "no_active_lists"
        assert (
            httpx.post(
                f"{base}/api/v1/screen", json={"name": "Hikvision"}, headers={"Authorization": f"Bearer {key}"}
            ).status_code
            == 403
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
