"""Scale-out, measured: one process (and, for screening, two worker processes) vs Spark local[2] vs a two-worker
Spark standalone cluster on 127.0.0.1, for batch screening (screen-file) and for the conn-log audit; and the Zeek
JSON conn.log reader against pyarrow.json (and against another checkout's reader, --before SRC) in the same run.

Every engine runs the real CLI in a fresh process. Peak memory is sampled (every 0.25 s, VmRSS) per process of
the run's own process tree: the ictguard process (the driver on Spark), the driver's JVM, each executor JVM
and each Python worker. A run of a 10-row input measures each engine's fixed cost (start-up, screener load),
so names/s is given both end to end and marginal ((N - 10) / (wall - fixed wall)); the scaling efficiency is
the marginal throughput over the one-process throughput, divided by the cores used (2).

    .venv/bin/python bench/bench_scale.py WORK_DIR [--names 20000] [--rows 2000000] [--json-rows 1000000]
        [--before /work/main/src] [--skip names,conn,json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]  # this checkout's ictguard, bench.gen_site and tests.spark.cluster
LIST = ROOT.parent / "shared" / "data" / "lists" / "consolidated.csv"
SITE_FILES = ("inventory.csv", "scan.xml", "dhcp.log", "dns.log", "ssl.log")
ROLES = (
    ("CoarseGrainedExecutorBackend", "executor JVM"),
    ("pyspark.daemon", "Python worker"),
    ("pyspark.worker", "Python worker"),
    ("SparkSubmit", "driver JVM"),
    ("deploy.master.Master", "master"),
    ("deploy.worker.Worker", "worker daemon"),
    ("-m ictguard", "ictguard (driver)"),
)


TICKS = os.sysconf("SC_CLK_TCK")


def _status(pid: str) -> tuple[int, int, float]:
    """(parent pid, VmRSS in KiB, CPU seconds so far) of a process; zeros when it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0, 0, 0.0
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    times = stat.rsplit(")", 1)[1].split()  # utime and stime: fields 14 and 15
    return (
        int(fields.get("PPid", "0").strip() or 0),
        int(fields.get("VmRSS", "0 kB").split()[0]),
        (int(times[11]) + int(times[12])) / TICKS,
    )


class Peaks(threading.Thread):
    """Peak RSS per process of the trees under ``roots`` (pids), by role, sampled until ``stop``."""

    def __init__(self, roots: list[int]) -> None:
        super().__init__(daemon=True)
        self.roots, self.done = set(roots), threading.Event()
        self.peak: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds of every process of the tree (the last sample)

    def run(self) -> None:
        while not self.done.is_set():
            table = {int(p): _status(p) for p in os.listdir("/proc") if p.isdigit()}
            ours = set(self.roots)
            for _ in range(8):  # descendants, a few levels deep
                ours |= {pid for pid, (parent, _, _) in table.items() if parent in ours}
            for pid in ours:
                _, rss, cpu = table.get(pid, (0, 0, 0.0))
                if cpu:
                    self.cpu[pid] = max(cpu, self.cpu.get(pid, 0.0))
                if not rss:
                    continue
                try:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                java = command.split(" ", 1)[0].endswith("/java")  # not the launcher scripts before it
                role = next(
                    (
                        name
                        for marker, name in ROLES
                        if marker in command and java == name.endswith(("JVM", "master", "daemon"))
                    ),
                    None,
                )
                if role is not None:
                    self.peak[pid] = (role, max(rss, self.peak.get(pid, (role, 0))[1]))
            time.sleep(0.25)

    def summary(self) -> dict[str, str]:
        """Per role: the highest peak of one process in MiB, and how many such processes ran."""
        out: dict[str, list[int]] = {}
        for role, rss in self.peak.values():
            out.setdefault(role, []).append(rss)
        found = {role: f"{max(v) / 1024:.0f} MiB (x{len(v)})" for role, v in sorted(out.items())}
        found["cpu_s (all processes)"] = f"{sum(self.cpu.values()):.1f}"
        return found


def run(args: list[str], env: dict[str, str], extra_roots: list[int] | None = None) -> dict[str, Any]:
    """The CLI with ``args``: wall time, exit code and the sampled peaks."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "ictguard", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peaks = Peaks([process.pid, *(extra_roots or [])])
    peaks.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    peaks.done.set()
    peaks.join()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"ictguard {' '.join(args)} failed:\n{stderr[-3000:]}")
    return {"wall": wall, "peaks": peaks.summary()}


def party_file(path: Path, count: int, seed: int = 1) -> Path:
    """Listed names (some misspelt) and unrelated company names, as a bank's counterparty file might hold."""
    rng = random.Random(seed)
    with LIST.open(encoding="utf-8-sig", newline="") as handle:
        listed = [row["name"] for row in csv.DictReader(handle) if row["name"]]
    words = [
        "Global",
        "Trading",
        "Logistics",
        "Holdings",
        "Pacific",
        "Northern",
        "Systems",
        "Foods",
        "Energy",
        "Capital",
        "Marine",
        "Textiles",
        "Electronics",
        "Partners",
    ]
    forms = ["Ltd", "LLC", "GmbH", "Inc.", "S.A.", "Co., Ltd.", "Pte Ltd"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country"])
        for number in range(count):
            if rng.random() < 0.2:
                name = rng.choice(listed)
                if rng.random() < 0.5 and len(name) > 5:
                    at = rng.randrange(len(name))
                    name = name[:at] + name[at + 1 :]
            else:
                name = " ".join(rng.sample(words, rng.randint(1, 3))) + " " + rng.choice(forms)
            writer.writerow([f"P{number}", name, rng.choice(["", "CN", "US", "DE", "RU", "GB"])])
    return path


def engines(work: Path) -> list[tuple[str, list[str], Any]]:
    """(label, extra CLI args, context manager giving (master, env, daemon pids) or None)."""
    from tests.spark.cluster import standalone_cluster

    return [
        ("1 process (local engine)", [], None),
        ("Spark local[2]", ["--engine", "spark", "--master", "local[2]"], None),
        ("Spark standalone, 2 workers x 1 core", ["--engine", "spark"], lambda: standalone_cluster(work / "cluster")),
    ]


def bench_names(work: Path, count: int, env: dict[str, str]) -> list[dict[str, Any]]:
    small, big = party_file(work / "names-10.csv", 10), party_file(work / "names.csv", count)
    screen = ["--list-file", str(LIST), "--as-of", "2026-06-01"]
    run(["screen-file", str(small), "-o", str(work / "warm.csv"), *screen], env)  # builds the cached screener
    results = []
    local = [
        ("1 worker (local engine, --workers 1)", ["--workers", "1"], None),
        ("2 workers (local engine, --workers 2)", ["--workers", "2"], None),
    ]
    for label, extra, cluster in [*local, *engines(work)[1:]]:
        with cluster() if cluster is not None else nullcontext(None) as running:
            outputs = []
            for src in (small, big):
                out = work / f"{src.stem}-{len(results)}.csv"
                args = ["screen-file", str(src), "-o", str(out), *screen, *extra]
                if running is None:
                    outputs.append(run(args, env))
                else:
                    master, cluster_env = running
                    outputs.append(run([*args, "--master", master], {**cluster_env, **env}, _daemons(work)))
        fixed, full = outputs
        spent = full["wall"] - fixed["wall"]
        marginal = (count - 10) / spent if spent > 0 else float("nan")  # a tiny --names: noise
        results.append(
            {
                "engine": label,
                "names": count,
                "wall_s": round(full["wall"], 1),
                "fixed_s": round(fixed["wall"], 1),
                "names_per_s": round(count / full["wall"]),
                "marginal_names_per_s": round(marginal) if spent > 0 else None,
                "peaks": full["peaks"],
            }
        )
        print(json.dumps(results[-1]), flush=True)
    base = results[0]["marginal_names_per_s"]
    for r in results[1:]:
        if base and r["marginal_names_per_s"]:
            r["scaling_efficiency"] = round(r["marginal_names_per_s"] / base / 2, 2)
    same = len({(work / f"names-{i}.csv").read_bytes() for i in range(len(results))}) == 1
    print(f"identical outputs: {same}", flush=True)
    return results


def _daemons(work: Path) -> list[int]:
    """The master and worker daemons of the bench's cluster (their executors are sampled as their children)."""
    return [
        int(p)
        for p in os.listdir("/proc")
        if p.isdigit() and "deploy." in _cmd(p) and str(work / "cluster") in _env_conf(p)
    ]


def _cmd(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _env_conf(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def bench_conn(work: Path, rows: int, env: dict[str, str]) -> list[dict[str, Any]]:
    from bench.gen_site import generate

    site = work / "site"
    if not (site / "conn.log").is_file():
        generate(site, devices=300, rows=rows, seed=6)
    inputs = [str(site / name) for name in (*SITE_FILES, "conn.log")]
    results, reports = [], []
    for label, extra, cluster in engines(work):
        out = work / f"audit-{len(results)}.json"
        args = ["audit", *inputs, "-o", str(out), "--workers", "1", *extra]
        if cluster is None:
            found = run(args, env)
        else:
            with cluster() as (master, cluster_env):
                found = run([*args, "--master", master], {**cluster_env, **env}, _daemons(work))
        report = json.loads(out.read_text(encoding="utf-8"))
        report.pop("generated_at")
        reports.append(report)
        results.append(
            {
                "engine": label,
                "rows": rows,
                "mb": round((site / "conn.log").stat().st_size / 1e6),
                "wall_s": round(found["wall"], 1),
                "rows_per_s": round(rows / found["wall"]),
                "peaks": found["peaks"],
            }
        )
        print(json.dumps(results[-1]), flush=True)
    print(f"identical reports: {all(r == reports[0] for r in reports)}", flush=True)
    return results


JSON_CHILD = """
import json, sys, time
from pathlib import Path
path, what = Path(sys.argv[1]), sys.argv[2]
if what == "pyarrow":
    import pyarrow.json as pj
    started = time.process_time()
    rows = pj.read_json(path, read_options=pj.ReadOptions(use_threads=False)).num_rows
else:  # imports and the law data (the countries, the clouds) are loaded before the clock starts
    from ictguard.devices.flowgroups import Relevance, named_ports
    from ictguard.devices.lawdata import default_law_data
    from ictguard.devices.parsers.zeek_conn_json import read_conn_json
    law = default_law_data()
    named, relevant = named_ports(law), Relevance(law, [])
    started = time.process_time()
    rows = read_conn_json(path, named, relevant).flow_count
cpu = time.process_time() - started
rss = [int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM")][0]
print(json.dumps({"cpu": cpu, "rows": rows, "rss_mib": rss / 1024}))
"""


def bench_json(work: Path, rows: int, before: Path | None, env: dict[str, str]) -> list[dict[str, Any]]:
    from bench.gen_site import conn_to_json, generate

    site = work / "site-json"
    if not (site / "conn.json").is_file():
        generate(site, devices=300, rows=rows, seed=7)
        conn_to_json(site / "conn.log", site / "conn.json")
    path = site / "conn.json"
    runs = [
        ("pyarrow.json.read_json (inferred schema, one thread)", "pyarrow", env["PYTHONPATH"]),
        ("ictguard read_conn_json (this checkout)", "ictguard", env["PYTHONPATH"]),
    ]
    if before is not None:
        runs.append((f"ictguard read_conn_json ({before})", "ictguard", str(before)))
    results = []
    for label, what, pythonpath in runs:
        best: dict[str, Any] | None = None
        for _ in range(2):
            out = subprocess.run(
                [sys.executable, "-c", JSON_CHILD, str(path), what],
                capture_output=True,
                text=True,
                check=True,
                env={**env, "PYTHONPATH": pythonpath},
            )
            found = json.loads(out.stdout.strip().splitlines()[-1])
            best = found if best is None or found["cpu"] < best["cpu"] else best
        assert best is not None
        results.append(
            {
                "reader": label,
                "rows": rows,
                "mb": round(path.stat().st_size / 1e6),
                "cpu_s": round(best["cpu"], 2),
                "rows_per_cpu_s": round(rows / best["cpu"]),
                "peak_rss_mib": round(best["rss_mib"]),
            }
        )
        print(json.dumps(results[-1]), flush=True)
    for r in results[1:]:
        r["vs_pyarrow"] = round(r["cpu_s"] / results[0]["cpu_s"], 2)
    return results


STEADY_CHILD = """
import json, sys, time
from datetime import date
from pathlib import Path
sys.path[:0] = sys.argv[4:6]
master, mode, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
from ictguard.spark.session import spark_session
times = []
with spark_session(master, "ictguard bench") as spark:
    if mode == "names":
        from ictguard.cli.screen import load_screening
        from ictguard.screening import DEFAULT_THRESHOLD
        from ictguard.spark.screen import screen_on_spark
        def load():
            context, screener = load_screening(Path(sys.argv[6]))
            return context.version_id, screener
        for name in ("names-10.csv", "names.csv"):
            started = time.perf_counter()
            screen_on_spark(work / name, work / f"steady-{name}", name_column=None, country_column=None,
                            as_of=date(2026, 6, 1), threshold=DEFAULT_THRESHOLD, load=load)
            times.append(time.perf_counter() - started)
    else:
        from ictguard.devices.audit import audit_paths
        from ictguard.spark.flows import spark_engine
        site = work / "site"
        inputs = [site / n for n in ("inventory.csv", "scan.xml", "dhcp.log", "dns.log", "ssl.log", "conn.log")]
        for _ in range(2):
            started = time.perf_counter()
            audit_paths(inputs, workers=1, stream=spark_engine())
            times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def bench_steady(work: Path, env: dict[str, str], names: int, rows: int, skip: set[str]) -> list[dict[str, Any]]:
    """Spark in one session: the first job pays for the JVM's warm-up and the Python workers, the second shows
    the steady rate (names: 10 names, then ``names``; conn: the same audit twice)."""
    results = []
    for mode in [m for m in ("names", "conn") if f"steady-{m}" not in skip]:
        for label, _extra, cluster in engines(work)[1:]:
            with cluster() if cluster is not None else nullcontext(None) as running:
                master, run_env = ("local[2]", env) if running is None else (running[0], {**running[1], **env})
                started = time.perf_counter()
                command = [
                    sys.executable,
                    "-c",
                    STEADY_CHILD,
                    master,
                    mode,
                    str(work),
                    str(ROOT / "src"),
                    str(ROOT),
                    str(LIST),
                ]
                child = subprocess.Popen(
                    command, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
                peaks = Peaks([child.pid, *(_daemons(work) if running is not None else [])])
                peaks.start()
                out, err = child.communicate()
                peaks.done.set()
                peaks.join()
                if child.returncode:
                    raise RuntimeError(err[-3000:])
                first, second = json.loads(out.strip().splitlines()[-1])
            size = names if mode == "names" else rows
            rate = size / second  # the whole second job (its broadcast included), with the JVM and workers up
            results.append(
                {
                    "mode": mode,
                    "engine": label,
                    "size": size,
                    "first_job_s": round(first, 1),
                    "second_job_s": round(second, 1),
                    "steady_per_s": round(rate),
                    "process_wall_s": round(time.perf_counter() - started, 1),
                    "peaks": peaks.summary(),
                }
            )
            print(json.dumps(results[-1]), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--names", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--json-rows", type=int, default=1_000_000)
    parser.add_argument("--before", type=Path, default=None, help="another checkout's src, for the JSON reader")
    parser.add_argument(
        "--skip", default="", help="comma-separated: names, conn, json, steady (steady-names, steady-conn)"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "ICTGUARD_DATA_DIR": str(args.work / "data")}
    skip = set(args.skip.split(","))
    results: dict[str, Any] = {"cpus": os.cpu_count(), "load_before": os.getloadavg()}
    if "json" not in skip:
        results["json_reader"] = bench_json(args.work, args.json_rows, args.before, env)
    if "names" not in skip:
        results["names"] = bench_names(args.work, args.names, env)
    if "conn" not in skip:
        results["conn"] = bench_conn(args.work, args.rows, env)
    if "steady" not in skip:
        results["steady"] = bench_steady(args.work, env, args.names, args.rows, skip)
    results["load_after"] = os.getloadavg()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
