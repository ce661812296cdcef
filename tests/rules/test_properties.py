"""Property tests for the transaction input (issue 18): any JSON value parses to a Transaction or raises a
TransactionError naming the field — never another exception; valid documents always parse, unknown extra
fields kept. Budget per the hypothesis profile (tests/conftest.py)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ictguard.errors import TransactionError
from ictguard.limits import MAX_NAME_CHARS
from ictguard.rules.transaction import Transaction, parse_transaction, parse_transactions

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
ROLES = ["exporter", "consignee", "end_user", "intermediate", "purchaser", "supplier", "manufacturer"]
NAME = st.text(min_size=1, max_size=MAX_NAME_CHARS).filter(lambda s: "\x00" not in s)


@st.composite
def valid_transaction(draw: st.DrawFn) -> dict[str, Any]:
    party = st.fixed_dictionaries(
        {"role": st.sampled_from(ROLES), "name": NAME}, optional={"country": st.sampled_from(["CN", "US", "DE", None])}
    )
    return draw(
        st.fixed_dictionaries(
            {"date": st.dates().map(lambda d: d.isoformat()), "kind": st.sampled_from(["export", "procurement"])},
            optional={
                "id": st.text(max_size=200).filter(lambda s: "\x00" not in s),
                "parties": st.lists(party, max_size=3),
                "x_extra": JSON.filter(lambda v: "\\u0000" not in json.dumps(v)),
            },
        )
    )


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    doc = draw(valid_transaction())
    key = draw(st.sampled_from(["date", "kind", "id", "parties", "items", "context", "purpose"]))
    doc[key] = draw(JSON)
    return doc


@given(doc=st.one_of(JSON, mutated()))
def test_any_document_is_a_transaction_or_a_typed_error(doc: Any) -> None:
    try:
        result = parse_transaction(doc)
    except TransactionError as exc:
        assert exc.reason
        return
    assert isinstance(result, Transaction)


@given(doc=valid_transaction())
def test_valid_documents_parse_and_keep_their_extras(doc: dict[str, Any]) -> None:
    parsed = parse_transaction(doc)
    assert parsed.id == doc.get("id", "") and len(parsed.parties) == len(doc.get("parties", []))
    if "x_extra" in doc:
        assert parsed.model_extra == {"x_extra": doc["x_extra"]}
    listed, was_list = parse_transactions([doc, doc])
    assert was_list and len(listed) == 2
