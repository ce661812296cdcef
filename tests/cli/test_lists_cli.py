from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests._cli import run_cli
from tests.lists._http import serve
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


def test_update_over_http_then_diff_entities_export(lists_dir: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    old = make_mirror(lists_dir, tmp_path / "old", csl_rows=100, ofac=False)
    new = make_mirror(lists_dir, tmp_path / "new", csl_rows=110, ofac=False)
    with serve(old) as url:
        first = run_cli("lists", "update", "--source", url, "--json", env=env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["files"][0]["url"].startswith("http://127.0.0.1:")
    assert run_cli("lists", "update", "--source", str(new), env=env).returncode == 0
    versions = json.loads(run_cli("lists", "versions", "--json", env=env).stdout)
    assert [v["active"] for v in versions] == [False, True]
    diff = run_cli("lists", "diff", versions[0]["version_id"], "active", "--json", env=env)
    assert diff.returncode == 0, diff.stderr
    doc = json.loads(diff.stdout)
    assert doc["summary"] == {"added": 10, "removed": 0, "changed": 0}
    assert all(a["source"] == "EL" for a in doc["added"])

    listed = run_cli("lists", "entities", "--as-of", "2019-05-16", "--source", "EL", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    ents = json.loads(listed.stdout)
    assert ents["count"] == len(ents["entities"]) > 0
    assert all(
        e["source"] == "EL" and (e["effective_date"] or e["start_date"]) <= "2019-05-16" for e in ents["entities"]
    )

    out = tmp_path / "export.jsonl"
    export = run_cli("lists", "export", "--format", "ftm", "-o", str(out), env=env)
    assert export.returncode == 0, export.stderr
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum(1 for d in docs if d["schema"] == "Sanction") == 140  # 110 EL + 30 SDN rows


@pytest.mark.parametrize(
    "args",
    [
        ("lists", "diff", "nope", "active", "--json"),
        ("lists", "entities", "--as-of", "yesterday"),
        ("lists", "export", "--format", "xml"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(lists_dir: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    env = _env(tmp_path)
    assert (
        run_cli(
            "lists", "update", "--source", str(make_mirror(lists_dir, tmp_path / "m", ofac=False)), env=env
        ).returncode
        == 0
    )
    proc = run_cli(*args, env=env)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_update_rescreens_stored_counterparties_against_what_changed(lists_dir: Path, tmp_path: Path) -> None:
    from ictguard.lists.csl_csv import load_csl_csv
    from ictguard.settings import Settings
    from ictguard.store import counterparties_repo
    from ictguard.store.db import open_engine

    env = _env(tmp_path)
    old = make_mirror(lists_dir, tmp_path / "old", csl_rows=100, ofac=False)
    new = make_mirror(lists_dir, tmp_path / "new", csl_rows=110, ofac=False)
    first = run_cli("lists", "update", "--source", str(old), "--json", env=env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["rescreen"] is None  # no counterparties yet: nothing to re-screen
    known = {e.name for e in load_csl_csv(old / "consolidated.csv")}
    added = next(e for e in load_csl_csv(new / "consolidated.csv") if e.name not in known)
    engine = open_engine(Settings(db=env["ICTGUARD_DB"]))
    party = counterparties_repo.create(engine, {"name": added.name, "kind": "customer"}, actor="test")
    counterparties_repo.create(engine, {"name": "Prairie Rural Telephone Cooperative", "kind": "vendor"}, actor="test")
    engine.dispose()
    second = run_cli("lists", "update", "--source", str(new), "--json", env=env)
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)["rescreen"]
    assert report["added"] == 10 and report["counterparties_screened"] == 2
    assert [a["counterparty_id"] for a in report["new_alerts"]] == [party.id]
    assert report["new_alerts"][0]["entity_id"] == added.id
    text = run_cli("lists", "update", "--source", str(new), env=env)  # same content again: nothing new
    assert text.returncode == 0 and "0 new alerts" in text.stdout, text.stdout + text.stderr


def test_incomplete_or_shrunk_source_exits_2_and_allow_shrink_accepts(lists_dir: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert run_cli("lists", "update", "--source", str(make_mirror(lists_dir, tmp_path / "a")), env=env).returncode == 0
    before = json.loads(run_cli("lists", "status", "--json", env=env).stdout)["version_id"]
    no_sdn = make_mirror(lists_dir, tmp_path / "b")
    (no_sdn / "ofac" / "sdn.csv").unlink()
    cut = make_mirror(lists_dir, tmp_path / "c", csl_rows=60)
    for source, reason in ((no_sdn, "ofac/sdn.csv"), (cut, "--allow-shrink")):
        proc = run_cli("lists", "update", "--source", str(source), env=env)
        assert proc.returncode == 2 and reason in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
        assert json.loads(run_cli("lists", "status", "--json", env=env).stdout)["version_id"] == before
    proc = run_cli("lists", "update", "--source", str(cut), "--allow-shrink", env=env)
    assert proc.returncode == 0, proc.stderr
