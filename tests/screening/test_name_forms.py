"""Round-7 forms (branch famscreen): places after a legal form (an address tail), a second name after "d/b/a" or
"formerly", a Chinese name cut inside its legal form, a brand named with its own parent. Each table has
look-alikes that read as nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.model import Entity, EntityType
from ictguard.screening import Screener
from ictguard.screening.brand_forms import brand_spellings
from ictguard.screening.name_forms import completed_legal_form, other_names
from ictguard.screening.places import country_tail, region_codes


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Acme Robotics Inc Richardson TX", ("Acme Robotics Inc", {"US"})),  # a city before a state code
        ("Acme Robotics Co Ltd Shenzhen Guangdong China", ("Acme Robotics Co Ltd", {"CN"})),
        ("Acme Robotics Pty Ltd Macquarie Park NSW", ("Acme Robotics Pty Ltd", {"AU"})),
        ("Acme Robotics Inc., Richmond, British Columbia, Canada", ("Acme Robotics Inc.", {"CA"})),
        ("Acme Robotics LLC Bothell WA", ("Acme Robotics LLC", {"US", "AU"})),  # WA: Washington or W. Australia
        ("Acme Robotics Inc City of Industry CA", ("Acme Robotics Inc", {"US", "CA"})),
        # look-alikes: no legal form before the place, a lower-case code, a legal form that is a code, no place
        ("Acme Robotics Texas", None),
        ("Acme Robotics Inc Plano tx", None),
        ("Acme Robotics SA", None),
        ("Acme Robotics Co Ltd", None),
        ("Acme Robotics Inc Marine Division", None),
        ("Pacific Telecom Inc Saipan Harbour Works", None),
    ],
)
def test_places_after_a_legal_form(query: str, expected: tuple[str, set[str]] | None) -> None:
    tail = country_tail(query)
    assert (tail and (tail[0], set(tail[1]))) == expected or tail == expected


def test_region_codes_are_validated(tmp_path: Path) -> None:
    assert region_codes()["TX"] == {"US"} and region_codes()["WA"] == {"US", "AU"} and region_codes()["ON"] == {"CA"}
    bad = tmp_path / "codes.yaml"
    bad.write_text("codes:\n  - {country: CA, source: s, codes: [BC, ON]}\n", encoding="utf-8")  # ON: a boolean
    with pytest.raises(DataFileError):
        region_codes.__wrapped__(bad)
    bad.write_text("codes:\n  - {country: QQ, source: s, codes: [BC]}\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        region_codes.__wrapped__(bad)


def _screener(*names: tuple[str, str]) -> Screener:
    ents = [
        Entity(id=f"x:{i}", source="EL", name=n, countries=(c,), type=EntityType.ORGANIZATION)
        for i, (n, c) in enumerate(names)
    ]
    return Screener.from_entities(ents)


_ROBOTICS = _screener(("Acme Robotics Technology Co., Ltd.", "CN"), ("Bolt Avionics Inc.", "US"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Acme Robotics Technology Co Ltd Shenzhen Guangdong", "x:0"),
        ("Bolt Avionics Inc Wichita KS", "x:1"),
        ("Bolt Avionics Inc Wichita Kansas USA", "x:1"),
        # the place is in another country than the entry's: the tail does not make it a match
        ("Bolt Avionics Inc Shenzhen China", None),
        ("Acme Robotics Technology Co Ltd Plano TX", None),
    ],
)
def test_address_tail_reaches_entries_of_its_country_only(query: str, expected: str | None) -> None:
    hits = _ROBOTICS.screen(query)
    tail_hits = [h for h in hits if any("the place after the name" in f.detail for f in h.explanation)]
    assert (tail_hits[0].entity.id if tail_hits else None) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "Futurewei Technologies, Inc. d/b/a Huawei Technologies (USA)",
            ("Futurewei Technologies, Inc.", "Huawei Technologies (USA)"),
        ),
        ("Sanechips Technology (formerly ZTE Microelectronics)", ("Sanechips Technology", "ZTE Microelectronics")),
        ("Acme Ltd f/k/a Bolt Ltd", ("Acme Ltd", "Bolt Ltd")),
        ("Acme Ltd t/a Bolt", ("Acme Ltd", "Bolt")),
        # look-alikes: the marker is the name's own word, or nothing follows it
        ("DBA Systems Inc", ()),
        ("Formerly Yours Ltd", ()),
        ("Acme Ltd (formerly)", ()),
        ("Data Base Administrators Ltd", ()),
    ],
)
def test_second_names(query: str, expected: tuple[str, ...]) -> None:
    assert other_names(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("海能达通信股份有", ("海能达通信股份有限公司",)),
        ("华为技术有限", ("华为技术有限责任公司", "华为技术有限公司")),
        ("中兴通讯股份", ("中兴通讯股份有限公司", "中兴通讯股份公司")),
        ("华为技术有限公司", ()),  # whole
        ("华为技术有", ()),  # one character is too little to read as a cut form
        ("Huawei Technologies Co., Lt", ()),
    ],
)
def test_chinese_legal_form_written_out(query: str, expected: tuple[str, ...]) -> None:
    assert completed_legal_form(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("HiLook by Hikvision", ("HiLook",)),
        ("HikRobot by Hikvision", ("HikRobot",)),
        ("HiLook powered by Hikvision", ("HiLook",)),
        ("Hiksemi (Hikvision)", ("Hiksemi",)),
        ("Dahua Imou", ("Imou",)),
        ("Huawei Futurewei", ("Futurewei",)),
        ("DJI Hasselblad", ("Hasselblad",)),
        # look-alikes: another family's brand, a business word, a parent's own subsidiary name, no parent
        ("Huawei EZVIZ", ()),
        ("Dahua Shipping", ()),
        ("Hikvision Digital Technology", ()),
        ("Huawei Technologies USA", ()),
        ("HiLook Optical", ()),
        ("Imou by Hengtong", ()),
    ],
)
def test_brand_with_its_parent(query: str, expected: tuple[str, ...]) -> None:
    assert brand_spellings(query) == expected
