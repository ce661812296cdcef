"""``ictguard decide`` through the real CLI (no list version loaded: curated regime entities only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests._cli import run_cli

TXN: dict[str, Any] = {
    "id": "t-001",
    "date": "2019-06-01",
    "kind": "export",
    "parties": [
        {"role": "exporter", "name": "Acme Networks Inc.", "country": "US"},
        {"role": "end_user", "name": "Huawei Technologies Co Ltd", "country": "CN"},
    ],
    "items": [{"description": "OS security patch", "eccn": "EAR99", "category": "software"}],
    "purpose": "support of a handset released to the public in 2018",
    "context": {"tgl_prong": "existing_handsets", "product_public_release": "2018-06-01"},
    "ticket": "kept and ignored",
}


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}", "ICTGUARD_DATA_DIR": str(tmp_path)}


def write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    return path


def test_single_transaction(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_cli("decide", str(write(tmp_path, TXN)), "--json", env=env)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["transaction"] == "t-001" and doc["as_of"] == "2019-06-01"
    assert doc["outcome"] == "authorized" and doc["list_version"] is None and doc["notes"]
    finding = doc["findings"][0]
    assert finding["regime"] == "EAR" and finding["basis"] == "tgl" and "R-TGL-HUAWEI" in finding["rules"]
    assert set(finding) >= {
        "regime",
        "outcome",
        "basis",
        "policy",
        "rules",
        "citations",
        "party",
        "matched_entity",
        "explanation",
    }


def test_list_and_as_of(tmp_path: Path, env: dict[str, str]) -> None:
    routers = [{"description": "routers", "category": "telecom_equipment", "manufacturer": "ZTE"}]
    second = {**TXN, "id": "t-002", "kind": "procurement", "context": {}, "items": routers}
    result = run_cli("decide", str(write(tmp_path, [TXN, second])), "--as-of", "2019-05-10", "--json", env=env)
    assert result.returncode == 0, result.stderr
    docs = json.loads(result.stdout)
    assert [d["transaction"] for d in docs] == ["t-001", "t-002"]
    assert all(d["as_of"] == "2019-05-10" for d in docs)
    assert docs[0]["outcome"] == "no_restriction" and "R-EL-HUAWEI-1" in docs[0]["findings"][0]["rules"]
    assert docs[1]["findings"][0]["regime"] == "NDAA889" and "R-889A" in docs[1]["findings"][0]["rules"]


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({**TXN, "kind": "smuggling"}, "field 'kind'"),
        ({**TXN, "date": "2019-02-30"}, "field 'date'"),
        ([TXN, {**TXN, "parties": [{"name": "No Role Ltd"}]}], "field '[1].parties[0].role'"),
        (
            [TXN, {**TXN, "parties": [{"role": "end_user", "name": "X", "owners": [{"name": "O", "share": 2}]}]}],
            "field '[1].parties[0].owners[0].share'",
        ),
    ],
)
def test_bad_transaction_exits_2_naming_file_and_field(
    tmp_path: Path, env: dict[str, str], doc: Any, expected: str
) -> None:
    path = write(tmp_path, doc)
    result = run_cli("decide", str(path), "--json", env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and expected in lines[0]
    assert "Traceback" not in result.stderr


def test_malformed_json_and_missing_file(tmp_path: Path, env: dict[str, str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x",\n  "date": }')
    result = run_cli("decide", str(bad), "--json", env=env)
    assert result.returncode == 2 and f"{bad}:2" in result.stderr
    missing = run_cli("decide", str(tmp_path / "nope.json"), "--json", env=env)
    assert missing.returncode == 2 and "not found" in missing.stderr


def test_bad_as_of(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_cli("decide", str(write(tmp_path, TXN)), "--as-of", "June 1", "--json", env=env)
    assert result.returncode == 2 and "--as-of" in result.stderr


def test_human_output(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_cli("decide", str(write(tmp_path, TXN)), env=env)
    assert result.returncode == 0 and "authorized" in result.stdout and "R-TGL-HUAWEI" in result.stdout


def test_chinese_party_name_resolves(tmp_path: Path, env: dict[str, str]) -> None:
    parties = [
        {"role": "exporter", "name": "Acme Networks Inc.", "country": "US"},
        {"role": "end_user", "name": "华为技术有限公司", "country": "CN"},
    ]
    routers = [{"description": "routers", "eccn": "5A991", "category": "telecom_equipment"}]
    doc = {**TXN, "parties": parties, "items": routers, "context": {}, "purpose": None}
    result = run_cli("decide", str(write(tmp_path, doc)), "--json", env=env)
    assert result.returncode == 0, result.stderr
    ear = [f for f in json.loads(result.stdout)["findings"] if f["regime"] == "EAR"]
    assert ear and ear[0]["outcome"] == "license_required" and "R-EL-HUAWEI-1" in ear[0]["rules"]


def test_human_output_shows_citations_and_warnings(tmp_path: Path, env: dict[str, str]) -> None:
    """Issue 15: the plain-text output names each finding's citations; bad input is warned about on stderr."""
    doc = {**TXN, "context": {**TXN["context"], "specific_license": {"number": "D123"}}}
    result = run_cli("decide", str(write(tmp_path, doc)), env=env)
    assert result.returncode == 0, result.stderr
    assert "citations: 84 FR 22961; 15 CFR 734.3(a)(1); 84 FR 23468" in result.stdout
    assert "warning: t-001: context.specific_license (D123) has no grant date" in result.stderr
