"""``ictguard representation`` through the real CLI: the §889 draft as JSON, HTML and PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests._cli import run_cli

SUPPLIERS = [
    {"name": "Acme Networks Inc.", "country": "US", "category": "telecom_equipment"},
    {"name": "Huawei Device USA Inc.", "country": "US", "category": "telecom_equipment"},
]
INVENTORY = "hostname,ip,mac,manufacturer,model\nsw1,10.0.0.6,,Huawei,S5720\npc1,10.0.0.7,,Dell,OptiPlex\n"


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}", "ICTGUARD_DATA_DIR": str(tmp_path)}


def test_representation_json_html_pdf(tmp_path: Path, env: dict[str, str]) -> None:
    suppliers = tmp_path / "suppliers.json"
    suppliers.write_text(json.dumps(SUPPLIERS))
    inventory = tmp_path / "inventory.csv"
    inventory.write_text(INVENTORY)
    base = [
        "representation",
        "--suppliers",
        str(suppliers),
        "--offeror",
        "Acme Services LLC",
        "--as-of",
        "2021-01-01",
        str(inventory),
    ]
    result = run_cli(*base, "--json", env=env)
    assert result.returncode == 0, result.stderr
    draft = json.loads(result.stdout)
    by_id = {r["id"]: r for r in draft["representations"]}
    assert by_id["52.204-24(d)(1)"]["answer"] == "will" and by_id["52.204-24(d)(2)"]["answer"] == "does"
    assert draft["devices_audited"] == 2 and draft["suppliers_screened"] == 2
    html_path, pdf_path = tmp_path / "draft.html", tmp_path / "draft.pdf"
    assert run_cli(*base, "-o", str(html_path), env=env).returncode == 0
    html = html_path.read_text()
    assert "FAR 52.204-26(c)(2)" in html and "Huawei Device USA Inc." in html and "85 FR 42665" in html
    assert run_cli(*base, "-o", str(pdf_path), env=env).returncode == 0
    assert pdf_path.read_bytes().startswith(b"%PDF")
    bad = run_cli(*base, "-o", str(tmp_path / "draft.txt"), env=env)
    assert bad.returncode == 2 and "-o" in bad.stderr
