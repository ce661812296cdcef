"""Two real `ictguard serve` processes on one PostgreSQL schema, as two service nodes behind a load balancer:
a list update is served by both within seconds, both take writes at once, and the audit chain stays one."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from ictguard.lists.csl_csv import load_csl_csv
from tests._cli import SRC, run_cli
from tests.lists._mirror import make_mirror

POLL_SECONDS = 0.5
SERVED_WITHIN = 15.0  # seconds: the poll interval plus building the new version's screener on a loaded machine
DECIDE_TX = {
    "id": "t-two-nodes",
    "date": "2024-06-01",
    "kind": "export",
    "parties": [
        {"role": "exporter", "name": "Acme Networks Inc.", "country": "US"},
        {"role": "end_user", "name": "HUAWEI TECHNOLOGIES CO LTD", "country": "CN"},
    ],
    "items": [{"description": "routers", "eccn": "5A991", "category": "telecom_equipment"}],
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _node(env: dict[str, str]) -> Iterator[str]:
    """One `ictguard serve` process on a free port; its base URL once /healthz answers."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ictguard", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
        env={**os.environ, "PYTHONPATH": str(SRC), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, f"node exited: {proc.stderr.read() if proc.stderr else ''}"
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "node did not start"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _served(base: str) -> str | None:
    version = httpx.get(f"{base}/healthz", timeout=5).json()["list_version"]
    return str(version) if version is not None else None


def _cli_json(*args: str, env: dict[str, str]) -> dict[str, object]:
    proc = run_cli(*args, "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert isinstance(doc, dict)
    return doc


@pytest.mark.timeout(420)
def test_two_nodes_share_lists_alerts_and_one_audit_chain(pg_url: str, lists_dir: Path, tmp_path: Path) -> None:
    env = {"ICTGUARD_DB": pg_url, "ICTGUARD_LISTS": "", "ICTGUARD_LIST_POLL_SECONDS": str(POLL_SECONDS)}
    old = make_mirror(lists_dir, tmp_path / "old", csl_rows=100, ofac=False)
    new = make_mirror(lists_dir, tmp_path / "new", csl_rows=110, ofac=False)
    known = {e.name for e in load_csl_csv(old / "consolidated.csv")}
    added = next(e for e in load_csl_csv(new / "consolidated.csv") if e.name not in known)
    v1 = str(_cli_json("lists", "update", "--source", str(old), env=env)["version_id"])
    analyst = run_cli("keys", "create", "--role", "analyst", "--name", "analyst", env=env).stdout.strip()
    reviewer = run_cli("keys", "create", "--role", "reviewer", "--name", "reviewer", env=env).stdout.strip()
    as_analyst = {"Authorization": f"Bearer {analyst}"}

    with ExitStack() as stack:
        a, b = (stack.enter_context(_node(env)) for _ in range(2))
        assert _served(a) == v1 and _served(b) == v1

        def screen(base: str, name: str) -> dict[str, object]:
            response = httpx.post(f"{base}/api/v1/screen", json={"name": name}, headers=as_analyst, timeout=30)
            assert response.status_code == 200, response.text
            doc = response.json()
            assert isinstance(doc, dict)
            return doc

        assert added.id not in [h["entity_id"] for h in screen(b, added.name)["hits"]]  # type: ignore[union-attr]

        # A list update through the CLI (a third process): both nodes serve it within seconds, never restarted.
        v2 = str(_cli_json("lists", "update", "--source", str(new), env=env)["version_id"])
        updated = time.monotonic()
        pending = {a, b}
        while pending:
            pending = {node for node in pending if _served(node) != v2}
            assert time.monotonic() - updated < SERVED_WITHIN, f"still serving {v1}: {pending}"
            time.sleep(0.1)
        if os.environ.get("ICTGUARD_TEST_TIMINGS"):
            sys.stderr.write(f"both nodes served {v2} {time.monotonic() - updated:.2f} s after the update\n")
        for node in (a, b):
            doc = screen(node, added.name)
            assert doc["list_version"] == v2 and added.id in [h["entity_id"] for h in doc["hits"]]  # type: ignore[union-attr]

        # Both nodes take audited writes at once: counterparties, their screens (alerts), decisions.
        def work(n: int) -> int:
            base = (a, b)[n % 2]
            with httpx.Client(base_url=base, headers=as_analyst, timeout=60) as client:
                created = client.post("/api/v1/counterparties", json={"name": added.name, "kind": "customer"})
                assert created.status_code == 201, created.text
                run = client.post(f"/api/v1/counterparties/{created.json()['id']}/screen", json={})
                assert run.status_code == 201, run.text
                decided = client.post("/api/v1/decide", json={**DECIDE_TX, "id": f"t-{n}"})
                assert decided.status_code == 200, decided.text
                assert decided.json()["list_version"] == v2
            return 3  # audited writes

        with ThreadPoolExecutor(max_workers=6) as pool:
            writes = sum(pool.map(work, range(24)))

        # An alert raised on one node is reviewed on the other (four eyes: another key).
        alerts = httpx.get(f"{a}/api/v1/alerts?status=open&limit=100", headers=as_analyst, timeout=30).json()
        assert alerts["total"] >= 24 and {i["list_version"] for i in alerts["items"]} == {v2}
        review = httpx.post(
            f"{b}/api/v1/alerts/{alerts['items'][0]['id']}/review",
            json={"decision": "true_match", "reason": "same company"},
            headers={"Authorization": f"Bearer {reviewer}"},
            timeout=30,
        )
        assert review.status_code == 200, review.text

    verified = run_cli("audit-log", "verify", "--json", env=env)
    doc = json.loads(verified.stdout)
    assert verified.returncode == 0 and doc["intact"], verified.stdout + verified.stderr
    # 2 keys, the writes of both nodes, 1 review (the list updates' re-screens write nothing: no counterparties).
    assert doc["rows"] == 2 + writes + 1
