"""The device audit consults the covered-family knowledge base (data/families): names in any script or legal form,
the brand → family path in the evidence, sold brands only for their dates, and the load-time cross-check that
keeps data/devices/families and data/families one base."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from ictguard.devices.audit import audit_paths
from ictguard.devices.device_identity import decide, values_of
from ictguard.devices.family_base import check_device_families, default_family_names
from ictguard.devices.fingerprints import default_fingerprints, default_vendors
from ictguard.devices.identify import Identifier, identify
from ictguard.devices.report import report_dict
from ictguard.errors import DataFileError
from ictguard.families import default_families

IDENTIFIER = Identifier()


@pytest.mark.parametrize(
    ("name", "vendor"),
    [
        ("华为技术有限公司", "Huawei"),  # the Chinese legal name (issue 14's OEM-relabel bug)
        ("華為技術有限公司", "Huawei"),  # traditional script
        ("Huawei Techs Co Ltd", "Huawei"),  # vendor-master abbreviations
        ("Хуавэй", "Huawei"),  # Cyrillic
        ("中兴通讯股份有限公司", "ZTE"),
        ("中興通訊股份有限公司", "ZTE"),
        ("杭州海康威视数字技术股份有限公司", "Hikvision"),
        ("浙江大华技术股份有限公司", "Dahua"),
        ("EZVIZ Inc.", "Hikvision"),
        ("Hangzhou Huacheng Network Technology Co., Ltd.", "Dahua"),
    ],
)
def test_a_covered_familys_name_in_any_script_or_legal_form_is_the_family(name: str, vendor: str) -> None:
    found = identify("organization", name)
    assert (found.vendor, found.covered) == (vendor, True)


@pytest.mark.parametrize(
    "name",
    [
        "深圳市华威电子有限公司",  # 华威 reads "huawei" in pinyin, like 华为: the characters differ
        "华威技术有限公司",
        "新华三技术有限公司",  # H3C
        "荣耀终端有限公司",  # Honor Device, the buyer of the Honor business
        "上海大华衡器厂",  # a scale factory, not Dahua Technology
        "中星通讯有限公司",
        "Chuawei Ltd",
        "Dahua Scale Factory",
    ],
)
def test_look_alike_names_are_not_a_covered_family(name: str) -> None:
    assert identify("organization", name).covered is False


def test_a_chinese_legal_name_as_manufacturer_is_the_maker_not_an_oem_relabel() -> None:
    values = values_of("华为技术有限公司", "S5735-L48T4S-A", None, [], [])
    verdict = decide(IDENTIFIER, values, "华为技术有限公司")
    assert (verdict.vendor, verdict.covered, verdict.basis, verdict.labelled_as) == ("Huawei", True, "direct", None)
    relabel = decide(IDENTIFIER, values_of("Acme Networks", "S5735-L48T4S-A", None, [], []), "Acme Networks")
    assert (relabel.basis, relabel.labelled_as) == ("oem", "Acme Networks")


@pytest.mark.parametrize(
    ("kind", "value", "path"),
    [
        ("model", "EZVIZ CS-C6N", "Hangzhou EZVIZ Network Co., Ltd. → subsidiary of Hangzhou Hikvision"),
        ("model", "CS-C6N", "Hangzhou EZVIZ Network Co., Ltd. → subsidiary of Hangzhou Hikvision"),
        ("model", "HiLook IPC-B140H", "HiLook → brand of Hangzhou Hikvision"),
        ("model", "HWI-B140H", "HiWatch → brand of Hangzhou Hikvision"),
        ("http_title", "IMOU", "Hangzhou Huacheng Network Technology Co., Ltd. → subsidiary of Zhejiang Dahua"),
        ("fcc_id", "2AVYF-IPC-F42FX", "Hangzhou Huacheng Network Technology Co., Ltd. → subsidiary of Zhejiang Dahua"),
        ("organization", "EZVIZ Inc.", "EZVIZ Inc. → subsidiary of Hangzhou Hikvision"),
    ],
)
def test_a_verdict_from_a_brand_or_subsidiary_prints_its_path_to_the_family(kind: str, value: str, path: str) -> None:
    found = identify(kind, value)
    assert found.covered
    line = next((e for e in found.evidence if path in e), None)
    assert line is not None, found.evidence
    assert "covered under" in line and "[" in line  # the regime and the member's source travel with it


def _member(family: str, member: str) -> date:
    until = next(m for m in default_families()[family].members if m.id == member).until
    assert until is not None
    return until


@pytest.mark.parametrize(
    ("kind", "value", "family", "member", "vendor", "sold_to"),
    [
        ("model", "HONOR Router 3", "huawei", "honor", "Huawei", "HONOR"),
        ("organization", "HONOR", "huawei", "honor", "Huawei", "HONOR"),
        ("organization", "Lorex Technology Inc.", "dahua", "lorex", "Dahua", "Lorex Technology Inc."),
        ("model", "Lorex Home Center", "dahua", "lorex", "Dahua", "Lorex Technology Inc."),
    ],
)
def test_a_sold_brand_is_the_familys_only_before_its_sale_date_from_the_family_base(
    kind: str, value: str, family: str, member: str, vendor: str, sold_to: str
) -> None:
    sale = _member(family, member)  # the date comes from data/families, not from the device data
    before = identify(kind, value, sale - timedelta(days=1))
    assert (before.vendor, before.covered) == (vendor, True)
    after = identify(kind, value, sale)
    assert (after.vendor, after.covered) == (sold_to, False)
    assert any(f"until {sale.isoformat()}" in e and "not in the family on" in e for e in after.evidence)


def test_an_audit_applies_a_sale_on_its_own_date(tmp_path: Path) -> None:
    path = tmp_path / "assets.csv"
    path.write_text("Name,IP,Manufacturer,Model\nphone,10.0.0.7,HONOR,HONOR View 20\n", encoding="utf-8")
    sale = _member("huawei", "honor")
    [before] = report_dict(audit_paths([path], as_of=sale - timedelta(days=30)))["devices"]
    [after] = report_dict(audit_paths([path], as_of=sale + timedelta(days=30)))["devices"]
    assert (before["vendor"], before["covered"]) == ("Huawei", True)
    assert (after["vendor"], after["covered"]) == ("HONOR", False)
    assert any("brand of Huawei Technologies" in e for e in after["evidence"])


def test_every_device_family_and_named_member_is_in_the_family_base() -> None:
    families = default_families()
    vendors = default_vendors()
    for vendor in vendors.values():
        if vendor.family:
            assert families[vendor.family].company == vendor.family
    named = [fp for fp in default_fingerprints() if fp.member]
    assert {fp.member for fp in named} >= {"ezviz", "hilook", "hiwatch", "hikrobot", "imou", "lorex", "honor"}
    for fp in named:
        family = vendors[fp.vendor].family
        assert family is not None and default_family_names().member(family, fp.member or "") is not None


def test_the_cross_check_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "huawei.yaml"
    with pytest.raises(DataFileError) as info:
        check_device_families(path, "huawei", [("honor", 3), ("hinova", 9)])
    assert (info.value.field, info.value.line) == ("member", 9)
    with pytest.raises(DataFileError) as info:
        check_device_families(tmp_path / "acme.yaml", "acme", [])
    assert info.value.field == "family"


def test_an_inventory_row_with_the_chinese_legal_name_is_the_maker_itself(tmp_path: Path) -> None:
    path = tmp_path / "assets.csv"
    path.write_text(
        "Name,IP,Manufacturer,Model\ncore,10.0.0.8,华为技术有限公司,S5735-L48T4S-A\n"
        "edge,10.0.0.9,Acme Networks,S5735-L48T4S-A\n",
        encoding="utf-8",
    )
    by_ip = {ip: d for d in report_dict(audit_paths([path]))["devices"] for ip in d["ips"]}
    assert (by_ip["10.0.0.8"]["vendor"], by_ip["10.0.0.8"]["basis"]) == ("Huawei", "direct")
    assert not any("OEM relabel" in e for e in by_ip["10.0.0.8"]["evidence"])
    assert by_ip["10.0.0.9"]["basis"] == "oem"  # another brand's label on Huawei gear is still a relabel
