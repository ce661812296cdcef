"""Identification of single values, table-driven; the whole IEEE registry is checked for false 'covered'."""

from __future__ import annotations

from pathlib import Path

import netaddr
import pytest

from ictguard.devices.identify import identify
from ictguard.errors import InputError


@pytest.mark.parametrize(
    ("kind", "value", "vendor", "covered", "basis"),
    [
        ("mac", "44:19:b6:00:00:01", "Hikvision", True, "direct"),
        ("mac", "44-19-B6-00-00-01", "Hikvision", True, "direct"),
        ("mac", "4419.b600.0001", "Hikvision", True, "direct"),
        ("mac", "00:00:0c:12:34:56", None, False, None),  # Cisco
        ("mac", "02:11:22:33:44:55", None, False, None),  # locally administered
        ("mac", "not-a-mac", None, False, None),
        ("http_server", "App-webs/", "Hikvision", True, "direct"),
        ("http_server", "DNVRS-Webs", "Hikvision", True, "direct"),
        ("http_server", "GoAhead-Webs", None, False, None),
        ("http_server", "Webs", None, False, None),
        ("http_server", "Mini web server 1.0 ZTE corp 2005.", "ZTE", True, "direct"),
        ("http_server", "Aztech httpd", None, False, None),
        ("http_server", "uc-httpd 1.0.0", "Xiongmai", False, "direct"),
        ("http_server", "Cross Web Server", "Huawei", True, "chipset"),
        ("http_server", "Linux UPnP/1.0 Huawei-ATP-IGD", "Huawei", True, "direct"),
        ("rtsp_server", "Dahua Rtsp Server", "Dahua", True, "direct"),
        ("www_authenticate", 'Digest realm="cpe@zte.com"', "ZTE", True, "direct"),
        # nmap http-auth prints the realm unquoted
        ("www_authenticate", "Basic realm=hikvision", "Hikvision", True, "direct"),
        ("www_authenticate", 'Basic realm="hikvision"', "Hikvision", True, "direct"),
        ("www_authenticate", "Digest realm=cpe@zte.com, nonce=x", "ZTE", True, "direct"),
        ("www_authenticate", "Basic realm=HuaweiHomeGateway", "Huawei", True, "direct"),
        ("www_authenticate", "Basic realm=hikvision-lookalike", None, False, None),
        (
            "tls_subject",
            "CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN",
            "Hikvision",
            True,
            "direct",
        ),
        ("telnet_banner", "192.0.0.64 login:", "Hikvision", True, "direct"),
        ("ssh_banner", "SSH-2.0-HUAWEI-1.5", "Huawei", True, "direct"),
        ("ssh_banner", "SSH-2.0-OpenSSH_9.6", None, False, None),
        ("snmp_sysdescr", "Huawei Versatile Routing Platform Software", "Huawei", True, "direct"),
        ("favicon_md5", "89B932FCC47CF4CA3FAADB0CFDEF89CF", "Hikvision", True, "direct"),
        ("model", "DS-2CD2143G2-I", "Hikvision", True, "direct"),
        ("model", "IPC-B140H", "Hikvision", True, "direct"),
        # The IPC- prefix is shared (device_audit.md §2.8, §6): HiLook value line vs Dahua/Imou.
        ("model", "IPC-T240H", "Hikvision", True, "direct"),
        ("model", "IPC-D620H", "Hikvision", True, "direct"),
        ("model", "IPC-C320HA", "Hikvision", True, "direct"),
        ("model", "IPC-A22E", "Dahua", True, "direct"),
        ("model", "IPC-HFW2431S-S-S2", "Dahua", True, "direct"),
        ("model", "IPC-3120", None, False, None),
        ("model", "Hi3516CV500", "Huawei", True, "chipset"),
        ("model", "GK7205V200", "Goke", False, "chipset"),
        ("organization", "Shanghai Dahua Scale Factory", None, False, None),
        ("organization", "Honor Device Co., Ltd.", "Honor", False, "direct"),
        ("organization", "New H3C Technologies Co., Ltd", "H3C", False, "direct"),
        ("organization", "Aztek Networks, Inc.", None, False, None),
        # A free-text banner that only names the vendor as a word: the organisation fingerprints read it.
        ("ssh_banner", "SSH-2.0-Huawei", "Huawei", True, "direct"),
        ("ssh_banner", "SSH-2.0-Hikvision_1.0", "Hikvision", True, "direct"),
        ("rtsp_server", "EZVIZ", "Hikvision", True, "direct"),
        ("telnet_banner", "ZTE", "ZTE", True, "direct"),
        ("ssh_banner", "SSH-2.0-Aztec_2.1", None, False, None),  # look-alikes stay out (org-zte guards)
        ("rtsp_server", "Hikari Vision RTSP", None, False, None),
        ("ssh_banner", "SSH-2.0-HonorSSH", None, False, None),  # a word, not a prefix
    ],
)
def test_identify(kind: str, value: str, vendor: str | None, covered: bool, basis: str | None) -> None:
    result = identify(kind, value)
    assert (result.vendor, result.covered, result.basis) == (vendor, covered, basis)
    assert result.evidence
    assert (result.confidence > 0) == (vendor is not None)


def test_output_has_exactly_the_contract_keys() -> None:
    assert set(identify("mac", "44:19:b6:00:00:01").to_dict()) == {
        "value",
        "kind",
        "vendor",
        "covered",
        "basis",
        "confidence",
        "evidence",
    }


def test_a_vendor_named_in_free_text_is_weaker_than_a_kind_pattern() -> None:
    named = identify("ssh_banner", "SSH-2.0-Huawei")
    specific = identify("ssh_banner", "SSH-2.0-HUAWEI-1.5")
    assert named.confidence < specific.confidence
    assert any("names the organisation as a word" in line for line in named.evidence)


def test_unknown_kind_is_input_error() -> None:
    with pytest.raises(InputError):
        identify("smell", "x")


# Exactly these IEEE registry organisations may come out "covered" (checked by hand: the covered companies,
# their subsidiaries/affiliates, Amcrest as a Dahua OEM, and HiSilicon as Huawei's chip subsidiary).
EXPECTED_COVERED_ORGS = {
    "Amcrest Technologies",
    "HUAWEI TECHNOLOGIES CO.,LTD",
    "Hangzhou Ezviz Software Co.,Ltd.",
    "Hangzhou Hikvision Digital Technology Co.,Ltd.",
    "Hisilicon Technologies Co., Ltd",
    "Huawei Device Co., Ltd.",
    "Huawei Symantec Technologies Co.,Ltd.",
    "Huawei Technologies Co., Ltd.",
    "Hytera Communications Co .,ltd",
    "Hytera Communications Corporation Limited",
    "Prama Hikvision India Private Limited",
    "ZHEJIANG DAHUA TECHNOLOGYCO.,LTD",
    "Zhejiang Dahua Technology Co., Ltd.",
    "zte corporation",
    # subsidiaries and registered names cited in data/devices/families/ (issue 14)
    "Hangzhou Hikrobot Technology Co., Ltd.",
    "hangzhou huacheng network technology co., ltd",
    "Hangzhou Huacheng Network Technology Co.,Ltd",
    "Zhejiang HuaRay Technology Co.,Ltd",
    "ZHONGXING TELECOM LTD.",
    # members of data/families (issue 14): nubia (ZTE affiliate). Sepura Plc and Teltronic S.A.U. were here until
    # round 6 found their sales (Sepura 2022-07, Teltronic 2025-07; data/families/hytera.yaml): an undated
    # identification counts on today's date, when neither belongs to Hytera any more.
    "Nubia Technology Co.,Ltd.",
    # round 3 of data/families: Neul (Cambridge IoT firm, Huawei's since its 2014 purchase)
    "Neul Ltd",
}


def _registry_orgs() -> set[str]:
    path = Path(netaddr.__file__).parent / "eui" / "oui.txt"
    with path.open(encoding="utf-8", errors="replace") as handle:
        return {line.split("\t")[-1].strip() for line in handle if "(hex)" in line}


def test_no_other_registry_organisation_is_covered() -> None:
    orgs = _registry_orgs()
    assert len(orgs) > 10000
    covered = {org for org in orgs if identify("organization", org).covered}
    assert covered == EXPECTED_COVERED_ORGS


def _other_vendor_values() -> list[tuple[str, str]]:
    path = Path(__file__).resolve().parent / "fixtures" / "other_vendor_values.tsv"
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [(kind, value) for kind, value in rows]


def test_other_vendors_banners_are_never_covered() -> None:
    values = _other_vendor_values()
    assert len(values) > 300
    covered = [(kind, value) for kind, value in values if identify(kind, value).covered]
    assert covered == []
