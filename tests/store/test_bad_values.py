"""A value the database cannot hold is a typed error on both backends, never a 500 (issue 18, item 4)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from ictguard.errors import InputError, TransactionError, http_status_for
from ictguard.rules.transaction import parse_transaction
from ictguard.store import audit_repo, counterparties_repo, determinations_repo


@pytest.mark.parametrize("tx_id", ["t" * 201, "t-\x00-1"])
def test_transaction_id_is_refused_before_the_database(engine: Engine, tx_id: str) -> None:
    with pytest.raises(TransactionError) as info:
        parse_transaction({"id": tx_id, "date": "2024-01-01", "kind": "export"})
    assert info.value.field == "id" and http_status_for(info.value) == 422


def test_what_reaches_the_database_anyway_is_typed_on_both_backends(engine: Engine) -> None:
    # A repository called with an unchecked value: PostgreSQL refuses it (SQLite stores it); either way no 500.
    writes = [
        lambda: determinations_repo.save(engine, {"id": "t" * 201}, {"outcome": "flag"}, actor="t"),
        lambda: counterparties_repo.create(engine, {"name": "Acme\x00", "country": "DE", "kind": "vendor"}, actor="t"),
    ]
    for write in writes:
        if engine.dialect.name == "postgresql":
            with pytest.raises(InputError, match="cannot be stored") as info:
                write()
            assert http_status_for(info.value) == 422
        else:
            write()
    assert audit_repo.verify(engine)[1] is None  # a refused write left no audit row and no receipt
