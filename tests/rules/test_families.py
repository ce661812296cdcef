"""decide with the family knowledge base: brands, subsidiaries and manufacturers (incl. full Chinese legal names)
on each regime's boundary days, and a sold brand before and after its sale date. A brand is covered by §889 and
the Covered List through its parent; it is never treated as an Entity List party unless the list lists it (or the
Affiliates Rule reaches it through a recorded ownership share)."""

from __future__ import annotations

from typing import Any

import pytest

from ictguard.rules import IndexResolver, LayeredResolver, decide
from tests.rules._txn import US_EXPORTER, item, party, txn

AGENCY = party("agency", "Department of Examples", "US")
ETC = party("purchaser", "Prairie Rural Telephone Cooperative", "US")
RANK = ["prohibited", "license_required", "reviewable", "flag", "authorized", "no_restriction"]


def buy(day: str, maker: str, category: str = "telecom_equipment", **ctx: Any) -> dict[str, Any]:
    return txn(day, "procurement", [AGENCY], [item(category, "equipment", manufacturer=maker)], **ctx)


def camera_buy(day: str, maker: str) -> dict[str, Any]:
    return buy(day, maker, "video_surveillance", security_purpose=True)


def usf(day: str, maker: str, category: str = "video_surveillance") -> dict[str, Any]:
    return txn(day, "usf_purchase", [ETC], [item(category, "equipment", manufacturer=maker)], security_purpose=True)


def export(day: str, end_user: str, country: str = "CN") -> dict[str, Any]:
    return txn(day, "export", [US_EXPORTER, party("end_user", end_user, country)], [item("other", "goods", "EAR99")])


CASES = [
    # §889 Part A (2019-08-13) through a subsidiary / brand
    ("futurewei day before 889A", buy("2019-08-12", "Futurewei Technologies, Inc."), "NDAA889", "no_restriction"),
    ("futurewei 889A", buy("2019-08-13", "Futurewei Technologies, Inc."), "NDAA889", "prohibited"),
    ("ezviz camera 889A", camera_buy("2021-01-01", "EZVIZ"), "NDAA889", "prohibited"),
    ("ezviz chinese name", camera_buy("2021-01-01", "杭州萤石网络股份有限公司"), "NDAA889", "prohibited"),
    ("hilook brand", camera_buy("2021-01-01", "HiLook"), "NDAA889", "prohibited"),
    ("imou brand", camera_buy("2021-01-01", "Imou"), "NDAA889", "prohibited"),
    # a manufacturer given by its full Chinese legal name (simplified / traditional)
    (
        "hikvision full chinese name",
        camera_buy("2021-01-01", "杭州海康威视数字技术股份有限公司"),
        "NDAA889",
        "prohibited",
    ),
    ("hikvision traditional", camera_buy("2021-01-01", "杭州海康威視數字技術股份有限公司"), "NDAA889", "prohibited"),
    ("dahua full chinese name", camera_buy("2021-01-01", "浙江大华技术股份有限公司"), "NDAA889", "prohibited"),
    ("huawei full chinese name", buy("2021-01-01", "华为技术有限公司"), "NDAA889", "prohibited"),
    ("huawei cyrillic", buy("2021-01-01", "Хуавэй"), "NDAA889", "prohibited"),
    # a sold brand: covered before its sale date, not from it on
    ("honor day before sale", buy("2020-11-16", "HONOR"), "NDAA889", "prohibited"),
    ("honor sale day", buy("2020-11-17", "HONOR"), "NDAA889", "no_restriction"),
    ("lorex day before sale", camera_buy("2022-11-23", "Lorex Technology Inc."), "NDAA889", "prohibited"),
    ("lorex sale day", camera_buy("2022-11-24", "Lorex Technology Inc."), "NDAA889", "no_restriction"),
    # round 2 of coverage: a member whose name carries no brand word, a bought member, a sale that ends coverage
    ("sanechips is zte", buy("2021-01-01", "Sanechips Technology Co., Ltd."), "NDAA889", "prohibited"),
    ("norsat is hytera", camera_buy("2021-01-01", "Norsat International Inc."), "NDAA889", "prohibited"),
    ("huaray is dahua", camera_buy("2021-01-01", "Zhejiang Huaray Technology Co., Ltd."), "NDAA889", "prohibited"),
    ("dahua usa day before sale", camera_buy("2024-01-31", "Dahua Technology USA Inc."), "NDAA889", "prohibited"),
    ("dahua usa after sale", camera_buy("2024-02-01", "Dahua Technology USA Inc."), "NDAA889", "no_restriction"),
    ("huawei marine before sale", buy("2020-03-08", "Huawei Marine Networks Co., Limited"), "NDAA889", "prohibited"),
    ("huawei marine after sale", buy("2020-03-09", "Huawei Marine Networks Co., Limited"), "NDAA889", "no_restriction"),
    # round 3 of coverage: members with no brand word (bought units, a controlling shareholder, a US subsidiary of
    # a bought unit), a unit known by its Chinese name that was sold on a recorded day
    ("caliopa is huawei", buy("2021-01-01", "Caliopa NV"), "NDAA889", "prohibited"),
    ("toga networks is huawei", buy("2021-01-01", "Toga Networks Ltd."), "NDAA889", "prohibited"),
    ("zhongxingxin is zte", buy("2021-01-01", "Zhongxingxin"), "NDAA889", "prohibited"),
    ("cethik is hikvision", camera_buy("2021-01-01", "CET HIK Group"), "NDAA889", "prohibited"),
    ("powertrunk is hytera", camera_buy("2021-01-01", "PowerTrunk, Inc."), "NDAA889", "prohibited"),
    ("yibin huahui is dahua", camera_buy("2021-01-01", "宜宾华慧信息技术有限公司"), "NDAA889", "prohibited"),
    ("xfusion day before sale", buy("2021-11-04", "超聚变数字技术有限公司"), "NDAA889", "prohibited"),
    ("xfusion sale day", buy("2021-11-05", "超聚变数字技术有限公司"), "NDAA889", "no_restriction"),
    # FCC Covered List subsidy bar (entry 5, bar from 2021-05-11) through a subsidiary, and after its sale
    ("lorex usf before bar", usf("2021-05-10", "Lorex Corporation"), "FCC", "flag"),
    ("lorex usf bar", usf("2021-05-11", "Lorex Corporation"), "FCC", "prohibited"),
    ("lorex usf after sale", usf("2023-01-05", "Lorex Corporation"), "FCC", "no_restriction"),
    ("ezviz usf bar", usf("2021-05-11", "Hangzhou EZVIZ Network Co., Ltd."), "FCC", "prohibited"),
    # Entity List: a brand or subsidiary is not a listed party because its parent is listed ...
    ("ezviz export not listed", export("2021-01-01", "Hangzhou EZVIZ Network Co., Ltd."), "EAR", "no_restriction"),
    ("hilook export not listed", export("2024-01-01", "HiLook"), "EAR", "no_restriction"),
    # ... but a recorded ≥50 % share of a listed parent is an owner for the Affiliates Rule, on its dates
    (
        "huaxiao before affiliates rule",
        export("2025-09-28", "Zhejiang Huaxiao Technology Co., Ltd."),
        "EAR",
        "no_restriction",
    ),
    (
        "huaxiao affiliates rule",
        export("2025-09-29", "Zhejiang Huaxiao Technology Co., Ltd."),
        "EAR",
        "license_required",
    ),
    ("huaxiao suspended", export("2025-11-10", "Zhejiang Huaxiao Technology Co., Ltd."), "EAR", "flag"),
    ("huaxiao re-imposed", export("2026-11-10", "Zhejiang Huaxiao Technology Co., Ltd."), "EAR", "license_required"),
    # iFLYTEK Medical: 52.47 % owned by a listed parent (an Entity-List-only family), reached only by the rule
    (
        "iflytek medical before affiliates rule",
        export("2025-09-28", "iFLYTEK Medical Technology Co., Ltd."),
        "EAR",
        "no_restriction",
    ),
    (
        "iflytek medical affiliates rule",
        export("2025-09-29", "iFLYTEK Medical Technology Co., Ltd."),
        "EAR",
        "license_required",
    ),
    # Hubble: wholly owned by Huawei since 2019-04-23, reached by the Affiliates Rule from its first day
    (
        "hubble before affiliates rule",
        export("2025-09-28", "Hubble Technology Investment Co., Ltd."),
        "EAR",
        "no_restriction",
    ),
    (
        "hubble affiliates rule",
        export("2025-09-29", "Hubble Technology Investment Co., Ltd."),
        "EAR",
        "license_required",
    ),
    (
        "comnet is a US firm: no affiliates rule",
        export("2025-10-01", "ComNet (USA) LLC", "US"),
        "EAR",
        "no_restriction",
    ),
    (
        "huachuang 21 percent is no affiliate",
        export("2025-10-01", "Zhejiang Huachuang Vision Technology Co., Ltd."),
        "EAR",
        "no_restriction",
    ),
]


SPELLING_CASES = [
    # the production resolver (index, then the screener) with other spellings: a Cyrillic registered name with
    # a transcribed English business word, a Taiwan-usage name, pinyin business words, a vendor-master abbreviation
    ("huawei cyrillic registered", buy("2021-01-01", "ООО «Хуавэй Текнолоджиз»"), "NDAA889", "prohibited"),
    ("hikvision taiwan usage", camera_buy("2021-01-01", "海康威視數位技術股份有限公司"), "NDAA889", "prohibited"),
    ("huawei pinyin", buy("2021-01-01", "Huawei Jishu Youxian Gongsi"), "NDAA889", "prohibited"),
    ("dahua vendor master", camera_buy("2021-01-01", "Zhejiang Dahua Tech Co Ltd"), "NDAA889", "prohibited"),
    # EZVIZ's short Chinese brand 萤石 (the prospectus's own word for EZVIZ); 萤石 is also fluorite, so fluorite
    # miners named after it (Liaoning survey report 2015: 金华东方萤石有限公司; 多氟多's 2010 purchase of 40 % of
    # 敖汉旗景昌萤石有限公司) stay unrelated
    ("ezviz short chinese brand", camera_buy("2021-01-01", "萤石"), "NDAA889", "prohibited"),
    ("fluorite miner jinhua", camera_buy("2021-01-01", "金华东方萤石有限公司"), "NDAA889", "no_restriction"),
    ("fluorite miner aohan", camera_buy("2021-01-01", "敖汉旗景昌萤石有限公司"), "NDAA889", "no_restriction"),
    ("fluorite miner traditional", camera_buy("2021-01-01", "敖漢旗景昌螢石有限公司"), "NDAA889", "no_restriction"),
    # HiSilicon Semiconductor (海思半导体有限公司) is the listed HiSilicon Technologies (Bantian, Shenzhen) under the
    # English form of its Chinese name (huawei.yaml note): the listing's licence requirement, not a family link
    (
        "hisilicon semiconductor end user",
        export("2021-01-01", "HiSilicon Semiconductor Co., Ltd."),
        "EAR",
        "license_required",
    ),
    ("hisilicon semiconductor chinese", export("2021-01-01", "海思半导体有限公司"), "EAR", "license_required"),
    # a party (not a manufacturer) given by its Chinese legal name or Cyrillic name is the listed party
    ("huawei chinese name end user", export("2021-01-01", "华为技术有限公司"), "EAR", "license_required"),
    # a listed Xinjiang bureau given by its Chinese name (round 3 of coverage)
    ("kashgar bureau chinese end user", export("2021-01-01", "喀什地区公安局"), "EAR", "license_required"),
    (
        "kaspersky cyrillic end user",
        export("2024-10-01", "АО «Лаборатория Касперского»", "RU"),
        "EAR",
        "license_required",
    ),
]


def _strictest(result: dict[str, Any], regime: str) -> str:
    findings = [f for f in result["findings"] if f["regime"] == regime]
    return min((f["outcome"] for f in findings), key=RANK.index) if findings else "none"


@pytest.mark.parametrize(("label", "transaction", "regime", "outcome"), CASES, ids=[c[0] for c in CASES])
def test_family_cases(
    list_resolver: IndexResolver, label: str, transaction: dict[str, Any], regime: str, outcome: str
) -> None:
    result = decide(transaction, resolver=list_resolver).to_dict()
    assert _strictest(result, regime) in (outcome, "none" if outcome == "no_restriction" else outcome), (
        label,
        result["findings"],
    )


@pytest.mark.parametrize("label", ["ezviz camera 889A", "hikvision full chinese name", "honor sale day"])
def test_layered_resolver_agrees(layered_resolver: LayeredResolver, label: str) -> None:
    _, transaction, regime, outcome = next(c for c in CASES if c[0] == label)
    result = decide(transaction, resolver=layered_resolver).to_dict()
    assert _strictest(result, regime) in (outcome, "none" if outcome == "no_restriction" else outcome)


@pytest.mark.parametrize(
    ("label", "transaction", "regime", "outcome"), SPELLING_CASES, ids=[c[0] for c in SPELLING_CASES]
)
def test_layered_resolver_spellings(
    layered_resolver: LayeredResolver, label: str, transaction: dict[str, Any], regime: str, outcome: str
) -> None:
    result = decide(transaction, resolver=layered_resolver).to_dict()
    assert _strictest(result, regime) == outcome, (label, result["findings"])


def test_family_finding_cites_the_knowledge_base(list_resolver: IndexResolver) -> None:
    result = decide(camera_buy("2021-01-01", "EZVIZ"), resolver=list_resolver).to_dict()
    finding = next(f for f in result["findings"] if f["regime"] == "NDAA889" and f["outcome"] == "prohibited")
    assert any("Hangzhou EZVIZ Network" in c and "Hikvision" in c for c in finding["citations"]), finding


def test_affiliates_owner_only_for_foreign_members_in_the_family() -> None:
    from datetime import date

    from ictguard.families.model import Family
    from ictguard.rules.families import member_owners

    family = Family.model_validate(
        {
            "id": "acme",
            "parent": {"name": "Acme Telecom Co., Ltd.", "list_names": ["Acme Telecom Co., Ltd."]},
            "members": [
                {
                    "id": "cn",
                    "name": "Acme Shenzhen",
                    "relation": "subsidiary",
                    "country": "CN",
                    "share": 0.6,
                    "source": "annual report",
                    "until": "2026-01-01",
                    "dates_source": "sale notice",
                },
                {
                    "id": "us",
                    "name": "Acme USA",
                    "relation": "subsidiary",
                    "country": "US",
                    "share": 1.0,
                    "source": "annual report",
                },
            ],
        }
    )
    cn, us = family.members
    assert [(o.name, o.share) for o in member_owners((family, cn), date(2025, 12, 31))] == [
        ("Acme Telecom Co., Ltd.", 0.6)
    ]
    assert member_owners((family, cn), date(2026, 1, 1)) == ()  # sold: no longer owned
    assert member_owners((family, us), date(2025, 12, 31)) == ()  # a US firm: outside the Affiliates Rule
    # an owner further up a chain passes its parent's stake on, whatever its own country (parent_stake)
    from ictguard.rules.families import parent_stake

    assert [(o.name, o.share) for o in parent_stake((family, us), date(2025, 12, 31))] == [
        ("Acme Telecom Co., Ltd.", 1.0)
    ]


def _owned_by(day: str, owners: list[tuple[str, str, float]]) -> dict[str, Any]:
    stated = [{"name": n, "country": c, "share": s} for n, c, s in owners]
    buyer = party("end_user", "Pacific Vision Holdings Pte Ltd", "SG", owners=stated)
    return txn(day, "export", [US_EXPORTER, buyer], [item("other", "goods", "EAR99")])


# "Directly or indirectly" (R-EL-AFFILIATES): an owner's own ownership by a listed entity comes from the family base
# when the transaction does not state it (Dahua Europe B.V. is 100 % Dahua; Dahua Technology USA is Dahua's but
# has no recorded share; Lorex left Dahua on 2022-11-24).
INDIRECT = [
    ("family owner 70 %", [("Dahua Europe B.V.", "NL", 0.7)], "2025-10-15", "license_required"),
    (
        "family owner 40 % + listed 20 %",
        [("Dahua Europe B.V.", "NL", 0.4), ("Huawei Device Co., Ltd.", "CN", 0.2)],
        "2026-11-20",
        "license_required",
    ),
    ("family owner 40 % alone", [("Dahua Europe B.V.", "NL", 0.4)], "2025-10-15", "flag"),
    ("family owner, rule suspended", [("Dahua Europe B.V.", "NL", 0.7)], "2026-01-15", "flag"),
    ("family owner, rule not yet in force", [("Dahua Europe B.V.", "NL", 0.7)], "2025-09-28", "no_restriction"),
    ("member without a recorded share", [("Dahua Technology USA Inc.", "US", 0.7)], "2025-10-15", "no_restriction"),
    ("sold member", [("Lorex Technology Inc.", "CA", 0.7)], "2025-10-15", "no_restriction"),
    ("unrelated owner", [("Straits Capital Partners Pte Ltd", "SG", 0.7)], "2025-10-15", "no_restriction"),
]


@pytest.mark.parametrize(("label", "owners", "day", "outcome"), INDIRECT, ids=[c[0] for c in INDIRECT])
def test_affiliates_indirect_through_family_owner(
    layered_resolver: LayeredResolver, label: str, owners: list[tuple[str, str, float]], day: str, outcome: str
) -> None:
    result = decide(_owned_by(day, owners), resolver=layered_resolver).to_dict()
    assert _strictest(result, "EAR") in (outcome, "none" if outcome == "no_restriction" else outcome), (
        label,
        result["findings"],
    )


def _import(day: str, maker: str, **ctx: Any) -> dict[str, Any]:
    buyer, seller = party("purchaser", "Midwest Regional ISP LLC", "US"), party("supplier", maker, "CN")
    return txn(
        day, "ict_transaction", [buyer, seller], [item("video_surveillance", "IP cameras", manufacturer=maker)], **ctx
    )


# Import / marketing of a never-authorized covered model (R-FCC-EQAUTH): for the purpose-qualified entries (Hytera,
# Hikvision, Dahua) the bar is tied to the security purpose, as for the authorization itself.
IMPORTS = [
    (
        "hikvision, security use",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        {"security_purpose": True},
        "prohibited",
    ),
    ("hikvision, purpose not stated", "Hangzhou Hikvision Digital Technology Co., Ltd.", {}, "prohibited"),
    (
        "hikvision, no security use",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        {"security_purpose": False},
        "flag",
    ),
    ("dahua, no security use", "Zhejiang Dahua Technology Co., Ltd.", {"security_purpose": False}, "flag"),
    (
        "huawei (unqualified), no security use",
        "Huawei Technologies Co., Ltd.",
        {"security_purpose": False},
        "prohibited",
    ),
]


@pytest.mark.parametrize(("label", "maker", "ctx", "outcome"), IMPORTS, ids=[c[0] for c in IMPORTS])
def test_import_of_purpose_qualified_equipment(
    list_resolver: IndexResolver, label: str, maker: str, ctx: dict[str, Any], outcome: str
) -> None:
    transaction = _import("2024-03-01", maker, model_authorized_before=False, **ctx)
    result = decide(transaction, resolver=list_resolver).to_dict()
    fcc = [f for f in result["findings"] if f["regime"] == "FCC"]
    assert _strictest(result, "FCC") == outcome and all("R-FCC-EQAUTH" in f["rules"] for f in fcc), (label, fcc)


# A member's own recorded spellings name one company: a member listed under another spelling of its name is that
# entry (華為技術日本株式会社 = Huawei Technologies Japan K.K.); a member whose spellings name no listed entry, or
# only another company's entry (another country or legal form), is not reached (regime_rules.md §2, matching).
MEMBER_SPELLINGS = [
    ("huawei japan in kanji", "華為技術日本株式会社", "JP", "license_required"),
    ("huawei japan in katakana", "ファーウェイ・ジャパン", "JP", "license_required"),
    ("huawei korea, no listed spelling", "한국화웨이", "KR", "not_license_required"),
    ("hikvision europe, no listed spelling", "Hikvision Europe B.V.", "NL", "not_license_required"),
    ("kaspersky labs gmbh, not the gb limited", "Kaspersky Labs GmbH", "DE", "not_license_required"),
]


@pytest.mark.parametrize(("label", "name", "country", "want"), MEMBER_SPELLINGS, ids=[c[0] for c in MEMBER_SPELLINGS])
def test_member_listed_under_its_other_spelling(
    layered_resolver: LayeredResolver, label: str, name: str, country: str, want: str
) -> None:
    day = "2024-08-01" if "kaspersky" in label else "2021-03-01"
    result = decide(export(day, name, country), resolver=layered_resolver).to_dict()
    ear = [f for f in result["findings"] if f["regime"] == "EAR"]
    required = [f for f in ear if f["outcome"] == "license_required"]
    if want == "license_required":
        assert required and "Japan" in required[0]["matched_entity"], (label, ear)
    else:
        assert not required, (label, ear)
