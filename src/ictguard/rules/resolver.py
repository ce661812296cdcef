"""Party resolution: which list entries a party, owner or manufacturer name is.

The engine depends only on the :class:`PartyResolver` protocol. :class:`IndexResolver` is the built-in one
(normalised exact and alias match, then a strict fuzzy fallback); :class:`LayeredResolver` adds the screening
area's ``Screener`` for the spellings the index misses. Resolvers return every match regardless of date: the
engine applies legal effective dates itself (the CSL start date is the publication date, which can be days late).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from normality import normalize
from rapidfuzz import fuzz, process

from ictguard.model import Entity
from ictguard.rules.legal_forms import form_conflict, split_forms

# Legal-form words carry no identity; dropping them lets "Co Ltd" meet "Co., Ltd." (the legal forms at a name's
# ends, in every language of data/rules/meta/legal_forms.yaml, are dropped first and compared afterwards).
_STOPWORDS = frozenset("co company corp corporation ltd limited inc incorporated llc plc sa ag gmbh the of and".split())
_SYNONYMS = {"psb": "public security bureau", "technologies": "technology", "tech": "technology"}
_TRAILING_PAREN = re.compile(r"\(([^()]{2,})\)\s*$")
FUZZY_CUTOFF = 93.0
# A determination treats any resolved entry as the party, so the screening fallback needs more than an alert
# does (the operating threshold, 0.59): Chinese and transliterated spellings of listed names score the model's
# ceiling (0.965; "Zhejiang Dahua Technology" 0.91), while a different company sharing the brand word
# ("Huawei Device USA Inc." 0.53, "Sichuan Huawei Fishing Co" 0.33) stays far below.
SCREENER_MIN_SCORE = 0.90


@lru_cache(maxsize=262144)
def normalize_name(name: str) -> str:
    """Cached: the same party, maker and alias names recur across a batch and across the index build."""
    text = normalize(name, lowercase=True, ascii=True) or ""
    words: list[str] = []
    for word in split_forms(text.split())[0]:
        word = _SYNONYMS.get(word, word)
        words.extend(w for w in word.split() if w not in _STOPWORDS)
    return " ".join(words)


@lru_cache(maxsize=262144)
def legal_forms(name: str) -> frozenset[str]:
    """The legal forms at the ends of a name (canonical: "ltd", "gmbh", "jsc" ...), its short form in brackets aside."""
    short = _TRAILING_PAREN.search(name)
    base = name[: short.start()] if short is not None else name
    return split_forms((normalize(base, lowercase=True, ascii=True) or "").split())[1]


@lru_cache(maxsize=65536)
def entity_forms(names: tuple[str, ...]) -> frozenset[str]:
    """Every legal form any name of a list entry is written with."""
    return frozenset(f for n in names for f in legal_forms(n))


def form_doubt(name: str, country: str | None, entity: Entity) -> str | None:
    """Why an exact match of the words is still only a possible one: the legal forms differ (see legal_forms)."""
    return form_conflict(legal_forms(name), entity_forms(entity.names), country, entity.countries)


@lru_cache(maxsize=262144)
def name_variants(name: str) -> frozenset[str]:
    """The name itself, and a trailing parenthesised short form ("HiSilicon Technologies Co., Ltd (HiSilicon)")."""
    variants = {name}
    short = _TRAILING_PAREN.search(name)
    if short is not None:
        variants.update((short.group(1), name[: short.start()]))
    return frozenset(v for v in (normalize_name(x) for x in variants) if v)


@dataclass(frozen=True, slots=True)
class ResolvedParty:
    entity: Entity
    matched_name: str
    score: float
    # Why the match is only possible (see ``possible_match``), or None for a match the engine may rely on.
    possible: str | None = None


class PartyResolver(Protocol):
    """Resolves a name to list entries (every entry, whatever its dates: the engine applies those)."""

    version_id: str | None

    def resolve(self, name: str, country: str | None = None, as_of: date | None = None) -> list[ResolvedParty]: ...


class IndexResolver:
    """Normalised exact/alias match over a fixed set of entities, with a strict fuzzy fallback."""

    def __init__(self, entities: Iterable[Entity], version_id: str | None = None) -> None:
        self.version_id = version_id
        self._index: dict[str, list[tuple[Entity, str]]] = {}
        for entity in entities:
            for alias in entity.names:
                for key in name_variants(alias):
                    self._index.setdefault(key, []).append((entity, alias))
        self._by_token: dict[str, list[str]] = {}
        for key in self._index:
            for token in set(key.split()):
                self._by_token.setdefault(token, []).append(key)
        self._cached = lru_cache(maxsize=65536)(self._lookup)

    def resolve(self, name: str, country: str | None = None, as_of: date | None = None) -> list[ResolvedParty]:
        return list(self._cached(name, country))

    def _lookup(self, name: str, country: str | None) -> tuple[ResolvedParty, ...]:
        """Matches of the name's words; a match whose legal forms disagree is only possible (``form_doubt``)."""
        found: dict[str, ResolvedParty] = {}
        for key in name_variants(name):
            for entity, alias in self._index.get(key, ()):
                found.setdefault(entity.id, ResolvedParty(entity, alias, 1.0, form_doubt(name, country, entity)))
        if not found:
            key = normalize_name(name)
            if len(key) >= 6:
                best = process.extractOne(
                    key, self._candidates(key), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF
                )
                if best is not None:
                    for entity, alias in self._index[best[0]]:
                        doubt = form_doubt(name, country, entity)
                        found.setdefault(entity.id, ResolvedParty(entity, alias, best[1] / 100.0, doubt))
        return tuple(found.values())

    def _candidates(self, key: str) -> list[str]:
        """Keys sharing the query's rarest tokens (a near-identical name shares at least one of them)."""
        postings = sorted((p for t in set(key.split()) if (p := self._by_token.get(t))), key=len)
        seen: dict[str, None] = {}
        for posting in postings[:2]:
            seen.update(dict.fromkeys(posting))
        return list(seen)


class LayeredResolver:
    """The production resolver: the exact/alias index first, then the screening engine for other spellings.

    The screener is built only when the index misses a name (building it costs seconds), and its hits count
    only from ``min_score`` up: Chinese, traditional and transliterated names of listed companies resolve,
    near-miss companies do not.

    Each missed name is screened once without a country at ``min_score - country_bonus`` (the lowest raw score
    a country match can lift to ``min_score``). Most missed names are simply not listed: an empty probe settles
    them for every country the batch gives them, so a batch pays one screen per distinct name. Only a name
    with near hits is screened again with its country, so the result is the screener's own for that country.
    """

    def __init__(
        self,
        index: IndexResolver,
        screener: Callable[[], Any] | None = None,
        *,
        min_score: float = SCREENER_MIN_SCORE,
        country_bonus: float | None = None,
    ) -> None:
        self.version_id = index.version_id
        self._index = index
        self._make_screener = screener
        self._screener: Any = None
        self._min_score = min_score
        self._country_bonus = country_bonus
        self._probe = lru_cache(maxsize=65536)(self._probe_name)
        self._cached = lru_cache(maxsize=65536)(self._lookup)

    def resolve(self, name: str, country: str | None = None, as_of: date | None = None) -> list[ResolvedParty]:
        return list(self._cached(name, country))

    def _screen(self) -> Any:
        if self._screener is None:
            assert self._make_screener is not None
            self._screener = self._make_screener()
        return self._screener

    def _probe_name(self, name: str) -> tuple[Any, ...]:
        if self._country_bonus is None:
            from ictguard.screening.screener import COUNTRY_MATCH_BONUS

            self._country_bonus = COUNTRY_MATCH_BONUS
        floor = self._min_score - self._country_bonus
        return tuple(self._screen().screen(name, country=None, threshold=floor, limit=10))

    def _lookup(self, name: str, country: str | None) -> tuple[ResolvedParty, ...]:
        found = self._index.resolve(name, country)
        if found or self._make_screener is None:
            return tuple(found)
        probe = self._probe(name)
        if not probe:
            return ()
        if country is None:
            hits = [h for h in probe if h.score >= self._min_score]
        else:
            hits = self._screen().screen(name, country=country, threshold=self._min_score, limit=10)
        return tuple(
            ResolvedParty(h.entity, h.matched_name, float(h.score), possible_match(name, h.matched_name, h.entity))
            for h in hits
        )


def possible_match(name: str, alias: str, entity: Entity) -> str | None:
    """Why a screener match of ``name`` to ``entity`` is only possible, or None.

    A match that rests on a one-word alias ("Dahua", 大华) while the name carries another word that no name of
    the entity has ("Dahua Shipping Co": shipping) may be a different company sharing the word: the engine asks
    for the party's identity instead of deciding on it. Words that do not set a name apart are ignored: legal
    forms, places, numbers, qualifiers, and pinyin words (a transliterated legal name such as "Huawei Jishu
    Youxian Gongsi" spells the entity's own Chinese business words). A name written in another script is left
    alone: its transliterated words ("Текнолоджиз" -> teknolodzhiz) cannot be compared with the entity's."""
    if not all(unicodedata.name(c, "").startswith("LATIN") for c in name if c.isalpha()):
        return None
    return _possible(name, alias, entity.names)


@lru_cache(maxsize=65536)
def _possible(name: str, alias: str, entity_names: tuple[str, ...]) -> str | None:
    from ictguard.screening.normalize import Kind, normalize
    from ictguard.screening.pinyin import split_pinyin

    distinctive = (Kind.CORE, Kind.GENERIC)
    alias_words = [t.text for t in normalize(alias).tokens if t.kind is not Kind.LEGAL]
    if len(alias_words) != 1:
        return None
    known = {_SYNONYMS.get(t.text, t.text) for n in (alias, *entity_names) for t in normalize(n).tokens}

    def unknown(word: str) -> bool:  # "tech" is "technology", "comm" "communications": a shortened word is known
        word = _SYNONYMS.get(word, word)
        return word not in known and not any(len(word) >= 4 and k.startswith(word) for k in known)

    extra = [
        t.text
        for t in normalize(name).tokens
        if t.kind in distinctive and unknown(t.text) and split_pinyin(t.text) is None
    ]
    if not extra:
        return None
    return (
        f"the match rests only on the one-word alias {alias!r}, and {', '.join(repr(w) for w in extra)} "
        "appears in no name of the listed entity"
    )
