"""The §889 representation draft (issue 15): FAR 52.204-24 / 52.204-26 answers from a screened supplier list and a
device audit, each with its evidence; clauses asked for only from their effective days."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ictguard.errors import TransactionError
from ictguard.rules import IndexResolver
from ictguard.rules.representation import draft_representation, parse_suppliers

CLEAN = [{"name": "Acme Networks Inc.", "country": "US", "provides": "switches", "category": "telecom_equipment"}]
HUAWEI_SUB = [*CLEAN, {"name": "Huawei Device USA Inc.", "country": "US", "category": "telecom_equipment"}]
HIK_SUB = [*CLEAN, {"name": "Hikvision USA Inc.", "country": "US", "category": "video_surveillance"}]
HUAWEI_DEVICE = {
    "id": "10.0.0.6",
    "vendor": "Huawei",
    "covered": True,
    "covered_company": "Huawei",
    "basis": "direct",
    "confidence": 0.9,
    "manufacturer": "Huawei",
    "model": "S5720",
}
DELL = {"id": "10.0.0.7", "vendor": "Dell", "covered": False, "manufacturer": "Dell"}


def answers(
    resolver: IndexResolver,
    day: str,
    suppliers: list[dict[str, Any]],
    devices: list[dict[str, Any]],
    purpose: bool | None = None,
) -> dict[str, dict[str, Any]]:
    draft = draft_representation(
        "Acme Services LLC",
        date.fromisoformat(day),
        parse_suppliers(suppliers),
        devices,
        resolver=resolver,
        security_purpose=purpose,
    ).to_dict()
    return {r["id"]: r for r in draft["representations"]}


# (label, day, suppliers, devices, purpose, clause id, answer, status)
ROWS = [
    ("24 provide before the clause", "2019-08-12", HUAWEI_SUB, [], None, "52.204-24(d)(1)", None, "not_yet_required"),
    ("24 provide from 2019-08-13", "2019-08-13", HUAWEI_SUB, [], None, "52.204-24(d)(1)", "will", "answered"),
    ("24 provide, clean suppliers", "2019-08-13", CLEAN, [], None, "52.204-24(d)(1)", "will not", "answered"),
    ("26 provide before the clause", "2019-12-12", HUAWEI_SUB, [], None, "52.204-26(c)(1)", None, "not_yet_required"),
    ("26 provide from 2019-12-13", "2019-12-13", HUAWEI_SUB, [], None, "52.204-26(c)(1)", "does", "answered"),
    ("24 use before Part B", "2020-08-12", CLEAN, [HUAWEI_DEVICE], None, "52.204-24(d)(2)", None, "not_yet_required"),
    ("24 use from Part B", "2020-08-13", CLEAN, [HUAWEI_DEVICE, DELL], None, "52.204-24(d)(2)", "does", "answered"),
    ("24 use, clean audit", "2020-08-13", CLEAN, [DELL], None, "52.204-24(d)(2)", "does not", "answered"),
    (
        "26 use before 2020-10-26",
        "2020-10-25",
        CLEAN,
        [HUAWEI_DEVICE],
        None,
        "52.204-26(c)(2)",
        None,
        "not_yet_required",
    ),
    ("26 use from 2020-10-26", "2020-10-26", CLEAN, [HUAWEI_DEVICE], None, "52.204-26(c)(2)", "does", "answered"),
    ("Hikvision, purpose unknown", "2021-01-01", HIK_SUB, [], None, "52.204-24(d)(1)", None, "undetermined"),
    ("Hikvision, security use", "2021-01-01", HIK_SUB, [], True, "52.204-24(d)(1)", "will", "answered"),
    ("Hikvision, no security use", "2021-01-01", HIK_SUB, [], False, "52.204-24(d)(1)", "will not", "answered"),
]


@pytest.mark.parametrize(
    ("label", "day", "suppliers", "devices", "purpose", "clause", "answer", "status"), ROWS, ids=[r[0] for r in ROWS]
)
def test_row(
    list_resolver: IndexResolver,
    label: str,
    day: str,
    suppliers: list[dict[str, Any]],
    devices: list[dict[str, Any]],
    purpose: bool | None,
    clause: str,
    answer: str | None,
    status: str,
) -> None:
    rep = answers(list_resolver, day, suppliers, devices, purpose)[clause]
    assert (rep["answer"], rep["status"]) == (answer, status), (label, rep)
    if status == "not_yet_required":
        assert rep["citations"] == [] and "Not yet required" in rep["explanation"]
    if status == "undetermined":
        assert rep["explanation"].startswith("Missing fact: security_purpose") and rep["settle"] == ["security_purpose"]
    if answer in ("will", "does"):
        assert any(e["covered"] for e in rep["evidence"]) and "R-FAR-REPS" in rep["rules"]


def test_evidence_names_the_company_and_other_lists(list_resolver: IndexResolver) -> None:
    rep = answers(list_resolver, "2021-01-01", HUAWEI_SUB, [])["52.204-24(d)(1)"]
    sub = next(e for e in rep["evidence"] if e["name"] == "Huawei Device USA Inc.")
    # A cited member of the family base (data/families/huawei.yaml) since round 2 of coverage: resolved as such.
    assert sub["company"] == "Huawei Technologies Company" and "(resolved by family)" in sub["detail"]
    direct = answers(list_resolver, "2021-01-01", [{"name": "Huawei Technologies Co., Ltd.", "country": "CN"}], [])
    assert "Also on: CMIC, EL" in direct["52.204-24(d)(1)"]["evidence"][0]["detail"]


def test_bad_supplier_names_the_entry() -> None:
    with pytest.raises(TransactionError) as err:
        parse_suppliers([{"name": "A"}, {"country": "US"}])
    assert "[1].name" in str(err.value)


def test_empty_inputs_support_no_answer(list_resolver: IndexResolver) -> None:
    reps = answers(list_resolver, "2021-01-01", [], [])
    assert reps["52.204-24(d)(1)"]["status"] == "undetermined" and reps["52.204-24(d)(1)"]["settle"] == ["suppliers"]
    assert reps["52.204-26(c)(2)"]["explanation"].startswith("Missing fact: devices.")
