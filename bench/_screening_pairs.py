"""Labelled name pairs for the screening accuracy bench, built from the list mirror and the development data.

Every pair carries a split: ``test`` (held out, never used for tuning) or ``dev``. List pairs are split by a hash
of their sibling group (or of the entity id when the entity has no sibling), so an entity's aliases and its
near-identical siblings always land on the same side. Development-data pairs are split by a hash of the query.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ictguard.model import Entity, EntityType
from ictguard.screening.index import NameIndex, name_keys
from ictguard.screening.normalize import normalize

MATCHING = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "matching"
HELD_OUT_SHARE = 5  # one in five groups is held out
MAX_ALIASES = 3  # positives per entity, so entities with dozens of aliases do not dominate
MAX_SIBLINGS = 4  # hard negatives per entity
_WORD = re.compile(r"[a-z0-9]+")
_PLAIN = re.compile(r"[^0-9a-z\u00c0-\uffff]+")


@dataclass(frozen=True, slots=True)
class Pair:
    dataset: str
    split: str
    schema: str  # Company or Person
    left: str
    right: str
    label: bool


def split_of(key: str) -> str:
    return "test" if int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % HELD_OUT_SHARE == 0 else "dev"


def _plain(name: str) -> str:
    return _PLAIN.sub(" ", name.casefold()).strip()


def _words(name: str) -> set[str]:
    return {w for w in _WORD.findall(name.casefold()) if len(w) >= 4}


def _sibling_keys(entities: list[Entity]) -> dict[str, str]:
    """Entity id -> its sibling key: the rarest word (4+ letters) of its primary name that another entry shares.

    Entries sharing that word ("huawei", "rosneft") are different list entries with near-identical names: the
    hard negatives of screening. The key is chosen from word counts only, not from any matcher's output.
    """
    df: Counter[str] = Counter()
    for e in entities:
        df.update(_words(e.name))
    keys: dict[str, str] = {}
    for e in entities:
        shared = [w for w in _words(e.name) if 2 <= df[w] <= 200]
        if shared:
            keys[e.id] = min(shared, key=lambda w: (df[w], w))
    return keys


def list_pairs(entities: list[Entity]) -> Iterator[Pair]:
    """Name vs alias of the same entry (positives); name vs name of a same-word sibling entry (negatives)."""
    kinds = {EntityType.ORGANIZATION: ("list_company", "Company"), EntityType.PERSON: ("list_person", "Person")}
    usable = [e for e in entities if e.type in kinds]
    keys = _sibling_keys(usable)
    groups: dict[str, list[Entity]] = defaultdict(list)
    for e in usable:
        if e.id in keys:
            groups[keys[e.id]].append(e)
    for e in usable:
        dataset, schema = kinds[e.type]
        split = split_of(keys.get(e.id, e.id))
        seen = {_plain(e.name)}
        count = 0
        for alias in e.aliases:
            if _plain(alias) in seen or count >= MAX_ALIASES:
                continue
            seen.add(_plain(alias))
            count += 1
            yield Pair(dataset, split, schema, e.name, alias, True)
        if e.id not in keys:
            continue
        own = {_plain(n) for n in (e.name, *e.aliases)}
        ids = {i.value for i in e.identifiers}
        siblings = [s for s in groups[keys[e.id]] if s.id > e.id and s.type == e.type]
        for sibling in siblings[:MAX_SIBLINGS]:
            # The same party listed twice (same name, or one's name among the other's aliases, or a shared
            # identifier) is not a negative.
            if own & {_plain(n) for n in (sibling.name, *sibling.aliases)} or ids & {
                i.value for i in sibling.identifiers
            }:
                continue
            yield Pair(dataset, split, schema, e.name, sibling.name, False)


def retrieved_negatives(entities: list[Entity], split: str, per_entity: int = 2) -> Iterator[Pair]:
    """Non-matches as screening meets them: an entry's name vs the best candidate names that the candidate
    index retrieves for it from *other* entries of the same split and type (the same party listed twice is
    skipped, as in :func:`list_pairs`). The sibling negatives of :func:`list_pairs` all share a word; these add
    the partial and phonetic overlaps a screener scores for every query, and one randomly drawn name per entry
    the unrelated names. Used to fit the weights (dev split)."""
    kinds = {EntityType.ORGANIZATION: ("list_retrieved", "Company"), EntityType.PERSON: ("list_retrieved", "Person")}
    keys = _sibling_keys([e for e in entities if e.type in kinds])
    usable = [e for e in entities if e.type in kinds and split_of(keys.get(e.id, e.id)) == split]
    owners: list[int] = []
    names: list[str] = []
    for idx, e in enumerate(usable):
        for name in dict.fromkeys((e.name, *e.aliases)):
            owners.append(idx)
            names.append(name)
    schema_of = [kinds[usable[o].type][1] for o in owners]
    index = NameIndex.build(normalize(n, s) for n, s in zip(names, schema_of, strict=True))
    rng = random.Random(split)
    for idx, e in enumerate(usable):
        dataset, schema = kinds[e.type]
        own = {_plain(n) for n in (e.name, *e.aliases)}
        ids = {i.value for i in e.identifiers}
        key = normalize(e.name, schema).key

        def other_party(
            cand: int,
            idx: int = idx,
            e: Entity = e,
            own: set[str] = own,
            ids: set[str] = ids,
            key: str = key,
            schema: str = schema,
        ) -> bool:
            other = usable[owners[cand]]
            # Different entries under the very same normalised name cannot be told apart by a name matcher.
            return not (
                owners[cand] == idx
                or other.type != e.type
                or normalize(names[cand], schema).key == key
                or bool(own & {_plain(n) for n in (other.name, *other.aliases)})
                or bool(ids & {i.value for i in other.identifiers})
            )

        found = 0
        for cand in index.candidates(name_keys(normalize(e.name, schema)), limit=10):
            if other_party(cand):
                yield Pair(dataset, split, schema, e.name, names[cand], False)
                found += 1
                if found >= per_entity:
                    break
        cand = rng.randrange(len(names))  # and one name drawn at random: most screened names share nothing
        if other_party(cand):
            yield Pair(dataset, split, schema, e.name, names[cand], False)


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _closest(name: str, pool: list[str], exclude: int) -> int:
    """Index of the pool name sharing most words with ``name`` (ties: lowest index), skipping ``exclude``."""
    words = set(_plain(name).split())
    best, best_idx = -1, 0 if exclude != 0 else 1
    for idx, other in enumerate(pool):
        if idx == exclude:
            continue
        shared = len(words & set(_plain(other).split()))
        if shared > best:
            best, best_idx = shared, idx
    return best_idx


def yente_pairs() -> Iterator[Pair]:
    """UN persons: treated (typos, reshuffles) vs untreated row = positive; vs the closest other UN person =
    negative; the 2,000 synthetic non-matching persons vs their closest UN person = negatives."""
    treated = [r["full_name"] for r in _read_rows(MATCHING / "yente" / "positives_un_treated.csv")]
    untreated = [r["full_name"] for r in _read_rows(MATCHING / "yente" / "positives_un_untreated.csv")]
    for i, (t, u) in enumerate(zip(treated, untreated, strict=True)):
        split = split_of(u)
        yield Pair("yente_persons", split, "Person", t, u, True)
        yield Pair("yente_persons", split, "Person", t, untreated[_closest(t, untreated, i)], False)
    for file in ("validation_report_negatives_global.csv", "validation_report_negatives_us.csv"):
        for row in _read_rows(MATCHING / "yente" / file):
            name = row["full_name"]
            yield Pair("yente_persons", split_of(name), "Person", name, untreated[_closest(name, untreated, -1)], False)


def watchman_pairs() -> Iterator[Pair]:
    """Cross-script pairs: query vs its expected Latin name = positive; vs the next three pairs' names = negatives."""
    rows: list[tuple[str, str]] = []
    with (MATCHING / "watchman_cross_script_pairs.csv").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                query, expected = line.rstrip("\n").split(",")[:2]
                rows.append((query.strip(), expected.strip()))
    for i, (query, expected) in enumerate(rows):
        split = split_of(expected)
        yield Pair("watchman_cross_script", split, "Person", query, expected, True)
        for k in (1, 2, 3):
            yield Pair("watchman_cross_script", split, "Person", query, rows[(i + k) % len(rows)][1], False)


def nomenklatura_pairs() -> Iterator[Pair]:
    """nomenklatura's generated person pairs (original vs changed = positive; vs the next pair's change = negative)."""
    text = (MATCHING / "nomenklatura_generated_pairs.json").read_text(encoding="utf-8")
    decoder, pos, objs = json.JSONDecoder(), 0, []
    while pos < len(text):
        obj, pos = decoder.raw_decode(text, pos)
        objs.append(obj)
        while pos < len(text) and text[pos].isspace():
            pos += 1
    names = [(o["original"]["properties"]["name"][0], o["changed"]["properties"]["name"][0]) for o in objs]
    for i, (original, changed) in enumerate(names):
        split = split_of(original)
        yield Pair("nomenklatura_generated", split, "Person", original, changed, True)
        yield Pair("nomenklatura_generated", split, "Person", original, names[(i + 1) % len(names)][1], False)


# Anchor cases of issue 3 and the reference study (§6.3): (query, list name, expected match).
ANCHORS = [
    ("华为技术有限公司", "Huawei Technologies Co., Ltd.", True),
    ("Hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", True),
    ("Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision", True),
    ("Hikvisoin", "Hikvision", True),
    ("Zhejiang Dahua Technology", "Dahua Technology Co", True),
    ("Huawei Device Co., Ltd.", "Huawei Technologies Co., Ltd.", False),
    ("Zhejiang Uniview Technologies Co., Ltd.", "Zhejiang Dahua Technology Co., Ltd.", False),
    ("Huawei Technologies Co., Ltd.", "Huawei Technologies (UK) Co., Ltd.", False),
]
