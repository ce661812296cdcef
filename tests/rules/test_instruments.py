"""Rule support data (data/rules/meta) and the citation checks are validated at load (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.lists.curated import default_regimes
from ictguard.rules.instruments import META_DIR, citation_problem, instruments, jurisdiction
from ictguard.rules.ruleset import load_rules

RULE = """rules:
  - id: R-TEST
    regime: EAR
    kinds: [export]
    stage: restriction
    authority: "test authority"
    citations: [{cite}]
    effective: 2020-01-01
    outcome: {outcome}
    explanation: "test"
{extra}"""


@pytest.mark.parametrize(
    ("cite", "problem"),
    [
        ("84 FR 22961", None),
        ("15 CFR 744.16", None),
        ("90 FR 47201, re-imposed absent extension", None),
        ("90 FR (2025-11-12) One Year Suspension", "without a page"),
        ("87 FR", "without a page"),
        ("fcc_covered_list.csv row 12", "internal file row"),
        ("DA 21-309; row 3", "internal file row"),
    ],
)
def test_citation_problem(cite: str, problem: str | None) -> None:
    found = citation_problem(cite)
    assert (found is None) if problem is None else (found is not None and problem in found)


@pytest.mark.parametrize(
    ("cite", "outcome", "extra", "field"),
    [
        ('"90 FR (2025) suspension"', "license_required", "", "citations"),
        ('"1 FR 1"', "license_required", "    settles: [item.origin_country]\n", "settles"),
        ('"1 FR 1"', "flag", "    settles: [no.such.fact]\n", "settles"),
    ],
)
def test_bad_rule_names_file_line_field(tmp_path: Path, cite: str, outcome: str, extra: str, field: str) -> None:
    (tmp_path / "t.yaml").write_text(RULE.format(cite=cite, outcome=outcome, extra=extra))
    with pytest.raises(DataFileError) as err:
        load_rules(default_regimes(), tmp_path)
    assert err.value.field == field and err.value.line is not None and "t.yaml" in str(err.value)


def test_packaged_meta_data_loads() -> None:
    assert instruments()["FAR 52.204-26"].effective.isoformat() == "2019-12-13"
    assert jurisdiction().general_level == 0.25 and "IR" in jurisdiction().strict_countries


def test_bad_meta_data(tmp_path: Path) -> None:
    (tmp_path / "instruments.yaml").write_text(
        "instruments:\n  - {cite: X, effective: 2020-01-02, valid_through: 2020-01-01}\n"
    )
    with pytest.raises(DataFileError) as err:
        instruments(tmp_path)
    assert err.value.field == "valid_through"
    text = (META_DIR / "ear_jurisdiction.yaml").read_text().replace("id: assumed", "id: guessed")
    (tmp_path / "ear_jurisdiction.yaml").write_text(text)
    with pytest.raises(DataFileError) as err:
        jurisdiction(tmp_path)
    assert "assumed" in str(err.value)
