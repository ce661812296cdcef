"""Rules of the eleventh device round, end to end through ``identify``: a model written as a slug "<brand>-<model>",
ZTE OLTs with their hardware version glued on, Hikvision's 96-series recorders with three-digit channel counts,
bare Huawei OptiX RTN and ATN 902 names, Huawei B530/B636 CPEs, Dahua NVRs written with their PoE port count only.
Each look-alike shares a word, a number or the shape with a rule and must stay not covered."""

from __future__ import annotations

from ictguard.devices.identify import identify
from tests.devices._family_rule_cases import family_rule_tests

#: (kind, value, vendor it must resolve to as covered)
POSITIVES = [
    ("model", "huawei-s5731-s24t4x", "Huawei"),
    ("model", "HUAWEI-AR6140E-9G-2AC", "Huawei"),
    ("model", "huawei-e5576-320", "Huawei"),
    ("model", "C300v2", "ZTE"),
    ("model", "C320V2.1", "ZTE"),
    ("http_title", "C620v1", "ZTE"),
    ("model", "DS-96256NI-I24", "Hikvision"),
    ("model", "RTN 620", "Huawei"),
    ("model", "RTN910II", "Huawei"),
    ("snmp_sysdescr", "OptiX RTN 380", "Huawei"),
    ("model", "ATN902B", "Huawei"),
    ("model", "B530-336", "Huawei"),
    ("model", "NVR4216-16P", "Dahua"),
    ("model", "DHI-NVR5232-16P", "Dahua"),
]

LOOKALIKES = [
    # a brand slug whose model part no pattern of that brand reads, and another brand's model
    ("model", "huawei-lookalike"),
    ("model", "huawei-app2"),
    ("model", "dahua-scale-1200"),
    ("model", "uniview-ipc322lb-sf28-a"),
    ("model", "tplink-archer-c20-v4"),
    # Canon and Motorola share ZTE's OLT numbers; other makers' codes with a glued version
    ("model", "C300"),
    ("model", "Canon EOS C300 Mark II"),
    ("model", "C6300v2"),
    ("model", "Archer C20 v4"),
    ("model", "C300v2 body"),
    # Epson scanners and Synology NAS share the DS- prefix
    ("model", "DS-70000"),
    ("model", "DS-96000"),
    ("model", "Synology DS-101"),
    # RTN/ATN words outside Huawei's numbers
    ("model", "RTN 9500"),
    ("model", "RTN-950"),
    ("model", "ATN 9021"),
    # recorders of other makers and Dahua numbers without a PoE count
    ("model", "NVR301-04S3-P4"),
    ("model", "NVR1104H-4P"),
    ("model", "Swann NVR-8900-8CH"),
    ("model", "NVR4108-8"),
    ("model", "B636"),
]

test_a_cited_form_resolves, test_a_lookalike_stays_not_covered = family_rule_tests(POSITIVES, LOOKALIKES)


def test_a_brand_slug_reading_is_stated_in_the_evidence() -> None:
    found = identify("model", "huawei-s5731-s24p4x")
    assert "read as the brand 'huawei' and the model 's5731-s24p4x'" in found.evidence
    # only a model value is read as a slug: a realm or title keeps its hyphenated words
    assert not identify("http_title", "huawei-s5731-s24p4x").covered
