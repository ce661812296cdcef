"""Rule files are validated when loaded: every defect is a DataFileError naming file, line and field."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.lists.curated import default_regimes
from ictguard.rules import default_rules
from ictguard.rules.ruleset import OUTCOMES, RULES_DIR, load_rules

GOOD = """rules:
  - id: R-TEST
    regime: EAR
    kinds: [export]
    stage: restriction
    authority: "test authority"
    citations: ["1 FR 1"]
    effective: 2020-01-01
    when: {fact: listing, eq: EL-GEN}
    outcome: license_required
    explanation: "test {matched}"
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "test.yaml").write_text(text)
    return tmp_path


def test_packaged_rules_load_and_cover_every_rule_id() -> None:
    ids = {r.id for r in default_rules().rules}
    expected = {
        "R-EL-GEN",
        "R-EL-HUAWEI-1",
        "R-EL-HUAWEI-2",
        "R-EL-HUAWEI-3",
        "R-TGL-HUAWEI",
        "R-FDPR-HUAWEI-1",
        "R-FDPR-HUAWEI-2",
        "R-EL-STANDARDS",
        "R-EL-XINJIANG-28",
        "R-EL-AFFILIATES",
        "R-ZTE-STATUS",
        "R-EO13873",
        "R-ICTS-IFR",
        "R-ICTS-FINAL",
        "R-ICTS-KASPERSKY",
        "R-ICTS-CV",
        "R-889A",
        "R-889B",
        "R-889-GRANTS",
        "R-889-EXC",
        "R-889-WAIVER",
        "R-FCC-54.9",
        "R-FCC-54.10",
        "R-FCC-RR",
        "R-FCC-EQAUTH",
        "R-ONVIF",
    }
    assert expected <= ids
    for rule in default_rules().rules:
        assert rule.citations and rule.authority and rule.outcome in OUTCOMES


def test_good_file_loads(tmp_path: Path) -> None:
    rules = load_rules(default_regimes(), write(tmp_path, GOOD))
    assert [r.id for r in rules.rules] == ["R-TEST"]
    assert rules.rules[0].window_on(date(2019, 12, 31))[0] == "pending"
    assert rules.rules[0].window_on(date(2020, 1, 1))[0] == "in_force"


@pytest.mark.parametrize(
    ("old", "new", "field", "line"),
    [
        ("    outcome: license_required\n", "    outcome: license_required\n    colour: red\n", "colour", 11),
        ('    citations: ["1 FR 1"]\n', "", "citations", 2),
        ('    citations: ["1 FR 1"]\n', "    citations: []\n", "citations", 7),
        ("    effective: 2020-01-01\n", "    effective: 2020-13-01\n", None, 8),
        ("    effective: 2020-01-01\n", "    effective: 2020-01-01\n    end: 2019-01-01\n", "end", 9),
        ("{fact: listing, eq: EL-GEN}", "{fact: colour, eq: red}", "when", 9),
        ("{fact: listing, eq: EL-GEN}", "{fact: listing, near: EL-GEN}", "when", 9),
        ("    kinds: [export]\n", "    kinds: [smuggling]\n", "kinds", 4),
        ("    outcome: license_required\n", "    outcome: maybe\n", "outcome", 10),
        ("    effective: 2020-01-01\n", "    windows: no_such_window\n", "windows", 8),
        ('"test {matched}"', '"test {colour}"', "explanation", 11),
        ("  - id: R-TEST\n", "  - id: test\n", "id", 2),
    ],
)
def test_defects_name_file_line_and_field(tmp_path: Path, old: str, new: str, field: str | None, line: int) -> None:
    assert old in GOOD
    with pytest.raises(DataFileError) as err:
        load_rules(default_regimes(), write(tmp_path, GOOD.replace(old, new)))
    assert err.value.file is not None and err.value.file.endswith("test.yaml")
    assert err.value.line == line
    if field is not None:
        assert err.value.field == field


def test_duplicate_rule_variant_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="duplicate rule"):
        load_rules(default_regimes(), write(tmp_path, GOOD + GOOD.split("rules:\n", 1)[1]))


def test_packaged_rules_copy_loads(tmp_path: Path) -> None:
    for path in RULES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    assert len(load_rules(default_regimes(), tmp_path).rules) == len(default_rules().rules)
