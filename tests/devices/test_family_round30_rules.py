"""Rules of the twelfth device round, end to end through ``identify``: the short Chinese maker names GB/T 28181
device answers carry (海康 for Hikvision, 中兴 for ZTE, whole value only), Huawei's HG25x DSL gateways and its
EchoLife BM6xx WiMAX CPEs. Each look-alike shares a word, a number or the shape with a rule and must stay not
covered."""

from __future__ import annotations

from tests.devices._family_rule_cases import family_rule_tests, model_positives, models

#: (kind, value, vendor it must resolve to as covered)
POSITIVES = [
    ("organization", "海康", "Hikvision"),
    ("organization", "中兴", "ZTE"),
    *model_positives(
        [
            ("HG255s", "Huawei"),
            ("HG255s-10", "Huawei"),
            ("HG253s", "Huawei"),
            ("Huawei HG256s", "Huawei"),
            ("BM622", "Huawei"),
            ("BM632w", "Huawei"),
        ]
    ),
]

LOOKALIKES = [
    # other companies whose names begin with the same word: an insurer, a department store, an accounting firm
    ("organization", "海康人寿保险有限公司"),
    ("organization", "海康人寿"),
    ("organization", "中兴商业股份有限公司"),
    ("organization", "中兴财光华会计师事务所"),
    # a government domain numbered like the gateways, other digit counts, Rohm's BM6xxxx power modules
    *models(["hg253-js-gov.cn", "HG2550", "HG25", "HG2", "BM63577S-VC", "BM625121", "BM6", "BM6321", "BM-632"]),
]

test_a_cited_form_resolves, test_a_lookalike_stays_not_covered = family_rule_tests(POSITIVES, LOOKALIKES)
