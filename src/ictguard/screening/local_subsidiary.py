"""Which covered family a "<family name> + place" company name presumably belongs to (``families.local``).

A query matches an anchor (a Latin-script name of a family's parent or member) when, legal forms and foreign
function words aside:
- it carries a place the anchor does not (a country, a country's own name such as "Deutschland", a region such
  as "Europe" or "Middle East", a city);
- every other word of it is a word of the anchor, or an office word ("branch", "representative office") or a
  business word such subsidiaries add ("Technology", "Security", "Trading");
- every distinctive word of the anchor is in it (so "Hikvision Europe" is Hikvision's, while "Huawei Fishing
  Co (HK)" and "Dahua Shipping Europe" are no one's).
An anchor that itself names a country or region after its first word ("China Mobile International USA",
"ComNet (USA) LLC") is a local company already, never the base of another one's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from rigour.territories import lookup_territory

from ictguard.families.entities import FAMILY_SOURCE, is_local_subsidiary
from ictguard.families.local import Anchor, anchors
from ictguard.model import Entity
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_yaml
from ictguard.screening.normalize import Kind, Token, normalize
from ictguard.screening.script import has_han, to_ascii

_MIN_CORE = 3  # a distinctive word shorter than this ("sz") anchors nothing on its own
_MIN_TERRITORY = 4  # shorter words are ISO codes rigour also knows ("de", "it", "co"): not places here
_MAX_HAN_PLACE = 5  # characters: 哈萨克斯坦 (Kazakhstan)
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_NON_LETTER = re.compile(r"[^a-z]+")


@dataclass(frozen=True, slots=True)
class RegionWords:
    regions: frozenset[str]  # one or more words, space-separated
    connectors: frozenset[str]
    local_words: frozenset[str]


@lru_cache(maxsize=1)
def region_words(path: Path = DATA_DIR / "region_words.yaml") -> RegionWords:
    doc = load_yaml(path)
    lists: dict[str, frozenset[str]] = {}
    for section in ("regions", "connectors", "local_words"):
        entry = check_keys(doc.get(section), path, {"source", "words"})
        lists[section] = frozenset(str(w).lower() for w in entry["words"])
    return RegionWords(lists["regions"], lists["connectors"], lists["local_words"])


def _is_territory(word: str) -> bool:
    if len(word) < _MIN_TERRITORY:
        return False
    territory = lookup_territory(word)
    return territory is not None and territory.code != "zz"


@lru_cache(maxsize=4096)
def _pinyin(chars: str) -> str:
    from pypinyin import lazy_pinyin  # reads traditional characters too (德國 -> de guo)

    return "".join(lazy_pinyin(chars))


def _han_places(name: str) -> dict[str, str]:
    """The pinyin tokens of the country names inside a Chinese name, with their codes ("中兴通讯（德国）有限公司"
    -> {"deguo": "de"}): the normaliser writes an unknown Han run as joined pinyin, and rigour knows the
    countries' Chinese names."""
    found: dict[str, str] = {}
    for run in _HAN_RUN.findall(name):
        for size in range(min(_MAX_HAN_PLACE, len(run)), 1, -1):
            for i in range(len(run) - size + 1):
                territory = lookup_territory(run[i : i + size])
                if territory is not None:
                    found[_pinyin(run[i : i + size])] = territory.code
    return found


@lru_cache(maxsize=1)
def _joined_territory_names() -> dict[str, str]:
    """Territory names as the normaliser writes a place token (words joined: "costarica") -> the code."""
    from rigour.territories import get_territories

    names: dict[str, str] = {}
    for territory in get_territories():
        for name in (territory.name, territory.full_name):
            if name:
                names.setdefault(_NON_LETTER.sub("", to_ascii(name).lower()), territory.code)
    return names


@lru_cache(maxsize=4096)
def place_key(place: str) -> str:
    """One key per place however it is written ("deutschland", "germany" -> "de"; a city stays itself), so a
    query and a listed name that name one country in different words agree."""
    joined = _joined_territory_names().get(place.replace(" ", ""))
    if joined is not None:
        return joined
    territory = lookup_territory(place) if len(place) >= _MIN_TERRITORY else None
    return territory.code if territory is not None and territory.code != "zz" else place


def _split(name: str) -> tuple[list[Token], set[str], bool]:
    """(words that are not places, places, whether a place comes after the first word)."""
    words = region_words()
    han = _han_places(name) if has_han(name) else {}
    tokens = [
        t for t in normalize(name, "Company").tokens if t.kind is not Kind.LEGAL and t.text not in words.connectors
    ]
    texts = [t.text for t in tokens]
    rest: list[Token] = []
    places: set[str] = set()
    inner = False
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            phrase = " ".join(texts[i : i + size])
            if len(texts[i : i + size]) == size and phrase in words.regions:
                break
        else:
            size = 0
        token = tokens[i]
        if size or token.kind in (Kind.PLACE, Kind.QUALIFIER) or token.text in han or _is_territory(token.text):
            step = size or 1
            text = " ".join(texts[i : i + step])
            places.add(han.get(text) or place_key(text))
            inner = inner or i > 0
            i += step
            continue
        rest.append(token)
        i += 1
    return rest, places, inner


@dataclass(frozen=True, slots=True)
class _Prepared:
    anchor: Anchor
    words: frozenset[str]  # every word of the anchor, places included
    core: frozenset[str]  # its distinctive words (none of them a place)


class LocalSubsidiaryMatcher:
    """The anchors, indexed by their distinctive words."""

    def __init__(self, anchors: list[Anchor]) -> None:
        self._by_word: dict[str, list[_Prepared]] = {}
        for anchor in anchors:
            rest, places, inner = _split(anchor.name)
            core = frozenset(t.text for t in rest if t.kind is Kind.CORE)
            if inner or not any(len(w) >= _MIN_CORE for w in core):
                continue
            prepared = _Prepared(anchor, frozenset(t.text for t in rest) | places, core)
            for word in core:
                self._by_word.setdefault(word, []).append(prepared)

    def match(self, name: str, on: date) -> list[tuple[Anchor, tuple[str, ...]]]:
        """(anchor, the places the name adds) for every anchor ``name`` is built on, one per family."""
        if not any(t.text in self._by_word for t in normalize(name, "Company").tokens):
            return []  # most names: no distinctive word of any anchor (checked before the place words)
        rest, places, _ = _split(name)
        if not places or not rest:
            return []
        words = {t.text for t in rest}
        allowed = region_words().local_words
        best: dict[str, tuple[tuple[int, int, str], _Prepared, tuple[str, ...]]] = {}
        own: set[str] = set()  # families one of whose own names this is ("Zhejiang Dahua Technology")
        for word in dict.fromkeys(t.text for t in rest):
            for prepared in self._by_word.get(word, ()):
                anchor = prepared.anchor
                if not anchor.counts_on(on):
                    continue
                added = places - prepared.words
                if not added and words <= prepared.words:
                    own.add(anchor.family_id)
                if added and prepared.core <= words and words <= prepared.words | allowed:
                    # Per family the anchor sharing most words, then the shortest: the same one every run.
                    rank = (-len(words & prepared.words), len(prepared.words), anchor.name)
                    if anchor.family_id not in best or rank < best[anchor.family_id][0]:
                        best[anchor.family_id] = (rank, prepared, tuple(sorted(added)))
        ranked = sorted(best.values(), key=lambda b: b[0])
        return [(p.anchor, added) for _, p, added in ranked if p.anchor.family_id not in own]


def place_name(key: str) -> str:
    """A place key for people: the territory's name for a code ("de" -> "Germany"), else the place itself."""
    from rigour.territories import get_territory

    territory = get_territory(key) if len(key) <= 6 else None
    return territory.name if territory is not None else key


def listed_local_companies(
    matcher: LocalSubsidiaryMatcher, entities: list[Entity], on: date
) -> dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]]:
    """List entries named as a covered family's name plus a place ("Huawei Cuba", "Huawei Technologies (Thailand)
    Co."), keyed by (family, places): a query built the same way on the same places is that entry, however it
    spells the rest ("Huawei Technologies Cuba"). The family's own names (its home city) are no local company."""
    found: dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]] = {}
    for idx, entity in enumerate(entities):
        if entity.source == FAMILY_SOURCE:
            continue
        for name in entity.names:
            for anchor, places in matcher.match(name, on):
                found.setdefault((anchor.family_id, places), []).append((idx, name))
    return found


def local_matcher(entities: list[Entity]) -> tuple[LocalSubsidiaryMatcher, dict[str, int]]:
    """The matcher over the families whose presumed-subsidiary entity is among ``entities`` (their positions by
    family id): a screener built without the family base reports none."""
    from ictguard.families.load import default_families
    from ictguard.lists.curated import default_regimes

    entity_of = {e.id.split(":")[1]: i for i, e in enumerate(entities) if is_local_subsidiary(e)}
    families = {k: v for k, v in default_families().items() if k in entity_of}
    return LocalSubsidiaryMatcher(anchors(families, default_regimes())), entity_of
