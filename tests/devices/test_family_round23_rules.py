"""Series rules of the ninth device round, end to end through ``identify``: Huawei S1700 switches, ZTE's Libero
phones, next-generation 5G CPEs (G5TC/G5TS/G5C, MC8020/MC853x), OLTs C610/C680 next to the word OLT, US carrier
Z codes, Hytera series written with X, Imou camera series by their Imou-only edition. Each look-alike shares a
word or a number with a rule and must stay not covered."""

from __future__ import annotations

from tests.devices._family_rule_cases import family_rule_tests, model_positives, models

#: (value of kind "model", vendor it must resolve to as covered)
POSITIVES = [
    ("S1700-24GR", "Huawei"),
    ("S1700-8G-AC", "Huawei"),
    ("Libero 5G III", "ZTE"),
    ("Libero Flip", "ZTE"),
    ("Libero S10", "ZTE"),
    ("G5TS", "ZTE"),
    ("G5C", "ZTE"),
    ("MC8020", "ZTE"),
    ("MC8531", "ZTE"),
    ("C680 OLT", "ZTE"),
    ("OLT C610", "ZTE"),
    ("PD98X", "Hytera"),
    ("MD78X", "Hytera"),
    ("HP79X-U1", "Hytera"),
    ("Cruiser SE+", "Dahua"),
    ("Cruiser Dual", "Dahua"),
    ("Ranger 2C", "Dahua"),
    ("Cell 3C 5MP", "Dahua"),
    ("Z3153V", "ZTE"),
    ("Z5156CC", "ZTE"),
    ("ZTE Z289L", "ZTE"),
    ("Z2450", "ZTE"),
]

LOOKALIKES = [
    # switches, phones and routers of other makers, and bare numbers
    "S1700",
    "DES-1700-24",
    "Libero",
    "Libero Mail",
    "Libero Pro",
    "LG G5",
    "Moto G5 Plus",
    "G572 (5G BE7200)",
    "MC9300",
    "MC8880",
    "C610",
    "C680",
    "Canon EOS C300 Mark III",
    # Hytera's X written where another maker's part numbers or printers sit
    "HP78X",
    "PD9X",
    "HP LaserJet 78X",
    # vehicles and bare series words
    "Land Cruiser",
    "PT Cruiser",
    "Ranger 2",
    "Ford Ranger XLT",
    "Bullet Pro",
    "Cell",
    # Z codes of other makers and products: chipsets, workstations, motorcycles, ASUS phones, other makers' carrier
    # codes with the same shape
    "Z390",
    "Z790-P",
    "HP Z840",
    "Z1000SX",
    "Z00AD",
    "S902L",
    "L81AL",
]


test_a_cited_form_resolves, test_a_lookalike_stays_not_covered = family_rule_tests(
    model_positives(POSITIVES), models(LOOKALIKES)
)
