"""Rules of the tenth device round, end to end through ``identify``: Amcrest product codes as a Dahua OEM relabel,
HYT (Hytera's earlier brand) radios, Ex-rated and full-duplex Hytera models, EZVIZ inside a hyphenated shop SKU,
more Huawei phone line codes. Each look-alike shares a word or a number with a rule and must stay not covered."""

from __future__ import annotations

from tests.devices._family_rule_cases import family_rule_tests

#: (kind, value, vendor it must resolve to as covered)
POSITIVES = [
    ("model", "Amcrest AD110", "Dahua"),
    ("model", "Amcrest ASH21-B", "Dahua"),
    ("model", "AMCREST IP4M-S2112EW-AI", "Dahua"),
    ("http_title", "Amcrest AD410 Video Doorbell", "Dahua"),
    ("model", "HYT TC-610", "Hytera"),
    ("model", "HYT-BD552", "Hytera"),
    ("model", "HP79X Ex IIC", "Hytera"),
    ("model", "Hytera HP718 Ex IIA", "Hytera"),
    ("model", "MD782i-FD", "Hytera"),
    ("model", "SHOP-EZVIZ-C6N", "Hikvision"),
    ("model", "LNA-AL00", "Huawei"),
    ("model", "HUAWEI BRA-LX9", "Huawei"),
]

LOOKALIKES = [
    # Amcrest's brand without a product code, its app and cloud, a Java test library
    ("model", "Amcrest"),
    ("model", "Amcrest View Pro"),
    ("http_title", "Amcrest Cloud"),
    ("model", "Amcrest 4K"),
    ("model", "Hamcrest 2.2"),
    # IST's HYT humidity sensors, HYT followed by no radio line
    ("model", "HYT271"),
    ("model", "HYT 939"),
    ("model", "HYT-221 humidity sensor"),
    ("model", "HYTC-580"),
    # HP printers and other "Ex" words
    ("model", "HP 798"),
    ("model", "HP798 Extra"),
    ("model", "HP LaserJet 798 Ex"),
    ("model", "MD782i-FDX"),
    # EZVIZ spelled into other words, a code without a digit
    ("model", "CAM-EZVIZLIFE-H8C"),
    ("model", "EZVIZ-APP"),
    # HONOR line codes and other makers' phone codes
    ("model", "ANY-LX2"),
    ("model", "BVL-N49"),
    ("model", "RMX3630"),
    ("model", "CPH2371"),
]


test_a_cited_form_resolves, test_a_lookalike_stays_not_covered = family_rule_tests(POSITIVES, LOOKALIKES)
