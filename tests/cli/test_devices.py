"""The identify and audit commands as a user runs them (subprocess), against the contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests._cli import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "devices" / "fixtures"
KEYS = {"value", "kind", "vendor", "covered", "basis", "confidence", "evidence"}


def test_identify_one_value_json() -> None:
    result = run_cli("identify", "--kind", "http_server", "App-webs/", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) == KEYS
    assert (doc["vendor"], doc["covered"], doc["basis"]) == ("Hikvision", True, "direct")


def _identify_file(tmp_path: Path, kind: str, text: str) -> list[dict[str, object]]:
    """``identify --kind KIND --file F --jsonl`` on ``text``: one object per input line."""
    values = tmp_path / "values.txt"
    values.write_text(text, encoding="utf-8")
    result = run_cli("identify", "--kind", kind, "--file", str(values), "--jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_identify_file_jsonl_keeps_order(tmp_path: Path) -> None:
    rows = _identify_file(tmp_path, "mac", "44:19:b6:00:00:01\n00:00:0c:00:00:01\nnot-a-mac\n")
    assert [r["value"] for r in rows] == ["44:19:b6:00:00:01", "00:00:0c:00:00:01", "not-a-mac"]
    assert [r["covered"] for r in rows] == [True, False, False]
    assert all(set(r) == KEYS for r in rows)


@pytest.mark.parametrize(
    "args",
    [
        ("identify", "--kind", "smell", "x", "--json"),
        ("identify", "--kind", "mac", "--json"),
        ("identify", "--kind", "mac", "--file", "/nonexistent/values.txt", "--jsonl"),
    ],
)
def test_identify_bad_usage_exits_2_with_one_line(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("suffix", [".json", ".html", ".pdf"])
def test_audit_writes_report_and_exits_1_on_covered(tmp_path: Path, suffix: str) -> None:
    report = tmp_path / f"report{suffix}"
    inputs = [str(FIXTURES / name) for name in ("inventory_runzero.csv", "conn.log", "ssl.log", "dns.log")]
    result = run_cli("audit", *inputs, "-o", str(report))
    assert result.returncode == 1, result.stderr
    assert "covered" in result.stdout
    data = report.read_bytes()
    if suffix == ".json":
        doc = json.loads(data)
        assert doc["summary"]["covered_devices"] == 2
        assert doc["summary"]["devices_with_adversary_traffic"] == 2
    elif suffix == ".html":
        assert b"Hik-Connect" in data and b"R-889B" in data
    else:
        # WeasyPrint (ictguard.reports) compresses and subsets text: the text is checked on the HTML above.
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and len(data) > 10_000


def test_audit_clean_input_exits_0(device_dir: Path) -> None:
    result = run_cli("audit", str(device_dir / "libnmap" / "full_sudo6.xml"), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["covered_devices"] == 0


def test_audit_malformed_file_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "scan.xml"
    bad.write_text('<?xml version="1.0"?>\n<nmaprun>\n<host>\n</nmaprun>\n', encoding="utf-8")
    result = run_cli("audit", str(bad))
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert f"{bad}:4" in line and "malformed XML" in line


def test_audit_rejects_unknown_report_suffix(tmp_path: Path) -> None:
    result = run_cli("audit", str(FIXTURES / "conn.log"), "-o", str(tmp_path / "r.docx"))
    assert result.returncode == 2 and "-o" in result.stderr


def test_audit_with_an_unreadable_file_still_writes_the_report_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.bin"
    bad.write_bytes(bytes(range(256)) * 8)
    report = tmp_path / "report.json"
    inputs = [str(FIXTURES / name) for name in ("inventory_runzero.csv", "conn.log")]
    result = run_cli("audit", *inputs, str(bad), "-o", str(report))
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert f"{bad}:1: unrecognised input format" in line and "Traceback" not in result.stderr
    assert "1 input file(s) not read" in " ".join(result.stdout.split())  # rich wraps lines
    doc = json.loads(report.read_bytes())
    assert doc["summary"]["covered_devices"] == 2 and doc["summary"]["unread_inputs"] == 1
    assert doc["unread_inputs"][0]["file"] == str(bad)


def test_identify_file_jsonl_answers_blank_lines_too(tmp_path: Path) -> None:
    rows = _identify_file(tmp_path, "http_server", "App-webs/\n\n   \nApache\n")
    assert [r["value"] for r in rows] == ["App-webs/", "", "   ", "Apache"]
    assert [(r["vendor"], r["covered"]) for r in rows] == [
        ("Hikvision", True),
        (None, False),
        (None, False),
        (None, False),
    ]
    assert rows[1]["evidence"] == ["the value is empty"] and all(set(r) == KEYS for r in rows)


@pytest.mark.parametrize(
    ("kind", "value", "vendor"),
    [
        ("tls_subject", "commonName=www.hikvision.com,organizationName=HIKVISION", "Hikvision"),
        ("tls_subject", "commonName=www.example.com,organizationName=Example", None),
        ("www_authenticate", "Basic realm=hikvision", "Hikvision"),
        ("www_authenticate", 'Basic realm="hikvision"', "Hikvision"),
    ],
)
def test_identify_values_as_nmap_prints_them(kind: str, value: str, vendor: str | None) -> None:
    result = run_cli("identify", "--kind", kind, value, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["value"], doc["vendor"], doc["covered"]) == (value, vendor, vendor is not None)
