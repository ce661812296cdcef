"""Bit-for-bit dump of screening results, to show that a speed-only change changes no hit, score or explanation.

    .venv/bin/python bench/screening_identity.py OUT.jsonl [--queries 2000]
    PYTHONPATH=/path/to/other/checkout/src .venv/bin/python bench/screening_identity.py OTHER.jsonl
    cmp OUT.jsonl OTHER.jsonl

One JSON line per query: the bench's three query mixes (seeds 7, 23, 11) through ``screen_many``, and the first
600 of each through ``screen`` as is, with a country, a lower threshold and limit, a schema and an as-of date; then
one line per accuracy-bench pair through ``compare_names``. A hit is its entity id, matched name, score as
``float.hex`` and every explanation feature (name, value as hex, detail). The code under test is whatever
``ictguard`` resolves to (``PYTHONPATH`` first), the query mixes and pairs always come from this bench.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: make ``bench`` importable

import ictguard
from bench._screening_accuracy import build_pairs
from bench._screening_speed import query_mix
from ictguard.lists.update import prepare_load
from ictguard.model import EntityType
from ictguard.screening import Feature, Hit, Screener, compare_names
from ictguard.settings import Settings

DEFAULT_LISTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"
_COUNTRIES = ["CN", "RU", "IR", "US", "  cn "]
_SCHEMAS = [EntityType.PERSON, EntityType.ORGANIZATION, EntityType.VESSEL]


def _features(features: list[Feature]) -> list[list[str]]:
    return [[f.feature, float(f.score).hex(), f.detail] for f in features]


def _hits(hits: list[Hit]) -> list[Any]:
    return [[h.entity.id, h.matched_name, h.score.hex(), _features(h.explanation)] for h in hits]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    args = parser.parse_args()
    print("ictguard from", ictguard.__file__, file=sys.stderr)
    entities = list(prepare_load(str(args.lists), Settings(lists="")).entities)
    screener = Screener.from_entities(entities, "identity")
    hits = 0
    with args.out.open("w", encoding="utf-8") as out:

        def line(record: list[Any]) -> None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

        for seed in (7, 23, 11):
            queries = query_mix(entities, args.queries, seed=seed)
            for q, found in zip(queries, screener.screen_many([(q.name, None) for q in queries]), strict=True):
                line(["batch", seed, q.name, _hits(found)])
                hits += len(found)
            for i, q in enumerate(queries[:600]):
                variants: dict[str, dict[str, Any]] = {
                    "single": {},
                    "country": {"country": _COUNTRIES[i % 5]},
                    "low": {"threshold": 0.3, "limit": 25},
                    "schema": {"schema": _SCHEMAS[i % 3]},
                    "as_of": {"as_of": date(2019, 1, 1 + i % 28)},
                }
                for label, kwargs in variants.items():
                    found = screener.screen(q.name, **kwargs)
                    line([label, seed, q.name, _hits(found)])
                    hits += len(found)
        pairs = build_pairs(entities)
        for p in pairs:
            score, features = compare_names(p.left, p.right, p.schema)
            line(["pair", p.left, p.right, p.schema, score.hex(), _features(features)])
    print(f"{hits} hits and {len(pairs)} pairs written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
