"""Eighth device round, end to end through ``identify``: Huawei LTE CPE and HiLink sticks written with the edition
letter only ("B528s"), bare stick numbers ("E3531") and the B23x8 CPE ("B2368-22"); Huawei SmartAX board names
("H801MCUD"); and HiLook's IPC-B grammar limited to three digits, so another maker's IPC-B8743-S stays unread.
Look-alikes share the number without the edition or variant (B525, B2368), carry a fourth digit, or are Intel
board names and Xeon-like numbers."""

from __future__ import annotations

from tests.devices._family_rule_cases import family_rule_tests, model_positives, models

#: (value of kind "model", vendor it must resolve to as covered)
POSITIVES = [
    ("B528s", "Huawei"),
    ("B315s", "Huawei"),
    ("B2368-22", "Huawei"),
    ("B2338-168", "Huawei"),
    ("E3531", "Huawei"),
    ("E3276", "Huawei"),
    ("E3131s-2", "Huawei"),
    ("H801MCUD", "Huawei"),
    ("H802SCUN", "Huawei"),
    ("IPC-B120", "Hikvision"),
    ("IPC-B140H", "Hikvision"),
]

#: values that must not be covered
NEGATIVES = [
    "B525",
    "B2368",
    "B2398-22",
    "B535s",
    "E35310",
    "E3131-1230",
    "H81M-DS2V",
    "H8011",
    "H801",
    "IPC-B8743-S",
    "IPC-B2",
]


test_a_cited_form_resolves, test_a_lookalike_stays_not_covered = family_rule_tests(
    model_positives(POSITIVES), models(NEGATIVES)
)
