"""Every date boundary of the rule files: the day before and the day a rule takes effect or lapses."""

from __future__ import annotations

from typing import Any

import pytest

from ictguard.rules import IndexResolver, decide
from tests.rules._txn import export_to, item, owned_export, party, txn

HW = "Huawei Technologies Co., Ltd."
SW = item("software", "patch", "EAR99")
TECH = item("other", "standards technology", "EAR99")
# Issue 15: the May 2020 FDP rule reached only items produced from Huawei designs, so the FDP rows say so.
FOREIGN = item("semiconductors", "chips", produced_abroad_with_us_tech=True, huawei_design=True)
AGENCY = party("agency", "Department of Examples", "US")
CONTRACTOR = party("contractor", "Acme Services LLC", "US")
ETC = party("purchaser", "Prairie Rural Telephone Cooperative", "US")


def hw_handsets(day: str) -> dict[str, Any]:
    return export_to(day, HW, SW, tgl_prong="existing_handsets", product_public_release="2018-06-01")


def hw_networks(day: str) -> dict[str, Any]:
    return export_to(day, HW, SW, tgl_prong="existing_networks", contract_date="2019-01-10")


def fdp(day: str, started: str = "2020-06-01") -> dict[str, Any]:
    parties = [party("exporter", "Formosa Foundry Corp", "TW"), party("purchaser", HW, "CN")]
    return txn(day, "reexport", parties, [FOREIGN], production_started=started)


def one(day: str, kind: str, parties: list[dict[str, Any]], it: dict[str, Any], **ctx: Any) -> dict[str, Any]:
    return txn(day, kind, parties, [it], **ctx)


def huawei_cams(day: str) -> dict[str, Any]:
    return one(
        day,
        "ict_transaction",
        [party("purchaser", "US Buyer Inc", "US")],
        item("video_surveillance", "IP cameras", manufacturer="Huawei"),
    )


def huawei_buy(day: str, kind: str, **ctx: Any) -> dict[str, Any]:
    parties = [CONTRACTOR if kind == "federal_contract" else AGENCY]
    return one(day, kind, parties, item("telecom_equipment", "switches", manufacturer="Huawei"), **ctx)


def usf(day: str, maker: str, category: str = "telecom_equipment", **ctx: Any) -> dict[str, Any]:
    return one(day, "usf_purchase", [ETC], item(category, "equipment", manufacturer=maker), **ctx)


def eqauth(day: str, maker: str, category: str = "telecom_equipment") -> dict[str, Any]:
    applicant = party("applicant", maker)
    new_model = item(category, "new model", manufacturer=maker)
    return one(day, "equipment_authorization", [applicant], new_model, model_authorized_before=False)


def eqauth_prior(day: str) -> dict[str, Any]:
    """A Hikvision-made model that the FCC authorized before the ban (security purpose shown)."""
    maker = "Hangzhou Hikvision Digital Technology Co., Ltd."
    model = item("video_surveillance", "camera model", manufacturer=maker)
    return one(
        day,
        "equipment_authorization",
        [party("applicant", maker, "CN")],
        model,
        model_authorized_before=True,
        security_purpose=True,
    )


def icts(day: str, supplier: str, country: str, it: dict[str, Any], **ctx: Any) -> dict[str, Any]:
    return one(
        day,
        "ict_transaction",
        [party("purchaser", "US Buyer Inc", "US"), party("supplier", supplier, country)],
        it,
        **ctx,
    )


CAMS = item("video_surveillance", "IP cameras")
KASPERSKY_AV = item("software", "anti-virus", manufacturer="Kaspersky Lab, Inc.")
CAR_SW = item("vehicle_software", "ADS software")
CAR_HW = item("vehicle_hardware", "telematics unit")

# (label, transaction, regime, outcome, rule that must be named (or None))
BOUNDARIES: list[tuple[str, dict[str, Any], str, str, str | None]] = [
    ("huawei-1 day before", export_to("2019-05-15", HW), "EAR", "no_restriction", "R-EL-HUAWEI-1"),
    ("huawei-1 effective", export_to("2019-05-16", HW), "EAR", "license_required", "R-EL-HUAWEI-1"),
    (
        "huawei-2 day before",
        export_to("2019-08-18", "Huawei Technologies Costa Rica SA", country="CR"),
        "EAR",
        "no_restriction",
        "R-EL-HUAWEI-2",
    ),
    (
        "huawei-2 effective",
        export_to("2019-08-19", "Huawei Technologies Costa Rica SA", country="CR"),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-2",
    ),
    (
        "huawei-3 day before",
        export_to("2020-08-16", "Huawei Cloud Argentina", country="AR"),
        "EAR",
        "no_restriction",
        "R-EL-HUAWEI-3",
    ),
    (
        "huawei-3 effective",
        export_to("2020-08-17", "Huawei Cloud Argentina", country="AR"),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-3",
    ),
    ("tgl day before", hw_handsets("2019-05-19"), "EAR", "license_required", "R-EL-HUAWEI-1"),
    ("tgl first day", hw_handsets("2019-05-20"), "EAR", "authorized", "R-TGL-HUAWEI"),
    (
        "tgl v1 last day standards",
        export_to("2019-08-18", HW, TECH, tgl_prong="standards_5g"),
        "EAR",
        "authorized",
        "R-TGL-HUAWEI",
    ),
    (
        "tgl v2 first day standards",
        export_to("2019-08-19", HW, TECH, tgl_prong="standards_5g"),
        "EAR",
        "license_required",
        "R-TGL-HUAWEI",
    ),
    (
        "tgl v2 consumer cpe",
        export_to("2019-12-01", HW, SW, tgl_prong="consumer_cpe", product_public_release="2019-01-01"),
        "EAR",
        "authorized",
        "R-TGL-HUAWEI",
    ),
    (
        "tgl v2 handset released too late",
        export_to("2019-12-01", HW, SW, tgl_prong="existing_handsets", product_public_release="2019-06-01"),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-1",
    ),
    ("tgl last day", hw_networks("2020-08-13"), "EAR", "authorized", "R-TGL-HUAWEI"),
    ("tgl expired", hw_networks("2020-08-14"), "EAR", "license_required", "R-TGL-HUAWEI"),
    (
        "tgl network contract too late",
        export_to("2019-07-01", HW, SW, tgl_prong="existing_networks", contract_date="2019-05-17"),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-1",
    ),
    (
        "tgl missing release date flags",
        export_to("2019-07-01", HW, SW, tgl_prong="existing_handsets"),
        "EAR",
        "flag",
        "R-TGL-HUAWEI",
    ),
    (
        "research gap",
        export_to("2020-08-16", HW, SW, tgl_prong="cybersecurity_research"),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-1",
    ),
    (
        "permanent research first day",
        export_to("2020-08-17", HW, SW, tgl_prong="cybersecurity_research"),
        "EAR",
        "authorized",
        "R-TGL-HUAWEI",
    ),
    (
        "standards huawei day before",
        export_to("2020-06-17", HW, TECH, tgl_prong="standards_5g"),
        "EAR",
        "license_required",
        "R-EL-HUAWEI-1",
    ),
    (
        "standards huawei effective",
        export_to("2020-06-18", HW, TECH, tgl_prong="standards_5g"),
        "EAR",
        "authorized",
        "R-EL-STANDARDS",
    ),
    (
        "standards all-EL day before",
        export_to("2022-09-08", "iFlytek", TECH, tgl_prong="standards_5g"),
        "EAR",
        "license_required",
        "R-EL-XINJIANG-28",
    ),
    (
        "standards all-EL effective",
        export_to("2022-09-09", "iFlytek", TECH, tgl_prong="standards_5g"),
        "EAR",
        "authorized",
        "R-EL-STANDARDS",
    ),
    ("fdp-1 day before", fdp("2020-05-14"), "EAR", "no_restriction", "R-FDPR-HUAWEI-1"),
    ("fdp-1 effective", fdp("2020-05-15"), "EAR", "license_required", "R-FDPR-HUAWEI-1"),
    ("fdp-2 effective", fdp("2020-08-17"), "EAR", "license_required", "R-FDPR-HUAWEI-2"),
    ("fdp transition last day", fdp("2020-09-14", started="2020-03-01"), "EAR", "authorized", "R-FDPR-HUAWEI-1"),
    ("fdp transition over", fdp("2020-09-15", started="2020-03-01"), "EAR", "license_required", "R-FDPR-HUAWEI-2"),
    ("fdp production unknown flags", fdp("2020-06-01", started=None), "EAR", "flag", "R-FDPR-HUAWEI-1"),  # type: ignore[arg-type]
    ("xinjiang day before", export_to("2019-10-08", "Hikvision", SW), "EAR", "no_restriction", "R-EL-XINJIANG-28"),
    ("xinjiang effective", export_to("2019-10-09", "Hikvision", SW), "EAR", "license_required", "R-EL-XINJIANG-28"),
    ("affiliates day before", owned_export("2025-09-28"), "EAR", "no_restriction", "R-EL-AFFILIATES"),
    ("affiliates effective", owned_export("2025-09-29"), "EAR", "license_required", "R-EL-AFFILIATES"),
    ("affiliates last day", owned_export("2025-11-09"), "EAR", "license_required", "R-EL-AFFILIATES"),
    ("affiliates suspended", owned_export("2025-11-10"), "EAR", "flag", "R-EL-AFFILIATES"),
    ("affiliates suspension last day", owned_export("2026-11-09"), "EAR", "flag", "R-EL-AFFILIATES"),
    ("affiliates re-imposed", owned_export("2026-11-10"), "EAR", "license_required", "R-EL-AFFILIATES"),
    ("affiliates 49 percent", owned_export("2025-10-01", share=0.49), "EAR", "flag", "R-EL-AFFILIATES"),
    (
        "affiliates aggregate",
        txn(
            "2025-10-01",
            "export",
            [
                party(
                    "end_user",
                    "Joint Venture Sdn Bhd",
                    "MY",
                    owners=[{"name": HW, "share": 0.3}, {"name": "Hikvision", "share": 0.25}],
                )
            ],
            [item("other", "goods", "EAR99")],
        ),
        "EAR",
        "license_required",
        "R-EL-AFFILIATES",
    ),
    (
        "zte day before 2016 listing",
        export_to("2016-03-07", "ZTE Corporation"),
        "EAR",
        "no_restriction",
        "R-ZTE-STATUS",
    ),
    ("zte 2016 listing", export_to("2016-03-08", "ZTE Corporation"), "EAR", "license_required", "R-ZTE-STATUS"),
    (
        "zte day before its TGL",
        export_to("2016-03-23", "ZTE Kangxun Telecommunications Ltd."),
        "EAR",
        "license_required",
        "R-ZTE-STATUS",
    ),
    ("zte TGL", export_to("2016-03-24", "ZTE Kangxun Telecommunications Ltd."), "EAR", "authorized", "R-ZTE-STATUS"),
    ("zte TGL last day", export_to("2017-03-28", "ZTE Corporation"), "EAR", "authorized", "R-ZTE-STATUS"),
    (
        "zte parsian never had the TGL",
        export_to("2016-06-01", "ZTE Parsian", country="IR"),
        "EAR",
        "license_required",
        "R-EL-GEN",
    ),
    ("zte removed", export_to("2017-03-29", "ZTE Corporation"), "EAR", "no_restriction", "R-ZTE-STATUS"),
    ("zte before denial order", export_to("2018-04-14", "ZTE Corporation"), "EAR", "no_restriction", "R-ZTE-STATUS"),
    ("zte denial order", export_to("2018-04-15", "ZTE Corporation"), "EAR", "prohibited", "R-ZTE-STATUS"),
    ("zte denial order last day", export_to("2018-07-12", "ZTE Corporation"), "EAR", "prohibited", "R-ZTE-STATUS"),
    ("zte denial order lifted", export_to("2018-07-13", "ZTE Corporation"), "EAR", "no_restriction", "R-ZTE-STATUS"),
    ("889A day before", huawei_buy("2019-08-12", "procurement"), "NDAA889", "no_restriction", "R-889A"),
    ("889A effective", huawei_buy("2019-08-13", "procurement"), "NDAA889", "prohibited", "R-889A"),
    ("889B day before", huawei_buy("2020-08-12", "federal_contract"), "NDAA889", "no_restriction", "R-889B"),
    ("889B effective", huawei_buy("2020-08-13", "federal_contract"), "NDAA889", "prohibited", "R-889B"),
    (
        "grants day before",
        huawei_buy("2020-08-12", "federal_grant_purchase"),
        "NDAA889",
        "no_restriction",
        "R-889-GRANTS",
    ),
    ("grants effective", huawei_buy("2020-08-13", "federal_grant_purchase"), "NDAA889", "prohibited", "R-889-GRANTS"),
    (
        "waiver A last day",
        huawei_buy("2021-08-13", "procurement", waiver="agency"),
        "NDAA889",
        "authorized",
        "R-889-WAIVER",
    ),
    (
        "waiver A lapsed",
        huawei_buy("2021-08-14", "procurement", waiver="agency"),
        "NDAA889",
        "prohibited",
        "R-889-WAIVER",
    ),
    (
        "waiver B last day",
        huawei_buy("2022-08-13", "federal_contract", waiver="agency"),
        "NDAA889",
        "authorized",
        "R-889-WAIVER",
    ),
    (
        "waiver B lapsed",
        huawei_buy("2022-08-14", "federal_contract", waiver="agency"),
        "NDAA889",
        "prohibited",
        "R-889-WAIVER",
    ),
    ("dni waiver", huawei_buy("2024-01-01", "federal_contract", waiver="dni"), "NDAA889", "authorized", "R-889-WAIVER"),
    # Issue 15: the backhaul/roaming/interconnection exception covers a service connecting to a third party's
    # facilities, never an outright purchase of switches (this row was "authorized" before).
    (
        "889 backhaul exception not for buying switches",
        huawei_buy("2021-01-01", "procurement", exception="backhaul_roaming_interconnection"),
        "NDAA889",
        "prohibited",
        "R-889-EXC",
    ),
    (
        "889 backhaul exception for an interconnection service",
        one(
            "2021-01-01",
            "procurement",
            [AGENCY],
            item("services", "interconnection with a carrier", manufacturer="Huawei"),
            exception="backhaul_roaming_interconnection",
        ),
        "NDAA889",
        "authorized",
        "R-889-EXC",
    ),
    (
        "889 backhaul exception with no item category flags",
        one(
            "2021-01-01",
            "procurement",
            [AGENCY],
            {"description": "carrier link", "manufacturer": "Huawei"},
            exception="backhaul_roaming_interconnection",
        ),
        "NDAA889",
        "flag",
        "R-889-EXC",
    ),
    (
        "889 no-user-data exception for equipment",
        huawei_buy("2021-01-01", "procurement", exception="no_user_data_access"),
        "NDAA889",
        "authorized",
        "R-889-EXC",
    ),
    (
        "889 exception before Part A",
        one(
            "2019-08-12",
            "procurement",
            [AGENCY],
            item("services", "interconnection", manufacturer="Huawei"),
            exception="backhaul_roaming_interconnection",
        ),
        "NDAA889",
        "no_restriction",
        "R-889A",
    ),
    (
        "889 purpose unknown flags",
        one("2021-01-01", "procurement", [AGENCY], item("video_surveillance", "cameras", manufacturer="Hikvision")),
        "NDAA889",
        "flag",
        "R-889A",
    ),
    (
        "889 subsidiary by brand",
        one(
            "2021-01-01",
            "procurement",
            [AGENCY],
            item("telecom_equipment", "phones", manufacturer="Huawei Device USA Inc."),
        ),
        "NDAA889",
        "prohibited",
        "R-889A",
    ),
    (
        "889 distributor of covered maker",
        one(
            "2021-01-01",
            "procurement",
            [AGENCY, party("supplier", "Best Distributors LLC", "US")],
            item("telecom_equipment", "switches", manufacturer="ZTE Corp."),
        ),
        "NDAA889",
        "prohibited",
        "R-889A",
    ),
    ("54.9 initial designation", usf("2020-06-29", "Huawei"), "FCC", "no_restriction", "R-FCC-54.9"),
    ("54.9 final designation", usf("2020-06-30", "Huawei"), "FCC", "prohibited", "R-FCC-54.9"),
    ("rip and replace window closed", usf("2020-07-01", "ZTE"), "FCC", "prohibited", "R-FCC-54.9"),
    (
        "54.10 before bar",
        usf("2021-05-10", "Hikvision", "video_surveillance", security_purpose=True),
        "FCC",
        "flag",
        "R-FCC-54.10",
    ),
    (
        "54.10 bar starts",
        usf("2021-05-11", "Hikvision", "video_surveillance", security_purpose=True),
        "FCC",
        "prohibited",
        "R-FCC-54.10",
    ),
    ("54.10 kaspersky before bar", usf("2022-05-23", "AO Kaspersky Lab", "software"), "FCC", "flag", "R-FCC-54.10"),
    ("54.10 kaspersky bar", usf("2022-05-24", "AO Kaspersky Lab", "software"), "FCC", "prohibited", "R-FCC-54.10"),
    (
        "54.10 china unicom bar",
        usf("2022-11-19", "China Unicom (Americas) Operations Limited", "services"),
        "FCC",
        "prohibited",
        "R-FCC-54.10",
    ),
    ("54.10 purpose unknown flags", usf("2022-01-01", "Dahua", "video_surveillance"), "FCC", "flag", "R-FCC-54.10"),
    ("eqauth day before freeze", eqauth("2022-11-10", "ZTE Corporation"), "FCC", "no_restriction", "R-FCC-EQAUTH"),
    ("eqauth freeze", eqauth("2022-11-11", "ZTE Corporation"), "FCC", "prohibited", "R-FCC-EQAUTH"),
    (
        "eqauth DJI day before entry",
        eqauth("2025-12-21", "SZ DJI Technology Co., Ltd.", "drone"),
        "FCC",
        "no_restriction",
        None,
    ),
    (
        "eqauth DJI entry",
        eqauth("2025-12-22", "SZ DJI Technology Co., Ltd.", "drone"),
        "FCC",
        "prohibited",
        "R-FCC-EQAUTH",
    ),
    (
        "eqauth foreign router category",
        eqauth("2026-03-23", "Linkwave Networks GmbH", "telecom_equipment")
        | {
            "items": [
                item("telecom_equipment", "home router", manufacturer="Linkwave Networks GmbH", origin_country="DE")
            ]
        },
        "FCC",
        "prohibited",
        "R-FCC-EQAUTH",
    ),
    (
        "eqauth router day before entry",
        eqauth("2026-03-22", "Linkwave Networks GmbH", "telecom_equipment")
        | {
            "items": [
                item("telecom_equipment", "home router", manufacturer="Linkwave Networks GmbH", origin_country="DE")
            ]
        },
        "FCC",
        "no_restriction",
        None,
    ),
    ("icts EO last day", icts("2021-01-18", "Shenzhen Widget Co", "CN", SW), "ICTS", "flag", "R-EO13873"),
    ("icts IFR reach-back", icts("2021-01-19", "Shenzhen Widget Co", "CN", SW), "ICTS", "reviewable", "R-ICTS-IFR"),
    ("icts IFR last day", icts("2025-02-03", "Shenzhen Widget Co", "HK", SW), "ICTS", "reviewable", "R-ICTS-IFR"),
    ("icts final rule", icts("2025-02-04", "Shenzhen Widget Co", "CN", SW), "ICTS", "reviewable", "R-ICTS-FINAL"),
    (
        "icts ownership link",
        txn(
            "2022-01-01",
            "ict_transaction",
            [
                party(
                    "supplier",
                    "Nordic Cams AB",
                    "SE",
                    owners=[{"name": "State Holding", "country": "RU", "share": 0.51}],
                )
            ],
            [SW],
        ),
        "ICTS",
        "reviewable",
        "R-ICTS-IFR",
    ),
    ("icts no link", icts("2022-01-01", "Nordic Cams AB", "SE", SW), "ICTS", "no_restriction", None),
    ("icts macau default off", icts("2025-01-01", "Macau Widgets Ltd", "MO", SW), "ICTS", "no_restriction", None),
    (
        "kaspersky day before",
        icts("2024-07-19", "Shop Inc", "US", KASPERSKY_AV, new_agreement=True),
        "ICTS",
        "reviewable",
        "R-ICTS-IFR",
    ),
    (
        "kaspersky new agreements",
        icts("2024-07-20", "Shop Inc", "US", KASPERSKY_AV, new_agreement=True),
        "ICTS",
        "prohibited",
        "R-ICTS-KASPERSKY",
    ),
    (
        "kaspersky existing before updates ban",
        icts("2024-09-28", "Shop Inc", "US", KASPERSKY_AV, new_agreement=False),
        "ICTS",
        "reviewable",
        "R-ICTS-IFR",
    ),
    (
        "kaspersky all",
        icts("2024-09-29", "Shop Inc", "US", KASPERSKY_AV, new_agreement=False),
        "ICTS",
        "prohibited",
        "R-ICTS-KASPERSKY",
    ),
    (
        "kaspersky threat intel excluded",
        icts(
            "2024-10-01",
            "Shop Inc",
            "US",
            item("services", "threat intelligence feed", manufacturer="Kaspersky Lab, Inc."),
        ),
        "ICTS",
        "reviewable",
        "R-ICTS-IFR",
    ),
    (
        "cv day before",
        icts("2025-03-16", "Shenzhen Telematics Co", "CN", CAR_SW, model_year=2027),
        "ICTS",
        "reviewable",
        "R-ICTS-IFR",
    ),
    (
        "cv effective",
        icts("2025-03-17", "Shenzhen Telematics Co", "CN", CAR_SW, model_year=2027),
        "ICTS",
        "prohibited",
        "R-ICTS-CV",
    ),
    (
        "cv software MY2026",
        icts("2026-01-01", "Shenzhen Telematics Co", "CN", CAR_SW, model_year=2026),
        "ICTS",
        "reviewable",
        "R-ICTS-FINAL",
    ),
    (
        "cv hardware MY2030",
        icts("2028-01-01", "Shenzhen Telematics Co", "CN", CAR_HW, model_year=2030),
        "ICTS",
        "prohibited",
        "R-ICTS-CV",
    ),
    (
        "cv hardware no MY before 2029",
        icts("2028-12-31", "Shenzhen Telematics Co", "CN", CAR_HW),
        "ICTS",
        "reviewable",
        "R-ICTS-FINAL",
    ),
    (
        "cv hardware no MY from 2029",
        icts("2029-01-01", "Shenzhen Telematics Co", "CN", CAR_HW),
        "ICTS",
        "prohibited",
        "R-ICTS-CV",
    ),
    (
        "cv Iran not covered",
        icts("2027-01-01", "Tehran Auto Soft", "IR", CAR_SW, model_year=2028),
        "ICTS",
        "reviewable",
        "R-ICTS-FINAL",
    ),
    # Issue 15: ONVIF only where it bears on the question (video surveillance equipment a listed maker makes);
    # these rows were exports of software to Huawei, which ONVIF membership has nothing to do with.
    ("onvif huawei before", huawei_cams("2019-09-18"), "ONVIF", "none", None),
    ("onvif huawei suspended", huawei_cams("2019-09-19"), "ONVIF", "no_restriction", "R-ONVIF"),
    ("onvif last suspended day", huawei_cams("2022-09-08"), "ONVIF", "no_restriction", "R-ONVIF"),
    ("onvif reinstated", huawei_cams("2022-09-09"), "ONVIF", "no_restriction", "R-ONVIF"),
    ("onvif not for a software export", export_to("2019-09-19", HW), "ONVIF", "none", None),
]


def licensed(day: str, granted: str = "2019-11-20", expires: str | None = None) -> dict[str, Any]:
    lic = {"number": "D123456", "granted": granted, **({"expires": expires} if expires else {})}
    return export_to(day, HW, item("software", "mass-market software", "5D992.c"), specific_license=lic)


# Every TGL extension (84 FR 43487, 64018, 85 FR 8722, 14416, 29610) must join the next with no gap: the
# handset prong is available on the last day of each extension and the first day of the next.
TGL_CHAIN = [
    "2019-11-17",
    "2019-11-18",
    "2020-02-12",
    "2020-02-13",
    "2020-03-09",
    "2020-03-10",
    "2020-05-14",
    "2020-05-15",
]
BOUNDARIES += [(f"tgl chain {d}", hw_handsets(d), "EAR", "authorized", "R-TGL-HUAWEI") for d in TGL_CHAIN]
BOUNDARIES += [
    ("fdp-1 last day", fdp("2020-08-16"), "EAR", "license_required", "R-FDPR-HUAWEI-1"),
    ("fdp-2 day before", fdp("2020-08-16"), "EAR", "license_required", "R-FDPR-HUAWEI-1"),
    ("fdp transition first day", fdp("2020-05-15", started="2020-03-01"), "EAR", "authorized", "R-FDPR-HUAWEI-1"),
    (
        "fdp made after 2020-05-15 no transition",
        fdp("2020-06-01", started="2020-05-15"),
        "EAR",
        "license_required",
        "R-FDPR-HUAWEI-1",
    ),
    (
        "standards huawei last day",
        export_to("2022-09-08", HW, TECH, tgl_prong="standards_5g"),
        "EAR",
        "authorized",
        "R-EL-STANDARDS",
    ),
    ("licence day before grant", licensed("2019-11-19"), "EAR", "license_required", "R-EL-HUAWEI-1"),
    ("licence granted", licensed("2019-11-20"), "EAR", "authorized", "R-EL-GEN"),
    ("licence last day", licensed("2021-01-31", expires="2021-01-31"), "EAR", "authorized", "R-EL-GEN"),
    ("licence expired", licensed("2021-02-01", expires="2021-01-31"), "EAR", "license_required", "R-EL-HUAWEI-1"),
    ("EO day before", icts("2019-05-14", "Shenzhen Widget Co", "CN", SW), "ICTS", "no_restriction", "R-EO13873"),
    ("EO effective", icts("2019-05-15", "Shenzhen Widget Co", "CN", SW), "ICTS", "flag", "R-EO13873"),
    ("54.9 before the rule", usf("2020-01-02", "Huawei"), "FCC", "no_restriction", "R-FCC-54.9"),
    ("54.9 rule, initial designation", usf("2020-01-03", "Huawei"), "FCC", "no_restriction", "R-FCC-54.9"),
    (
        "54.10 china unicom before bar",
        usf("2022-11-18", "China Unicom (Americas) Operations Limited", "services"),
        "FCC",
        "flag",
        "R-FCC-54.10",
    ),
    ("54.10 DJI before bar", usf("2026-02-19", "SZ DJI Technology Co., Ltd.", "drone"), "FCC", "flag", "R-FCC-54.10"),
    ("54.10 DJI bar", usf("2026-02-20", "SZ DJI Technology Co., Ltd.", "drone"), "FCC", "prohibited", "R-FCC-54.10"),
    (
        "54.10 digitalsystem before bar",
        usf("2026-09-04", "Digitalsystem Technology Inc.", "services"),
        "FCC",
        "flag",
        "R-FCC-54.10",
    ),
    (
        "54.10 digitalsystem bar",
        usf("2026-09-05", "Digitalsystem Technology Inc.", "services"),
        "FCC",
        "prohibited",
        "R-FCC-54.10",
    ),
    (
        "import of covered model day before rules",
        icts(
            "2023-02-05",
            "ZTE Corporation",
            "CN",
            item("telecom_equipment", "new router", manufacturer="ZTE"),
            model_authorized_before=False,
        ),
        "FCC",
        "no_restriction",
        "R-FCC-EQAUTH",
    ),
    (
        "import of covered model rules effective",
        icts(
            "2023-02-06",
            "ZTE Corporation",
            "CN",
            item("telecom_equipment", "new router", manufacturer="ZTE"),
            model_authorized_before=False,
        ),
        "FCC",
        "prohibited",
        "R-FCC-EQAUTH",
    ),
    (
        "prior authorization day before FCC 25-71",
        eqauth_prior("2025-12-25"),
        "FCC",
        "no_restriction",
        None,
    ),
    ("prior authorization FCC 25-71", eqauth_prior("2025-12-26"), "FCC", "flag", "R-FCC-EQAUTH"),
    (
        "cv hardware MY2029 not yet",
        icts("2027-03-01", "Shenzhen Telematics Co", "CN", CAR_HW, model_year=2029),
        "ICTS",
        "reviewable",
        "R-ICTS-FINAL",
    ),
    # A generic Entity List entry (no special listing): its own start date from the list is the boundary.
    (
        "generic EL entry day before",
        export_to("2012-04-26", "Afghan-German Construction Company", country="AF"),
        "EAR",
        "no_restriction",
        "R-EL-GEN",
    ),
    (
        "generic EL entry in force",
        export_to("2012-04-27", "Afghan-German Construction Company", country="AF"),
        "EAR",
        "license_required",
        "R-EL-GEN",
    ),
    ("onvif hikvision before", icts("2019-10-13", "Hikvision", "CN", CAMS), "ONVIF", "none", None),
    ("onvif hikvision suspended", icts("2019-10-14", "Hikvision", "CN", CAMS), "ONVIF", "no_restriction", "R-ONVIF"),
]


@pytest.mark.parametrize(
    ("label", "transaction", "regime", "outcome", "rule"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES]
)
def test_boundary(
    list_resolver: IndexResolver, label: str, transaction: dict[str, Any], regime: str, outcome: str, rule: str | None
) -> None:
    result = decide(transaction, resolver=list_resolver).to_dict()
    findings = [f for f in result["findings"] if f["regime"] == regime]
    if outcome == "none":
        assert findings == [], findings
        return
    strictest = min(
        findings,
        key=lambda f: ["prohibited", "license_required", "reviewable", "flag", "authorized", "no_restriction"].index(
            f["outcome"]
        ),
    )
    assert strictest["outcome"] == outcome, (label, result["findings"])
    if rule is not None:
        assert rule in strictest["rules"], (label, strictest)


def test_onvif_status_is_informational_only(list_resolver: IndexResolver) -> None:
    cams = item("video_surveillance", "IP cameras", manufacturer="Huawei")
    result = decide(one("2020-09-01", "procurement", [AGENCY], cams, waiver="dni"), resolver=list_resolver)
    regimes = {f.regime: f.status for f in result.findings}
    assert regimes["ONVIF"] == "suspended"
    assert result.outcome == "authorized"  # the ONVIF note never changes the legal outcome


@pytest.mark.parametrize(
    ("transaction", "rule", "fact"),
    [
        # (Kaspersky with context.new_agreement unstated is no longer a flag: regime_rules.md §3 defaults it to
        # a new agreement, so it is prohibited from 2024-07-20: tests/rules/data/edge_cases.yaml.)
        (icts("2026-01-01", "Shenzhen Telematics Co", "CN", CAR_SW), "R-ICTS-CV", "context.model_year"),
    ],
)
def test_missing_fact_behind_a_stricter_rule_is_flagged(
    list_resolver: IndexResolver, transaction: dict[str, Any], rule: str, fact: str
) -> None:
    findings = decide(transaction, resolver=list_resolver).to_dict()["findings"]
    flags = [f for f in findings if f["outcome"] == "flag" and rule in f["rules"]]
    assert flags and flags[0]["settle"] == [fact] and fact in flags[0]["explanation"]
    assert any(f["outcome"] == "reviewable" for f in findings)


def test_rip_and_replace_eligibility_ends_after_2020_06_30(list_resolver: IndexResolver) -> None:
    def rr_named(day: str) -> bool:
        findings = decide(usf(day, "Huawei"), resolver=list_resolver).to_dict()["findings"]
        return any("R-FCC-RR" in f["rules"] for f in findings)

    assert rr_named("2020-06-30") and not rr_named("2020-07-01")


@pytest.mark.parametrize(
    ("kind", "role", "rule"),
    [
        ("procurement", "agency", "R-889A"),
        ("federal_contract", "contractor", "R-889B"),
        ("federal_grant_purchase", "grantee", "R-889-GRANTS"),
    ],
)
def test_purpose_not_shown_flags_under_the_kinds_own_rule(
    list_resolver: IndexResolver, kind: str, role: str, rule: str
) -> None:
    it = item("video_surveillance", "menu board displays", manufacturer="Dahua")
    t = one("2021-09-01", kind, [party(role, "Acme Services LLC", "US")], it, security_purpose=False)
    findings = [f for f in decide(t, resolver=list_resolver).to_dict()["findings"] if f["regime"] == "NDAA889"]
    assert [f["outcome"] for f in findings] == ["flag"], findings
    assert rule in findings[0]["rules"]
    assert not {"R-889A", "R-889B", "R-889-GRANTS"} - {rule} & set(findings[0]["rules"])
