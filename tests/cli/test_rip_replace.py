"""``ictguard rip-replace`` through the real CLI (no list version loaded)."""

from __future__ import annotations

import json
from pathlib import Path

from tests._cli import run_cli

QUESTION = {
    "id": "rr-1",
    "date": "2022-03-01",
    "applied": "2021-12-01",
    "provider": {"name": "Prairie Rural Telephone Cooperative", "customers": 45000},
    "equipment": [{"description": "RAN", "manufacturer": "Huawei", "obtained": "2019-04-01"}],
}


def test_rip_replace_json_and_text(tmp_path: Path) -> None:
    env = {"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}", "ICTGUARD_DATA_DIR": str(tmp_path)}
    path = tmp_path / "q.json"
    path.write_text(json.dumps(QUESTION))
    result = run_cli("rip-replace", str(path), "--json", env=env)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["kind"] == "rip_and_replace" and doc["outcome"] == "eligible" and doc["priority"]["rank"] == 1
    text = run_cli("rip-replace", str(path), env=env)
    assert "citations: FCC 21-86" in text.stdout and "deadlines:" in text.stdout
    path.write_text(json.dumps({**QUESTION, "equipment": []}))
    bad = run_cli("rip-replace", str(path), env=env)
    assert bad.returncode == 2 and "equipment" in bad.stderr
