from __future__ import annotations

import csv
import io
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
    ("args", "needle"),
    [
        (("--as-of", "2019-13-45"), "--as-of"),
        (("--threshold", "1.5"), "--threshold"),
        (("--country", "ZZZ"), "field '--country': not an ISO 3166-1 alpha-2"),
        (("--country", "ZZ"), "--country"),
        (("--country", "China"), "--country"),
    ],
)
def test_screen_bad_options(small_list: Path, env: dict[str, str], args: tuple[str, str], needle: str) -> None:
    proc = run_cli("screen", "Hikvision", *args, "--list-file", str(small_list), "--json", env=env)
    _one_line_error(proc)
    assert needle in proc.stderr


def _hits(proc: object) -> list[dict[str, object]]:
    assert proc.returncode == 0, proc.stderr  # type: ignore[attr-defined]
    hits: list[dict[str, object]] = json.loads(proc.stdout)["hits"]  # type: ignore[attr-defined]
    return hits


@pytest.mark.parametrize(
    "name", ["ZTE Corporation", "中兴通讯股份有限公司", "Zhongxing Telecommunication Equipment Corporation"]
)
def test_screen_finds_the_curated_covered_list_and_889_companies(
    small_list: Path, env: dict[str, str], name: str
) -> None:
    """ZTE is on no list of the small file: the hits are the curated entries decide resolves, with citations."""
    hits = _hits(run_cli("screen", name, "--list-file", str(small_list), "--json", env=env))
    curated = {h["source"]: h for h in hits if h["name"] == "ZTE Corporation"}
    assert set(curated) == {"NDAA889", "FCC-COVERED"}, hits
    assert "§889" in str(curated["NDAA889"]["federal_register_notice"])
    assert curated["FCC-COVERED"]["start_date"] == "2021-03-12"


@pytest.mark.parametrize(
    ("as_of", "cmic"),
    [("2018-01-01", None), ("2021-08-01", None), ("2021-08-02", ("2021-08-02", "2021-06-03"))],
)
def test_screen_as_of_honours_cmic_effective_dates(
    small_list: Path, env: dict[str, str], as_of: str, cmic: tuple[str, str] | None
) -> None:
    """cons_prim.csv / CSL row 30946: Listing Date (CMIC) 03 Jun 2021, Effective Date (CMIC) 02 Aug 2021."""
    hits = _hits(run_cli("screen", "Hikvision", "--as-of", as_of, "--list-file", str(small_list), "--json", env=env))
    dated = [(h["start_date"], h["publication_date"]) for h in hits if h["source"] == "CMIC"]
    assert dated == ([cmic] if cmic else [])


def test_screen_reports_the_effective_date_it_filters_on(small_list: Path, env: dict[str, str]) -> None:
    """84 FR 22961: the Huawei listing was effective 2019-05-16, published 2019-05-21."""
    for as_of, expected in (("2019-05-15", False), ("2019-05-16", True)):
        hits = _hits(
            run_cli(
                "screen",
                "Huawei Technologies Co., Ltd.",
                "--as-of",
                as_of,
                "--list-file",
                str(small_list),
                "--json",
                env=env,
            )
        )
        huawei = [h for h in hits if h["name"] == "Huawei Technologies Co., Ltd." and h["source"] == "EL"]
        assert bool(huawei) is expected
    assert (huawei[0]["start_date"], huawei[0]["publication_date"]) == ("2019-05-16", "2019-05-21")


def test_match_pairs(tmp_path: Path) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text(
        "id,name1,name2,schema\n"
        '1,华为技术有限公司,"Huawei Technologies Co., Ltd.",Company\n'
        "2,Acme Steel Tubes,Acme Steel Wires,\n"
        '3,"KIM, Jong Un",Kim Jong-un,Person\n',
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
    [
        ("name1,other\nA,B\n", "name2"),
        ("name1,name2,schema\nA,B,Airplane\n", ":2: field 'schema'"),
        ("name1,name2\nA,B\nA," + "B" * 501 + "\n", ":3: field 'name2': 501 characters"),
    ],
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
    header = {
        "as_of": date.today().isoformat(),
        "threshold": DEFAULT_THRESHOLD,
        "name": "name",
        "country": "country",
        "list_version": f"file-{file_digest(small_list)[:16]}",
    }
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


def test_screen_file_workers_write_what_one_worker_writes(
    small_list: Path, env: dict[str, str], tmp_path: Path
) -> None:
    """`--workers N` (contract): the same file, rows in input order, as one worker (more rows than one chunk)."""
    names = [
        "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD",
        "Acme Widgets Inc",
        "",
        "大华",
        "Huawei Technologies",
        "Zhejiang Dahua Technology",
        "Harbour Bakery",
        "!!!",
    ]
    src = tmp_path / "many.csv"
    src.write_text(
        "id,name,country\n" + "".join(f"{n},{names[n % len(names)]},{('CN', 'US', '')[n % 3]}\n" for n in range(450)),
        encoding="utf-8",
    )
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.csv"
        proc = run_cli(
            "screen-file", str(src), "-o", str(out), "--list-file", str(small_list), "--workers", workers, env=env
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    rows = list(csv.DictReader(io.StringIO(outputs[1].decode("utf-8"))))
    assert [r["id"] for r in rows] == [str(n) for n in range(450)]
    assert {r["decision"] for r in rows} == {"match", "no_match", "error"}


def test_screen_file_journal_of_other_input_is_refused(small_list: Path, env: dict[str, str], tmp_path: Path) -> None:
    src = _vendor_file(tmp_path)
    out = tmp_path / "out.csv"
    out.with_name("out.csv.journal").write_text('{"input_sha256": "other"}\n', encoding="utf-8")
    proc = run_cli("screen-file", str(src), "-o", str(out), "--list-file", str(small_list), env=env)
    _one_line_error(proc)
    assert "journal" in proc.stderr
    assert file_digest(src)  # the input itself is untouched and readable


def _screen_file(
    tmp_path: Path, small_list: Path, env: dict[str, str], data: bytes, name: str = "in.csv", *extra: str
) -> tuple[object, list[dict[str, str]], list[str]]:
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.csv"
    proc = run_cli("screen-file", str(src), "-o", str(out), "--list-file", str(small_list), *extra, env=env)
    assert proc.returncode == 0, proc.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, r, strict=True)) for r in reader]
    return proc, rows, header


@pytest.mark.parametrize(
    ("name", "data", "bad_line", "field", "needle"),
    [
        ("enc.csv", b"name,country\nHuawei,CN\nM\xfcller GmbH,DE\nDahua,CN\n", 3, "name", "not valid UTF-8"),
        ("quote.csv", b'name,country\nHuawei,CN\n"Acme GmbH,DE\nDahua,CN\n', 3, "name", "unterminated quote"),
        (
            "country.csv",
            b"name,country\nHuawei,CN\nM\xc3\xbcller GmbH,ZZZ\nDahua,CN\n",
            3,
            "country",
            "not an ISO 3166-1 alpha-2",
        ),
        (
            "long.csv",
            b"name,country\nHuawei,CN\n" + b"Acme " * 101 + b",US\nDahua,CN\n",
            3,
            "name",
            "name too long (505 characters, at most 500)",
        ),
    ],
)
def test_screen_file_bad_row_is_named_and_the_rest_screened(
    small_list: Path,
    env: dict[str, str],
    tmp_path: Path,
    name: str,
    data: bytes,
    bad_line: int,
    field: str,
    needle: str,
) -> None:
    proc, rows, _ = _screen_file(tmp_path, small_list, env, data, name)
    assert f"{name}:{bad_line}: field {field!r}: {needle}" in proc.stderr  # type: ignore[attr-defined]
    assert [r["decision"] for r in rows] == ["match", "error", "match"]
    assert needle in rows[1]["status"] and rows[2]["best_hit_name"] == "Dahua Technology"


def test_screen_file_reads_excel_unicode_text(small_list: Path, env: dict[str, str], tmp_path: Path) -> None:
    """Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated."""
    data = "name\tcountry\nHuawei Technologies Co., Ltd.\tCN\nMüller GmbH\tDE\n".encode("utf-16")
    _, rows, header = _screen_file(tmp_path, small_list, env, data, "vendors.txt")
    assert header[:2] == ["name", "country"] and [r["name"] for r in rows] == [
        "Huawei Technologies Co., Ltd.",
        "Müller GmbH",
    ]
    assert [r["status"] for r in rows] == ["ok", "ok"] and rows[0]["decision"] == "match"


def test_screen_file_keeps_input_columns_named_like_its_own(
    small_list: Path, env: dict[str, str], tmp_path: Path
) -> None:
    data = b"name,score,decision,status,input_score\nHuawei,5,keep,new,x\n"
    _, rows, header = _screen_file(tmp_path, small_list, env, data)
    assert header == [
        "name",
        "input_score",
        "input_decision",
        "input_status",
        "input_input_score",
        "best_hit_id",
        "best_hit_name",
        "best_hit_source",
        "matched_name",
        "score",
        "decision",
        "status",
    ]
    assert (rows[0]["input_score"], rows[0]["input_decision"], rows[0]["input_status"]) == ("5", "keep", "new")
    assert rows[0]["input_input_score"] == "x" and rows[0]["decision"] == "match" and rows[0]["status"] == "ok"


def test_screen_file_neutralises_formulas(small_list: Path, env: dict[str, str], tmp_path: Path) -> None:
    data = b'id,name\n=1+1,"=HYPERLINK(""http://x"",""Dahua"")"\n+1,Dahua\n-2,@SUM(A1)\n'
    _, rows, _ = _screen_file(tmp_path, small_list, env, data)
    assert [r["id"] for r in rows] == ["'=1+1", "'+1", "'-2"]
    assert rows[0]["name"] == '\'=HYPERLINK("http://x","Dahua")' and rows[2]["name"] == "'@SUM(A1)"
    assert rows[1]["name"] == "Dahua" and rows[1]["best_hit_name"] == "Dahua Technology"


@pytest.mark.parametrize("out", ["/nonexistent/dir/out.csv", "."])
def test_screen_file_unwritable_output(small_list: Path, env: dict[str, str], tmp_path: Path, out: str) -> None:
    src = _vendor_file(tmp_path)
    proc = run_cli("screen-file", str(src), "-o", out, "--list-file", str(small_list), env=env)
    _one_line_error(proc)
    assert f"{out}: field '-o'" in proc.stderr


def test_match_pairs_names_the_columns_it_found(shared_dir: Path, tmp_path: Path) -> None:
    """The watchman pairs have '#' comment lines and no header: the message says what is needed."""
    proc = run_cli(
        "match-pairs",
        str(shared_dir / "data" / "matching" / "watchman_cross_script_pairs.csv"),
        "-o",
        str(tmp_path / "out.csv"),
    )
    _one_line_error(proc)
    assert "the header needs name1, name2 (schema optional)" in proc.stderr
    assert "found '# Cross-script name matching test pairs'" in proc.stderr and "comment" in proc.stderr


def test_match_pairs_keeps_clashing_columns_and_neutralises_formulas(tmp_path: Path) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text("name1,name2,score\n=cmd|' /C calc'!A0,Dahua,7\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = run_cli("match-pairs", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(row) == ["name1", "name2", "input_score", "score", "match"]
    assert row["name1"].startswith("'=cmd") and row["input_score"] == "7" and row["match"] == "false"


def test_match_pairs_unwritable_output(tmp_path: Path) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text("name1,name2\nA,B\n", encoding="utf-8")
    proc = run_cli("match-pairs", str(src), "-o", "/nonexistent/dir/out.csv")
    _one_line_error(proc)
    assert "/nonexistent/dir/out.csv: field '-o'" in proc.stderr


def test_screen_shows_a_family_member_with_its_path(small_list: Path, env: dict[str, str]) -> None:
    proc = run_cli("screen", "EZVIZ", "--list-file", str(small_list), "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    top = json.loads(proc.stdout)["hits"][0]
    assert top["source"] == "FAMILY"  # never shown as a published list's entry
    assert any(f["feature"] == "family" and "Hikvision" in f["detail"] for f in top["explanation"])
    table = run_cli("screen", "EZVIZ", "--list-file", str(small_list), env=env)
    assert "not a published list" in table.stdout and "subsidiary of Hangzhou Hikvision" in table.stdout
