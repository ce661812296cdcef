"""A new list version while the service screens: how long until it is served, and what screens cost meanwhile.

The service's own ``ActiveScreening`` (of this checkout, or of another one with ``--src``, e.g. main's for the
baseline) over a SQLite database holding the full shared mirror. One thread screens names back to back, as the
request threads do; after a steady phase a second version of the lists is activated (a ``lists update`` of the
same mirror, as another node or a cron job would) and the run goes on until requests are screened against it.
Reported: per-screen latency (p50 / p99 / max) before the update and between the activation and the first
screen on the new version, and that catch-up time.

    .venv/bin/python bench/bench_version_swap.py WORK_DIR [--src SRC] [--steady 5]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT.parent / "shared" / "data" / "lists"


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the ictguard checkout to measure")
    parser.add_argument("--steady", type=float, default=5.0, help="seconds of screening before the update")
    args = parser.parse_args()
    sys.path.insert(0, str(args.src))
    from ictguard.service.active import ActiveScreening
    from ictguard.settings import Settings
    from ictguard.store import lists_repo
    from ictguard.store.db import open_engine

    args.work.mkdir(parents=True, exist_ok=True)
    settings = Settings(db=f"sqlite:///{args.work / 'swap.sqlite'}", data_dir=args.work, lists=str(LISTS))
    engine = open_engine(settings)
    first = lists_repo.update_lists(engine, str(LISTS), settings, allow_shrink=True).version_id
    try:
        screening: Any = ActiveScreening(engine, poll_seconds=0.5)
    except TypeError:  # before the poller: the request path rechecks every 2 s and rebuilds itself
        screening = ActiveScreening(engine)
    built = time.monotonic()
    screening.context()
    build_seconds = time.monotonic() - built
    if hasattr(screening, "start_polling"):
        screening.start_polling()
    entities = list(screening.context().entities.values())
    rng = random.Random(16)
    names = [rng.choice(entities).name + rng.choice(["", " Ltd", " Co", " Trading"]) for _ in range(5000)]

    samples: list[tuple[float, float, str]] = []  # (start, seconds, version served)
    stop = threading.Event()

    def requests() -> None:
        n = 0
        while not stop.is_set():
            start = time.monotonic()
            context = screening.context()
            context.screener.screen(names[n % len(names)])
            samples.append((start, time.monotonic() - start, context.version_id))
            n += 1

    thread = threading.Thread(target=requests)
    thread.start()
    time.sleep(args.steady)
    activated_from = time.monotonic()
    second = lists_repo.update_lists(engine, str(LISTS), settings, allow_shrink=True).version_id
    activated = time.monotonic()
    while not (samples and samples[-1][2] == second):
        time.sleep(0.05)
    time.sleep(1.0)
    stop.set()
    thread.join()
    if hasattr(screening, "stop_polling"):
        screening.stop_polling()
    served_at = next(start + seconds for start, seconds, version in samples if version == second)
    result = {
        "src": str(args.src),
        "first_build_s": round(build_seconds, 2),
        "versions": [first, second],
        "before_update": _percentiles([s for start, s, _v in samples if start < activated_from]),
        "during_update_and_catch_up": _percentiles(
            [s for start, s, _v in samples if activated_from <= start < served_at]
        ),
        "lists_update_s": round(activated - activated_from, 2),
        "served_after_activation_s": round(served_at - activated, 2),
    }
    sys.stdout.write(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
