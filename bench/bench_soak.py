"""Soak and fault bench (issue 18): mixed API load on one database for a bounded time while a list update
re-screens the stored counterparties, then a kill -9 of the server in the middle of writes, then
`audit-log verify` and (SQLite) `PRAGMA integrity_check`.

Loopback only: the server listens on 127.0.0.1 and the clients call nothing else. Bounded: --seconds (default
60; the documented soak is 600) and --clients. Prints a markdown report: requests and errors per kind, p50/p99,
the server's RSS over time, and the checks after the kill.

    PYTHONPATH=src python bench/bench_soak.py --seconds 60 [--db postgresql+psycopg://…/test] [--lists DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED_LISTS = ROOT.parent / "shared" / "data" / "lists"
NAMES = [
    "Huawei Technologies Co Ltd",
    "Hangzhou Hikvision Digital Technology",
    "Dahua Technology",
    "ZTE Corp",
    "Acme Widgets Inc",
    "Harbour Bakery of Nantucket",
    "Siemens AG",
    "China Mobile",
    "Hytera Communications",
    "Rosoboronexport",
    "Bank Melli Iran",
    "Shenzhen Vision Electronics",
]


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ictguard", *args], env=env, capture_output=True, text=True, timeout=900, check=False
    )


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _shrunk_mirror(lists: Path, dest: Path) -> Path:
    """The mirror with every 50th CSL row dropped: an update with delistings (2 %, under the 10 % refused)."""
    (dest / "ofac").mkdir(parents=True)
    lines = (lists / "consolidated.csv").read_bytes().split(b"\n")
    kept = [line for i, line in enumerate(lines) if i == 0 or i % 50]
    (dest / "consolidated.csv").write_bytes(b"\n".join(kept))
    for p in (lists / "ofac").glob("*.csv"):
        (dest / "ofac" / p.name).write_bytes(p.read_bytes())
    return dest


class Load:
    def __init__(self, base: str, analyst: str) -> None:
        self.base, self.headers = base, {"Authorization": f"Bearer {analyst}"}
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: dict[tuple[str, int], int] = defaultdict(int)
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def _one(self, client: httpx.Client, rng: random.Random) -> None:
        roll = rng.random()
        name = rng.choice(NAMES) + ("" if rng.random() < 0.7 else f" {rng.randint(1, 999)}")
        if roll < 0.70:
            kind, call = "screen", lambda: client.post("/api/v1/screen", json={"name": name})
        elif roll < 0.85:
            tx = {
                "id": f"t-{rng.randint(1, 10**9)}",
                "date": "2024-06-01",
                "kind": "export",
                "parties": [{"role": "end_user", "name": name, "country": "CN"}],
            }
            kind, call = "decide", lambda: client.post("/api/v1/decide", json=tx)
        elif roll < 0.95:
            kind, call = (
                "counterparty",
                lambda: client.post("/api/v1/counterparties", json={"name": name, "country": "CN", "kind": "vendor"}),
            )
        else:
            kind, call = "healthz", lambda: client.get("/healthz")
        started = time.perf_counter()
        try:
            status = call().status_code
        except httpx.HTTPError:
            status = 0  # no answer: the kill -9 at the end (counted as status 0)
        with self.lock:
            self.latency[kind].append(time.perf_counter() - started)
            self.status[(kind, status)] += 1

    def run(self, seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=self.base, headers=self.headers, timeout=60) as client:
            while not self.stop.is_set():
                self._one(client, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--db", default="", help="SQLAlchemy URL (default: a temp SQLite file)")
    parser.add_argument("--lists", type=Path, default=SHARED_LISTS)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ictguard-soak-"))
    db = args.db or f"sqlite:///{work / 'soak.sqlite'}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "ICTGUARD_DB": db,
        "ICTGUARD_DATA_DIR": str(work),
        "ICTGUARD_LISTS": "",
        "ICTGUARD_LOGIN_FAILURES": "1000000",
    }
    assert _cli(env, "lists", "update", "--source", str(args.lists)).returncode == 0
    analyst = _cli(env, "keys", "create", "--role", "analyst", "--name", "soak").stdout.strip()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "ictguard", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    load = Load(base, analyst)
    threads = [threading.Thread(target=load.run, args=(i,), daemon=True) for i in range(args.clients)]
    for t in threads:
        t.start()
    rss: list[tuple[float, float]] = []
    update = None
    start = time.monotonic()
    while time.monotonic() - start < args.seconds:
        rss.append((time.monotonic() - start, _rss_mib(server.pid)))
        if update is None and time.monotonic() - start > args.seconds / 3:
            mirror = _shrunk_mirror(args.lists, work / "mirror2")
            update = subprocess.Popen(
                [sys.executable, "-m", "ictguard", "lists", "update", "--source", str(mirror)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        time.sleep(5)
    update_rc = update.wait(timeout=900) if update is not None else None
    os.kill(server.pid, signal.SIGKILL)  # mid-write: the clients are still sending
    load.stop.set()  # requests in flight at the kill get no answer (status 0)
    server.wait()
    for t in threads:
        t.join(timeout=70)
    verify = _cli(env, "audit-log", "verify")
    integrity = "n/a (PostgreSQL)"
    if db.startswith("sqlite"):
        with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]

    print(f"## Soak: {args.seconds} s, {args.clients} clients, {db.split(':')[0]}\n")
    print("| kind | requests | non-2xx (status: count) | p50 ms | p99 ms |\n|---|---|---|---|---|")
    for kind, times in sorted(load.latency.items()):
        bad = {s: n for (k, s), n in load.status.items() if k == kind and not 200 <= s < 300}
        q = statistics.quantiles(times, n=100) if len(times) > 1 else [times[0]] * 99
        print(f"| {kind} | {len(times)} | {bad or 0} | {q[49] * 1000:.1f} | {q[98] * 1000:.1f} |")
    print(f"\nServer RSS (MiB) every 5 s: {', '.join(f'{m:.0f}' for _, m in rss)}")
    print(f"\nlists update during the load: exit {update_rc}")
    print(
        f"after kill -9: audit-log verify exit {verify.returncode} ({(verify.stdout or verify.stderr).strip()}); "
        f"integrity_check: {integrity}"
    )


if __name__ == "__main__":
    main()
