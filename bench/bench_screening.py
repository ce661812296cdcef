"""Screening benchmark: accuracy on labelled pairs (ictguard vs nomenklatura vs rapidfuzz, same pairs, same run)
and speed against the whole list mirror (index build, batch, single name, peers in the same process).

    flock /tmp/bench.lock .venv/bin/python bench/bench_screening.py [--section accuracy|speed|all]
        [--queries 2000] [--peer-sample 150] [--lists ../shared/data/lists] [--out /tmp/bench_screening.md]

Writes the two Markdown sections ("## Screening accuracy", "## Screening speed") to ``--out`` and stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: make ``bench`` importable

from bench._screening_accuracy import accuracy_section
from bench._screening_speed import speed_section
from ictguard.lists.update import prepare_load
from ictguard.screening.wordlist import word_list_status
from ictguard.settings import Settings

DEFAULT_LISTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"


def _load_avg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--section", choices=("accuracy", "speed", "all"), default="all")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--peer-sample", type=int, default=150)
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench_screening.md"))
    args = parser.parse_args()
    entities = list(prepare_load(str(args.lists), Settings(lists="")).entities)
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}; "
        f"word list {word_list_status()}"
    )
    command = f"`flock /tmp/bench.lock .venv/bin/python bench/bench_screening.py --section {args.section}`"
    parts: list[str] = []
    if args.section in ("accuracy", "all"):
        load = _load_avg()
        t0 = time.perf_counter()
        body = accuracy_section(entities)
        parts.append(
            f"## Screening accuracy\n\nCommand (from the repository root): {command}\n\nMachine: {machine}; "
            f"load average at start {load}; took {time.perf_counter() - t0:.0f} s.\n\n"
            "Pairs: list pairs from the mirror (an entry's name vs its aliases = positives; its name vs a "
            "different entry sharing its rarest word, e.g. the Huawei <country> entries = negatives; the "
            "same party listed twice is excluded), yente UN treated/untreated persons + closest other "
            "person and the 2,000 synthetic non-matching persons, watchman cross-script and nomenklatura "
            "generated pairs. Split: `test` = held out (1 in 5 sibling groups / queries by SHA-1), `dev` = "
            "the rest; any tuning of ictguard used `dev` only.\n\n" + body
        )
    if args.section in ("speed", "all"):
        load = _load_avg()
        body = speed_section(entities, args.queries, args.peer_sample, load)
        parts.append(
            f"## Screening speed\n\nCommand (from the repository root): {command} (defaults: --queries "
            f"{args.queries} --peer-sample {args.peer_sample})\n\nMachine: {machine}; single thread. "
            "Timings are noisy: 2 cores shared with other work.\n\n" + body
        )
    text = "\n\n".join(parts) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
