"""Screening cost in CPU instructions (valgrind callgrind), so that two versions compare on a busy machine.

Seconds move with whatever else the machine runs; instruction counts do not. Each tree given with ``--tree`` runs in
its own process under callgrind with collection off while it loads the lists, builds its screener and screens a
warm-up batch; collection is switched on (``callgrind_control -i on``) only around the measured ``screen_many``
batch, after the collector has frozen what the build and the warm-up left (as the service does). Every tree
screens the same queries (the speed section's mix, made once by this checkout), so the ratio is
the change in work per name. Run from the repository root:

    flock /tmp/bench.lock .venv/bin/python bench/bench_screening_instructions.py \
        --tree base=/path/to/old/src --tree main=src
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: make ``bench`` importable

_CHILD = """
import gc, json, os, subprocess, sys, time
from ictguard.lists.snapshot import screening_entities
from ictguard.lists.update import prepare_load
from ictguard.screening import Screener
from ictguard.settings import Settings

lists, queries_file = sys.argv[1], sys.argv[2]
queries = json.loads(open(queries_file, encoding="utf-8").read())
entities = screening_entities(prepare_load(lists, Settings(lists="")).entities)  # as the service screens
screener = Screener.from_entities(entities, "bench")
screener.screen_many([(q, None) for q in queries["warm"]])
# As a long-running caller does after a build (ictguard.service.gc_policy.freeze_all, inlined: older trees lack it):
# without it a full collection over the index's objects lands in some runs' batches and not others' (tens of
# millions of instructions each), which swamps the difference being measured.
gc.collect()
gc.freeze()
subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
time.sleep(0.5)  # let valgrind see the request before the batch starts
results = screener.screen_many([(q, None) for q in queries["measured"]])
subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)
print(json.dumps({"hits": sum(1 for hits in results if hits)}))
"""


def _queries(lists: str, count: int, warm: int) -> dict[str, list[str]]:
    from bench._screening_speed import query_mix
    from ictguard.lists.update import prepare_load
    from ictguard.settings import Settings

    entities = list(prepare_load(lists, Settings(lists="")).entities)
    mix = query_mix(entities, warm + count, seed=11)
    return {"warm": [q.name for q in mix[:warm]], "measured": [q.name for q in mix[warm:]]}


def _instructions(src: str, lists: str, queries_file: str, out_dir: str, label: str) -> tuple[int, int]:
    out = Path(out_dir) / f"callgrind.{label}"
    env = {**os.environ, "PYTHONPATH": src, "PYTHONHASHSEED": "0"}
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out}",
        sys.executable,
        "-c",
        _CHILD,
        lists,
        queries_file,
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{label}: exit {done.returncode}\n{done.stderr[-3000:]}")
    hits = json.loads(done.stdout.strip().splitlines()[-1])["hits"]
    totals = re.search(r"^totals: (\d+)", out.read_text(), re.MULTILINE)
    if totals is None:
        raise SystemExit(f"no totals in {out}")
    return int(totals.group(1)), hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", action="append", required=True, help="label=path/to/src (repeatable)")
    parser.add_argument("--lists", default="../shared/data/lists")
    parser.add_argument("--queries", type=int, default=300, help="names in the measured batch")
    # One-off work (a data file read on its script's first name, the ICU transliterator's set-up, a table built on
    # first use) must land in the warm-up, not in the measured batch: with a 300-name warm-up, one such set-up in
    # the batch moved a tree's count by 7 %.
    parser.add_argument("--warm", type=int, default=3000, help="names screened before the measured batch")
    args = parser.parse_args()
    trees = [t.split("=", 1) for t in args.tree]
    with tempfile.TemporaryDirectory() as tmp:
        queries_file = str(Path(tmp) / "queries.json")
        Path(queries_file).write_text(json.dumps(_queries(args.lists, args.queries, args.warm)), encoding="utf-8")
        rows = []
        for label, src in trees:
            count, hits = _instructions(str(Path(src).resolve()), args.lists, queries_file, tmp, label)
            rows.append((label, count, hits))
    first = rows[0][1]
    print(f"| tree | instructions per name | vs {rows[0][0]} | names with a hit (of {args.queries}) |")
    print("|---|---:|---:|---:|")
    for label, count, hits in rows:
        print(f"| {label} | {count / args.queries:,.0f} | {count / first - 1:+.1%} | {hits} |")


if __name__ == "__main__":
    main()
