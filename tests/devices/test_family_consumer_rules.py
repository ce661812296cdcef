"""Consumer-line and series rules of the sixth device round, end to end through ``identify``: Huawei phone and
tablet line codes and
phone names, nubia (ZTE affiliate) codes and brand lines, CloudEngine S series by edition, the WiFi AX2 code, ZTE
home routers without their line name, Imou part numbers by their Wi-Fi variant.
HONOR's codes share Huawei's grammar (HONOR was sold on 2020-11-17), so its line codes, before and after the sale,
are the look-alikes that must stay not covered."""

from __future__ import annotations

from ictguard.devices.identify import identify
from tests.devices._family_rule_cases import family_rule_tests, model_positives, models

#: (value of kind "model", vendor it must resolve to as covered)
POSITIVES = [
    # huawei-phone-code: line codes the cited model tables name as HUAWEI products, any variant
    ("ALN-AL80", "Huawei"),
    ("JAD-LX9", "Huawei"),
    ("HMA-L29", "Huawei"),
    ("huawei ana-nx9", "Huawei"),
    ("TAH-N29m", "Huawei"),
    ("WAS-LX1A", "Huawei"),
    ("MRX-W09", "Huawei"),
    ("BAH4-W09", "Huawei"),
    ("KRJ2-W09", "Huawei"),
    ("FreeBuds 6i", "Huawei"),
    ("Watch GT 3 Pro", "Huawei"),
    # zte-nubia-code / zte-nubia-brand: nubia phones read as ZTE through the member nubia
    ("NX563J", "ZTE"),
    ("nubia NX732J", "ZTE"),
    ("nubia Z50 Ultra", "ZTE"),
    ("REDMAGIC 8S Pro", "ZTE"),
    # huawei-line-s-switch-edition and the WiFi AX2 code
    ("S6730-H", "Huawei"),
    ("HUAWEI S5736", "Huawei"),
    ("WS7001", "Huawei"),
    # huawei-line-phone-name, zte-line-home-router-bare, dahua-imou-code-variant
    ("nova 5T", "Huawei"),
    ("HUAWEI P smart Z", "Huawei"),
    ("H267N", "ZTE"),
    ("H298A", "ZTE"),
    ("IPC-S6DP-3M0WEB", "Dahua"),
]

LOOKALIKES = [
    # HONOR line codes (after the sale: Magic 6 Pro, Magic 5 Pro, Magic V2, MagicBook; before it: Honor 10, View 10,
    # Honor 30S) and codes a HONOR model shares with a Huawei one
    "ANY-AN00",
    "BVL-AN00",
    "VER-N49",
    "PGT-AN10",
    "BMH-WCX9",
    "COL-AL10",
    "BKL-L09",
    "CDY-AN90",
    "MAR-LX1H",
    "JDN2-W09HN",
    "HEY2-W09",
    "Amazfit GTS 4",
    # other phone makers' model codes
    "SM-F731B",
    "CPH2449",
    "RMX3301",
    "V2227A",
    "XT2343-1",
    # NX elsewhere: Samsung cameras, Kenwood radios, Cisco NX-OS; nubia the region
    "Samsung NX300M",
    "NX3000",
    "Kenwood NX-1200",
    "Lower Nubia",
    # other vendors' switch series and Wi-Fi routers
    "S5130S-EI",
    "S5850-S",
    "RG-S5750-L",
    "WS-C2960X-24TS-L",
    "Motorola WS2000",
    # names and codes next to the phone-name, home-router and Imou rules
    "Nova Launcher",
    "Chevrolet Nova",
    "H265",
    "Honda H22A",
    "IPC-E242-IR",
    "HP 620",
]


test_a_cited_form_resolves, test_a_lookalike_stays_not_covered = family_rule_tests(
    model_positives(POSITIVES), models(LOOKALIKES)
)


def test_a_nubia_code_carries_the_affiliate_path() -> None:
    found = identify("model", "NX709S")
    assert any("Nubia Technology Co., Ltd. → affiliate of ZTE Corporation" in line for line in found.evidence)
