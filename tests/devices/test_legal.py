"""Legal findings for covered vendors come from the rules engine (plus rip-and-replace for Huawei/ZTE)."""

from __future__ import annotations

from datetime import date

import pytest

from ictguard.devices.legal import legal_findings


@pytest.mark.parametrize(
    ("vendor", "on", "expected"),
    [
        (
            "Huawei",
            date(2026, 11, 23),
            {
                ("NDAA889", "prohibited", "R-889B"),
                ("NDAA889", "prohibited", "R-889A"),
                ("FCC", "prohibited", "R-FCC-54.9"),
                ("FCC", "prohibited", "R-FCC-EQAUTH"),
                ("FCC", "flag", "R-FCC-RR"),
            },
        ),
        ("ZTE", date(2026, 11, 23), {("NDAA889", "prohibited", "R-889B"), ("FCC", "flag", "R-FCC-RR")}),
        # purpose-qualified makers: a person must say what the camera is used for
        (
            "Hikvision",
            date(2026, 11, 23),
            {("NDAA889", "flag", "R-889B"), ("FCC", "flag", "R-FCC-COVLIST"), ("ONVIF", "no_restriction", "R-ONVIF")},
        ),
        ("Dahua", date(2026, 11, 23), {("NDAA889", "flag", "R-889B")}),
        ("Hytera", date(2026, 11, 23), {("NDAA889", "flag", "R-889A")}),
    ],
)
def test_findings_per_vendor(vendor: str, on: date, expected: set[tuple[str, str, str]]) -> None:
    got = {(f.regime, f.outcome, rule) for f in legal_findings(vendor, on) for rule in f.rules}
    assert expected <= got


def test_rip_and_replace_only_for_huawei_and_zte() -> None:
    rules = {r for f in legal_findings("Hikvision", date(2026, 11, 23)) for r in f.rules}
    assert "R-FCC-RR" not in rules


def test_part_b_not_yet_in_force_in_2019() -> None:
    findings = legal_findings("Huawei", date(2019, 9, 1))
    part_b = [f for f in findings if "R-889B" in f.rules]
    assert part_b and all(f.outcome != "prohibited" for f in part_b)


def test_every_finding_has_a_question_or_is_a_fact() -> None:
    for finding in legal_findings("Huawei", date(2026, 11, 23)):
        assert finding.rules and finding.explanation
        assert finding.scenario or finding.id == "fcc-rip-and-replace"
