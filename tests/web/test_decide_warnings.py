"""Issue 15: bad input that would give a silent answer is shown on the determination page and in its memo."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import sign_in


def test_undated_licence_warned_on_the_page_and_memo(client: TestClient) -> None:
    token = sign_in(client, "analyst")
    response = client.post(
        "/ui/decide",
        follow_redirects=False,
        data={
            "csrf_token": token,
            "kind": "export",
            "date": "2026-06-01",
            "id": "undated-licence",
            "party0_role": "end_user",
            "party0_name": "Huawei Technologies Co., Ltd.",
            "party0_country": "CN",
            "license_number": "D123456",
        },
    )
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"]).text
    assert "Check the input" in page and "has no grant date" in page
    memo = client.get(response.headers["location"] + "/memo").text
    assert "Input warnings" in memo and "has no grant date" in memo
