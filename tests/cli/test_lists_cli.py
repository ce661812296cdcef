from __future__ import annotations

import json
from pathlib import Path

from tests._cli import run_cli
from tests.lists._mirror import make_mirror


def _env(tmp_path: Path) -> dict[str, str]:
    return {"ICTGUARD_DB": f"sqlite:///{tmp_path / 'cli.sqlite'}", "ICTGUARD_LISTS": ""}


def test_update_then_status(lists_dir: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    mirror = make_mirror(lists_dir, tmp_path / "m")
    proc = run_cli("lists", "update", "--source", str(mirror), env=env)
    assert proc.returncode == 0, proc.stderr
    status = run_cli("lists", "status", "--json", env=env)
    assert status.returncode == 0, status.stderr
    doc = json.loads(status.stdout)
    assert doc["active"] is True and doc["counts"]["EL"] == 120
    assert {f["name"] for f in doc["files"]} >= {"consolidated.csv", "ofac/sdn.csv", "ofac/alt.csv"}
    assert doc["version_id"] in proc.stdout


def test_status_before_any_load_exits_2(tmp_path: Path) -> None:
    proc = run_cli("lists", "status", "--json", env=_env(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_malformed_source_exits_2_naming_file_and_line(lists_dir: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    mirror = make_mirror(lists_dir, tmp_path / "m", ofac=False)
    good = run_cli("lists", "update", "--source", str(mirror), env=env)
    assert good.returncode == 0, good.stderr
    before = json.loads(run_cli("lists", "status", "--json", env=env).stdout)["version_id"]
    csv_path = mirror / "consolidated.csv"
    csv_path.write_bytes(csv_path.read_bytes()[:-300])  # partially written last rows
    proc = run_cli("lists", "update", "--source", str(mirror), env=env)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "consolidated.csv:" in proc.stderr
    after = json.loads(run_cli("lists", "status", "--json", env=env).stdout)["version_id"]
    assert after == before
