"""The §214 carriers are U.S. companies the FCC found owned and controlled from the PRC (companies.yaml
``controlled_from``): an ICT transaction with one is linked to China by control, and cites the finding; a U.S.
company with no such finding is not linked."""

from __future__ import annotations

import pytest

from ictguard.rules import IndexResolver, decide
from tests.rules._txn import item, party, txn

CARRIERS = [
    ("China Unicom (Americas) Operations Limited", "FCC 22-9"),
    ("China Telecom (Americas) Corp.", "FCC 21-114"),
    ("China Mobile International USA Inc.", "FCC 19-38"),
    ("Pacific Networks Corp.", "FCC 22-22"),
    ("ComNet (USA) LLC", "FCC 22-22"),
]


def _service(day: str, carrier: str) -> dict[str, object]:
    parties = [party("purchaser", "Midwest Regional ISP LLC", "US"), party("carrier", carrier, "US")]
    return txn(day, "ict_transaction", parties, [item("services", "international telecommunications service")])


@pytest.mark.parametrize(("carrier", "finding"), CARRIERS)
def test_carrier_controlled_from_china_is_reviewable(list_resolver: IndexResolver, carrier: str, finding: str) -> None:
    result = decide(_service("2025-06-01", carrier), resolver=list_resolver).to_dict()
    icts = [f for f in result["findings"] if f["regime"] == "ICTS" and f["outcome"] == "reviewable"]
    assert icts, result["findings"]
    assert "R-ICTS-FINAL" in icts[0]["rules"]
    assert "(by control)" in icts[0]["explanation"]
    assert any(c.startswith(finding) for c in icts[0]["citations"]), icts[0]["citations"]


def test_before_the_ict_rules_no_link_is_reviewable(list_resolver: IndexResolver) -> None:
    result = decide(_service("2020-06-01", "China Unicom (Americas) Operations Limited"), resolver=list_resolver)
    assert not [f for f in result.to_dict()["findings"] if f["regime"] == "ICTS" and f["outcome"] == "reviewable"]


def test_us_carrier_without_a_finding_is_not_linked(list_resolver: IndexResolver) -> None:
    result = decide(_service("2025-06-01", "Prairie Rural Telephone Cooperative"), resolver=list_resolver).to_dict()
    assert result["outcome"] == "no_restriction", result
