"""Round-8 mechanisms on small hand-made lists: a name followed by its own city or country (place_tail.py), and the
vendor-master abbreviations added this round (Dig, IC, Tic, Fty, Indl, Shipbldg). Look-alikes that must stay quiet
stand beside each case; none of the queries is in the held-out round-8 split (bench/_listed_queries.py)."""

from __future__ import annotations

import pytest

from ictguard.model import Address, Entity, EntityType
from ictguard.screening import Screener
from ictguard.screening.place_tail import address_places, listed_places, place_tail

_ENTRIES = [
    ("Orbita Radio Plant JSC", "RU", "12 Lenina Street, Voronezh, Russia"),
    ("Lanxin Device Co., Ltd.", "CN", "8 Xinhua Road, Wuxi, Jiangsu, China"),
    ("Lanxin Device (Wuxi) Co., Ltd.", "CN", "9 Xinhua Road, Wuxi, Jiangsu, China"),
    ("Qianhai Vision Limited", "CN", "Room 5, Tower 2, Shenzhen, China"),
    ("Gulf Falcon General Trading FZE", "AE", "P.O. Box 1234, Dubai, U.A.E."),
    ("Shenzhen Xinke Integrated Circuit Co., Ltd.", "CN", "Futian District, Shenzhen, China"),
    ("Wuhan Guangxun Digital Technology Co., Ltd.", "CN", "Optics Valley, Wuhan, China"),
    ("Orel Makine Dis Ticaret Ltd.", "TR", "Ikitelli, Istanbul, Turkey"),
    ("Kirov Machine Factory", "RU", "Kirov, Russia"),
    ("Tianhe Industrial Group", "CN", "Tianhe District, Guangzhou, China"),
    ("Baltic Shipbuilding Yard", "RU", "Kaliningrad, Russia"),
    ("Tekora LLC", "RU", "Building 3, Zelenograd, Moscow, Russia"),
    ("Sanwei Optics", "CN", "Chengdu, Sichuan, China"),
]


def _entities() -> list[Entity]:
    return [
        Entity(
            id=f"x:{i}",
            source="EL",
            name=name,
            countries=(country,),
            addresses=(Address(address, country),),
            type=EntityType.ORGANIZATION,
        )
        for i, (name, country, address) in enumerate(_ENTRIES)
    ]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities(_entities())


def _top(screener: Screener, query: str) -> str | None:
    hits = screener.screen(query)
    return hits[0].entity.name if hits else None


def test_address_places_are_the_short_letter_parts() -> None:
    entity = _entities()[4]
    assert address_places(entity) == {"dubai", "uae"}  # "P.O. Box 1234" has digits: a street, not a place


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Orbita Radio Plant JSC Voronezh", ("Orbita Radio Plant JSC", ("voronezh",))),
        ("Lanxin Device Co Ltd Wuxi China", ("Lanxin Device Co Ltd", ("china", "wuxi"))),
        ("GULF FALCON GENERAL TRADING FZE DUBAI U.A.E.", ("GULF FALCON GENERAL TRADING FZE", ("dubai uae",))),
        ("Orbita Radio Plant JSC", None),  # no place after the name
        ("Voronezh", None),  # the place alone is no name
        ("Bank of China", None),  # the place is the name's own word
        ("Trading Co Ltd Shenzhen", None),  # nothing but business words and legal forms before it
        ("Orbita Radio Plant Novgorod", None),  # a place no address prints and rigour does not know
    ],
)
def test_place_tail(name: str, expected: tuple[str, tuple[str, ...]] | None) -> None:
    assert place_tail(name, listed_places(_entities())) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Orbita Radio Plant JSC Voronezh", "Orbita Radio Plant JSC"),
        ("ORBITA RADIO PLANT VORONEZH RUSSIA", "Orbita Radio Plant JSC"),
        ("Qianhai Vision Ltd Shenzhen China", "Qianhai Vision Limited"),
        ("TEKORA ZELENOGRAD", "Tekora LLC"),
        ("Sanwei Optics Chengdu Sichuan", "Sanwei Optics"),
        ("Tekora Chengdu", None),  # Chengdu is Sanwei's city, not Tekora's
        ("Gulf Falcon General Trading FZE Dubai UAE", "Gulf Falcon General Trading FZE"),
        # a listed name that carries the place itself wins over the one whose address names it
        ("Lanxin Device Wuxi", "Lanxin Device (Wuxi) Co., Ltd."),
        # look-alikes: a loose name before the place, a place that is the name's own word
        ("Orbit Voronezh", None),
        ("Qianhai Bank Shenzhen", None),
    ],
)
def test_name_followed_by_its_place(screener: Screener, query: str, expected: str | None) -> None:
    assert _top(screener, query) == expected


def test_another_entrys_place_vouches_for_nothing(screener: Screener) -> None:
    """Shenzhen is another entry's city: "Orbita Radio Plant JSC Shenzhen" is not read as Orbita's own place."""
    hits = screener.screen("Orbita Radio Plant JSC Shenzhen")
    assert not any("own place" in f.detail for h in hits for f in h.explanation)
    # Voronezh is Orbita's own city: read as its place, either as a place after the name (place_tail) or as an
    # address tail after the legal form naming the entry's country (places.country_tail), whichever comes first.
    top = screener.screen("Orbita Radio Plant JSC Voronezh")[0]
    assert top.entity.name == "Orbita Radio Plant JSC"
    assert any("own place" in f.detail or "entry's country" in f.detail for f in top.explanation)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Shenzhen Xinke IC Co Ltd", "Shenzhen Xinke Integrated Circuit Co., Ltd."),  # one IC, settled by the name
        ("Wuhan Guangxun Dig Tech Co Ltd", "Wuhan Guangxun Digital Technology Co., Ltd."),  # Dig with Tech
        ("Orel Makine Dis Tic Ltd", "Orel Makine Dis Ticaret Ltd."),  # Turkish Tic.
        ("Kirov Machine Fty", "Kirov Machine Factory"),
        ("Tianhe Indl Grp", "Tianhe Industrial Group"),
        ("Baltic Shipbldg Yard", "Baltic Shipbuilding Yard"),
        # look-alikes: the abbreviation written out but another word the listed name lacks
        ("Shenzhen Xinke IC Trading Co Ltd", None),
        ("Orel Gida Dis Tic Ltd", None),
    ],
)
def test_round8_abbreviations(screener: Screener, query: str, expected: str | None) -> None:
    assert _top(screener, query) == expected
