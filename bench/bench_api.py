"""API load benchmark: a real `ictguard serve` on loopback, driven with `POST /api/v1/screen`.

    flock /tmp/bench.lock .venv/bin/python bench/bench_api.py [--seconds 20] [--workers 1 2] [--out /tmp/bench_api.md]

For SQLite (temp file) and PostgreSQL (a fresh schema at $ICTGUARD_TEST_PG): `ictguard lists update` from the
shared mirror, `ictguard keys create --role analyst`, start the server, warm up, then run wrk (Lua script: POST
bodies cycling through names, latency percentiles as JSON) at 1, 2, 4, 8 and 50 connections that send the next
request as soon as the last is answered (the server's capacity), then 50 clients that each wait an exponential
think time after every response, offering 250 to 1,000 requests/s in all (the latency 50 concurrent users see at
that rate). `GET /healthz` at 50 connections on the same server is the floor (framework + HTTP, no key check, no
screening). Without wrk a Python load generator in a separate process does the same with 16 fixed names (and says
so: it is slower than the server it loads). Prints a Markdown section.
"""

from __future__ import annotations

import argparse
import csv
import functools
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("ICTGUARD_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEFAULT_LISTS = ROOT.parent / "shared" / "data" / "lists"
ICTGUARD = str(Path(sys.executable).with_name("ictguard"))
# Listed parties, near misses and clean names: single-name screens as a KYC front end would send them.
NAMES = [
    "Huawei Technologies Co., Ltd.",
    "Hangzhou Hikvision Digital Technology",
    "Dahua Technology",
    "ZTE Corporation",
    "Acme Bakery Ltd",
    "Nordic Timber AB",
    "China Mobile International",
    "Rosoboronexport",
    "Kaspersky Lab",
    "Banco Nacional de Cuba",
    "Sunrise Florist",
    "Islamic Revolutionary Guard Corps",
    "Inspur Group",
    "Quanta Logistics GmbH",
    "SMIC",
    "Pacific Seafood Trading Co",
]
CONNECTIONS = (1, 2, 4, 8, 50)
# 50 clients that each wait a think time after every response: the offered rate is then set by the clients
# (about 50 / think requests/s), not by how fast the server answers, so p99 measures service time plus the
# queueing that rate really causes. Without think time 50 clients saturate the server (the rows above) and
# latency is queueing by Little's law (50 / throughput), whatever the server does.
USERS = 50
OFFERED_RPS = (250, 500, 750, 1000)

# Names a KYC front end would send, mostly never seen before, so the screener's per-name caches do not flatter
# the numbers: a quarter listed names from the mirror as written, a quarter the same with one letter dropped,
# half made-up unlisted companies (word + word + legal form).
WORDS1 = [
    "Nordic",
    "Pacific",
    "Atlas",
    "Summit",
    "Granite",
    "Blue River",
    "Harbor",
    "Evergreen",
    "Pioneer",
    "Sterling",
    "Maple",
    "Redwood",
    "Silver Creek",
    "Northwind",
    "Cobalt",
    "Meridian",
    "Oakridge",
    "Lakeside",
    "Highland",
    "Brightwater",
    "Crescent",
    "Falcon",
    "Juniper",
    "Keystone",
    "Liberty",
    "Monarch",
    "Orchid",
    "Prairie",
    "Quarry",
    "Riverside",
    "Sapphire",
    "Tidewater",
    "Union Square",
    "Valley",
    "Westfield",
    "Yarrow",
]
WORDS2 = [
    "Timber",
    "Bakery",
    "Logistics",
    "Seafood Trading",
    "Plumbing",
    "Dental",
    "Software",
    "Textiles",
    "Foods",
    "Consulting",
    "Furniture",
    "Printing",
    "Optics",
    "Pharmacy",
    "Hardware",
    "Florist",
    "Freight",
    "Ceramics",
    "Analytics",
    "Brewing",
    "Cycles",
    "Robotics",
    "Insurance",
    "Realty",
    "Veterinary",
    "Packaging",
    "Marine",
    "Solar",
    "Water Works",
    "Studios",
    "Outfitters",
    "Machining",
    "Paper Mill",
    "Labs",
    "Travel",
    "Coffee",
]
FORMS = ["Ltd", "LLC", "GmbH", "Inc.", "Co., Ltd.", "S.A.", "AB", "Pty Ltd", "Sp. z o.o.", "B.V."]
LISTED_SAMPLE = 5000

LUA = r"""
local listed = %(listed)s
local words1 = %(words1)s
local words2 = %(words2)s
local forms = %(forms)s
local fixed = %(names)s
local think_ms = %(think_ms)s
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
init = function(args)
  math.randomseed(1000 + (thread_id or 0))
end
if think_ms > 0 then
  -- Each client waits an exponential think time (mean think_ms) after a response, like a load-testing "user"
  -- (locust's wait_time): 50 clients then offer about 50 / think seconds requests/s, Poisson-like.
  delay = function()
    return math.floor(-think_ms * math.log(1 - math.random()) + 0.5)
  end
end
local function esc(s) return (s:gsub('[\\"]', '\\%%0')) end
local function drop_letter(s)
  if #s < 4 then return s end
  local pos = math.random(2, #s)
  local b = s:byte(pos)
  if (b >= 65 and b <= 90) or (b >= 97 and b <= 122) then return s:sub(1, pos - 1) .. s:sub(pos + 1) end
  return s  -- never cut a UTF-8 sequence
end
local function next_name()
  local r = math.random()
  if r < 0.25 then return listed[math.random(#listed)] end
  if r < 0.5 then return drop_letter(listed[math.random(#listed)]) end
  return words1[math.random(#words1)] .. " " .. words2[math.random(#words2)] .. " " .. forms[math.random(#forms)]
end
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer %(key)s"}
request = function()
  return wrk.format("POST", "/api/v1/screen", headers, '{"name":"' .. esc(next_name()) .. '"}')
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON{"requests":%%d,"duration_us":%%d,"errors":%%d,"status_errors":%%d,"p50":%%d,"p90":%%d,"p99":%%d,"max":%%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench_api_") as tmp:
            yield f"sqlite:///{tmp}/ictguard.sqlite"
        return
    admin = sa.create_engine(PG_URL)
    schema = f"bench_api_{uuid.uuid4().hex[:10]}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


@contextmanager
def server(env: dict[str, str], workers: int) -> Iterator[str]:
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [ICTGUARD, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--no-access-log"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # the first start builds the screener index
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"server exited {proc.returncode}: {log.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not become healthy in 300 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def screen_once(base: str, key: str, name: str) -> int:
    request = urllib.request.Request(
        f"{base}/api/v1/screen",
        data=json.dumps({"name": name}).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.status)


def _lua_list(items: list[str]) -> str:
    # json.dumps without ensure_ascii escapes only quote, backslash and controls (none in these names): Lua reads it
    return "{" + ", ".join(json.dumps(item, ensure_ascii=False) for item in items) + "}"


@functools.cache
def listed_names(lists: Path = DEFAULT_LISTS) -> list[str]:
    """A seeded sample of the mirror's primary names (without control characters)."""
    with (lists / "consolidated.csv").open(encoding="utf-8", newline="") as handle:
        names = sorted(
            {row["name"] for row in csv.DictReader(handle) if row["name"] and not any(ord(c) < 32 for c in row["name"])}
        )
    return random.Random(7).sample(names, min(LISTED_SAMPLE, len(names)))


def wrk(
    base: str, key: str, connections: int, seconds: float, path: str = "/api/v1/screen", think_ms: float = 0.0
) -> dict[str, Any]:
    threads = min(2, connections)  # wrk takes whole seconds only ("-d 7.5s" is an error)
    args = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--timeout", "10s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        lua = LUA % {
            "listed": _lua_list(listed_names()),
            "words1": _lua_list(WORDS1),
            "words2": _lua_list(WORDS2),
            "forms": _lua_list(FORMS),
            "names": _lua_list(NAMES),
            "key": key,
            "think_ms": f"{think_ms:g}",
        }
        if path != "/api/v1/screen":  # the floor: the same wrk, a GET that touches neither key nor screener
            lua = lua.replace(
                """return wrk.format("POST", "/api/v1/screen", headers, '{"name":"' .. esc(next_name()) .. '"}')""",
                f'return wrk.format("GET", "{path}")',
            )
        script.write(lua)
    try:
        out = subprocess.run([*args, "-s", script.name, base], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("JSON"))
    data: dict[str, Any] = json.loads(line[4:])
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50"] / 1000,
        "p90_ms": data["p90"] / 1000,
        "p99_ms": data["p99"] / 1000,
        "max_ms": data["max"] / 1000,
        "errors": data["errors"] + data["status_errors"],
        "requests": data["requests"],
    }


def python_load(
    base: str, key: str, connections: int, seconds: float, path: str = "/api/v1/screen", think_ms: float = 0.0
) -> dict[str, Any]:
    """Fallback when wrk is missing: this script's --pyload mode in its own process (the GIL makes it slow)."""
    cmd = [
        sys.executable,
        __file__,
        "--pyload",
        base,
        key,
        str(connections),
        str(seconds),
        path,
        json.dumps(NAMES),
        str(think_ms),
    ]
    return dict(json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout))


def measure(
    kind: str, lists: Path, seconds: float, worker_counts: list[int], load: Callable[..., dict[str, Any]]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with database(kind) as url, tempfile.TemporaryDirectory(prefix="bench_api_data_") as data_dir:
        env = {**os.environ, "ICTGUARD_DB": url, "ICTGUARD_DATA_DIR": data_dir}
        t0 = time.perf_counter()
        run([ICTGUARD, "lists", "update", "--source", str(lists)], env)
        update_s = time.perf_counter() - t0
        key = run([ICTGUARD, "keys", "create", "--role", "analyst", "--name", "bench"], env).strip()
        for workers in worker_counts:
            t0 = time.perf_counter()
            with server(env, workers) as base:
                start_s = time.perf_counter() - t0
                for i in range(200 * workers):  # warm-up: every worker has built its screener, caches are hot
                    assert screen_once(base, key, NAMES[i % len(NAMES)]) == 200
                load(base, key, 8, 3)
                for connections in CONNECTIONS:
                    result = load(base, key, connections, seconds if connections in (1, 50) else seconds / 2)
                    rows.append(
                        {
                            "db": kind,
                            "workers": workers,
                            "path": "POST /api/v1/screen",
                            "connections": connections,
                            "update_s": update_s,
                            "start_s": start_s,
                            **result,
                        }
                    )
                    print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
                for rate in OFFERED_RPS:
                    result = load(base, key, USERS, seconds, think_ms=USERS / rate * 1000)
                    rows.append(
                        {
                            "db": kind,
                            "workers": workers,
                            "path": "POST /api/v1/screen",
                            "connections": USERS,
                            "offered": rate,
                            "update_s": update_s,
                            "start_s": start_s,
                            **result,
                        }
                    )
                    print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
                floor = load(base, key, 50, seconds / 2, "/healthz")
                rows.append(
                    {
                        "db": kind,
                        "workers": workers,
                        "path": "GET /healthz (floor)",
                        "connections": 50,
                        "update_s": update_s,
                        "start_s": start_s,
                        **floor,
                    }
                )
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def markdown(rows: list[dict[str, Any]], args: argparse.Namespace, tool: str, load_before: str, load_after: str) -> str:
    out = [
        "## API load",
        "",
        f"Command: `flock /tmp/bench.lock .venv/bin/python bench/bench_api.py --seconds {args.seconds:g} "
        f"--workers {' '.join(map(str, args.workers))}`",
        "",
        f"Machine: {os.cpu_count()} cores, shared with other jobs (load average before: {load_before}; after: "
        f"{load_after}) — the numbers are noisy. Load generator: {tool}, on the same 2 cores as the server. "
        f"Lists: the shared mirror (`ictguard lists update --source …/shared/data/lists`). Single-name screens of "
        f"names mostly never seen before: a quarter primary names from a seeded sample of {LISTED_SAMPLE:,} in the "
        "mirror, a quarter the same with one letter dropped, half made-up unlisted companies (two words and a "
        f"legal form, {len(WORDS1) * len(WORDS2) * len(FORMS):,} combinations).",
        "",
        "Clients without think time send the next request as soon as the last is answered (the server's"
        ' capacity); "50 @ N/s" rows are 50 clients with exponential think times offering about N requests/s'
        " in all.",
        "",
        "| db | workers | request | clients | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        clients = f"{r['connections']} @ {r['offered']}/s" if r.get("offered") else str(r["connections"])
        out.append(
            f"| {r['db']} | {r['workers']} | {r['path']} | {clients} | {r['rps']:.0f} | "
            f"{r['p50_ms']:.2f} | {r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.1f} | {r['errors']} |"
        )
    out.append("")
    for db, workers in dict.fromkeys((r["db"], r["workers"]) for r in rows):
        screens = [r for r in rows if r["db"] == db and r["workers"] == workers and r["path"].startswith("POST")]
        capacity = max(r["rps"] for r in screens if not r.get("offered"))
        users = [r for r in screens if r.get("offered") and r["p99_ms"] <= 10.0]
        best = max(users, key=lambda r: r["rps"]) if users else None
        out.append(
            f"- {db}, {workers} worker(s): lists update {screens[0]['update_s']:.1f} s, server start "
            f"{screens[0]['start_s']:.1f} s; capacity {capacity:.0f} screens/s; with {USERS} concurrent clients "
            "p99 ≤ 10 ms "
            + (
                f"holds up to {best['rps']:.0f} req/s ({best['offered']}/s offered)."
                if best
                else "is not met at any offered rate measured."
            )
        )
    return "\n".join(out) + "\n"


def pyload_main(argv: list[str]) -> None:
    """The fallback load generator (only without wrk), in its own process: one keep-alive thread per client."""
    base, key, connections, seconds, path, names_json, think = argv
    think_s = float(think) / 1000
    names: list[str] = json.loads(names_json)
    parts = urlsplit(base)
    deadline = time.monotonic() + float(seconds)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=10)
        own: list[float] = []
        failed = 0
        i = offset
        while time.monotonic() < deadline:
            body = json.dumps({"name": names[i % len(names)]}) if path == "/api/v1/screen" else None
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
            t0 = time.perf_counter()
            try:
                conn.request("POST" if body else "GET", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except OSError:
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=10)
            own.append(time.perf_counter() - t0)
            i += 1
            if think_s > 0:
                time.sleep(random.expovariate(1 / think_s))
        with lock:
            latencies.extend(own)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(int(connections))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else 0.0

    print(
        json.dumps(
            {
                "rps": len(latencies) / elapsed,
                "p50_ms": pct(50),
                "p90_ms": pct(90),
                "p99_ms": pct(99),
                "max_ms": latencies[-1] * 1000 if latencies else 0.0,
                "errors": errors[0],
                "requests": len(latencies),
            }
        )
    )


def main() -> None:
    if sys.argv[1:2] == ["--pyload"]:
        pyload_main(sys.argv[2:9])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench_api.md"))
    args = parser.parse_args()
    if shutil.which("wrk"):
        tool, load = "wrk 4 (Lua script, 2 threads)", wrk
    else:
        print("wrk is not installed (apt-get install wrk): using the slower Python load generator", file=sys.stderr)
        tool, load = "Python load generator (wrk missing: it saturates before the server does)", python_load
    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = [row for kind in args.db for row in measure(kind, args.lists, args.seconds, args.workers, load)]
    load_after = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    text = markdown(rows, args, tool, load_before, load_after)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
