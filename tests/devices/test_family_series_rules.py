"""Product-line and format rules of the fifth device round, end to end through ``identify``: each rule's cited
positives resolve to their covered family, and the look-alikes next to them (other vendors' products, other
products' realms and display lines) stay not covered."""

from __future__ import annotations

from ictguard.devices.identify import identify
from tests.devices._family_rule_cases import family_rule_tests

#: (kind, value, vendor the value must resolve to as covered) — one block per rule
POSITIVES = [
    # Hikvision digest realms "IP Camera(<id>)" and "DVRNVRDVS" (families/hikvision.yaml hik-realm-device)
    ("www_authenticate", 'Digest realm="IP Camera(J2914)", nonce="446c", stale="FALSE"', "Hikvision"),
    ("rtsp_server", 'Digest realm="IP Camera(D2959)", nonce="c9f3", stale="FALSE"', "Hikvision"),
    ("www_authenticate", 'Basic realm="DVRNVRDVS"', "Hikvision"),
    # Dahua realm "Login to <serial | 32-hex>" (dahua-realm-login) and Amcrest's (dahua-oem-amcrest-realm)
    ("www_authenticate", 'Digest realm="Login to 9J07C18PAZFEC38", nonce="1"', "Dahua"),
    ("www_authenticate", 'Digest realm="Login to 11839e10161ff4ebab8e3260b8779f14", qop="auth"', "Dahua"),
    ("rtsp_server", 'Digest realm="Login to AB03AABPAZ5C7CE", nonce="2"', "Dahua"),
    ("www_authenticate", 'Digest realm="Login to Amcrest", nonce="3"', "Dahua"),
    # Dahua product-code grammar DH-/DHI-<line><number> (dahua-model-dh-grammar), HCVR series with "x"
    ("model", "DHI-VTO2211G-WP-S2", "Dahua"),
    ("model", "DH-P40A2-WT", "Dahua"),
    ("model", "HCVR7x08-S3", "Dahua"),
    # Huawei: VRP display line, DG8xxx gateways, EC6108Vn boxes, 5G CPE, Mate* consumer lines
    ("telnet_banner", "VRP (R) software, Version 5.170 (S5735 V200R019C00SPC500)", "Huawei"),
    ("model", "DG8041W", "Huawei"),
    ("model", "EC6108V9U_pub_sdllt", "Huawei"),
    ("model", "H112-372", "Huawei"),
    ("model", "HUAWEI MatePad 11", "Huawei"),
    # ZTE: operator-tagged ONTs, the MU5001 5G hotspot, OLT numbers next to the word OLT
    ("model", "ZTE-CMCC F663NV9", "ZTE"),
    ("model", "MU5001", "ZTE"),
    ("model", "C600 OLT", "ZTE"),
    ("model", "OLT C320", "ZTE"),
    # Hikvision: EZVIZ smart display, default intercom device name
    ("model", "CS-SD7", "Hikvision"),
    ("model", "Embedded Net VIS", "Hikvision"),
    # Hytera portable with a bare band letter
    ("model", "HP785-U", "Hytera"),
    # HiSilicon SoC followed by a board name after "_"
    ("model", "HI3516EV300_85H50AI", "Huawei"),
    # an underscore read as a word separator; a line name glued to a model code
    ("model", "Dahua_DEE1010B_S2", "Dahua"),
    ("model", "HUAWEI_S5735-L24T4S-A1", "Huawei"),
    ("model", "EchoLifeHG8245H", "Huawei"),
    # Huawei FusionSolar inverters and dongles, consumer Wi-Fi routers
    ("model", "SUN2000-12KTL-M2", "Huawei"),
    ("model", "SDongleB-06", "Huawei"),
    ("model", "HUAWEI WiFi AX6", "Huawei"),
    ("model", "WS5200-20", "Huawei"),
    # recorder series written with "x"; ZTE 5G hotspots; Japanese carrier maker code ZT
    ("model", "DS-77xxNI-I4", "Hikvision"),
    ("model", "DS-2DY9236X-A", "Hikvision"),
    ("model", "MU5250", "ZTE"),
    ("model", "901ZT", "ZTE"),
]

LOOKALIKES = [
    # realms of other products
    ("www_authenticate", 'Digest realm="IPCamera", nonce="0a1b", qop="auth"'),
    ("www_authenticate", 'Digest realm="IPCamera Login", nonce="cc6e", qop="auth"'),
    ("www_authenticate", 'Basic realm="IP Camera"'),
    ("www_authenticate", 'Basic realm="Login to XIMS"'),
    ("www_authenticate", 'Basic realm="Login to the Router Web Configurator"'),
    ("www_authenticate", 'Basic realm="Login to continue"'),
    ("www_authenticate", 'Digest realm="Login to cam", nonce="8fb5"'),
    ("www_authenticate", 'Basic realm="Login to Amcrest Cloud portal"'),
    # Comware / 3Com display lines are not VRP 5/8
    ("telnet_banner", "Comware Software, Version 7.1.070, Release 0723P05\nCopyright (c) 2010-2020 New H3C"),
    ("telnet_banner", "H3C Comware Software, Version 7.1.070, Release 6308"),
    ("telnet_banner", "VRP (R) software, Version 3.10"),
    # other vendors' products sharing numbers or prefixes
    ("model", "Fiberhome HG680-P Modem Gateway"),
    ("model", "HG680-RLK9H-12"),
    ("model", "DG834G"),
    ("model", "Motorola C650"),
    ("model", "C650"),
    ("model", "Canon EOS C300 Mark III"),
    ("model", "DH-100"),
    ("model", "DHCP-Server"),
    ("model", "CS-ROOM55-K9"),
    ("model", "Mate 2"),  # "Mate 20" is Huawei's phone (huawei-line-flagship-name)
    ("model", "MagicBook 14"),
    ("model", "H132-373"),  # not a Huawei 5G CPE (H298A, next to it, is ZTE's: test_family_consumer_rules)
    ("model", "HP685-X"),
    ("model", "Uniview IPC672LR-AX4DUPK"),
    ("model", "UNIVIEW IPC-E242-IR@DUACP-IR5-DH"),
    ("model", "FiberHome AN5506_04F1A"),
    ("model", "Hanwha_XNV-8082R"),
    ("model", "Deye SUN-10K-SG05LP3-EU"),
    ("model", "Xiaomi Router AX3200"),
    ("model", "Archer AX3000"),
    ("model", "WS-C2960X-48FPD-L"),
    ("model", "DS-7xxx"),
    ("model", "DS-2AB"),
    ("model", "EPSON DS-530"),
    ("model", "401SH"),
    ("model", "A001KC"),
    ("model", "CiscoAIR-AP1832I"),
    ("model", "TP-LinkTL-SG1024D"),
]


test_a_cited_form_resolves, test_a_lookalike_stays_not_covered = family_rule_tests(POSITIVES, LOOKALIKES)


def test_reading_an_underscore_as_a_space_is_stated_in_the_evidence() -> None:
    found = identify("model", "Dahua_DEE1010B_S2")
    assert "read with its words separated: 'Dahua DEE1010B S2'" in found.evidence
    assert not any("words separated" in line for line in identify("model", "DH-P40A2-WT").evidence)
