"""Issue 15, items 1-6: jurisdiction first, the May 2020 FDP window, categorical Covered List entries, other lists
a party is on, the §889 exceptions (test_boundaries.py), and explanations a reviewer can sign. Table rows sit at
the boundary days (the de minimis level, each rule's first and last day)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ictguard.lists.curated import default_regimes
from ictguard.model import Entity
from ictguard.rules import IndexResolver, decide, default_rules, resolver_for_entities
from ictguard.rules.instruments import citation_problem
from tests.rules._txn import US_EXPORTER, export_to, item, owned_export, party, txn

HW = "Huawei Technologies Co., Ltd."
RANK = ["prohibited", "license_required", "reviewable", "flag", "authorized", "no_restriction"]


def from_korea(day: str, production_started: str | None = None, **it: Any) -> dict[str, Any]:
    """A Korean maker ships chips to Huawei (a reexport: the item is not in the US)."""
    parties = [party("exporter", "Hanbit Memory Co", "KR"), party("purchaser", HW, "CN")]
    ctx = {"production_started": production_started} if production_started else {}
    return txn(day, "reexport", parties, [item("semiconductors", "memory chips", **it)], **ctx)


def router(day: str, kind: str = "usf_purchase", **it: Any) -> dict[str, Any]:
    maker = party("manufacturer", "Linkwave Networks Inc", "US")
    buyer = party("purchaser", "Prairie Rural Telephone Cooperative", "US")
    return txn(
        day,
        kind,
        [buyer, maker],
        [item("telecom_equipment", "home router", manufacturer=maker["name"], **it)],
        model_authorized_before=False,
    )


def strictest(result: dict[str, Any], regime: str) -> dict[str, Any] | None:
    found = [f for f in result["findings"] if f["regime"] == regime]
    return min(found, key=lambda f: RANK.index(f["outcome"])) if found else None


# (label, transaction, regime, outcome, rule named, text the explanation must contain, settle)
ROWS: list[tuple[str, dict[str, Any], str, str, str | None, str | None, list[str] | None]] = [
    # 1. jurisdiction: de minimis at the level (25 %) and just above it
    (
        "content at de minimis",
        from_korea("2019-10-01", origin_country="KR", us_content_share=0.25),
        "EAR",
        "no_restriction",
        "R-EL-HUAWEI-1",
        "not above the de minimis level of 25 %",
        None,
    ),
    (
        "content above de minimis",
        from_korea("2019-10-01", origin_country="KR", us_content_share=0.26),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-1",
        "26 % controlled US-origin content",
        None,
    ),
    (
        "exporter's own de minimis finding",
        from_korea("2019-10-01", origin_country="KR", below_de_minimis=True),
        "EAR",
        "no_restriction",
        "R-EL-HUAWEI-1",
        "not subject to the EAR",
        None,
    ),
    (
        "foreign origin, content unknown",
        from_korea("2019-10-01", origin_country="KR"),
        "EAR",
        "flag",
        "R-EL-HUAWEI-1",
        "Missing fact: item.us_content_share",
        ["item.us_content_share"],
    ),
    (
        "US origin abroad",
        from_korea("2019-10-01", origin_country="US"),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-1",
        "of US origin",
        None,
    ),
    (
        "origin not given: assumed",
        from_korea("2019-10-01"),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-1",
        "Assumed the item is subject to the EAR",
        None,
    ),
    (
        "foreign item exported from the US",
        export_to("2019-10-01", HW, item("other", "goods", origin_country="KR", us_content_share=0.0)),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-1",
        "exported from the United States",
        None,
    ),
    (
        "listing not yet in force: no jurisdiction flag",
        from_korea("2019-05-15", origin_country="KR"),
        "EAR",
        "no_restriction",
        "R-EL-HUAWEI-1",
        None,
        None,
    ),
    # 2. the May 2020 FDP rule reached only items produced from Huawei designs (2020-05-15 .. 2020-08-16)
    (
        "fdp-1 not Huawei design, first day",
        from_korea("2020-05-15", produced_abroad_with_us_tech=True, huawei_design=False),
        "EAR",
        "no_restriction",
        "R-FDPR-HUAWEI-1",
        "reached only foreign-produced items made from Huawei designs",
        None,
    ),
    (
        "fdp-1 not Huawei design, last day",
        from_korea("2020-08-16", produced_abroad_with_us_tech=True, huawei_design=False),
        "EAR",
        "no_restriction",
        "R-FDPR-HUAWEI-1",
        None,
        None,
    ),
    (
        "fdp-2 takes any such item",
        from_korea("2020-08-17", "2020-06-01", produced_abroad_with_us_tech=True, huawei_design=False),
        "EAR",
        "license_required",
        "R-FDPR-HUAWEI-2",
        "expanded FDP rule",
        None,
    ),
    (
        "fdp-1 design unknown",
        from_korea("2020-05-15", produced_abroad_with_us_tech=True),
        "EAR",
        "flag",
        "R-FDPR-HUAWEI-1",
        "Missing fact: item.huawei_design",
        ["item.huawei_design"],
    ),
    (
        "fdp-1 design unknown, day before",
        from_korea("2020-05-14", produced_abroad_with_us_tech=True),
        "EAR",
        "no_restriction",
        "R-FDPR-HUAWEI-1",
        None,
        None,
    ),
    (
        "fdp-1 Huawei design",
        from_korea(
            "2020-05-15", produced_abroad_with_us_tech=True, huawei_design=True, production_started="2020-05-15"
        ),
        "EAR",
        "license_required",
        "R-FDPR-HUAWEI-1",
        "produced from a Huawei design",
        None,
    ),
    # 3. categorical Covered List entry 14 (routers produced in a foreign country, added 2026-03-23, bar 2026-05-22)
    (
        "router, US brand, origin unknown",
        router("2026-05-22"),
        "FCC",
        "flag",
        "R-FCC-COVLIST",
        "Missing fact: item.origin_country",
        ["item.origin_country"],
    ),
    (
        "router made abroad, bar starts",
        router("2026-05-22", origin_country="VN"),
        "FCC",
        "prohibited",
        "R-FCC-54.10",
        None,
        None,
    ),
    (
        "router made abroad, day before bar",
        router("2026-05-21", origin_country="VN"),
        "FCC",
        "flag",
        "R-FCC-54.10",
        None,
        None,
    ),
    ("router made in the US", router("2026-05-22", origin_country="US"), "FCC", "no_restriction", None, None, None),
    ("router before the entry", router("2026-03-22"), "FCC", "no_restriction", None, None, None),
    (
        "router authorization, origin unknown",
        router("2026-03-23", "equipment_authorization"),
        "FCC",
        "flag",
        "R-FCC-COVLIST",
        "Missing fact: item.origin_country",
        ["item.origin_country"],
    ),
    # 4. other lists a party is on
    (
        "denied person",
        export_to("2019-06-01", "ADT Analog and Digital Technik", country="DE"),
        "EAR",
        "flag",
        "R-DPL",
        "Denied Persons List",
        None,
    ),
    (
        "military end user, first day",
        export_to("2020-12-23", "AECC Aviation Power Co. Ltd."),
        "EAR",
        "flag",
        "R-MEU",
        "15 CFR 744.21",
        None,
    ),
    (
        "military end user, day before",
        export_to("2020-12-22", "AECC Aviation Power Co. Ltd."),
        "EAR",
        "no_restriction",
        None,
        None,
        None,
    ),
    (
        "SDN supplier of a procurement",
        txn(
            "2022-01-01",
            "procurement",
            [party("agency", "Department of Examples", "US"), party("supplier", "Aerocaribbean Airlines", "CU")],
            [item("services")],
        ),
        "OFAC",
        "flag",
        "R-SDN",
        "31 CFR Chapter V",
        None,
    ),
]


@pytest.mark.parametrize(
    ("label", "transaction", "regime", "outcome", "rule", "text", "settle"), ROWS, ids=[r[0] for r in ROWS]
)
def test_row(
    list_resolver: IndexResolver,
    label: str,
    transaction: dict[str, Any],
    regime: str,
    outcome: str,
    rule: str | None,
    text: str | None,
    settle: list[str] | None,
) -> None:
    result = decide(transaction, resolver=list_resolver).to_dict()
    found = strictest(result, regime)
    assert found is not None, (label, result["findings"])
    assert found["outcome"] == outcome, (label, found)
    if rule is not None:
        assert rule in found["rules"], (label, found)
    if text is not None:
        assert text in found["explanation"], (label, found["explanation"])
    if settle is not None:
        assert found["settle"] == settle and found["explanation"].startswith(f"Missing fact: {settle[0]}"), found
    assert "subject to the EAR under the" not in found["explanation"] or found["outcome"] == "license_required"


def test_assumed_jurisdiction_cites_the_scope_rule(list_resolver: IndexResolver) -> None:
    found = strictest(decide(from_korea("2019-10-01"), resolver=list_resolver).to_dict(), "EAR")
    assert found is not None and "15 CFR 734.3" in found["citations"]


def test_de_minimis_level_is_ten_percent_for_country_group_e1() -> None:
    from ictguard.rules.facts import FactBuilder
    from ictguard.rules.transaction import parse_transaction

    builder = FactBuilder(default_regimes(), resolver_for_entities([], None))
    t = parse_transaction(
        txn(
            "2022-01-01",
            "reexport",
            [party("end_user", "Some Buyer", "IR")],
            [item("other", origin_country="DE", us_content_share=0.11)],
        )
    )
    facts = builder.jurisdiction_facts(t, t.items[0])
    assert facts["de_minimis_level"] == 0.10 and facts["ear_jurisdiction"] == "above_de_minimis"


def test_every_list_a_party_is_on_is_named() -> None:
    """A party on the Unverified List and the SDN list gets one finding per list, each with its own citation."""
    uvl = Entity(
        id="uvl:1",
        source="UVL",
        name="Falcon Trading FZE",
        countries=("AE",),
        source_name="Unverified List (UVL) - Bureau of Industry and Security",
        start_date=date(2020, 1, 1),
    )
    sdn = Entity(
        id="sdn:1",
        source="SDN",
        name="Falcon Trading FZE",
        countries=("AE",),
        programs=("IRAN",),
        source_name="Specially Designated Nationals (SDN) - Treasury Department",
    )
    resolver = resolver_for_entities([uvl, sdn], "test")
    result = decide(export_to("2021-01-01", "Falcon Trading FZE", country="AE"), resolver=resolver).to_dict()
    by_rule = {f["rules"][0]: f for f in result["findings"] if f["rules"]}
    assert by_rule["R-UVL"]["regime"] == "EAR" and "15 CFR 744.15" in by_rule["R-UVL"]["citations"]
    assert by_rule["R-SDN"]["regime"] == "OFAC" and by_rule["R-SDN"]["citations"] == ["31 CFR Chapter V"]
    assert all("regime_rules.md has no rule" in f["explanation"] for f in by_rule.values())
    assert result["outcome"] == "flag"
    before = decide(export_to("2019-12-31", "Falcon Trading FZE", country="AE"), resolver=resolver).to_dict()
    assert {f["rules"][0] for f in before["findings"] if f["rules"]} == {"R-SDN"}  # the UVL entry starts 2020


# ---------- 6. explanations ----------
def _finding(result: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(f for f in result["findings"] if rule in f["rules"])


def test_far_52_204_26_not_cited_before_it_took_effect(list_resolver: IndexResolver) -> None:
    def part_a(day: str) -> dict[str, Any]:
        it = item("telecom_equipment", "switches", manufacturer="Huawei")
        t = txn(day, "procurement", [party("agency", "Department of Examples", "US")], [it])
        return _finding(decide(t, resolver=list_resolver).to_dict(), "R-889A")

    early = part_a("2019-12-12")
    assert "52.204-26" not in " ".join(early["citations"]) + early["explanation"]
    assert "FAR 52.204-24" in early["citations"]


def test_covered_list_notice_not_cited_on_a_2020_usf_finding(list_resolver: IndexResolver) -> None:
    it = item("telecom_equipment", "base stations", manufacturer="Huawei")
    usf = txn("2020-07-01", "usf_purchase", [party("purchaser", "Prairie Rural Telephone Cooperative", "US")], [it])
    found = _finding(decide(usf, resolver=list_resolver).to_dict(), "R-FCC-54.9")
    assert "DA 21-309" not in found["citations"] and "DA 20-690" in found["citations"]


@pytest.mark.parametrize(("day", "named"), [("2020-03-11", False), ("2020-03-12", True)])
def test_no_reimbursement_note_before_the_programme_existed(
    list_resolver: IndexResolver, day: str, named: bool
) -> None:
    it = item("telecom_equipment", "base stations", manufacturer="Huawei")
    usf = txn(day, "usf_purchase", [party("purchaser", "Prairie Rural Telephone Cooperative", "US")], [it])
    findings = decide(usf, resolver=list_resolver).to_dict()["findings"]
    assert any("R-FCC-RR" in f["rules"] for f in findings) is named
    assert not any("FCC 21-86" in f["citations"] for f in findings)


@pytest.mark.parametrize(("day", "cited"), [("2023-02-05", False), ("2023-02-06", True)])
def test_equipment_rules_cited_from_their_effective_date(list_resolver: IndexResolver, day: str, cited: bool) -> None:
    applicant = party("applicant", "ZTE Corporation")
    t = txn(
        day,
        "equipment_authorization",
        [applicant],
        [item("telecom_equipment", "new model", manufacturer="ZTE Corporation")],
        model_authorized_before=False,
    )
    found = _finding(decide(t, resolver=list_resolver).to_dict(), "R-FCC-EQAUTH")
    assert ("88 FR 7592" in found["citations"]) is cited and "FCC 22-84" in found["citations"]


@pytest.mark.parametrize(
    ("day", "window"),
    [
        ("2019-06-01", "2019-05-20 to 2019-08-19"),
        ("2019-12-01", "2019-11-18 to 2020-02-16"),
        ("2020-02-14", "2020-02-13 to 2020-04-01"),
        ("2020-03-10", "2020-03-10 to 2020-05-15"),
        ("2020-08-13", "2020-05-15 to 2020-08-13"),
    ],
)
def test_tgl_window_is_each_notices_own(list_resolver: IndexResolver, day: str, window: str) -> None:
    t = export_to(
        day, HW, item("software", "patch", "EAR99"), tgl_prong="existing_handsets", product_public_release="2018-06-01"
    )
    found = _finding(decide(t, resolver=list_resolver).to_dict(), "R-TGL-HUAWEI")
    assert found["outcome"] == "authorized" and window in found["explanation"], found["explanation"]


def test_ownership_share_is_a_percentage(list_resolver: IndexResolver) -> None:
    found = _finding(decide(owned_export("2025-10-15"), resolver=list_resolver).to_dict(), "R-EL-AFFILIATES")
    assert "60 %" in found["explanation"] and "0.6" not in found["explanation"]


def test_every_rule_citation_names_volume_and_page() -> None:
    for rule in default_rules().rules:
        for cite in [*rule.citations, *(w.citation for w in rule.windows)]:
            assert citation_problem(cite) is None, (rule.id, cite)
    for entry in default_regimes().covered_list:
        assert citation_problem(entry.citation) is None, entry


def test_warnings_for_bad_input(list_resolver: IndexResolver) -> None:
    empty = txn("2021-01-01", "export", [], [item("software")])
    assert "parties is empty" in decide(empty, resolver=list_resolver).to_dict()["warnings"][0]
    undated = export_to("2019-11-22", HW, item("software", "sw", "5D992.c"), specific_license={"number": "D1"})
    result = decide(undated, resolver=list_resolver).to_dict()
    assert "no grant date" in result["warnings"][0]
    ear = strictest(result, "EAR")
    assert ear is not None and ear["outcome"] == "flag" and ear["settle"] == ["context.license_granted"]
    late = decide(export_to("2026-08-01", HW), resolver=list_resolver, list_current_to=date(2026, 7, 31)).to_dict()
    assert "after the list version's currency (2026-07-31)" in late["warnings"][0]
    on_time = decide(export_to("2026-07-31", HW), resolver=list_resolver, list_current_to=date(2026, 7, 31))
    assert on_time.warnings == []
    assert "warnings" not in decide(export_to("2021-01-01", HW), resolver=list_resolver).to_dict()
    assert US_EXPORTER["country"] == "US"


def test_missing_category_flag_names_the_fact_first(list_resolver: IndexResolver) -> None:
    t = txn(
        "2021-01-01",
        "procurement",
        [party("agency", "Department of Examples", "US")],
        [{"description": "gear", "manufacturer": "Huawei"}],
    )
    found = _finding(decide(t, resolver=list_resolver).to_dict(), "R-889A")
    assert found["outcome"] == "flag" and found["settle"] == ["item.category"]
    assert found["explanation"].startswith("Missing fact: item.category.")
