from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ictguard.screening import DEFAULT_THRESHOLD
from ictguard.screening.journal import Journal, file_digest
from tests._cli import run_cli

WANTED = ("Hikvision", "Huawei Technologies", "Dahua", "Kaspersky")


@pytest.fixture(scope="module")
def small_list(lists_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few real CSL rows (written to a temp dir, never into the repo)."""
    source = lists_dir / "consolidated.csv"
    out = tmp_path_factory.mktemp("lists") / "consolidated.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle, out.open("w", encoding="utf-8", newline="") as dst:
        reader = csv.reader(handle)
        writer = csv.writer(dst)
        header = next(reader)
        writer.writerow(header)
        name = header.index("name")
        for row in reader:
            if any(w.lower() in row[name].lower() for w in WANTED):
                writer.writerow(row)
    return out


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {"ICTGUARD_DATA_DIR": str(tmp_path / "data")}


def _one_line_error(proc: object) -> None:
    stderr = proc.stderr  # type: ignore[attr-defined]
    assert proc.returncode == 2, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr and stderr.count("\n") == 1, stderr


def test_screen_json_contract(small_list: Path, env: dict[str, str]) -> None:
    proc = run_cli("screen", "杭州海康威视数字技术股份有限公司", "--list-file", str(small_list), "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) == {"query", "as_of", "list_version", "hits"}
    assert doc["query"] == "杭州海康威视数字技术股份有限公司"
    assert doc["hits"] and "hikvision" in doc["hits"][0]["name"].lower()
    assert [h["score"] for h in doc["hits"]] == sorted((h["score"] for h in doc["hits"]), reverse=True)
    assert all(h["score"] >= DEFAULT_THRESHOLD for h in doc["hits"])  # the default (tuned) threshold


def test_screen_no_match_is_empty_hits(small_list: Path, env: dict[str, str]) -> None:
    proc = run_cli("screen", "Acme Widgets Inc", "--list-file", str(small_list), "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["hits"] == []


def test_screen_table_output(small_list: Path, env: dict[str, str]) -> None:
    proc = run_cli("screen", "Dahua", "--list-file", str(small_list), env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Dahua Technology" in proc.stdout


def test_screen_as_of_before_listing(small_list: Path, env: dict[str, str]) -> None:
    proc = run_cli("screen", "Hikvision", "--as-of", "2010-01-01", "--list-file", str(small_list), "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    assert all(h["start_date"] is None or h["start_date"] <= "2010-01-01" for h in json.loads(proc.stdout)["hits"])


@pytest.mark.parametrize(
    "args", [("--as-of", "2019-13-45"), ("--threshold", "1.5")],
)
def test_screen_bad_options(small_list: Path, env: dict[str, str], args: tuple[str, str]) -> None:
    _one_line_error(run_cli("screen", "Hikvision", *args, "--list-file", str(small_list), "--json", env=env))


def test_match_pairs(tmp_path: Path) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text(
        "id,name1,name2,schema\n"
        "1,华为技术有限公司,\"Huawei Technologies Co., Ltd.\",Company\n"
        "2,Acme Steel Tubes,Acme Steel Wires,\n"
        "3,\"KIM, Jong Un\",Kim Jong-un,Person\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    proc = run_cli("match-pairs", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert list(rows[0]) == ["id", "name1", "name2", "schema", "score", "match"]
    assert [r["match"] for r in rows] == ["true", "false", "true"]
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in rows)


@pytest.mark.parametrize(
    ("content", "needle"),
    [("name1,other\nA,B\n", "name2"), ("name1,name2,schema\nA,B,Airplane\n", ":2: field 'schema'")],
)
def test_match_pairs_bad_input(tmp_path: Path, content: str, needle: str) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text(content, encoding="utf-8")
    proc = run_cli("match-pairs", str(src), "-o", str(tmp_path / "out.csv"))
    _one_line_error(proc)
    assert needle in proc.stderr


def _vendor_file(tmp_path: Path) -> Path:
    src = tmp_path / "vendors.csv"
    src.write_text(
        "vendor_id,name,country\n"
        "V1,HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD,CN\n"
        "V2,Acme Widgets Inc,US\n"
        "V3,,US\n"
        "V4,大华,CN\n",
        encoding="utf-8",
    )
    return src


def test_screen_file_marks_bad_rows_and_keeps_every_row(small_list: Path, env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    proc = run_cli("screen-file", str(_vendor_file(tmp_path)), "-o", str(out), "--list-file", str(small_list), env=env)
    assert proc.returncode == 0, proc.stderr
    assert "vendors.csv:4: field 'name': empty name" in proc.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["vendor_id"] for r in rows] == ["V1", "V2", "V3", "V4"]
    assert [r["decision"] for r in rows] == ["match", "no_match", "error", "match"]
    assert rows[2]["status"].startswith("error")
    assert "hikvision" in rows[0]["best_hit_name"].lower() and rows[3]["best_hit_name"] == "Dahua Technology"
    assert not out.with_name("out.csv.journal").exists()


def test_screen_file_resumes_from_journal(small_list: Path, env: dict[str, str], tmp_path: Path) -> None:
    """A run interrupted after two rows: the re-run keeps those two results and screens only the rest."""
    from datetime import date

    src = _vendor_file(tmp_path)
    out = tmp_path / "out.csv"
    header = {"as_of": date.today().isoformat(), "threshold": DEFAULT_THRESHOLD, "name": "name", "country": "country",
              "list_version": f"file-{file_digest(small_list)[:16]}"}
    journal = Journal(out, file_digest(src), header)
    marker = {"vendor_id": "V1", "name": "x", "country": "CN", "decision": "match", "status": "from-journal"}
    journal.add(0, marker)
    journal.add(1, {**marker, "vendor_id": "V2"})
    journal.close()  # no finish(): as if the process died here
    proc = run_cli("screen-file", str(src), "-o", str(out), "--list-file", str(small_list), env=env)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["status"] for r in rows[:2]] == ["from-journal", "from-journal"]
    assert rows[3]["status"] == "ok" and len(rows) == 4
    assert not out.with_name("out.csv.journal").exists()


def test_screen_file_journal_of_other_input_is_refused(small_list: Path, env: dict[str, str], tmp_path: Path) -> None:
    src = _vendor_file(tmp_path)
    out = tmp_path / "out.csv"
    out.with_name("out.csv.journal").write_text('{"input_sha256": "other"}\n', encoding="utf-8")
    proc = run_cli("screen-file", str(src), "-o", str(out), "--list-file", str(small_list), env=env)
    _one_line_error(proc)
    assert "journal" in proc.stderr
    assert file_digest(src)  # the input itself is untouched and readable
