from __future__ import annotations

from datetime import date

import pytest

from ictguard.errors import TransactionError
from ictguard.web.decide_form import transaction_from_form

TODAY = date(2026, 11, 23)


def test_full_form_becomes_the_decisions_md_transaction() -> None:
    form = {
        "id": "t-001",
        "date": "2019-06-01",
        "kind": "export",
        "purpose": "support of a handset",
        "party0_role": "exporter",
        "party0_name": "Acme Networks Inc.",
        "party0_country": "us",
        "party1_role": "end_user",
        "party1_name": "Huawei Technologies Co Ltd",
        "party1_country": "CN",
        "item0_description": "OS security patch",
        "item0_category": "software",
        "item0_eccn": "EAR99",
        "item0_manufacturer": "Acme Networks Inc.",
        "item0_fdp": "no",
        "tgl_prong": "existing_handsets",
        "contract_date": "2017-03-01",
        "product_public_release": "2018-06-01",
        "license_number": "D123456",
        "license_granted": "2019-11-20",
        "waiver": "agency",
        "security_purpose": "yes",
        "new_agreement": "",
        "funding": "usf",
    }
    assert transaction_from_form(form, today=TODAY) == {
        "id": "t-001",
        "date": "2019-06-01",
        "kind": "export",
        "purpose": "support of a handset",
        "parties": [
            {"role": "exporter", "name": "Acme Networks Inc.", "country": "US"},
            {"role": "end_user", "name": "Huawei Technologies Co Ltd", "country": "CN"},
        ],
        "items": [
            {
                "description": "OS security patch",
                "category": "software",
                "eccn": "EAR99",
                "manufacturer": "Acme Networks Inc.",
                "produced_abroad_with_us_tech": False,
            }
        ],
        "context": {
            "tgl_prong": "existing_handsets",
            "waiver": "agency",
            "contract_date": "2017-03-01",
            "product_public_release": "2018-06-01",
            "security_purpose": True,
            "funding": "usf",
            "specific_license": {"number": "D123456", "granted": "2019-11-20"},
        },
    }


def test_defaults_id_and_date_and_omits_empty_context() -> None:
    tx = transaction_from_form({"kind": "procurement", "party0_role": "supplier", "party0_name": "Dahua"}, today=TODAY)
    assert tx["id"] == "web-2026-11-23" and tx["date"] == "2026-11-23"
    assert "context" not in tx and tx["items"] == []


def test_pasted_json_wins() -> None:
    tx = transaction_from_form({"json": '{"id": "x", "kind": "export", "extra": 1}', "kind": "bogus"}, today=TODAY)
    assert tx == {"id": "x", "kind": "export", "extra": 1}


@pytest.mark.parametrize(
    "form, field",
    [
        ({"kind": "nope", "party0_role": "supplier", "party0_name": "A"}, "kind"),
        ({"kind": "export"}, "party0_name"),
        ({"kind": "export", "party0_name": "A", "party0_role": "boss"}, "party0_role"),
        ({"kind": "export", "party0_name": "A", "party0_role": "exporter", "date": "1 June"}, "date"),
        ({"kind": "export", "party0_name": "A", "party0_role": "exporter", "tgl_prong": "x"}, "tgl_prong"),
        ({"kind": "export", "party0_name": "A", "party0_role": "exporter", "item0_category": "toys"}, "item0_category"),
        ({"kind": "export", "party0_name": "A", "party0_role": "exporter", "model_year": "soon"}, "model_year"),
        ({"json": "{oops"}, "json"),
        ({"json": "[]"}, "json"),
    ],
)
def test_bad_fields_are_named(form: dict[str, str], field: str) -> None:
    with pytest.raises(TransactionError) as info:
        transaction_from_form(form, today=TODAY)
    assert info.value.field == field
