"""POST /api/v1/representation: the §889 draft as JSON, HTML and PDF (a thin call into rules.representation)."""

from __future__ import annotations

from tests.api.conftest import Api, assert_error

BODY = {
    "offeror": "Acme Services LLC",
    "as_of": "2021-01-01",
    "suppliers": [
        {"name": "Acme Networks Inc.", "country": "US", "category": "telecom_equipment"},
        {"name": "Huawei Device USA Inc.", "country": "US", "category": "telecom_equipment"},
    ],
    "devices": [
        {
            "id": "10.0.0.6",
            "vendor": "Huawei",
            "covered": True,
            "covered_company": "Huawei",
            "basis": "direct",
            "confidence": 0.9,
        }
    ],
}


def test_representation_json_html_pdf(api: Api) -> None:
    analyst = api.headers("analyst")
    draft = api.client.post("/api/v1/representation", headers=analyst, json=BODY)
    assert draft.status_code == 200, draft.text
    by_id = {r["id"]: r for r in draft.json()["representations"]}
    assert by_id["52.204-24(d)(1)"]["answer"] == "will" and by_id["52.204-26(c)(2)"]["answer"] == "does"
    html = api.client.post("/api/v1/representation?format=html", headers=analyst, json=BODY)
    assert html.status_code == 200 and "FAR 52.204-24(d)(2)" in html.text
    pdf = api.client.post("/api/v1/representation?format=pdf", headers=analyst, json=BODY)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_representation_bad_input_and_permission(api: Api) -> None:
    analyst = api.headers("analyst")
    assert_error(api.client.post("/api/v1/representation", headers=analyst, json={**BODY, "offeror": ""}), 422)
    assert_error(
        api.client.post("/api/v1/representation", headers=analyst, json={**BODY, "suppliers": [{"country": "US"}]}), 422
    )
    assert_error(api.client.post("/api/v1/representation", headers=api.headers("viewer"), json=BODY), 403)
