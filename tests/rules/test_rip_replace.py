"""The rip-and-replace question (issue 15): provider size, equipment dates, filing window and deadlines at their
boundary days, with rule ids and citations from regime_rules.md (R-SNA, R-FCC-RR, R-FCC-54.9, R-FCC-54.10)."""

from __future__ import annotations

from typing import Any

import pytest

from ictguard.errors import TransactionError
from ictguard.rules import IndexResolver
from ictguard.rules.rip_replace import answer, parse_question


def question(
    day: str,
    customers: int | None = 45_000,
    obtained: str | None = "2019-04-01",
    maker: str = "Huawei",
    applied: str | None = None,
    **provider: Any,
) -> dict[str, Any]:
    prov = {"name": "Prairie Rural Telephone Cooperative", **provider}
    if customers is not None:
        prov["customers"] = customers
    equipment = {"description": "RAN", "manufacturer": maker, **({"obtained": obtained} if obtained else {})}
    return {
        "id": "rr",
        "date": day,
        "provider": prov,
        "equipment": [equipment],
        **({"applied": applied} if applied else {}),
    }


def run(resolver: IndexResolver, doc: dict[str, Any]) -> dict[str, Any]:
    return answer(parse_question(doc), resolver=resolver).to_dict()


# (label, question, subject, outcome, rule, text)
ROWS = [
    (
        "before the Act",
        question("2020-03-11"),
        "Prairie Rural Telephone Cooperative",
        "not_eligible",
        "R-SNA",
        "no reimbursement programme",
    ),
    (
        "Act: 2 million limit",
        question("2020-03-12", customers=2_000_000),
        "Prairie Rural Telephone Cooperative",
        "eligible",
        "R-SNA",
        "up to 2,000,000",
    ),
    (
        "Act: above 2 million",
        question("2021-07-13", customers=2_000_001),
        "Prairie Rural Telephone Cooperative",
        "not_eligible",
        "R-SNA",
        "above the limit",
    ),
    (
        "Third R&O: 10 million",
        question("2021-07-14", customers=10_000_000),
        "Prairie Rural Telephone Cooperative",
        "eligible",
        "R-FCC-RR",
        "up to 10,000,000",
    ),
    (
        "Third R&O: above 10 million",
        question("2021-07-14", customers=10_000_001),
        "Prairie Rural Telephone Cooperative",
        "not_eligible",
        "R-FCC-RR",
        "above the limit",
    ),
    (
        "size unknown",
        question("2021-08-01", customers=None),
        "Prairie Rural Telephone Cooperative",
        "flag",
        "R-FCC-RR",
        "Missing fact: provider.customers",
    ),
    (
        "obtained on the cut-off",
        question("2021-08-01", obtained="2020-06-30"),
        "RAN by Huawei",
        "eligible",
        "R-FCC-RR",
        "is reimbursable",
    ),
    (
        "obtained the day after",
        question("2021-08-01", obtained="2020-07-01"),
        "RAN by Huawei",
        "not_eligible",
        "R-FCC-RR",
        "after the cut-off",
    ),
    (
        "obtained unknown",
        question("2021-08-01", obtained=None),
        "RAN by Huawei",
        "flag",
        "R-FCC-RR",
        "Missing fact: equipment.obtained",
    ),
    (
        "not a covered maker",
        question("2021-08-01", maker="Nokia Solutions and Networks Oy"),
        "RAN by Nokia Solutions and Networks Oy",
        "not_eligible",
        "R-FCC-RR",
        "Only Huawei and ZTE",
    ),
    (
        "ZTE subsidiary by brand",
        question("2021-08-01", maker="ZTE USA Inc."),
        "RAN by ZTE USA Inc.",
        "eligible",
        "R-FCC-RR",
        "is reimbursable",
    ),
    (
        "applied on the last day",
        question("2022-02-01", applied="2022-01-14"),
        "application",
        "eligible",
        "R-FCC-RR",
        "inside the filing window",
    ),
    (
        "applied the day after",
        question("2022-02-01", applied="2022-01-15"),
        "application",
        "flag",
        "R-FCC-RR",
        "outside the filing window",
    ),
    (
        "window closed, applied unknown",
        question("2022-01-15"),
        "application",
        "flag",
        "R-FCC-RR",
        "Missing fact: applied",
    ),
]


@pytest.mark.parametrize(("label", "doc", "subject", "outcome", "rule", "text"), ROWS, ids=[r[0] for r in ROWS])
def test_row(
    list_resolver: IndexResolver, label: str, doc: dict[str, Any], subject: str, outcome: str, rule: str, text: str
) -> None:
    found = next(f for f in run(list_resolver, doc)["findings"] if f["subject"] == subject)
    assert found["outcome"] == outcome and rule in found["rules"] and text in found["explanation"], (label, found)
    if outcome == "flag" and "Missing fact" in text:
        assert found["explanation"].startswith("Missing fact") and found["settle"]


def test_no_third_order_citation_before_it(list_resolver: IndexResolver) -> None:
    early = run(list_resolver, question("2021-07-13"))
    assert not any("FCC 21-86" in f["citations"] for f in early["findings"])
    assert any("FCC 21-86" in f["citations"] for f in run(list_resolver, question("2021-07-14"))["findings"])


def test_priority_and_overall_outcome(list_resolver: IndexResolver) -> None:
    doc = question("2021-12-01", applied="2021-12-01")
    doc["equipment"].append({"description": "core", "manufacturer": "ZTE Corporation", "obtained": "2020-07-01"})
    result = run(list_resolver, doc)
    assert result["outcome"] == "eligible" and result["priority"]["rank"] == 1  # one item qualifies
    big = run(list_resolver, question("2021-12-01", customers=5_000_000, applied="2021-12-01", type="library"))
    assert big["priority"]["rank"] == 3 and big["outcome"] == "eligible"
    none = run(list_resolver, question("2021-12-01", obtained="2020-07-01", applied="2021-12-01"))
    assert none["outcome"] == "not_eligible"


def test_deadlines_known_on_the_date(list_resolver: IndexResolver) -> None:
    early = [d["what"] for d in run(list_resolver, question("2021-06-01"))["deadlines"]]
    assert not any("filing window" in w for w in early) and any("Covered List" in w for w in early)
    later = run(list_resolver, question("2021-11-01"))["deadlines"]
    assert any(d["date"] == "2022-01-14" and "closes" in d["what"] for d in later)
    assert later[-1]["date"] is None and "not in regime_rules.md" in later[-1]["what"]
    assert all(d["rule"].startswith("R-") for d in later)


def test_bad_question_names_the_field() -> None:
    with pytest.raises(TransactionError) as err:
        parse_question({"date": "2021-01-01", "provider": {"name": "P"}, "equipment": []})
    assert "equipment" in str(err.value)
