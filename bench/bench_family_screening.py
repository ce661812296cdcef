"""Family-name screening bench: recall of covered families' brands, subsidiaries, registered names, abbreviated
forms and scripts, and false hits on real unlisted firms (the IEEE registries' organisation names), ictguard vs
nomenklatura logic-v2 and rapidfuzz on the same queries, in the same run.

    flock /tmp/bench.lock .venv/bin/python bench/bench_family_screening.py [--lists ../shared/data/lists]
        [--peer-sample 600] [--out /tmp/bench_families.md]

Runs on whatever ``ictguard`` is importable (run it with main's ``src`` first on PYTHONPATH for the baseline):
the entity set is ``lists.snapshot.screening_entities`` (list mirror + curated + whatever else that version adds).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: make ``bench`` importable

from nomenklatura.matching import get_algorithm
from rapidfuzz import fuzz, process, utils

import ictguard
from bench._family_queries import (
    FAMILY_MARKERS,
    FAMILY_NEGATIVES_R4,
    FAMILY_NEGATIVES_R5,
    FAMILY_NEGATIVES_R6,
    FAMILY_NEGATIVES_R7,
    MEMBER_MARKERS,
    QUERIES,
)
from bench._screening_matchers import RAPIDFUZZ_THRESHOLD, proxy
from ictguard.lists.snapshot import screening_entities
from ictguard.lists.update import prepare_load
from ictguard.model import Entity
from ictguard.screening import Screener
from ictguard.screening.index import name_keys
from ictguard.screening.normalize import normalize
from ictguard.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LISTS = ROOT.parent / "shared" / "data" / "lists"
IEEE_FILES = [Path("/usr/share/ieee-data") / n for n in ("oui.csv", "mam.csv", "oui36.csv")]
_NOISE = re.compile(r"[\W_]+")
SPLITS = ("dev", "held_out", "round2", "round3", "round4", "round5", "round6", "round7")
# Registry names of the covered families themselves (and their known brands) are not "unlisted firms".
_COVERED = re.compile(
    "|".join(FAMILY_MARKERS.values()) + r"|hisilicon|china mobile|china telecom|china unicom|"
    r"autel|daotong|skywatch|" + MEMBER_MARKERS,
    re.I,
)


def _spelling(text: str) -> str:
    return _NOISE.sub(" ", text.casefold()).strip()


def _data_strings() -> set[str]:
    """Every string value of every data file of the ictguard in use, spelled (case and punctuation folded): a
    held-out query must not be one of them."""
    import yaml

    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.add(_spelling(node))
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((Path(ictguard.__file__).parent / "data").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def _belongs(entity: Entity, family: str) -> bool:
    text = " ".join([*entity.names, entity.remarks or "", *(r.target_name for r in entity.relations)])
    return re.search(FAMILY_MARKERS[family], text, re.I) is not None


def ieee_names() -> list[str]:
    names: set[str] = set()
    for path in IEEE_FILES:
        if path.exists():
            with path.open(encoding="utf-8", errors="replace") as handle:
                for row in csv.DictReader(handle):
                    name = (row.get("Organization Name") or "").strip()
                    if name and name.lower() != "private" and not _COVERED.search(name):
                        names.add(name)
    return sorted(names)


def recall_rows(screener: Screener, held_out_leaks: set[str]) -> tuple[list[str], dict[str, list[bool]]]:
    rows: list[str] = []
    results: dict[str, list[bool]] = {}
    misses: list[str] = []
    for query, family, category, split in QUERIES:
        hits = screener.screen(query, limit=10)
        ok = bool(hits) and _belongs(hits[0].entity, family)
        results.setdefault(f"{split}|{category}", []).append(ok)
        results.setdefault(f"{split}|all", []).append(ok)
        if not ok:
            misses.append(f"{query} ({split})")
    for key in sorted(results):
        split, category = key.split("|")
        got = results[key]
        rows.append(f"| {split} | {category} | {len(got)} | {sum(got) / len(got):.2f} |")
    rows.append("")
    rows.append("Misses: " + (", ".join(misses) if misses else "none") + ".")
    if held_out_leaks:
        rows.append("Held-out queries found in a data file (counted anyway): " + ", ".join(sorted(held_out_leaks)))
    return rows, results


def negative_rows(screener: Screener) -> list[str]:
    """Rounds 4-7's real unrelated look-alike firms: any hit from the family base, or a top hit belonging to
    any covered family, is a false family hit; other hits (e.g. an unrelated listed party) are listed apart."""
    rows: list[str] = []
    for label, negatives in (
        ("Round-4", FAMILY_NEGATIVES_R4),
        ("Round-5", FAMILY_NEGATIVES_R5),
        ("Round-6", FAMILY_NEGATIVES_R6),
        ("Round-7", FAMILY_NEGATIVES_R7),
    ):
        family_hits: list[str] = []
        other_hits: list[str] = []
        for query, _like, _source in negatives:
            hits = screener.screen(query, limit=10)
            fam = [h for h in hits if h.entity.source == "FAMILY"]
            fam += [h for h in hits[:1] if h not in fam and any(_belongs(h.entity, f) for f in FAMILY_MARKERS)]
            if fam:
                family_hits.append(f"{query!r} → {fam[0].entity.name} ({fam[0].entity.source} {fam[0].score:.2f})")
            elif hits:
                other_hits.append(f"{query!r} → {hits[0].entity.name} ({hits[0].entity.source} {hits[0].score:.2f})")
        rows += [
            f"{label} unrelated look-alike firms: {len(negatives)}; false family hits {len(family_hits)}, "
            f"other hits {len(other_hits)}.",
            "",
            "False family hits: " + ("; ".join(family_hits) if family_hits else "none") + ".",
            "",
            "Other hits: " + ("; ".join(other_hits) if other_hits else "none") + ".",
            "",
        ]
    return rows[:-1]


def peer_recall(screener: Screener) -> list[str]:
    """logic-v2 on ictguard's candidates and rapidfuzz over every name: recall@1 on the same queries."""
    choices = [n.name.original for n in screener.names]
    owners = [n.entity for n in screener.names]
    processed = [utils.default_process(c) for c in choices]
    algo = get_algorithm("logic-v2")
    assert algo is not None
    per: dict[str, Counter[str]] = {"rapidfuzz": Counter(), "logic-v2": Counter()}
    total: Counter[str] = Counter()
    for query, family, _category, split in QUERIES:
        total[split] += 1
        best = process.extractOne(
            utils.default_process(query), processed, scorer=fuzz.WRatio, score_cutoff=RAPIDFUZZ_THRESHOLD * 100
        )
        if best is not None and _belongs(screener.entities[owners[best[2]]], family):
            per["rapidfuzz"][split] += 1
        top = _logic_v2_top(screener, algo, query)
        if top is not None and _belongs(top, family):
            per["logic-v2"][split] += 1
    return [f"| {name} | " + " | ".join(f"{per[name][s] / total[s]:.2f}" for s in SPLITS) + " |" for name in per]


_PROXIES: dict[int, object] = {}


def _logic_v2_top(screener: Screener, algo: object, query: str) -> Entity | None:
    keys = name_keys(normalize(query, "Company"))
    best: tuple[float, int] | None = None
    for ent_idx in dict.fromkeys(screener.names[i].entity for i in screener.index.candidates(keys)):
        entity = screener.entities[ent_idx]
        if ent_idx not in _PROXIES:
            _PROXIES[ent_idx] = proxy("Company", [entity.name, *entity.aliases], f"list-{ent_idx}")
        score = algo.compare(proxy("Company", [query]), _PROXIES[ent_idx], algo.default_config()).score  # type: ignore[attr-defined]
        if score >= 0.7 and (best is None or score > best[0]):
            best = (score, ent_idx)
    return screener.entities[best[1]] if best else None


def false_hits(screener: Screener, names: list[str], peer_sample: int) -> list[str]:
    t0 = time.perf_counter()
    hit_names: list[tuple[str, str, str, float]] = []
    for name in names:
        hits = screener.screen(name, limit=1)
        if hits:
            hit_names.append((name, hits[0].entity.source, hits[0].entity.name, hits[0].score))
    elapsed = time.perf_counter() - t0
    by_source = Counter(src for _, src, _, _ in hit_names)
    rows = [
        f"ictguard: {len(hit_names)} of {len(names)} names hit ({len(hit_names) / len(names):.2%}); by source of "
        f"the top hit: {dict(sorted(by_source.items()))}; {len(names) / elapsed:.0f} names/s.",
        "",
    ]
    family = [h for h in hit_names if h[1] == "FAMILY"]
    rows.append(
        "Top hits from the family base: "
        + ("; ".join(f"{n!r} → {e} ({s:.2f})" for n, _, e, s in family) if family else "none")
        + "."
    )
    rng = random.Random(14)
    sample = rng.sample(names, min(peer_sample, len(names)))
    ours = sum(1 for n in sample if screener.screen(n, limit=1))
    choices = [utils.default_process(n.name.original) for n in screener.names]
    rf = sum(
        1
        for n in sample
        if process.extractOne(
            utils.default_process(n), choices, scorer=fuzz.WRatio, score_cutoff=RAPIDFUZZ_THRESHOLD * 100
        )
    )
    algo = get_algorithm("logic-v2")
    lv2 = sum(1 for n in sample if _logic_v2_top(screener, algo, n) is not None)
    rows += [
        "",
        f"Same {len(sample)}-name random sample (seed 14), names with any hit: ictguard {ours}, "
        f"nomenklatura logic-v2 on ictguard's candidates (threshold 0.7) {lv2}, rapidfuzz WRatio brute force "
        f"(cutoff 85) {rf}.",
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    parser.add_argument("--peer-sample", type=int, default=600)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench_families.md"))
    args = parser.parse_args()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    t0 = time.perf_counter()
    entities = screening_entities(prepare_load(str(args.lists), Settings(lists="")).entities)
    screener = Screener.from_entities(entities, version_id="bench-families")
    data = _data_strings()
    leaks = {q for q, _, _, split in QUERIES if split != "dev" and _spelling(q) in data}
    counts = Counter(split for *_, split in QUERIES)
    rows, _ = recall_rows(screener, leaks)
    names = ieee_names()
    out = [
        f"ictguard at {Path(ictguard.__file__).parent}; {len(entities)} entities "
        f"({sum(e.source == 'FAMILY' for e in entities)} from the family base); load average at start {load}.",
        "",
        f"Recall@1 (top hit belongs to the query's family): {counts['dev']} dev + {counts['held_out']} held-out "
        f"+ {counts['round2']} round-2 + {counts['round3']} round-3 + {counts['round4']} round-4 "
        f"+ {counts['round5']} round-5 + {counts['round6']} round-6 + {counts['round7']} round-7 held-out queries "
        "(bench/_family_queries.py).",
        "",
        "| split | category | queries | ictguard recall@1 |",
        "|---|---|---|---|",
        *rows,
        "",
        "| peer, same queries and entities | dev | held-out | round-2 | round-3 | round-4 | round-5 | round-6 "
        "| round-7 (recall@1) |",
        "|---|---|---|---|---|---|---|---|---|",
        *peer_recall(screener),
        "",
        *negative_rows(screener),
        "",
        f"False hits on real firms: {len(names)} distinct IEEE MA-L/MA-M/MA-S organisation names (Debian ieee-data) "
        "minus those of the covered families.",
        "",
        *false_hits(screener, names, args.peer_sample),
        "",
        f"Took {time.perf_counter() - t0:.0f} s.",
    ]
    text = "\n".join(out) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
