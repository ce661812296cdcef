"""Brand exclusions (data/regimes/companies.yaml ``brand_exclusions``, lists/brand_exclusions.py): a cited namesake
sharing a covered company's brand word is never that company, by its brand word or by a fuzzy match to the
company's entries; the determination says so with the citation; the company's real members still resolve; a broken
record names file, line and field."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from ictguard.errors import DataFileError
from ictguard.families.load import default_families
from ictguard.lists.curated import REGIMES_DIR, default_regimes, load_regimes
from ictguard.rules import LayeredResolver, curated_resolver, decide
from ictguard.rules.facts import FactBuilder
from tests.rules._txn import US_EXPORTER, item, party, txn

DAY = "2026-03-01"  # after the Autel Covered List entry (2025-12-22) and its Entity List entry (2024-06-18)
CLS = "https://api3.cls.cn/share/subject/2024"
EVCC = "https://docs.evcc.io/en/chargers/autel-ac-maxicharger"
IEEE_SCALE = "402C761"
SINA = "https://finance.sina.com.cn/roll/2024-05-24/doc-inawhehn5891655.shtml"


def authorization(maker: str) -> dict[str, Any]:
    applicant = party("applicant", "Prairie Drone Distribution LLC", "US")
    return txn(DAY, "equipment_authorization", [applicant], [item("drone", "drone", manufacturer=maker)])


def camera_contract(supplier: str) -> dict[str, Any]:
    agency = party("agency", "Department of Examples", "US")
    items = [item("video_surveillance", "cameras")]
    return txn("2021-01-01", "federal_contract", [agency, party("supplier", supplier)], items, security_purpose=True)


def export(end_user: str) -> dict[str, Any]:
    return txn(DAY, "export", [US_EXPORTER, party("end_user", end_user, "CN")], [item("other", "goods", "EAR99")])


# (label, transaction, outcome, source cited in a note or None when no exclusion applies). A drone whose maker is
# no covered company and states no production country is a ``flag`` under the categorical UAS entry.
CASES = [
    ("autel intelligent maker", authorization("Autel Intelligent Technology Corp., Ltd."), "flag", CLS),
    ("autel intelligent with city", authorization("Autel Intelligent Technology Corp Ltd Shenzhen"), "flag", CLS),
    # nothing of Autel Robotics's reaches it to take away, so no note either
    ("daotong keji chinese", authorization("深圳市道通科技股份有限公司"), "flag", None),
    ("maxicharger product line", authorization("Autel MaxiCharger"), "flag", EVCC),
    ("autel intelligent end user", export("Autel Intelligent Technology Corp., Ltd."), "no_restriction", CLS),
    # real members and the brand itself still resolve
    ("autel robotics maker", authorization("Autel Robotics Co., Ltd."), "prohibited", None),
    ("autel robotics usa maker", authorization("Autel Robotics USA LLC"), "prohibited", None),
    ("autel brand drone", authorization("Autel EVO II"), "prohibited", None),
    (
        "former english name",
        authorization("Shenzhen Autel Intelligent Aviation Technology Co., Ltd."),
        "prohibited",
        None,
    ),
    ("autel robotics end user", export("Autel Robotics Co., Ltd."), "license_required", None),
    ("dahua cpa supplier", camera_contract("Dahua Certified Public Accountants"), "no_restriction", SINA),
    ("dahua cpa short", camera_contract("Dahua CPA"), "no_restriction", SINA),
    ("dahua scale factory", camera_contract("Shanghai Dahua Scale Factory"), "no_restriction", IEEE_SCALE),
    ("autel ieee spelling", authorization("Autel lntelligent Technology Corp.,Ltd"), "flag", CLS),
    ("dahua usa supplier", camera_contract("Dahua Technology USA Inc."), "prohibited", None),
    ("dahua brand supplier", camera_contract("Dahua Imou"), "prohibited", None),
    (
        "daotong aviation end user",
        export("Shenzhen Daotong Intelligent Aviation Technology Co., Ltd."),
        "license_required",
        None,
    ),
]


@pytest.mark.parametrize(("label", "transaction", "outcome", "source"), CASES, ids=[c[0] for c in CASES])
def test_brand_exclusions_decide(
    layered_resolver: LayeredResolver, label: str, transaction: dict[str, Any], outcome: str, source: str | None
) -> None:
    d = decide(transaction, resolver=layered_resolver)
    assert d.outcome == outcome, (label, [f.to_dict() for f in d.findings])
    matched = {f.matched_entity for f in d.findings}
    if source is not None:
        assert not {m for m in matched if m and ("Autel Robotics" in m or "Daotong" in m or "Dahua" in m)}, matched
    excluded = [n for n in d.notes if "brand exclusion" in n]
    if source is None:
        assert not excluded, (label, d.notes)
    else:
        assert excluded and source in excluded[0], (label, d.notes)
        assert "is not treated as" in excluded[0]


# Before/after on the brand-token rule alone: the same names with the exclusions taken out of the data.
BRAND_ONLY = [
    ("Autel Intelligent Technology Corp., Ltd.", "autel", None),
    ("Autel MaxiCharger", "autel", None),
    ("Autel EVO Lite", "autel", "autel"),
    ("Autel Robotics USA LLC", "autel", "autel"),
    ("Dahua Certified Public Accountants", "dahua", None),
    ("Dahua Imou", "dahua", "dahua"),
    ("Shanghai Dahua Scale Factory", "dahua", None),
]


@pytest.mark.parametrize(("name", "before", "after"), BRAND_ONLY, ids=[b[0] for b in BRAND_ONLY])
def test_brand_token_before_and_after(name: str, before: str, after: str | None) -> None:
    regimes = default_regimes()
    stripped = dataclasses.replace(
        regimes,
        companies={k: dataclasses.replace(c, brand_exclusions=()) for k, c in regimes.companies.items()},
    )
    without = FactBuilder(stripped, curated_resolver()).company_of(name, None)
    found = FactBuilder(regimes, curated_resolver()).company_of(name, None)
    assert (without[0].id if without else None) == before
    assert (found[0].id if found else None) == after


def test_finding_about_an_excluded_party_cites_the_exclusion(layered_resolver: LayeredResolver) -> None:
    supplier = party("supplier", "Autel Intelligent Technology Corp., Ltd.", "CN")
    agency = party("agency", "Department of Examples", "US")
    d = decide(txn(DAY, "ict_transaction", [agency, supplier], [item("drone", "drone")]), resolver=layered_resolver)
    about = [f for f in d.findings if f.party == supplier["name"]]
    assert about and all(any(CLS in c for c in f.citations) and "brand exclusion" in f.explanation for f in about)
    assert all(f.matched_entity != "Autel Robotics Co., Ltd." for f in about)


def test_no_exclusion_matches_a_name_of_its_own_family() -> None:
    """An exclusion never swallows a recorded name of the company's family (parent, members, any script)."""
    for company in default_regimes().companies.values():
        names = [company.name, *company.aliases]
        for family in default_families().values():
            if family.company == company.id:
                names += [family.parent.name, *family.parent.list_names, *(n.name for n in family.parent.names)]
                names += [s for m in family.members for s in m.spellings]
        for exclusion in company.brand_exclusions:
            assert not [n for n in names if exclusion.matches(n)], (company.id, exclusion.namesake)


AUTEL_RECORD = """    brand_exclusions:
      - namesake: "Example Namesake Ltd."
        patterns: ['\\bexample namesake\\b']
        examples: ["Example Namesake Ltd."]
        citation: "example source"
"""
ERRORS = [
    ("bad regex", AUTEL_RECORD.replace("['\\bexample namesake\\b']", "['(unclosed']"), "patterns"),
    ("example unmatched", AUTEL_RECORD.replace('["Example Namesake Ltd."]', '["Other Firm"]'), "examples"),
    (
        "matches own name",
        AUTEL_RECORD.replace("['\\bexample namesake\\b']", "['example namesake', 'autel robotics']"),
        "patterns",
    ),
    ("missing citation", AUTEL_RECORD.replace('        citation: "example source"\n', ""), "citation"),
    ("unknown field", AUTEL_RECORD.replace("        citation:", "        reason: x\n        citation:"), "reason"),
    ("no patterns", AUTEL_RECORD.replace("['\\bexample namesake\\b']", "[]"), "patterns"),
    ("empty list", "    brand_exclusions: []\n", "brand_exclusions"),
]


@pytest.mark.parametrize(("label", "record", "field"), ERRORS, ids=[e[0] for e in ERRORS])
def test_broken_exclusion_names_file_line_field(tmp_path: Path, label: str, record: str, field: str) -> None:
    shutil.copytree(REGIMES_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "companies.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    brand_exclusions:", text.index("id: autel"))
    end = text.index("    country: CN", start)
    path.write_text(text[:start] + record + text[end:], encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load_regimes(tmp_path)
    error = raised.value
    assert error.file == str(path) and error.field == field, (label, str(error))
    assert error.line is not None and error.line > text[:start].count("\n"), (label, str(error))
