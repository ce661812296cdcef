"""``ictguard audit -o REPORT.pdf`` issues an evidence document; ``ictguard evidence verify`` exits 0 for it,
1 once it is edited or the log disagrees, 2 for a file it cannot read."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from ictguard.reports.verify_evidence import read_embedded
from tests._cli import run_cli
from tests.reports.pdf_pages import notdef_draws, uncovered

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
    result = run_cli(
        "evidence", "verify", str(tmp_path / "nope.pdf"), env={"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    )
    assert result.returncode == 2 and "nope.pdf" in result.stderr


def test_screen_file_writes_a_verifiable_summary_beside_its_csv(lists_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    source = tmp_path / "parties.csv"
    source.write_text("vendor,cc\n华为技术有限公司,CN\nAcme Widgets Inc,US\n,US\n", encoding="utf-8")
    lists = tmp_path / "consolidated.csv"
    with (lists_dir / "consolidated.csv").open(encoding="utf-8-sig") as handle:
        lines = handle.readlines()
    lists.write_text(
        lines[0] + "".join(line for line in lines[1:] if "HUAWEI TECHNOLOGIES CO" in line.upper()), encoding="utf-8"
    )
    env = {"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}", "ICTGUARD_DATA_DIR": str(tmp_path / "data")}
    out, summary = tmp_path / "out.csv", tmp_path / "summary.html"
    proc = run_cli(
        "screen-file",
        str(source),
        "-o",
        str(out),
        "--name-column",
        "vendor",
        "--country-column",
        "cc",
        "--list-file",
        str(lists),
        "--summary",
        str(summary),
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    html = summary.read_text(encoding="utf-8")
    assert "<strong>3</strong> parties from <strong>parties.csv</strong>" in html and "华为技术有限公司" in html
    assert "out.csv" in html and hashlib.sha256(out.read_bytes()).hexdigest() in html
    assert run_cli("evidence", "verify", str(summary), env=env).returncode == 0


def test_the_audit_pdf_draws_every_chinese_site_and_vendor_name(issued: tuple[Path, dict[str, str]]) -> None:
    path, _env = issued
    pdf = path.read_bytes()
    covered = read_embedded(pdf, name="audit.pdf")["content"]["covered_devices"]
    names = {str(d.get(k)) for d in covered for k in ("site", "label", "labelled_as") if d.get(k)}
    evidence = " ".join(str(line) for d in covered for line in d.get("evidence") or [])
    with INVENTORY.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["SiteName"] in names]
    # A covered maker's registered name is printed in the evidence line that identified it (华为技术有限公司 is
    # Huawei itself, not a relabel), so the PDF must draw it there.
    makers = {r["Manufacturer"] for r in rows if r["Manufacturer"] in evidence}
    assert len(rows) >= 4 and len(makers) >= 4
    names |= makers
    assert uncovered(pdf, "".join(names)) == set() and notdef_draws(pdf) == 0


def test_screening_evidence_for_a_chinese_name_prints_and_verifies(lists_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    lists = tmp_path / "consolidated.csv"
    with (lists_dir / "consolidated.csv").open(encoding="utf-8-sig") as handle:
        lines = handle.readlines()
    lists.write_text(lines[0] + "".join(line for line in lines[1:] if "HUAWEI" in line.upper()), encoding="utf-8")
    env = {"ICTGUARD_DB": f"sqlite:///{tmp_path / 'db.sqlite'}", "ICTGUARD_DATA_DIR": str(tmp_path / "data")}
    path = tmp_path / "huawei.pdf"
    proc = run_cli(
        "screen",
        "华为技术有限公司",
        "--country",
        "CN",
        "--list-file",
        str(lists),
        "--evidence",
        str(path),
        "--json",
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["hits"][0]["name"].upper().startswith("HUAWEI TECHNOLOGIES")
    pdf = path.read_bytes()
    assert uncovered(pdf, "华为技术有限公司") == set() and notdef_draws(pdf) == 0
    assert run_cli("evidence", "verify", str(path), env=env).returncode == 0
