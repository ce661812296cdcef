"""Rules of the thirteenth device round, end to end through ``identify``: a ZTE ZX… line glued to its model code on
a web page title (ZXA10F460), and Hytera repeater series written with X (HR65X, RD98XS) as its radios already are.
Each look-alike shares the prefix, the digits or the X with a rule and must stay not covered."""

from __future__ import annotations

from tests.devices._family_rule_cases import family_rule_tests, model_positives, models

#: (kind, value, vendor it must resolve to as covered)
POSITIVES = [
    ("http_title", "ZXA10F460", "ZTE"),
    *model_positives([("ZXA10F460", "ZTE"), ("HR65X", "Hytera"), ("RD98XS", "Hytera"), ("HR652", "Hytera")]),
]

LOOKALIKES = [
    # the glued form needs a letter and exactly three digits; a letter before the prefix is another word
    ("http_title", "ZXHNF66"),
    ("http_title", "AZXA10F460"),
    *models(["ZXANC3000", "ZXHNX", "ZX10R", "Kawasaki ZX-10R"]),
    # the X series needs two digits of a Hytera repeater line before the X
    *models(["HR6X", "HR5X", "HR-65X", "RD9X", "RD5X", "HR25X", "RD48X"]),
]

test_a_cited_form_resolves, test_a_lookalike_stays_not_covered = family_rule_tests(POSITIVES, LOOKALIKES)
