"""Peak memory and speed of the audit on a Zeek JSON conn.log (a site from gen_site.py --json), or another
streamed flow file of the site (--flows flows.csv: nfdump CSV).

Each measurement is a fresh process pinned to one CPU, reporting its own peak RSS (VmHWM): the audit of the
site's other five files alone, then with conn.json; the difference is what the JSON conn.log costs. Run it with
PYTHONPATH pointing at another checkout's src to measure that code in the same session (the "before" figures).

    .venv/bin/python bench/bench_conn_json.py SITE_DIR [--repeat 2] [--cpu 1] [--flows conn.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

OTHER_FILES = ("inventory.csv", "scan.xml", "dhcp.log", "dns.log", "ssl.log")


def peak_rss_mib() -> float:
    """This process's own peak RSS (VmHWM; not ru_maxrss, which Linux carries across exec)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def run_child(cpu: int, paths: list[Path]) -> None:
    os.sched_setaffinity(0, {cpu})
    from ictguard.devices.audit import audit_paths  # imported here: PYTHONPATH picks the code measured

    wall, started = time.perf_counter(), time.process_time()
    report = audit_paths(paths)
    print(
        json.dumps(
            {
                "wall": time.perf_counter() - wall,
                "cpu": time.process_time() - started,
                "rss_mib": peak_rss_mib(),
                "flows": report.observations.flow_count,
            }
        )
    )


def child(cpu: int, paths: list[Path], repeat: int) -> dict[str, float]:
    """Fastest wall and CPU time of ``repeat`` fresh processes, and their highest peak RSS."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(cpu), *map(str, paths)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "wall": min(r["wall"] for r in runs),
        "cpu": min(r["cpu"] for r in runs),
        "rss_mib": max(r["rss_mib"] for r in runs),
        "flows": runs[0]["flows"],
    }


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        run_child(int(sys.argv[2]), [Path(p) for p in sys.argv[3:]])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--cpu", type=int, default=(os.cpu_count() or 1) - 1)
    parser.add_argument("--flows", default="conn.json", help="the flow file in SITE_DIR to measure")
    args = parser.parse_args()
    others = [args.site / name for name in OTHER_FILES]
    conn = args.site / args.flows
    rows = sum(1 for _ in conn.open("rb"))
    base = child(args.cpu, others, args.repeat)
    full = child(args.cpu, [*others, conn], args.repeat)
    cpu = full["cpu"] - base["cpu"]
    print(
        f"{conn.name}: {rows:,} lines ({conn.stat().st_size / 1e6:.0f} MB), CPU {args.cpu}, fastest of "
        f"{args.repeat}: "
        f"other 5 files {base['cpu']:.2f} s CPU, {base['rss_mib']:.0f} MiB; with {conn.name} {full['wall']:.2f} s "
        f"wall, {full['cpu']:.2f} s CPU, peak RSS {full['rss_mib']:.0f} MiB, {full['flows']:,.0f} flows; "
        f"the flow file: {cpu:.2f} s CPU = {rows / cpu:,.0f} lines/s"
    )


if __name__ == "__main__":
    main()
