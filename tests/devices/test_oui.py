"""MAC -> organisation over the IEEE registries: longest prefix (MA-S > MA-M > MA-L), real entries, fallback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ictguard.devices import oui
from ictguard.devices.identify import identify

HEADER = "Registry,Assignment,Organization Name,Organization Address\n"


@pytest.mark.parametrize(
    ("mac", "registry", "prefix", "organization"),
    [
        # Real assignments (Debian ieee-data 20220827, netaddr's oui.txt / iab.txt).
        ("40:2c:76:1a:bc:de", "MA-M", "402C761", "Shanghai Dahua Scale Factory"),  # device_audit.md §1 pitfall
        ("70:b3:d5:f2:f0:01", "MA-S", "70B3D5F2F", "TELEPLATFORMS"),
        ("40:d8:55:0d:70:01", "IAB", "40D8550D7", "Avant Technologies"),
        ("44:19:b6:00:00:01", "MA-L", "4419B6", "Hangzhou Hikvision Digital Technology Co.,Ltd."),
        ("40:2c:76:f0:00:01", "MA-L", "402C76", "IEEE Registration Authority"),  # F is not an MA-M block there
    ],
)
def test_most_specific_real_assignment(mac: str, registry: str, prefix: str, organization: str) -> None:
    assert oui.assignment(mac) == oui.Assignment(registry, prefix, organization)
    assert oui.organization(mac) == organization


def test_default_registry_has_ma_m_and_ma_s() -> None:
    registry = oui._registry()
    assert registry.sources == ["MA-S", "MA-M", "IAB", "MA-L"]
    assert len(registry.by_length[7]) > 4000 and len(registry.by_length[9]) > 9000


def test_mac_in_an_ma_m_block_names_the_buyer_not_the_ieee() -> None:
    result = identify("mac", "40:2c:76:1a:bc:de")
    assert (result.vendor, result.covered) == (None, False)  # a scale maker, not Dahua Technology
    assert "MA-M 402C761/28 is registered to 'Shanghai Dahua Scale Factory'" in result.evidence[0]


def _ieee_dir(tmp_path: Path, mam: str, oui36: str) -> Path:
    (tmp_path / "mam.csv").write_text(HEADER + mam, encoding="utf-8")
    (tmp_path / "oui36.csv").write_text(HEADER + oui36, encoding="utf-8")
    return tmp_path


def test_longest_prefix_wins(tmp_path: Path) -> None:
    directory = _ieee_dir(tmp_path, "MA-M,4419B60,Block M,\n", "MA-S,4419B6001,Block S,\n")
    registry = oui.load_registry(directory)
    found = {mac: registry.lookup(mac) for mac in ("44:19:b6:00:10:00", "44:19:b6:01:00:00", "44:19:b6:f0:00:00")}
    assert [(a.registry, a.organization) for a in found.values() if a] == [
        ("MA-S", "Block S"),
        ("MA-M", "Block M"),
        ("MA-L", "Hangzhou Hikvision Digital Technology Co.,Ltd."),
    ]


@pytest.mark.parametrize(
    ("mam", "reason"),
    [
        (None, "falls back to MA-L"),
        ("MA-M,402C76,Too Short,\n", "not a MA-M assignment"),
        ("MA-L,402C761,Wrong Registry,\n", "not a MA-M assignment"),
    ],
)
def test_missing_or_malformed_source_falls_back_to_ma_l_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, mam: str | None, reason: str
) -> None:
    if mam is not None:
        (tmp_path / "mam.csv").write_text(
            HEADER + "MA-M,402C761,Shanghai Dahua Scale Factory,\n" + mam, encoding="utf-8"
        )
    with caplog.at_level(logging.WARNING, logger="ictguard.devices.oui"):
        registry = oui.load_registry(tmp_path)
    assert "MA-M" not in registry.sources and "MA-L" in registry.sources
    assert any(reason in r.getMessage() and "MA-M" in r.getMessage() for r in caplog.records)
    found = registry.lookup("40:2c:76:1a:bc:de")
    assert found is not None and (found.registry, found.organization) == ("MA-L", "IEEE Registration Authority")


# Hand-checked: the only MA-M / MA-S organisations that come out covered. The registry lists SHANGHAI ZTE at
# ZTE's Shanghai Zhangjiang campus ("ZTE H Block"): a ZTE affiliate by name and address. Hikrobot is a
# Hikvision subsidiary cited in data/devices/families/hikvision.yaml.
# Norsat International Inc.: Hytera's since 2017-07-20 (data/families/hytera.yaml, round 2 of coverage).
EXPECTED_COVERED_SMALL_BLOCKS = {
    "SHANGHAI ZTE TECHNOLOGIES CO.,LTD",
    "Hangzhou Hikrobot Technology Co., Ltd.",
    "Norsat International Inc.",
}


def test_no_other_ma_m_or_ma_s_organisation_is_covered() -> None:
    registry = oui._registry()
    orgs = {a.organization for length in (7, 9) for a in registry.by_length[length].values()}
    assert len(orgs) > 5000
    assert {org for org in orgs if identify("organization", org).covered} == EXPECTED_COVERED_SMALL_BLOCKS
