"""``ictguard audit -o REPORT.pdf`` issues an evidence document; ``ictguard evidence verify`` exits 0 for it,
1 once it is edited or the log disagrees, 2 for a file it cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests._cli import run_cli

INVENTORY = Path(__file__).resolve().parents[1] / "reports" / "fixtures" / "inventory_cjk.csv"


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    pytest.importorskip("weasyprint")
    folder = tmp_path_factory.mktemp("evidence")
    env = {"ICTGUARD_DB": f"sqlite:///{folder / 'db.sqlite'}"}
    audited = run_cli("audit", str(INVENTORY), "-o", str(folder / "audit.pdf"), env=env)
    assert audited.returncode == 1, audited.stderr  # covered devices found: the audit's own exit code
    return folder / "audit.pdf", env


def test_the_issued_report_matches_the_log(issued: tuple[Path, dict[str, str]]) -> None:
    path, env = issued
    result = run_cli("evidence", "verify", str(path), "--json", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["matches"] and verdict["kind"] == "device_audit"
    assert {c["name"] for c in verdict["checks"]} == {"content digest", "issue entry", "file", "audit chain"}


def test_an_edited_copy_does_not_match(issued: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, env = issued
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(path.read_bytes() + b"\n% edited\n")
    result = run_cli("evidence", "verify", str(copy), env=env)
    assert result.returncode == 1 and "FAIL file" in result.stdout
    assert result.stderr.count("\n") == 1 and "does not match the audit log (file)" in result.stderr


def test_a_log_that_was_altered_does_not_vouch_for_it(issued: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, env = issued
    db = tmp_path / "altered.sqlite"
    db.write_bytes(Path(env["ICTGUARD_DB"].removeprefix("sqlite:///")).read_bytes())
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_log SET actor = 'mallory' WHERE action = 'evidence.issue'"))
    engine.dispose()
    result = run_cli("evidence", "verify", str(path), "--json", env={"ICTGUARD_DB": f"sqlite:///{db}"})
    assert result.returncode == 1
    failed = {c["name"] for c in json.loads(result.stdout)["checks"] if not c["ok"]}
    assert "audit chain" in failed


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4 broken", b"not evidence"])
def test_a_file_that_is_no_evidence_document_is_unreadable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    result = run_cli("evidence", "verify", str(path), env={"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    assert result.returncode == 2 and "Traceback" not in result.stderr and str(path) in result.stderr


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    result = run_cli("evidence", "verify", str(tmp_path / "nope.pdf"),
                     env={"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    assert result.returncode == 2 and "nope.pdf" in result.stderr
