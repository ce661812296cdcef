"""The index caps how many names it scores per query; at the real list's size that cap must never leave out the
very entries a query names. Names built from the list's most common words ("Huawei Technologies", "China
Electronics …") tie with hundreds of others on the index keys, which is where a capped candidate list drops them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ictguard.lists.snapshot import screening_entities
from ictguard.lists.update import prepare_load
from ictguard.model import Entity
from ictguard.screening import Screener
from ictguard.screening.normalize import normalize
from ictguard.settings import Settings


@pytest.fixture(scope="module")
def production(lists_dir: Path) -> tuple[list[Entity], Screener]:
    """The whole mirror plus the curated and family entities: the entity set the service screens against."""
    entities = screening_entities(prepare_load(str(lists_dir), Settings(lists="")).entities)
    return entities, Screener.from_entities(entities, "test")


def _words(name: str) -> list[str]:
    return normalize(name).key.split()


def _crowded_names(entities: list[Entity], top_words: int, take: int) -> list[tuple[str, str]]:
    """(entity id, listed spelling) for names made only of the list's most common words, in a stable order."""
    words = Counter(w for e in entities for n in (e.name, *e.aliases) for w in set(_words(n)))
    common = {w for w, _ in words.most_common(top_words)}
    crowded = sorted(
        (e.id, n)
        for e in entities
        for n in (e.name, *e.aliases)
        if len(toks := _words(n)) >= 2 and sum(t in common for t in toks) >= len(toks) - 1
    )
    return crowded[:: max(1, len(crowded) // take)][:take]


def test_crowded_listed_spellings_find_their_own_entry(production: tuple[list[Entity], Screener]) -> None:
    entities, screener = production
    cases = _crowded_names(entities, top_words=60, take=250)
    assert len(cases) >= 100, "the mirror should hold many names built from its common words"
    missed = [
        (entity_id, spelling)
        for entity_id, spelling in cases
        if entity_id not in {h.entity.id for h in screener.screen(spelling, limit=50)}
    ]
    assert missed == [], f"{len(missed)} of {len(cases)} listed spellings did not find their own entry"


@pytest.mark.parametrize(
    "query", ["Huawei Technologies", "Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD"]
)
def test_the_headquarters_name_reaches_the_entity_list_entry(
    production: tuple[list[Entity], Screener], query: str
) -> None:
    hits = production[1].screen(query, limit=10)
    assert hits and hits[0].score >= 0.9
    # The headquarters' EL entry ("Huawei Technologies Co., Ltd.") among them, not only its CMIC twin; an EL entry
    # first (all tie at 1.0; the listed spelling closest to the query's leads), as the web UI's first result.
    assert hits[0].entity.source == "EL"
    assert any(h.entity.source == "EL" and h.entity.name.startswith("Huawei Technologies Co") for h in hits)


def test_names_scored_as_one_have_one_side(production: tuple[list[Entity], Screener]) -> None:
    """Names grouped as equal share one cached side and score: every member's own side must equal the group's."""
    from ictguard.screening.screener import _first_of_same
    from ictguard.screening.sides import side_of

    screener = production[1]
    same = _first_of_same(screener.names)
    rarity = screener.index.rarity
    unequal = [
        (screener.names[i].name.original, screener.names[first].name.original)
        for i, first in enumerate(same)
        if first != i and side_of(screener.names[i].name, rarity) != side_of(screener.names[first].name, rarity)
    ]
    assert unequal == []


def test_an_answer_does_not_depend_on_the_query_before_it(production: tuple[list[Entity], Screener]) -> None:
    # Found on the IEEE registry names: once "BEIJING HUAWOO …" had been screened, "Hawa Technologies Inc" lost its
    # 0.62 hits on Huawei's EL and CMIC entries (a Chinese alias's side had been cached for its English twins).
    entities = production[0]
    fresh = Screener.from_entities(entities, "fresh")
    used = Screener.from_entities(entities, "used")
    used.screen("BEIJING HUAWOO TECHNOLOGIES CO.LTD")

    def answer(screener: Screener) -> list[tuple[str, float]]:
        return [(h.entity.id, h.score) for h in screener.screen("Hawa Technologies Inc")]

    assert answer(used) == answer(fresh)
    assert len(answer(fresh)) > 1
