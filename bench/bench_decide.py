"""Determination benchmark: 10,000 seeded transactions (exports, procurements, FCC USF, equipment
authorization, ICTS) decided with the production resolver over the whole list mirror, next to a floor in the
same run (JSON parse + pydantic validation of the same batch, nothing decided).

    PYTHONPATH=src .venv/bin/python bench/bench_decide.py [--n 10000] [--seed 7] [--out /tmp/bench_decide.md]
        [--lists ../shared/data/lists] [--profile]

Parties are drawn from the mirror's listed names, spelling variants of them, the Chinese names the screening
aliases carry, and made-up unlisted names; batches repeat counterparties, as real ones do. The production
resolver is ``rules.decision_resolver`` (exact/alias index over list + curated entities, then the screener at
0.90 for other spellings, built on the first miss), exactly as ``ictguard decide`` uses it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from ictguard.lists.update import prepare_load
from ictguard.model import Entity, EntityType
from ictguard.rules import decide_many, decision_resolver, parse_transactions
from ictguard.rules.transaction import Transaction
from ictguard.screening import Screener
from ictguard.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LISTS = ROOT.parent / "shared" / "data" / "lists"
ALIASES = ROOT / "src" / "ictguard" / "data" / "screening" / "aliases.yaml"
_CJK = re.compile(r"[\u4e00-\u9fff]")
COVERED_MAKERS = [
    "Huawei",
    "ZTE Corporation",
    "Dahua",
    "Hikvision",
    "Hytera Communications Corporation Limited",
    "Kaspersky Lab, Inc.",
    "AO Kaspersky Lab",
    "SZ DJI Technology Co., Ltd.",
    "Autel Robotics",
]
ECCNS = ["EAR99", "EAR99", "5D992.c", "5A992.c", "1A004.c", "3A001.a", "4A994", "2A983"]
PRONGS = [
    None,
    None,
    None,
    "existing_networks",
    "existing_handsets",
    "cybersecurity_research",
    "standards_5g",
    "consumer_cpe",
]
_WORDS = (
    "Prairie Harbor Summit Cedar Lumen Vector Orchid Granite Meridian Aurora Falcon Willow Beacon Northgate "
    "Silverline Pinecrest Tidewater Redstone Bluefield Clearwater Ironwood Oakmont Sunridge Westbrook"
).split()
_FORMS = ["Inc.", "LLC", "GmbH", "Ltd.", "S.A.", "Co., Ltd.", "Pty Ltd", "AB", "B.V."]
_TRADES = ["Logistics", "Networks", "Trading", "Systems", "Electronics", "Components", "Holdings", "Telecom"]


# ---------- name pools ----------
def variant(name: str, rng: random.Random) -> str:
    """A spelling a clerk might type: case, punctuation, legal form, '&' / 'and', a dropped comma."""
    out = name
    for _ in range(rng.randint(1, 3)):
        pick = rng.randrange(6)
        if pick == 0:
            out = out.upper() if rng.random() < 0.5 else out.title()
        elif pick == 1:
            out = re.sub(r"[.,]", "", out)
        elif pick == 2:
            out = re.sub(
                r"\b(Co\.?,? ?Ltd\.?|Company Limited|Limited|Ltd\.?)$",
                rng.choice(["Co Ltd", "Company Limited", "Ltd", ""]),
                out,
            ).strip()
        elif pick == 3:
            out = out.replace("&", "and") if "&" in out else out.replace(" and ", " & ")
        elif pick == 4:
            out = re.sub(r"\s+", "  ", out) if rng.random() < 0.3 else out.lower()
        else:
            out = re.sub(r"\bTechnologies\b", "Technology", out) if "Technologies" in out else out.replace(",", "")
    return out or name


def chinese_names() -> list[str]:
    doc = yaml.safe_load(ALIASES.read_text(encoding="utf-8"))
    return sorted({a["name"] for g in doc.get("companies", []) for a in g.get("aliases", []) if _CJK.search(a["name"])})


def pools(entities: list[Entity], rng: random.Random, size: int) -> dict[str, list[str]]:
    orgs = [e for e in entities if e.type == EntityType.ORGANIZATION and e.name]
    el = [e.name for e in orgs if e.source == "EL"]
    other = [e.name for e in orgs if e.source != "EL"]
    listed = rng.sample(el, min(len(el), size * 2 // 3)) + rng.sample(other, min(len(other), size // 3))
    unlisted = {f"{rng.choice(_WORDS)} {rng.choice(_TRADES)} {rng.choice(_FORMS)}" for _ in range(size * 3)}
    unlisted |= {
        f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {rng.choice(_TRADES)} {rng.choice(_FORMS)}" for _ in range(size * 3)
    }
    return {
        "listed": listed,
        "variant": [variant(rng.choice(listed), rng) for _ in range(size)],
        "chinese": chinese_names(),
        "unlisted": sorted(unlisted)[: size * 2],
    }


def pick_name(p: dict[str, list[str]], rng: random.Random) -> str:
    pool = rng.choices(["listed", "variant", "chinese", "unlisted"], weights=[30, 20, 5, 45])[0]
    return rng.choice(p[pool])


_COUNTRY_OF: dict[str, str] = {}


def country_of(name: str, rng: random.Random, choices: list[str]) -> str:
    """A counterparty keeps its country across the batch (first draw wins), as in a real customer file."""
    return _COUNTRY_OF.setdefault(name, rng.choice(choices))


# ---------- transactions ----------
def day(rng: random.Random) -> str:
    return (date(2018, 1, 1) + timedelta(days=rng.randrange(3650))).isoformat()


def some_date(rng: random.Random, lo: str, hi: str) -> str:
    a, b = date.fromisoformat(lo), date.fromisoformat(hi)
    return (a + timedelta(days=rng.randrange((b - a).days))).isoformat()


def export_txn(p: dict[str, list[str]], rng: random.Random) -> dict[str, Any]:
    role = rng.choice(["end_user", "purchaser", "consignee", "intermediate"])
    name = pick_name(p, rng)
    buyer: dict[str, Any] = {
        "role": role,
        "name": name,
        "country": country_of(name, rng, ["CN", "HK", "MY", "DE", "RU"]),
    }
    if rng.random() < 0.15:
        buyer["owners"] = [{"name": pick_name(p, rng), "country": "CN", "share": round(rng.uniform(0.1, 0.9), 2)}]
    abroad = rng.random() < 0.1
    it: dict[str, Any] = {
        "description": rng.choice(["OS security patch", "memory chips", "protective gear", "GPUs"]),
        "eccn": rng.choice(ECCNS),
        "category": rng.choice(["software", "semiconductors", "other"]),
        "produced_abroad_with_us_tech": abroad,
    }
    ctx: dict[str, Any] = {}
    prong = rng.choice(PRONGS)
    if prong:
        ctx["tgl_prong"] = prong
        ctx["contract_date"] = some_date(rng, "2017-01-01", "2019-12-31")
        ctx["product_public_release"] = some_date(rng, "2016-01-01", "2020-01-01")
    if rng.random() < 0.08:
        ctx["specific_license"] = {
            "number": f"D{rng.randrange(10**6):06d}",
            "granted": some_date(rng, "2018-01-01", "2027-01-01"),
        }
    if abroad and rng.random() < 0.5:
        ctx["production_started"] = some_date(rng, "2020-01-01", "2020-09-01")
    exporter = {"role": "exporter", "name": "Acme Networks Inc.", "country": "US"}
    return {
        "kind": rng.choice(["export", "export", "reexport", "transfer"]),
        "parties": [exporter, buyer],
        "items": [it],
        "context": ctx,
    }


def maker(p: dict[str, list[str]], rng: random.Random) -> str:
    return rng.choice(COVERED_MAKERS) if rng.random() < 0.4 else pick_name(p, rng)


def federal_txn(p: dict[str, list[str]], rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["procurement", "federal_contract", "federal_grant_purchase"])
    role = {"procurement": "agency", "federal_contract": "contractor", "federal_grant_purchase": "grantee"}[kind]
    parties = [{"role": role, "name": "Acme Services LLC", "country": "US"}]
    if rng.random() < 0.5:
        parties.append({"role": "supplier", "name": pick_name(p, rng)})
    it = {
        "description": rng.choice(["routers", "cameras", "handsets", "menu board displays"]),
        "category": rng.choice(["telecom_equipment", "video_surveillance", "services"]),
        "manufacturer": maker(p, rng),
    }
    ctx: dict[str, Any] = {}
    if rng.random() < 0.5:
        ctx["security_purpose"] = rng.random() < 0.5
    if rng.random() < 0.1:
        ctx["waiver"] = rng.choice(["agency", "dni"])
    if rng.random() < 0.05:
        ctx["exception"] = rng.choice(["backhaul_roaming_interconnection", "no_user_data_access"])
    return {"kind": kind, "parties": parties, "items": [it], "context": ctx}


def fcc_txn(p: dict[str, list[str]], rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.65:
        it = {
            "description": "base stations",
            "category": rng.choice(["telecom_equipment", "video_surveillance", "software", "services"]),
            "manufacturer": maker(p, rng),
        }
        buyer = {"role": "purchaser", "name": "Prairie Rural Telephone Cooperative", "country": "US"}
        return {
            "kind": "usf_purchase",
            "parties": [buyer],
            "items": [it],
            "context": {"funding": "usf", "security_purpose": rng.random() < 0.5},
        }
    m = maker(p, rng)
    it = {
        "description": "new model",
        "category": rng.choice(["telecom_equipment", "video_surveillance", "drone"]),
        "manufacturer": m,
    }
    return {
        "kind": "equipment_authorization",
        "parties": [{"role": "applicant", "name": m}],
        "items": [it],
        "context": {"model_authorized_before": rng.random() < 0.3},
    }


def icts_txn(p: dict[str, list[str]], rng: random.Random) -> dict[str, Any]:
    category = rng.choice(["software", "telecom_equipment", "vehicle_software", "vehicle_hardware", "drone"])
    name = pick_name(p, rng)
    supplier = {
        "role": "supplier",
        "name": name,
        "country": country_of(name, rng, ["CN", "HK", "RU", "US", "DE", "MO"]),
    }
    it: dict[str, Any] = {
        "description": rng.choice(["anti-virus", "management software", "telematics unit"]),
        "category": category,
    }
    if rng.random() < 0.3:
        it["manufacturer"] = maker(p, rng)
    ctx: dict[str, Any] = {"new_agreement": rng.random() < 0.5}
    if category.startswith("vehicle"):
        ctx["model_year"] = rng.randrange(2025, 2032)
    return {
        "kind": "ict_transaction",
        "parties": [{"role": "purchaser", "name": "US Buyer Inc", "country": "US"}, supplier],
        "items": [it],
        "context": ctx,
    }


def transactions(n: int, p: dict[str, list[str]], rng: random.Random) -> list[dict[str, Any]]:
    makers = [export_txn] * 50 + [federal_txn] * 20 + [fcc_txn] * 15 + [icts_txn] * 15
    out = []
    for i in range(n):
        t = rng.choice(makers)(p, rng)
        out.append({"id": f"b-{i:05d}", "date": day(rng), **t, "purpose": "benchmark"})
    return out


# ---------- timing ----------
class CountingFactory:
    """The screener factory the production resolver gets, timing the build it triggers on the first miss."""

    def __init__(self, entities: list[Entity], version_id: str, prebuilt: Screener | None = None) -> None:
        self.entities, self.version_id, self.screener = entities, version_id, prebuilt
        self.build_s = 0.0

    def __call__(self) -> Screener:
        if self.screener is None:
            t0 = time.perf_counter()
            self.screener = Screener.from_entities(self.entities, version_id=self.version_id)
            self.build_s = time.perf_counter() - t0
        return self.screener


def run_batch(doc: str, entities: list[Entity], version: str, factory: CountingFactory) -> dict[str, Any]:
    """Exactly the CLI path: parse the JSON document, validate, build the resolver, decide the batch."""
    t0 = time.perf_counter()
    txns, _ = parse_transactions(json.loads(doc))
    t1 = time.perf_counter()
    resolver, _notes = decision_resolver(entities, version, factory)
    t2 = time.perf_counter()
    results = decide_many(txns, resolver=resolver)
    t3 = time.perf_counter()
    return {"parse": t1 - t0, "resolver": t2 - t1, "decide": t3 - t2, "results": results}


def disk_cached_screener_s(entities: list[Entity], version: str, loaded_at: Any) -> float:
    """What ``ictguard decide`` pays for the screener after the first run: unpickling the per-version cache."""
    from ictguard.lists.snapshot import ListSnapshot
    from ictguard.screening import cache

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ICTGUARD_DATA_DIR"] = tmp
        get_settings.cache_clear()
        snapshot = ListSnapshot(version, loaded_at, tuple(entities))
        cache.screener_for(snapshot)  # builds and writes the cache file
        cache._MEMORY.clear()
        t0 = time.perf_counter()
        cache.screener_for(snapshot)
        took = time.perf_counter() - t0
        cache._MEMORY.clear()
    return took


def floor(doc: str) -> float:
    t0 = time.perf_counter()
    [Transaction.model_validate(d) for d in json.loads(doc)]
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pool", type=int, default=1500, help="distinct listed names drawn (other pools scale)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench_decide.md"))
    ap.add_argument("--profile", action="store_true", help="print the top functions of one warm batch")
    ap.add_argument(
        "--dump", type=Path, help="write each outcome and its findings (JSON lines) to compare two versions"
    )
    args = ap.parse_args()

    t0 = time.perf_counter()
    load = prepare_load(str(args.lists), Settings(lists=""))
    load_s = time.perf_counter() - t0
    entities, version = list(load.entities), load.version_id
    rng = random.Random(args.seed)
    doc = json.dumps(transactions(args.n, pools(entities, rng, args.pool), rng), ensure_ascii=False)
    names = {p["name"] for t in json.loads(doc) for p in t["parties"]}

    floors = [floor(doc) for _ in range(args.repeat)]
    cold_factory = CountingFactory(entities, version)
    cold = run_batch(doc, entities, version, cold_factory)
    # Warm: a fresh resolver and interpreter (empty name caches) but the screener already built, as the API
    # keeps it per list version; this is the steady cost of one batch.
    warm = []
    for _ in range(args.repeat):
        warm.append(run_batch(doc, entities, version, CountingFactory(entities, version, cold_factory.screener)))
        floors.append(floor(doc))
    disk_s = disk_cached_screener_s(entities, version, load.loaded_at)
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        run_batch(doc, entities, version, CountingFactory(entities, version, cold_factory.screener))
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(35)
        print(out.getvalue())

    outcomes = Counter(d.outcome for d in cold["results"])
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as handle:
            for t, d in zip(json.loads(doc), cold["results"], strict=True):
                found = sorted((f["regime"], f["outcome"], ",".join(f["rules"])) for f in d.to_dict()["findings"])
                handle.write(json.dumps({"txn": t, "outcome": d.outcome, "findings": found}, ensure_ascii=False) + "\n")
    kinds = Counter(t["kind"] for t in json.loads(doc))
    n = args.n
    cold_total = cold["parse"] + cold["resolver"] + cold["decide"]
    warm_totals = [w["parse"] + w["resolver"] + w["decide"] for w in warm]
    wbest, wmed = min(warm_totals), statistics.median(warm_totals)
    fbest, fmed = min(floors), statistics.median(floors)
    load_avg = os.getloadavg()
    rows = [
        (
            "`prepare_load` of the whole mirror (context, not in the totals)",
            f"{load_s:.2f}",
            "",
            f"{len(entities)} entities",
        ),
        (
            "floor: `json.loads` + `Transaction.model_validate` of the batch",
            f"{fbest:.3f}",
            f"{fmed:.3f}",
            f"{n / fbest:,.0f} txn/s",
        ),
        (
            "resolver build (`decision_resolver`: index over list + curated entities)",
            f"{cold['resolver']:.2f}",
            "",
            "per batch",
        ),
        (
            "screener build (first index miss; once per list version in the API)",
            f"{cold_factory.build_s:.2f}",
            "",
            f"{len(entities)} entities",
        ),
        (
            "screener loaded from the per-version disk cache (`screener_for`, as `ictguard decide` "
            "after its first run)",
            f"{disk_s:.2f}",
            "",
            "replaces the build",
        ),
        (
            "cold batch: parse + resolver + screener build + decide",
            f"{cold_total:.2f}",
            "",
            f"{n / cold_total:,.0f} txn/s; {1000 * cold_total / n:.3f} s per 1,000",
        ),
        ("  of which decide (incl. screener build)", f"{cold['decide']:.2f}", "", ""),
        (
            "warm batch: parse + resolver + decide (screener already built, name caches empty)",
            f"{wbest:.2f}",
            f"{wmed:.2f}",
            f"{n / wbest:,.0f} txn/s; {1000 * wbest / n:.3f} s per 1,000",
        ),
        (
            "  of which decide",
            f"{min(w['decide'] for w in warm):.2f}",
            f"{statistics.median(w['decide'] for w in warm):.2f}",
            "",
        ),
    ]
    lines = [
        "## Determinations",
        "",
        f"Command: `flock /tmp/bench.lock env PYTHONPATH=src .venv/bin/python bench/bench_decide.py --n {n} "
        f"--seed {args.seed} --pool {args.pool} --repeat {args.repeat}`",
        "",
        f"Machine: {os.cpu_count()} cores shared with other jobs; load average at the end "
        f"{load_avg[0]:.2f} / {load_avg[1]:.2f} / {load_avg[2]:.2f} (1/5/15 min) — the numbers are noisy.",
        "",
        f"Batch: {n:,} transactions ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
        f"{len(names):,} distinct party names (listed, spelling variants, Chinese, unlisted), "
        f"dates 2018-01-01 to 2027-12-31. Outcomes: {', '.join(f'{k} {v}' for k, v in outcomes.most_common())}.",
        "",
        "| step | best s | median s | note |",
        "|---|---:|---:|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        "Resolver: `rules.decision_resolver` over the whole mirror (exact/alias index, then the real screener at "
        "0.90 for other spellings), the one the CLI, API and web use. The floor does no resolution and no rules.",
    ]
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
