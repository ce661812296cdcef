"""Speed section of the screening bench: index build, batch and single-name screening against the whole mirror,
and two peers in the same process (rapidfuzz brute force; our candidate index + nomenklatura logic-v2 scoring)."""

from __future__ import annotations

import gc
import random
import resource
import statistics
import time
import tracemalloc
from dataclasses import dataclass

from nomenklatura.matching import get_algorithm
from rapidfuzz import fuzz, process, utils

from bench._screening_matchers import RAPIDFUZZ_THRESHOLD, proxy
from bench._screening_pairs import MATCHING, _read_rows
from ictguard.model import Entity, EntityType
from ictguard.screening import DEFAULT_THRESHOLD, Screener
from ictguard.screening.datafiles import load_alias_groups
from ictguard.screening.index import name_keys
from ictguard.screening.normalize import normalize
from ictguard.screening.script import to_ascii
from ictguard.service import gc_policy

_CN_PLACES = ["北京", "上海", "深圳", "广州", "成都", "苏州", "宁波", "青岛"]
_CN_STEMS = ["星辰", "宏达", "金桥", "博远", "瑞丰", "天成", "恒信", "嘉禾", "新锐", "蓝海"]
_CN_TAILS = ["科技有限公司", "电子有限公司", "贸易有限公司", "信息技术有限公司", "机械制造有限公司"]
_EN_WORDS = [
    "Nordic",
    "Alpine",
    "Sunrise",
    "Harbor",
    "Granite",
    "Cedar",
    "Atlas",
    "Meridian",
    "Bluewater",
    "Summit",
    "Pioneer",
    "Evergreen",
    "Lakeside",
    "Orchard",
    "Keystone",
    "Riverbend",
]
_EN_TRADES = [
    "Timber Supplies",
    "Logistics",
    "Dental Care",
    "Office Furniture",
    "Bakery",
    "Software",
    "Plumbing",
    "Textiles",
    "Farm Equipment",
    "Printing",
]
_EN_FORMS = ["GmbH", "Inc.", "Ltd", "LLC", "S.A.", "Pty Ltd", "B.V.", "AB"]


@dataclass(frozen=True, slots=True)
class Query:
    kind: str  # perturbed | chinese | unlisted
    name: str
    expected: str | None  # entity id that must be found (None: nothing should be)


def _perturb(rng: random.Random, name: str) -> str:
    words = name.split()
    how = rng.randrange(5)
    if how == 0 and len(name) > 6:  # one typo
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if how == 1 and len(words) > 2:  # drop the last word (often the legal form)
        return " ".join(words[:-1])
    if how == 2 and len(words) > 1:  # swap two words
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
        return " ".join(words)
    if how == 3:
        return name.upper().replace(",", "").replace(".", "")
    return name.lower()


def query_mix(entities: list[Entity], count: int, seed: int = 7) -> list[Query]:
    """40% perturbed list names (names and aliases), 15% Chinese (curated aliases of listed companies and
    made-up unlisted companies), 45% unlisted (yente's synthetic persons, US Congress members, made-up firms)."""
    rng = random.Random(seed)
    by_name = {e.name: e for e in entities}
    listed = [e for e in entities if e.type in (EntityType.ORGANIZATION, EntityType.PERSON)]
    queries: list[Query] = []
    for _ in range(int(count * 0.40)):
        e = rng.choice(listed)
        queries.append(Query("perturbed", _perturb(rng, rng.choice([e.name, *e.aliases])), e.id))
    curated = [
        (a.name, by_name[n].id)
        for g in load_alias_groups()
        for n in g.list_names
        if n in by_name
        for a in g.aliases
        if not a.name.isascii()
    ]
    for _ in range(int(count * 0.15)):
        if rng.random() < 0.5 and curated:
            name, eid = rng.choice(curated)
            queries.append(Query("chinese", name, eid))
        else:
            made = rng.choice(_CN_PLACES) + rng.choice(_CN_STEMS) + rng.choice(_CN_TAILS)
            queries.append(Query("chinese", made, None))
    files = (
        "validation_report_negatives_global.csv",
        "validation_report_negatives_us.csv",
        "positives_us_congress_untreated.csv",
    )
    persons = [r["full_name"] for f in files for r in _read_rows(MATCHING / "yente" / f)]
    while len(queries) < count:
        if rng.random() < 0.5:
            queries.append(Query("unlisted", rng.choice(persons), None))
        else:
            made = f"{rng.choice(_EN_WORDS)} {rng.choice(_EN_TRADES)} {rng.choice(_EN_FORMS)}"
            queries.append(Query("unlisted", made, None))
    rng.shuffle(queries)
    return queries


def _recall_fp(found: list[set[str]], queries: list[Query]) -> str:
    expected = [(q, f) for q, f in zip(queries, found, strict=True) if q.expected]
    unexpected = [f for q, f in zip(queries, found, strict=True) if not q.expected]
    recall = sum(q.expected in f for q, f in expected) / max(1, len(expected))
    fp = sum(bool(f) for f in unexpected) / max(1, len(unexpected))
    return f"recall {recall:.3f} ({len(expected)} listed queries); unlisted with a hit {fp:.3f} ({len(unexpected)})"


def _rss_mb() -> float:
    """Current resident set size (not the peak: the accuracy section may have run in this process first)."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def _clear_caches() -> None:
    """Forget every normalised string, so a build or a batch pays for its own normalisation."""
    normalize.cache_clear()
    to_ascii.cache_clear()


def speed_section(entities: list[Entity], count: int, peer_sample: int, load_avg: str) -> str:
    rows: list[str] = ["| measurement | value | notes |", "|---|---|---|"]
    _clear_caches()
    gc.collect()
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    screener = Screener.from_entities(entities, "bench")
    build = time.perf_counter() - t0
    rows.append(
        f"| index build (`Screener.from_entities`, {len(entities)} entities, {len(screener.names)} names), "
        f"normalisation caches empty | {build:.2f} s | RSS {_rss_mb():.0f} MB after the build, "
        f"+{_rss_mb() - rss0:.0f} MB over the loaded lists |"
    )
    _clear_caches()
    tracemalloc.start()
    traced = Screener.from_entities(entities, "bench-traced")
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced
    rows.append(
        f"| index memory (tracemalloc, second build) | {current / 2**20:.0f} MB retained | peak "
        f"{peak / 2**20:.0f} MB during the build (includes the normalisation cache) |"
    )
    queries = query_mix(entities, count)
    # What the service does after a build: the lazily built tables, data files and ICU now, not in its first requests.
    t0 = time.perf_counter()
    screener.prepare()
    rows.append(
        f"| `Screener.prepare` after the build (the service's step) | {time.perf_counter() - t0:.2f} s | "
        "tables built on first use otherwise: acronyms, local subsidiaries, prefixes, data files, ICU |"
    )
    _clear_caches()
    # What a long-running caller does after a build (service.gc_policy; the screener itself no longer does it).
    gc_policy.freeze_all()
    t0 = time.perf_counter()
    results = screener.screen_many([(q.name, None) for q in queries])
    batch = time.perf_counter() - t0
    found = [{h.entity.id for h in hits} for hits in results]
    distinct = len({q.name for q in queries})
    rows.append(
        f"| batch `screen_many`, {len(queries)} queries ({distinct} distinct), cold: first batch after the "
        f"build and prepare (per-name caches empty) | {len(queries) / batch:.0f} names/s | "
        f"{_recall_fp(found, queries)} |"
    )
    warm = query_mix(entities, count, seed=23)
    t0, c0 = time.perf_counter(), time.process_time()
    warm_results = screener.screen_many([(q.name, None) for q in warm])
    batch, cpu = time.perf_counter() - t0, time.process_time() - c0
    warm_found = [{h.entity.id for h in hits} for hits in warm_results]
    distinct = len({q.name for q in warm})
    rows.append(
        f"| batch `screen_many`, another {len(warm)} queries ({distinct} distinct), warm process | "
        f"{len(warm) / batch:.0f} names/s wall ({distinct / batch:.0f} distinct/s); {len(warm) / cpu:.0f} "
        f"names per CPU-second ({distinct / cpu:.0f} distinct) | {_recall_fp(warm_found, warm)} |"
    )
    single = query_mix(entities, count, seed=11)
    normalize.cache_clear()
    lat = []
    for q in single:
        t0 = time.perf_counter()
        screener.screen(q.name)
        lat.append((time.perf_counter() - t0) * 1000)
    qs = statistics.quantiles(lat, n=100)
    rows.append(
        f"| single `screen`, {len(single)} other queries | p50 {qs[49]:.2f} ms, p99 {qs[98]:.2f} ms | "
        f"mean {statistics.fmean(lat):.2f} ms, max {max(lat):.1f} ms |"
    )
    sample = queries[:peer_sample]
    rows.append(_rapidfuzz_row(screener, sample))
    rows.append(_logic_v2_row(screener, sample))
    ours_sample = found[:peer_sample]
    rows.append(
        f"| ictguard on the same {len(sample)}-query sample | (see batch row) | {_recall_fp(ours_sample, sample)} |"
    )
    return "\n".join([f"Load average before the run: {load_avg}", "", *rows])


def _rapidfuzz_row(screener: Screener, sample: list[Query]) -> str:
    choices = [n.name.original for n in screener.names]
    owners = [screener.entities[n.entity].id for n in screener.names]
    processed = [utils.default_process(c) for c in choices]
    t0 = time.perf_counter()
    found: list[set[str]] = []
    for q in sample:
        best = process.extractOne(
            utils.default_process(q.name), processed, scorer=fuzz.WRatio, score_cutoff=RAPIDFUZZ_THRESHOLD * 100
        )
        found.append({owners[best[2]]} if best else set())
    elapsed = time.perf_counter() - t0
    return (
        f"| rapidfuzz brute force (`extractOne`, WRatio, all {len(choices)} names), {len(sample)} queries | "
        f"{len(sample) / elapsed:.1f} names/s (extrapolated from the sample) | cutoff 85; "
        f"{_recall_fp(found, sample)} |"
    )


def _logic_v2_row(screener: Screener, sample: list[Query]) -> str:
    algo = get_algorithm("logic-v2")
    assert algo is not None
    proxies: dict[int, object] = {}
    # Warm-up outside the timing: nomenklatura/rigour load their data files on first use.
    algo.compare(
        proxy("Company", ["Warm Up Trading Co Ltd"]), proxy("Company", ["Warm Up Trading Ltd"]), algo.default_config()
    )
    algo.compare(proxy("Person", ["Ivan Petrov"]), proxy("Person", ["Ivan Petrovich"]), algo.default_config())
    t0 = time.perf_counter()
    found: list[set[str]] = []
    for q in sample:
        keys: set[str] = set()
        for schema in ("Company", "Person"):
            keys |= name_keys(normalize(q.name, schema))
        hits: set[str] = set()
        for ent_idx in dict.fromkeys(screener.names[i].entity for i in screener.index.candidates(keys)):
            entity = screener.entities[ent_idx]
            schema = "Person" if entity.type is EntityType.PERSON else "Company"
            if ent_idx not in proxies:
                proxies[ent_idx] = proxy(schema, [entity.name, *entity.aliases], f"list-{ent_idx}")
            result = algo.compare(proxy(schema, [q.name]), proxies[ent_idx], algo.default_config())
            if result.score >= 0.7:
                hits.add(entity.id)
        found.append(hits)
    elapsed = time.perf_counter() - t0
    return (
        f"| ictguard candidate index + nomenklatura logic-v2 scoring, {len(sample)} queries | "
        f"{len(sample) / elapsed:.1f} names/s | threshold 0.7; {_recall_fp(found, sample)} |"
    )


__all__ = ["DEFAULT_THRESHOLD", "query_mix", "speed_section"]
