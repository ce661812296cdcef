"""The §889 representation draft from a device audit page (a thin call into service.questions)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ictguard.web.routes.representation import supplier_rows
from tests.web.conftest import sign_in


def test_representation_from_an_audit(client: TestClient) -> None:
    token = sign_in(client, "analyst")
    inventory = b"IP Address,MAC Address,Manufacturer,Model\n10.0.0.6,,Huawei,S5720\n10.0.0.7,,Dell,OptiPlex\n"
    created = client.post(
        "/ui/audit",
        data={"csrf_token": token},
        follow_redirects=False,
        files=[("files", ("inventory.csv", inventory, "text/csv"))],
    )
    assert created.status_code == 303, created.text
    audit_page = client.get(created.headers["location"]).text
    assert "Draft FAR 52.204-24 / 52.204-26" in audit_page
    form = {
        "csrf_token": token,
        "offeror": "Acme Services LLC",
        "as_of": "2021-01-01",
        "suppliers": "Acme Networks Inc., US\nHuawei Device USA Inc., US",
    }
    draft = client.post(created.headers["location"] + "/representation", data=form)
    assert draft.status_code == 200, draft.text
    assert "FAR 52.204-24(d)(2)" in draft.text and "Huawei Device USA Inc." in draft.text and "does" in draft.text
    pdf = client.post(created.headers["location"] + "/representation", data={**form, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_supplier_rows_from_lines_or_json() -> None:
    assert supplier_rows("Acme, US\nPlain Name\n\n") == [{"name": "Acme", "country": "US"}, {"name": "Plain Name"}]
    assert supplier_rows('[{"name": "A", "category": "services"}]') == [{"name": "A", "category": "services"}]
