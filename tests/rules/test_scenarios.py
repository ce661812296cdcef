"""regime_rules.md §4 worked scenarios, in the decisions.md schema, plus a case on each side of every date
boundary (the day before and the day a rule takes effect or lapses). Names are resolved against the shared
consolidated list, so spelling variants go through real name resolution."""

from __future__ import annotations

from typing import Any

import pytest

from ictguard.rules import LayeredResolver, decide
from tests.rules._txn import export_to, item, owned_export, party, txn

HW = "Huawei Technologies Co Ltd"
SW = item("software", "OS security patch", "EAR99")
TECH = item("other", "5G technology contribution", "EAR99")
FOREIGN_CHIPS = item("semiconductors", "memory chips", produced_abroad_with_us_tech=True)
AGENCY = party("agency", "General Services Administration", "US")
CONTRACTOR = party("contractor", "Acme Services LLC", "US")
ETC = party("purchaser", "Prairie Rural Telephone Cooperative", "US")


def reexport(day: str, exporter: tuple[str, str], buyer: str, it: dict[str, Any], **ctx: Any) -> dict[str, Any]:
    return txn(day, "reexport", [party("exporter", *exporter), party("purchaser", buyer, "CN")], [it], **ctx)


def kind_txn(day: str, kind: str, parties: list[dict[str, Any]], it: dict[str, Any], **ctx: Any) -> dict[str, Any]:
    return txn(day, kind, parties, [it], **ctx)


# (label, transaction, regime, finding outcome, rules the finding must name, extra expected finding fields)
SCENARIOS: list[tuple[str, dict[str, Any], str, str, set[str], dict[str, Any]]] = [
    ("s1 before Huawei listing", export_to("2019-05-10", HW), "EAR", "no_restriction", {"R-EL-HUAWEI-1"}, {}),
    (
        "s3 outside TGL",
        export_to("2019-06-01", HW),
        "EAR",
        "license_required",
        {"R-EL-HUAWEI-1", "R-TGL-HUAWEI"},
        {"policy": "presumption_of_denial"},
    ),
    (
        "s4 TGL handsets",
        export_to("2019-06-01", HW, SW, tgl_prong="existing_handsets", product_public_release="2018-06-01"),
        "EAR",
        "authorized",
        {"R-TGL-HUAWEI"},
        {"basis": "tgl"},
    ),
    (
        "s6 TGL v1 5G standards",
        export_to("2019-06-01", HW, TECH, tgl_prong="standards_5g"),
        "EAR",
        "authorized",
        {"R-TGL-HUAWEI"},
        {"basis": "tgl"},
    ),
    (
        "s7 standards prong dropped in v2",
        export_to("2019-09-15", HW, TECH, tgl_prong="standards_5g"),
        "EAR",
        "license_required",
        {"R-TGL-HUAWEI", "R-EL-GEN"},
        {"policy": "presumption_of_denial"},
    ),
    (
        "s9 specific licence",
        export_to(
            "2019-11-22",
            HW,
            item("software", "mass-market software", "5D992.c"),
            specific_license={"number": "D123456", "granted": "2019-11-20"},
        ),
        "EAR",
        "authorized",
        {"R-EL-HUAWEI-1", "R-EL-GEN"},
        {"basis": "specific_license"},
    ),
    (
        "s11 TGL expired",
        export_to("2020-08-14", HW, SW, tgl_prong="existing_networks", contract_date="2019-01-15"),
        "EAR",
        "license_required",
        {"R-TGL-HUAWEI", "R-EL-HUAWEI-1"},
        {"policy": "presumption_of_denial"},
    ),
    (
        "s12 permanent security research",
        export_to("2020-09-01", HW, SW, tgl_prong="cybersecurity_research"),
        "EAR",
        "authorized",
        {"R-TGL-HUAWEI"},
        {"basis": "authorization"},
    ),
    (
        "s14 FDP transition",
        reexport(
            "2020-06-20",
            ("Formosa Foundry Corp", "TW"),
            "HiSilicon",
            # huawei_design: issue 15 — the May 2020 FDP rule reached only items made from Huawei designs
            item("semiconductors", "HiSilicon-designed SoC", produced_abroad_with_us_tech=True, huawei_design=True),
            production_started="2020-04-01",
        ),
        "EAR",
        "authorized",
        {"R-FDPR-HUAWEI-1"},
        {"basis": "transition"},
    ),
    (
        "s15 expanded FDP",
        reexport("2020-10-01", ("Hanbit Memory Co", "KR"), HW, FOREIGN_CHIPS),
        "EAR",
        "license_required",
        {"R-FDPR-HUAWEI-2"},
        {"policy": "presumption_of_denial"},
    ),
    (
        "s16 before FDP",
        reexport("2019-10-01", ("Hanbit Memory Co", "KR"), HW, FOREIGN_CHIPS),
        "EAR",
        "no_restriction",
        {"R-FDPR-HUAWEI-1"},
        {},
    ),
    (
        "s17 before Xinjiang listing",
        export_to("2019-10-08", "iFlytek", it=item("other", "GPUs", "EAR99")),
        "EAR",
        "no_restriction",
        {"R-EL-XINJIANG-28"},
        {},
    ),
    (
        "s19 Xinjiang carve-out ECCN",
        export_to("2019-10-10", "Urumqi Municipal PSB", it=item("other", "protective gear", "1A004.c")),
        "EAR",
        "license_required",
        {"R-EL-XINJIANG-28"},
        {"policy": "case_by_case"},
    ),
    (
        "s19b EAR99 1A995 note item",
        export_to(
            "2019-10-10",
            "Urumqi Municipal Public Security Bureau",
            it=item("other", "consumer chemical/biological protection mask", "EAR99"),
        ),
        "EAR",
        "license_required",
        {"R-EL-XINJIANG-28"},
        {"policy": "case_by_case"},
    ),
    (
        "s20 before 889A",
        kind_txn("2019-08-01", "procurement", [AGENCY], item("telecom_equipment", "routers", manufacturer="Huawei")),
        "NDAA889",
        "no_restriction",
        {"R-889A"},
        {},
    ),
    (
        "s22 Dahua menu board",
        kind_txn(
            "2021-09-01",
            "procurement",
            [AGENCY],
            item("video_surveillance", "menu board displays", manufacturer="Dahua"),
            security_purpose=False,
        ),
        "NDAA889",
        "flag",
        {"R-889-DEF", "R-889A"},
        {},
    ),
    (
        "s23 Part B any use",
        kind_txn(
            "2020-09-01",
            "federal_contract",
            [AGENCY, CONTRACTOR],
            item("telecom_equipment", "office handsets", manufacturer="Huawei"),
        ),
        "NDAA889",
        "prohibited",
        {"R-889B", "R-FAR-REPS"},
        {},
    ),
    (
        "s25 agency waiver lapsed",
        kind_txn(
            "2022-09-01",
            "federal_contract",
            [AGENCY, CONTRACTOR],
            item("telecom_equipment", "office handsets", manufacturer="Huawei"),
            waiver="agency",
        ),
        "NDAA889",
        "prohibited",
        {"R-889-WAIVER", "R-889B"},
        {},
    ),
    (
        "s27 grant Dahua cameras",
        kind_txn(
            "2021-06-01",
            "federal_grant_purchase",
            [party("grantee", "City of Elm")],
            item("video_surveillance", "traffic cameras", manufacturer="Dahua"),
            security_purpose=True,
        ),
        "NDAA889",
        "prohibited",
        {"R-889-GRANTS"},
        {},
    ),
    (
        "s28 USF initial designation",
        kind_txn(
            "2020-02-01", "usf_purchase", [ETC], item("telecom_equipment", "base stations", manufacturer="Huawei")
        ),
        "FCC",
        "no_restriction",
        {"R-FCC-54.9"},
        {},
    ),
    (
        "s30 USF Hikvision",
        kind_txn(
            "2021-06-01",
            "usf_purchase",
            [ETC],
            item("video_surveillance", "cameras for switching center", manufacturer="Hikvision"),
            security_purpose=True,
        ),
        "FCC",
        "prohibited",
        {"R-FCC-54.10", "R-FCC-COVLIST"},
        {},
    ),
    (
        "s32 Hikvision certification",
        kind_txn(
            "2023-03-01",
            "equipment_authorization",
            [party("applicant", "Hangzhou Hikvision Digital Technology Co., Ltd.", "CN")],
            item("video_surveillance", "IP camera", manufacturer="Hikvision"),
        ),
        "FCC",
        "prohibited",
        {"R-FCC-EQAUTH"},
        {},
    ),
    (
        "s33 new DJI drone",
        kind_txn(
            "2026-01-15",
            "equipment_authorization",
            [party("applicant", "Skyline Retail Inc", "US")],
            item("drone", "new drone model", manufacturer="SZ DJI Technology Co., Ltd."),
            model_authorized_before=False,
        ),
        "FCC",
        "prohibited",
        {"R-FCC-EQAUTH", "R-FCC-COVLIST"},
        {},
    ),
    (
        "s34 EO only",
        kind_txn(
            "2019-06-01",
            "ict_transaction",
            [party("purchaser", "Midwest ISP", "US"), party("supplier", HW, "CN")],
            item("telecom_equipment", "routers", manufacturer="Huawei"),
        ),
        "ICTS",
        "flag",
        {"R-EO13873"},
        {},
    ),
    (
        "s35 reviewable",
        kind_txn(
            "2021-04-01",
            "ict_transaction",
            [party("purchaser", "Cloudy Hosting", "US"), party("supplier", "Beijing Yunguan Software", "CN")],
            item("software", "management software"),
        ),
        "ICTS",
        "reviewable",
        {"R-ICTS-IFR", "R-ICTS-FA-LIST"},
        {},
    ),
    (
        "s37 Kaspersky new subscription",
        kind_txn(
            "2024-08-01",
            "ict_transaction",
            [party("purchaser", "Jane Consumer", "US"), party("supplier", "Shop Inc", "US")],
            item("software", "antivirus subscription", manufacturer="Kaspersky Lab, Inc."),
            new_agreement=True,
        ),
        "ICTS",
        "prohibited",
        {"R-ICTS-KASPERSKY"},
        {},
    ),
    (
        "s39 connected car software",
        kind_txn(
            "2026-09-01",
            "ict_transaction",
            [party("purchaser", "Auto Import LLC", "US"), party("supplier", "Shenzhen Telematics Co", "CN")],
            item("vehicle_software", "telematics software"),
            model_year=2027,
        ),
        "ICTS",
        "prohibited",
        {"R-ICTS-CV"},
        {},
    ),
    (
        "s40 VCS hardware MY2028",
        kind_txn(
            "2027-03-01",
            "ict_transaction",
            [party("purchaser", "Auto Import LLC", "US"), party("supplier", "Shenzhen Telematics Co", "CN")],
            item("vehicle_hardware", "telematics control unit"),
            model_year=2028,
        ),
        "ICTS",
        "no_restriction",
        {"R-ICTS-CV"},
        {},
    ),
    (
        "s41 affiliates active",
        owned_export("2025-10-15"),
        "EAR",
        "license_required",
        {"R-EL-AFFILIATES", "R-EL-HUAWEI-1"},
        {"policy": "presumption_of_denial"},
    ),
    (
        "s43 affiliates re-imposed",
        owned_export("2026-11-15"),
        "EAR",
        "license_required",
        {"R-EL-AFFILIATES"},
        {"policy": "presumption_of_denial"},
    ),
    (
        "s45 ZTE not listed",
        export_to("2023-01-10", "ZTE Corporation", it=item("other", "goods", "EAR99")),
        "EAR",
        "no_restriction",
        {"R-ZTE-STATUS"},
        {},
    ),
    (
        "s47 ONVIF 2020 suspended",
        kind_txn(
            "2020-03-01",
            "ict_transaction",
            [party("supplier", "Hikvision", "CN")],
            item("video_surveillance", "camera", manufacturer="Hikvision"),
        ),
        "ONVIF",
        "no_restriction",
        {"R-ONVIF"},
        {"status": "suspended"},
    ),
    (
        "s47 ONVIF 2023 reinstated",
        kind_txn(
            "2023-03-01",
            "ict_transaction",
            [party("supplier", "Hikvision", "CN")],
            item("video_surveillance", "camera", manufacturer="Hikvision"),
        ),
        "ONVIF",
        "no_restriction",
        {"R-ONVIF"},
        {"status": "reinstated"},
    ),
]


# The same scenarios with the party or maker written as a reviewer may receive it: Chinese (simplified and
# traditional), brand short names and spelling variants. Only the production resolver (index, then the screener)
# can resolve these, so they run with it alone.
HIK_ZH = "杭州海康威视数字技术股份有限公司"
SPELLINGS: list[tuple[str, dict[str, Any], str, str, set[str], dict[str, Any]]] = [
    (
        "s3 Chinese name",
        export_to("2019-06-01", "华为技术有限公司"),
        "EAR",
        "license_required",
        {"R-EL-HUAWEI-1"},
        {"matched_entity": "Huawei Technologies Co., Ltd.", "policy": "presumption_of_denial"},
    ),
    (
        "s3 traditional Chinese",
        export_to("2019-06-01", "華為技術有限公司"),
        "EAR",
        "license_required",
        {"R-EL-HUAWEI-1"},
        {"matched_entity": "Huawei Technologies Co., Ltd."},
    ),
    (
        "s17 variant after listing",
        export_to("2019-10-10", "IFLYTEK CO LTD", it=item("other", "GPUs", "EAR99")),
        "EAR",
        "license_required",
        {"R-EL-XINJIANG-28"},
        {"policy": "presumption_of_denial"},
    ),
    (
        "s23 Chinese maker",
        kind_txn(
            "2020-09-01",
            "federal_contract",
            [AGENCY, CONTRACTOR],
            item("telecom_equipment", "office handsets", manufacturer="华为"),
        ),
        "NDAA889",
        "prohibited",
        {"R-889B"},
        {},
    ),
    (
        "s30 Chinese maker",
        kind_txn(
            "2021-06-01",
            "usf_purchase",
            [ETC],
            item("video_surveillance", "cameras", manufacturer="海康威视"),
            security_purpose=True,
        ),
        "FCC",
        "prohibited",
        {"R-FCC-54.10", "R-FCC-COVLIST"},
        {},
    ),
    (
        "s32 Chinese applicant",
        kind_txn(
            "2023-03-01",
            "equipment_authorization",
            [party("applicant", HIK_ZH, "CN")],
            item("video_surveillance", "IP camera", manufacturer=HIK_ZH),
        ),
        "FCC",
        "prohibited",
        {"R-FCC-EQAUTH"},
        {},
    ),
    (
        "s41 Chinese owner",
        txn(
            "2025-10-15",
            "export",
            [
                party("exporter", "Acme Networks Inc.", "US"),
                party(
                    "end_user",
                    "Pertama Teknologi Sdn Bhd",
                    "MY",
                    owners=[{"name": "华为技术有限公司", "country": "CN", "share": 0.6}],
                ),
            ],
            [item("other", "goods", "EAR99")],
        ),
        "EAR",
        "license_required",
        {"R-EL-AFFILIATES", "R-EL-HUAWEI-1"},
        {"policy": "presumption_of_denial"},
    ),
]


def _finding(result: dict[str, Any], regime: str, outcome: str, rules: set[str]) -> dict[str, Any]:
    for finding in result["findings"]:
        if finding["regime"] == regime and finding["outcome"] == outcome and rules <= set(finding["rules"]):
            return dict(finding)
    raise AssertionError(f"no {regime} {outcome} finding naming {sorted(rules)} in {result['findings']}")


@pytest.mark.parametrize("resolver", ["list_resolver", "layered_resolver"])
@pytest.mark.parametrize(
    ("label", "transaction", "regime", "outcome", "rules", "fields"), SCENARIOS, ids=[s[0] for s in SCENARIOS]
)
def test_worked_scenario(
    request: pytest.FixtureRequest,
    resolver: str,
    label: str,
    transaction: dict[str, Any],
    regime: str,
    outcome: str,
    rules: set[str],
    fields: dict[str, Any],
) -> None:
    """Each scenario with the index resolver and with the production one (index, then the screener)."""
    _check(
        decide(transaction, resolver=request.getfixturevalue(resolver)).to_dict(), label, regime, outcome, rules, fields
    )


@pytest.mark.parametrize(
    ("label", "transaction", "regime", "outcome", "rules", "fields"), SPELLINGS, ids=[s[0] for s in SPELLINGS]
)
def test_scenario_spelled_otherwise(
    layered_resolver: LayeredResolver,
    label: str,
    transaction: dict[str, Any],
    regime: str,
    outcome: str,
    rules: set[str],
    fields: dict[str, Any],
) -> None:
    _check(decide(transaction, resolver=layered_resolver).to_dict(), label, regime, outcome, rules, fields)


def _check(
    result: dict[str, Any], label: str, regime: str, outcome: str, rules: set[str], fields: dict[str, Any]
) -> None:
    finding = _finding(result, regime, outcome, rules)
    for key, value in fields.items():
        assert finding[key] == value, (label, key, finding)
    assert finding["citations"] and finding["explanation"]
    if regime != "ONVIF":
        strictest = ["prohibited", "license_required", "reviewable", "flag", "authorized", "no_restriction"]
        assert strictest.index(result["outcome"]) <= strictest.index(outcome)
