"""Listed-party screening bench: recall@1 on held-out real spellings of LISTED parties (bench/_listed_queries.py:
Cyrillic registered names, other transliteration schemes, vendor-master abbreviations, legal-form variants,
Chinese simplified/traditional/Taiwan names, pinyin, Hong Kong English names), the family queries' recall
(bench/_family_queries.py), and false hits on real unlisted firms (the IEEE registries' organisation names).

    flock /tmp/bench.lock .venv/bin/python bench/bench_listed_screening.py [--lists ../shared/data/lists]
        [--out /tmp/bench_listed.md] [--no-ieee] [--ieee-dump /tmp/ieee_hits.json]

Runs on whatever ``ictguard`` is importable: run it with main's ``src`` first on PYTHONPATH for the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: make ``bench`` importable

import ictguard
from bench._family_queries import QUERIES as FAMILY_QUERIES
from bench._listed_queries import (
    LISTED_QUERIES,
    LISTED_QUERIES_R3,
    LISTED_QUERIES_R4,
    LISTED_QUERIES_R5,
    LISTED_QUERIES_R6,
    LISTED_QUERIES_R7,
    LISTED_QUERIES_R8,
)
from bench.bench_family_screening import _belongs, _data_strings, _spelling, ieee_names
from ictguard.lists.snapshot import screening_entities
from ictguard.lists.update import prepare_load
from ictguard.model import Entity
from ictguard.screening import Screener
from ictguard.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LISTS = ROOT.parent / "shared" / "data" / "lists"


def _is_target(entity: Entity, target: str) -> bool:
    pattern = re.compile(target)
    return any(pattern.search(name.casefold()) for name in entity.names)


def listed_recall(screener: Screener, entities: list[Entity], queries: list[tuple[str, str, str, str]]) -> list[str]:
    unreachable = [q for q, target, _, _ in queries if not any(_is_target(e, target) for e in entities)]
    exact = {_spelling(n) for e in entities for n in e.names}
    data = _data_strings()
    per: dict[str, list[bool]] = {}
    misses: list[str] = []
    for query, target, category, _source in queries:
        hits = screener.screen(query, limit=5)
        ok = bool(hits) and _is_target(hits[0].entity, target)
        per.setdefault(category, []).append(ok)
        per.setdefault("all", []).append(ok)
        if not ok:
            got = f"{hits[0].entity.name} {hits[0].score:.2f}" if hits else "no hit"
            misses.append(f"{query} → {got}")
    rows = ["| category | queries | recall@1 |", "|---|---|---|"]
    rows += [f"| {c} | {len(v)} | {sum(v) / len(v):.3f} |" for c, v in sorted(per.items(), key=lambda kv: kv[0])]
    rows += ["", f"Misses ({len(misses)}):", *(f"- {m}" for m in misses)]
    same_as_list = [q for q, *_ in queries if _spelling(q) in exact]
    in_data = [q for q, *_ in queries if _spelling(q) in data]
    rows += [
        "",
        f"Queries whose target matches no entity (bench error): {unreachable or 'none'}.",
        f"Queries spelled exactly as a list name (case/punctuation aside): {same_as_list or 'none'}.",
        f"Queries equal to a data-file string: {in_data or 'none'}.",
    ]
    return rows


def family_recall(screener: Screener) -> list[str]:
    per: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    for query, family, _category, split in FAMILY_QUERIES:
        hits = screener.screen(query, limit=5)
        ok = bool(hits) and _belongs(hits[0].entity, family)
        total[split] += 1
        per[split] += ok
        if not ok:
            misses.append(f"{query} ({split})")
    return [
        "Family queries recall@1: "
        + ", ".join(f"{s} {per[s] / total[s]:.3f} ({per[s]}/{total[s]})" for s in sorted(total))
        + f"; misses: {', '.join(misses) or 'none'}."
    ]


def ieee_false_hits(screener: Screener, dump: Path | None = None) -> list[str]:
    names = ieee_names()
    t0 = time.perf_counter()
    hit = [(n, screener.screen(n, limit=1)) for n in names]
    hit = [(n, h) for n, h in hit if h]
    elapsed = time.perf_counter() - t0
    if dump is not None:  # name -> top hit, to compare two runs name by name (diff the files)
        rows = {n: [h[0].entity.name, round(h[0].score, 3)] for n, h in hit}
        dump.write_text(json.dumps(rows, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    family = [f"{n!r} → {h[0].entity.name}" for n, h in hit if h[0].entity.source == "FAMILY"]
    return [
        f"IEEE registry organisation names with any hit: {len(hit)} of {len(names)}; from the family base: "
        f"{len(family)} {family[:10]}; {len(names) / elapsed:.0f} names/s.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench_listed.md"))
    parser.add_argument("--no-ieee", action="store_true", help="skip the IEEE false-hit run")
    parser.add_argument("--ieee-dump", type=Path, help="write each IEEE name with a hit and its top hit (JSON)")
    args = parser.parse_args()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    t0 = time.perf_counter()
    entities = screening_entities(prepare_load(str(args.lists), Settings(lists="")).entities)
    screener = Screener.from_entities(entities, version_id="bench-listed")
    out = [
        f"ictguard at {Path(ictguard.__file__).parent}; {len(entities)} entities; load average at start {load}.",
        "",
        f"Listed-party held-out recall@1, round 2 ({len(LISTED_QUERIES)} queries, bench/_listed_queries.py):",
        "",
        *listed_recall(screener, entities, LISTED_QUERIES),
        "",
        f"Listed-party held-out recall@1, round 3 ({len(LISTED_QUERIES_R3)} queries, LISTED_QUERIES_R3):",
        "",
        *listed_recall(screener, entities, LISTED_QUERIES_R3),
        "",
        f"Listed-party held-out recall@1, round 4 ({len(LISTED_QUERIES_R4)} queries, LISTED_QUERIES_R4):",
        "",
        *listed_recall(screener, entities, LISTED_QUERIES_R4),
        "",
        f"Listed-party held-out recall@1, round 5 ({len(LISTED_QUERIES_R5)} queries, LISTED_QUERIES_R5):",
        "",
        *listed_recall(screener, entities, LISTED_QUERIES_R5),
        "",
        f"Listed-party held-out recall@1, round 6 ({len(LISTED_QUERIES_R6)} queries, LISTED_QUERIES_R6):",
        "",
        *listed_recall(screener, entities, LISTED_QUERIES_R6),
        "",
        f"Listed-party held-out recall@1, round 7 ({len(LISTED_QUERIES_R7)} queries, LISTED_QUERIES_R7):",
        "",
        *listed_recall(screener, entities, LISTED_QUERIES_R7),
        "",
        f"Listed-party held-out recall@1, round 8 ({len(LISTED_QUERIES_R8)} queries, LISTED_QUERIES_R8):",
        "",
        *listed_recall(screener, entities, LISTED_QUERIES_R8),
        "",
        *family_recall(screener),
        "",
        *([] if args.no_ieee else ieee_false_hits(screener, args.ieee_dump)),
        "",
        f"Took {time.perf_counter() - t0:.0f} s.",
    ]
    text = "\n".join(out) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
