"""Web UI benchmark: server time per page on the whole list mirror (loaded into a temporary SQLite).

    flock /tmp/bench.lock .venv/bin/python bench/bench_web.py [--repeat 20] [--lists ../shared/data/lists]

Every screen is requested through the real app (``create_app``: session cookie, CSRF, roles, templates)
in-process. "Server time" is measured inside the ASGI app, from the request reaching it to the last byte
of the response body, so it excludes the client; the API's ``POST /api/v1/screen`` on the same app and
data is the floor to compare the screening pages with. Target: every page <= 300 ms. Prints Markdown.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from ictguard.api.app import create_app
from ictguard.settings import Settings
from ictguard.store import keys_repo, lists_repo
from ictguard.store.db import open_engine
from ictguard.store.lists_repo import update_lists

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TARGET_MS = 300.0
UNLISTED = ("Harbour Bakery of Nantucket", "Schmidt Maschinenbau GmbH", "Blue Ocean Trading", "Acme Networks Inc.")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class ServerTimer:
    """ASGI wrapper: how long the app took for each HTTP request, up to its last body chunk."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.last_ms = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def timed_send(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                self.last_ms = (time.perf_counter() - start) * 1000

        await self.app(scope, receive, timed_send)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("page has no CSRF field")
    return match.group(1)


def sign_in(client: TestClient, key: str) -> str:
    token = csrf_of(client.get("/ui/login").text)
    response = client.post("/ui/login", data={"api_key": key, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/ui/").text)


def post_ok(client: TestClient, path: str, expect: int = 303, **kwargs: Any) -> str:
    response = client.post(path, follow_redirects=False, **kwargs)
    if response.status_code != expect:
        raise RuntimeError(f"POST {path}: {response.status_code} {response.text[:300]}")
    return str(response.headers.get("location", ""))


def seed(client: TestClient, token: str, device_dir: Path) -> dict[str, str]:
    """One of everything a page shows: an alert, a determination, a licence, a batch and an audit."""
    post_ok(
        client, "/ui/counterparties", data={"name": "Huawei Technologies Co Ltd", "country": "CN", "csrf_token": token}
    )
    alert = re.search(r'href="/ui/alerts/(\d+)"', client.get("/ui/alerts").text)
    determination = post_ok(client, "/ui/decide", data=decide_form(token, "Huawei Technologies Co Ltd"))
    today = date.today()
    post_ok(
        client,
        "/ui/licences",
        data={
            "number": "B-1",
            "valid_from": today.isoformat(),
            "csrf_token": token,
            "valid_until": (today + timedelta(days=90)).isoformat(),
            "eccn": "5A992",
            "quantity": "100",
            "value": "10000",
        },
    )
    licence = re.search(r'href="/ui/licences/(\d+)"', client.get("/ui/licences").text)
    post_ok(
        client,
        f"/ui/licences/{licence.group(1) if licence else 0}/shipments",
        data={
            "ship_date": today.isoformat(),
            "consignee": "Acme",
            "eccn": "5A992",
            "quantity": "1",
            "value": "10",
            "csrf_token": token,
        },
    )
    parties = "name,country\n" + "".join(f"Party {i} Trading Ltd,CN\n" for i in range(48)) + "ZTE Corporation,CN\n"
    batch = post_ok(
        client,
        "/ui/batch",
        data={"csrf_token": token},
        files={"file": ("parties.csv", io.BytesIO(parties.encode()), "text/csv")},
    )
    deadline = time.monotonic() + 120
    while "Status: <strong>running" in client.get(batch).text and time.monotonic() < deadline:
        time.sleep(0.2)
    files = [device_dir / "universalscanner" / "Hikvision.selftest", device_dir / "libnmap" / "2_hosts_version.xml"]
    audit = post_ok(
        client,
        "/ui/audit",
        data={"csrf_token": token},
        files=[("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in files],
    )
    if not (alert and licence):
        raise RuntimeError("seeding made no alert or no licence")
    return {
        "alert": alert.group(1),
        "determination": determination,
        "licence": licence.group(1),
        "batch": batch,
        "audit": audit,
    }


def decide_form(token: str, party: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "id": "bench",
        "date": "2026-06-01",
        "kind": "export",
        "party0_role": "exporter",
        "party0_name": "Acme Networks Inc.",
        "party0_country": "US",
        "party1_role": "end_user",
        "party1_name": party,
        "party1_country": "CN",
        "item0_description": "routers",
        "item0_category": "telecom_equipment",
        "item0_eccn": "5A991",
    }


def measure(timer: ServerTimer, call: Callable[[int], Any], repeat: int) -> list[float]:
    call(-1)  # one warm-up request (template compile, first query plan)
    times = []
    for index in range(repeat):
        call(index)
        times.append(timer.last_ms)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--lists", type=Path, default=SHARED / "lists")
    parser.add_argument("--devices", type=Path, default=SHARED / "device")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        settings = Settings(data_dir=Path(folder), db=f"sqlite:///{folder}/web.sqlite", session_secret="bench")
        engine = open_engine(settings)
        started = time.perf_counter()
        update_lists(engine, str(args.lists), settings)
        load_s = time.perf_counter() - started
        entities = lists_repo.load_active_snapshot(engine).entities
        key = keys_repo.create_key(engine, name="Bench Reviewer", role="reviewer", actor="bench")[0]
        timer = ServerTimer(create_app(settings, engine=engine))
        started = time.perf_counter()
        with TestClient(timer, base_url="http://testserver") as client:
            warm_s = time.perf_counter() - started
            rows = run(client, timer, key, entities, args)
        engine.dispose()
    print_table(rows, len(entities), load_s, warm_s, args.repeat)


def run(
    client: TestClient, timer: ServerTimer, key: str, entities: Sequence[Any], args: argparse.Namespace
) -> list[tuple[str, list[float]]]:
    token = sign_in(client, key)
    ids = seed(client, token, args.devices)
    rng = random.Random(7)
    # Every screening request gets a name not asked before (the core keeps per-token caches): listed names,
    # every other one with a letter dropped (what a person types), and every tenth one on no list at all.
    listed = [e.name for e in rng.sample(entities, 400)]
    fresh = iter(
        [
            f"{rng.choice(UNLISTED)} {i}" if i % 10 == 9 else (n[:3] + n[4:] if i % 2 else n)
            for i, n in enumerate(listed)
        ]
    )
    entity_id = entities[len(entities) // 2].id
    with_hits: dict[str, int] = {}  # screening pages that listed candidates, to show the work was done

    def get(path: str) -> Callable[[int], Any]:
        def call(_index: int) -> None:
            response = client.get(path, follow_redirects=False)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path}: {response.status_code} {response.text[:200]}")

        return call

    def screen(path: str) -> Callable[[int], Any]:
        def call(index: int) -> None:
            response = client.get(path, params={"name": next(fresh)})
            assert response.status_code == 200, response.text[:200]
            with_hits[path] = with_hits.get(path, 0) + (" candidate" in response.text)

        return call

    def api_screen(index: int) -> None:
        response = client.post("/api/v1/screen", json={"name": next(fresh)}, headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200, response.text[:200]

    def decide(index: int) -> None:
        post_ok(client, "/ui/decide", data=decide_form(token, next(fresh)))

    pages: list[tuple[str, Callable[[int], Any]]] = [
        ("GET /ui/ (dashboard)", get("/ui/")),
        ("GET /ui/screen (empty form)", get("/ui/screen")),
        ("GET /ui/screen?name=… (full page with results)", screen("/ui/screen")),
        ("GET /ui/screen/results?name=… (as-you-type fragment)", screen("/ui/screen/results")),
        ("POST /api/v1/screen (API floor, same app)", api_screen),
        ("GET /ui/entities/{id}", get(f"/ui/entities/{entity_id}")),
        ("GET /ui/entities/{id}/history (fragment)", get(f"/ui/entities/{entity_id}/history")),
        ("GET /ui/batch", get("/ui/batch")),
        ("GET /ui/batch/{id} (49 rows, finished)", get(ids["batch"])),
        ("GET /ui/alerts", get("/ui/alerts")),
        ("GET /ui/alerts/{id}", get(f"/ui/alerts/{ids['alert']}")),
        ("GET /ui/decide (form)", get("/ui/decide")),
        ("POST /ui/decide (decide + save)", decide),
        ("GET /ui/determinations/{id}", get(ids["determination"])),
        ("GET /ui/licences", get("/ui/licences")),
        ("GET /ui/licences/{id}", get(f"/ui/licences/{ids['licence']}")),
        ("GET /ui/audit", get("/ui/audit")),
        ("GET /ui/audit/{id} (3 devices)", get(ids["audit"])),
    ]
    rows = [(label, measure(timer, call, args.repeat)) for label, call in pages]
    print(f"Screening requests with candidates shown: {with_hits} of {args.repeat + 1} each.")
    return rows


def print_table(rows: list[tuple[str, list[float]]], entities: int, load_s: float, warm_s: float, repeat: int) -> None:
    print(
        f"Mirror: {entities} entities (lists update {load_s:.1f} s, app start with warm screener {warm_s:.1f} s); "
        f"{repeat} requests per row after one warm-up.\n"
    )
    print("| request | p50 ms | max ms | ≤ 300 ms |")
    print("|---|---:|---:|:---:|")
    for label, times in rows:
        p50, peak = statistics.median(times), max(times)
        verdict = "yes" if peak <= TARGET_MS else "p50 only" if p50 <= TARGET_MS else "no"
        print(f"| {label} | {p50:.1f} | {peak:.1f} | {verdict} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
