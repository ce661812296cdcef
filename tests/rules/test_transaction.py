from __future__ import annotations

from typing import Any

import pytest

from ictguard.errors import TransactionError
from ictguard.rules import parse_transaction, parse_transactions

BASE: dict[str, Any] = {
    "id": "t",
    "date": "2019-06-01",
    "kind": "export",
    "parties": [{"role": "end_user", "name": "X", "owners": [{"name": "O", "share": 0.5}]}],
    "items": [{"description": "d", "category": "software"}],
}


def test_unknown_extra_fields_are_kept_and_ignored() -> None:
    t = parse_transaction({**BASE, "note": 1, "context": {"ticket": "A-1"}})
    assert t.model_extra == {"note": 1}
    assert t.context.model_extra == {"ticket": "A-1"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "smuggle"}, "kind"),
        ({"date": "01/06/2019"}, "date"),
        ({"date": 1559347200}, "date"),
        ({"parties": [{"name": "X"}]}, "parties[0].role"),
        (
            {"parties": [{"role": "end_user", "name": "X", "owners": [{"name": "O", "share": 1.5}]}]},
            "parties[0].owners[0].share",
        ),
        ({"items": [{"category": "spaceship"}]}, "items[0].category"),
        ({"context": {"contract_date": "2019-02-30"}}, "context.contract_date"),
        ({"date": "20190601"}, "date"),
        ({"date": "2019-W22-6"}, "date"),
        ({"date": "2019-06-01T10:00:00"}, "date"),
        (
            {"context": {"specific_license": {"number": "D1", "granted": "2019/11/20"}}},
            "context.specific_license.granted",
        ),
        (
            {
                "parties": [
                    {
                        "role": "end_user",
                        "name": "X",
                        "owners": [{"name": "O", "share": 0.5, "owners": [{"name": "P", "share": 1.01}]}],
                    }
                ]
            },
            "parties[0].owners[0].owners[0].share",
        ),
        (
            {"parties": [{"role": "end_user", "name": "X", "owners": [{"name": "O", "share": -0.1}]}]},
            "parties[0].owners[0].share",
        ),
        ({"parties": [{"role": "buyer", "name": "X"}]}, "parties[0].role"),
        ({"parties": [{"role": "end_user"}]}, "parties[0].name"),
        ({"kind": None}, "kind"),
    ],
)
def test_bad_input_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(TransactionError) as err:
        parse_transaction({**BASE, **change}, file="in.json")
    assert err.value.field == field and err.value.file == "in.json"


def test_list_input_names_the_index() -> None:
    with pytest.raises(TransactionError) as err:
        parse_transactions([BASE, {**BASE, "kind": "nope"}], file="batch.json")
    assert err.value.field == "[1].kind"
    assert "batch.json" in str(err.value)


def test_single_and_list() -> None:
    assert parse_transactions(BASE)[1] is False
    assert len(parse_transactions([BASE, BASE])[0]) == 2


def test_the_message_names_file_and_field() -> None:
    with pytest.raises(TransactionError) as err:
        parse_transactions([BASE, {**BASE, "parties": [{"name": "X"}]}], file="batch.json")
    assert "batch.json" in str(err.value) and "[1].parties[0].role" in str(err.value)


def test_missing_date_and_kind_are_named() -> None:
    for key in ("date", "kind"):
        with pytest.raises(TransactionError) as err:
            parse_transaction({k: v for k, v in BASE.items() if k != key})
        assert err.value.field == key


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"id": "t" * 201}, "id"),
        ({"id": "t-\x00"}, "id"),
        ({"parties": [{"role": "exporter", "name": "A" * 501}]}, "parties[0].name"),
        (
            {"parties": [{"role": "exporter", "name": "Acme", "owners": [{"name": "O" * 501, "share": 0.6}]}]},
            "parties[0].owners[0].name",
        ),
        ({"items": [{"manufacturer": "M" * 501}]}, "items[0].manufacturer"),
        ({"x_note": {"deep": ["ok", "bad\x00"]}}, "x_note.deep[1]"),  # unknown extra fields are checked for NUL too
    ],
)
def test_oversized_or_nul_fields_are_transaction_errors(patch: dict[str, object], field: str) -> None:
    from ictguard.rules.transaction import parse_transaction

    doc = {"id": "t-1", "date": "2024-01-01", "kind": "export", **patch}
    with pytest.raises(TransactionError) as info:
        parse_transaction(doc)
    assert info.value.field == field
    ok = {**doc, "id": "t" * 200, "parties": [{"role": "exporter", "name": "A" * 500}], "items": []}
    ok.pop("x_note", None)
    parse_transaction(ok)
