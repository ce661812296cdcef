"""The covered families' device data (data/devices/families): loader checks, FCC IDs, certificate organisations,
the inventory fcc_id column, and the cited look-alike corpus (other vendors never become "covered").

Every record's own examples and counter-examples are tested per record in test_fingerprints.py (the family
records are part of default_fingerprints)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ictguard.devices.audit import audit_paths
from ictguard.devices.families import grantee_code, load_families, normalize_fcc_id
from ictguard.devices.fingerprints import default_fingerprints, default_vendors
from ictguard.devices.identify import identify
from ictguard.devices.parsers.inventory import parse_inventory
from ictguard.devices.report import report_dict
from ictguard.errors import DataFileError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.bench_families import VENDOR_OF, load_corpus  # noqa: E402  (the bench's corpus reader)

GOOD = """fingerprints:
  - id: x-line
    family: huawei
    kinds: [model, http_title]
    pattern: '^x1$'
    basis: direct
    confidence: 0.5
    evidence: e
    citation: c
fcc_grantees:
  - code: QIS
    family: huawei
    grantee: Huawei Technologies Co., Ltd.
    citation: c
"""


def _families(tmp_path: Path, body: str, name: str = "huawei.yaml") -> Path:
    directory = tmp_path / "families"
    directory.mkdir()
    (directory / name).write_text(body, encoding="utf-8")
    return directory


def test_a_record_with_kinds_becomes_one_fingerprint_per_kind(tmp_path: Path) -> None:
    loaded = load_families(_families(tmp_path, GOOD), default_vendors())
    assert [(fp.id, fp.kind, fp.vendor) for fp in loaded] == [
        ("x-line", "model", "Huawei"),
        ("x-line", "http_title", "Huawei"),
        ("fcc-grantee-qis", "fcc_id", "Huawei"),
    ]


@pytest.mark.parametrize(
    ("body", "name", "field", "line"),
    [
        (GOOD.replace("family: huawei\n    kinds", "family: acme\n    kinds"), "huawei.yaml", "family", 2),
        (GOOD, "zte.yaml", "family", 2),  # a Huawei record in ZTE's file
        (GOOD.replace("kinds: [model, http_title]", "kinds: [model, smell]"), "huawei.yaml", "kinds", 2),
        (GOOD.replace("kinds: [model, http_title]", "kinds: [mac]"), "huawei.yaml", "kinds", 2),
        (GOOD.replace("kinds: [model, http_title]", "kinds: [model, model]"), "huawei.yaml", "kinds", 2),
        (GOOD.replace("    kinds: [model, http_title]\n", ""), "huawei.yaml", "kinds", 2),
        (GOOD.replace("    citation: c\nfcc", "fcc"), "huawei.yaml", "citation", 2),
        (GOOD.replace("code: QIS", "code: 3QIS"), "huawei.yaml", "code", 11),
        (GOOD.replace("code: QIS", "code: Q1"), "huawei.yaml", "code", 11),
        (GOOD.replace("    grantee: Huawei Technologies Co., Ltd.\n", ""), "huawei.yaml", "grantee", 11),
        (GOOD.replace("fcc_grantees:", "colour: red\nfcc_grantees:"), "huawei.yaml", "colour", 1),
        (
            GOOD.replace(
                "fcc_grantees:",
                "  - id: x-line\n    family: huawei\n    kind: model\n    pattern: y\n"
                "    basis: direct\n    confidence: 0.5\n    evidence: e\n    citation: c\nfcc_grantees:",
            ),
            "huawei.yaml",
            "id",
            10,
        ),
    ],
)
def test_a_bad_family_record_names_file_line_and_field(
    tmp_path: Path, body: str, name: str, field: str, line: int
) -> None:
    with pytest.raises(DataFileError) as info:
        load_families(_families(tmp_path, body, name), default_vendors())
    assert (info.value.field, info.value.line) == (field, line)
    assert info.value.file is not None and info.value.file.endswith(name)


def test_every_covered_vendor_has_a_family_and_only_covered_vendors_do() -> None:
    vendors = default_vendors()
    assert {v.family for v in vendors.values() if v.covered} == set(VENDOR_OF)
    assert all(v.family is None for v in vendors.values() if not v.covered)


def test_every_family_record_names_its_citation_and_is_tested_against_look_alikes() -> None:
    family = [fp for fp in default_fingerprints() if "/families/" in fp.file]
    assert len({fp.id for fp in family}) >= 30
    assert all(fp.citation.strip() and fp.evidence.strip() for fp in family)
    # test_fingerprints.py checks each record on these; a family record without look-alikes would test nothing
    assert [fp.id for fp in family if not fp.counter_examples] == []


@pytest.mark.parametrize(
    ("value", "normalized", "code"),
    [
        ("QISEM770W", "QISEM770W", "QIS"),
        ("FCC ID: QIS-B593s", "QIS-B593S", "QIS"),
        ("fcc id 2adtd 5604sd", "2ADTD5604SD", "2ADTD"),
        ("FCC-ID:SRQ-MF296C", "SRQ-MF296C", "SRQ"),
        ("YAMPD79XISU1", "YAMPD79XISU1", "YAM"),
        ("N/A", None, None),
        ("yes", None, None),
        ("3ABCD-1", None, None),  # a 5-character code begins with 2
        ("QIS", None, None),  # a grantee code without a product code
    ],
)
def test_fcc_ids_are_normalised_and_split(value: str, normalized: str | None, code: str | None) -> None:
    assert normalize_fcc_id(value) == normalized
    if normalized is not None:
        assert grantee_code(normalized) == code


@pytest.mark.parametrize(
    ("value", "vendor", "covered"),
    [
        ("QISEM770W", "Huawei", True),
        ("SRQ-MF296C", "ZTE", True),
        ("2ADTD-5604SD", "Hikvision", True),
        ("YAMPD79XISU1", "Hytera", True),
        ("2AVYF-IPC-F42FX", "Dahua", True),
        ("UDX-60057010", None, False),  # Cisco
        ("2ADTE-5604SD", None, False),  # one character off a covered code
        ("PODTH-9800", None, False),  # TYT radio
        ("not an id", None, False),
    ],
)
def test_fcc_id_grantee_code_names_the_family(value: str, vendor: str | None, covered: bool) -> None:
    found = identify("fcc_id", value)
    assert (found.vendor, found.covered) == (vendor, covered)
    if covered:
        assert any("grantee code" in line for line in found.evidence)
        assert any("[" in line and "]" in line for line in found.evidence)  # the citation travels with the fact


@pytest.mark.parametrize(
    ("subject", "vendor", "covered"),
    [
        ("CN=10.0.1.254, O=Huawei Technologies Co.\\, Ltd., OU=IT", "Huawei", True),
        ("/C=CN/O=zte corporation/CN=192.168.1.1", "ZTE", True),
        ('C=CN, O="Hangzhou Hikvision Digital Technology Co.,Ltd.", CN=cam', "Hikvision", True),
        ("CN=router, O=New H3C Technologies Co., Ltd", "H3C", False),
        ("CN=camera.local, O=Axis Communications AB, C=SE", None, False),
        ("CN=x, OU=Aztec Networks, O=Example", None, False),
    ],
)
def test_a_certificate_organisation_is_read_like_a_registry_organisation(
    subject: str, vendor: str | None, covered: bool
) -> None:
    found = identify("tls_subject", subject)
    assert (found.vendor, found.covered) == (vendor, covered)
    if vendor is not None:
        assert any("O=" in line for line in found.evidence)


def test_the_cited_look_alike_corpus_is_never_covered_and_never_the_wrong_family() -> None:
    rows = load_corpus()
    others = [(kind, value) for _split, kind, expect, value in rows if expect == "other"]
    assert len(others) >= 60
    assert [(k, v) for k, v in others if identify(k, v).covered] == []
    covered = [(kind, expect, value) for _split, kind, expect, value in rows if expect != "other"]
    wrong = [(k, e, v) for k, e, v in covered if identify(k, v).covered and identify(k, v).vendor != VENDOR_OF[e]]
    assert wrong == []


def test_an_inventory_fcc_id_column_identifies_the_device(tmp_path: Path) -> None:
    path = tmp_path / "assets.csv"
    path.write_text(
        "Name,IP,FCC ID,Notes\nlobby radio,10.0.0.5,YAMPD79XISU1,\nap,10.0.0.6,UDX-60057010,\nunlabelled,,QISEM770W,\n",
        encoding="utf-8",
    )
    observed = parse_inventory(path.read_bytes(), str(path))
    assert [s.signals for s in observed.sightings] == [
        [("fcc_id", "YAMPD79XISU1")],
        [("fcc_id", "UDX-60057010")],
        [("fcc_id", "QISEM770W")],
    ]
    devices = report_dict(audit_paths([path]))["devices"]
    by_ip = {ip: d for d in devices for ip in d["ips"]}
    assert (by_ip["10.0.0.5"]["vendor"], by_ip["10.0.0.5"]["covered"]) == ("Hytera", True)
    assert by_ip["10.0.0.6"]["covered"] is False
    assert sum(d["covered"] for d in devices) == 2  # the row with only an FCC ID is a device too
    assert any("YAM" in line and "fcc.report" in line for line in by_ip["10.0.0.5"]["evidence"])


def test_vendor_clouds_are_keyed_by_family_and_resolve_to_the_vendor(tmp_path: Path) -> None:
    from ictguard.devices.lawdata import _clouds, default_law_data

    by_id = {cloud.id: cloud.vendor for cloud in default_law_data().clouds}
    assert (by_id["ezviz"], by_id["imou"], by_id["huawei-cloud"], by_id["xiongmai-xmeye"]) == (
        "Hikvision",
        "Dahua",
        "Huawei",
        "Xiongmai",
    )
    path = tmp_path / "clouds.yaml"
    path.write_text(
        "clouds:\n  - id: x\n    domains: [x.example]\n    family: acme\n    ecosystem: X\n"
        "    citation: c\nports: []\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        _clouds(path)
    assert (info.value.field, info.value.line) == ("family", 2)
