"""--engine spark loses no row: a malformed CSV row comes out as an error row, warned by file and line as the
local engine warns; a crashed run resumes from its staging directory without losing or repeating a row."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ictguard.limits import MAX_NAME_CHARS
from ictguard.spark import output as spark_output
from ictguard.spark import screen as spark_screen
from ictguard.spark.parts import staging_dir
from tests._cli import SRC, run_cli
from tests.spark.test_engine import party_names, screen_locally, screen_on_spark

pytestmark = pytest.mark.spark


def malformed_csv(path: Path, small_list: Path, count: int, seed: int) -> tuple[Path, int, dict[int, str]]:
    """Good rows with malformed ones among them: (file, data records, {line: what its warning says})."""
    text = io.StringIO()
    writer = csv.DictWriter(text, ["vendor_id", "name", "country", "score"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(party_names(small_list, count, seed))
    lines = text.getvalue().splitlines(keepends=True)
    bad = [
        ("V900," + "A" * (MAX_NAME_CHARS + 1) + ",CN,\n", "field 'name': name too long"),
        ("V901,,CN,\n", "field 'name': empty name"),
        ("V902,Acme Widgets, Inc,US,7\n", "field 'score': 5 cells where the header has 4"),
        ('V903,"Huawei Technologies,CN,\n', "field 'name': a quote spanning"),
        ("V904,M\udcfcller GmbH,DE,\n", "field 'name': not valid UTF-8 (byte 0xfc"),
        ("\n", ""),
        ('V905,"Dahua\nTechnology",CN,\n', ""),  # a quoted line break: data, not a problem
    ]
    expected: dict[int, str] = {}
    for step, (line, _warning) in enumerate(bad):
        at = 1 + (step + 1) * (len(lines) - 1) // (len(bad) + 1)
        lines.insert(at, line)
    for number, line in enumerate("".join(lines).splitlines(), start=1):
        for raw, warning in bad:
            if warning and raw.startswith(line + "\n") and line:
                expected[number] = warning
    lines.append('V906,"ZTE Corporation,CN')  # a quote never closed, and no line end: runs to the end
    expected[len("".join(lines).splitlines())] = "field 'name': unterminated quote"
    path.write_bytes("".join(lines).encode("utf-8", "surrogateescape"))
    return path, count + sum(1 for raw, _ in bad if raw.strip()) + 1, expected


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("ictguard: warning:")]


def test_malformed_rows_are_error_rows_by_line_as_locally(
    spark: Any, small_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ICTGUARD_DATA_DIR", str(tmp_path / "data"))
    src, records, expected = malformed_csv(tmp_path / "parties.csv", small_list, 500, seed=21)
    local_err = screen_locally(src, tmp_path / "local.csv", small_list, tmp_path / "data")
    capsys.readouterr()
    bad = screen_on_spark(src, tmp_path / "spark.csv", small_list)
    spark_err = capsys.readouterr().err

    assert (tmp_path / "spark.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert warnings(spark_err) == warnings(local_err) and len(warnings(spark_err)) == bad
    rows = list(csv.DictReader((tmp_path / "spark.csv").open(encoding="utf-8")))
    assert len(rows) == records  # every record: the blank line is none, the rows after an open quote their own
    for line, warning in expected.items():
        assert any(w.startswith(f"ictguard: warning: {src}:{line}: {warning}") for w in warnings(spark_err)), line
    assert {r["vendor_id"] for r in rows} >= {f"V{n}" for n in range(500)} | {f"V90{n}" for n in range(7)}


def test_a_crashed_run_resumes_without_losing_or_repeating_a_row(
    spark: Any, small_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ICTGUARD_DATA_DIR", str(tmp_path / "data"))
    src, _, _ = malformed_csv(tmp_path / "parties.csv", small_list, 900, seed=22)
    screen_locally(src, tmp_path / "local.csv", small_list, tmp_path / "data")
    out = tmp_path / "spark.csv"
    real_write = spark_output.write_out

    class Crash(Exception):
        pass

    def crash(*args: Any) -> int:
        raise Crash

    monkeypatch.setattr(spark_screen, "write_out", crash)
    with pytest.raises(Crash):
        screen_on_spark(src, out, small_list)
    staging = staging_dir(out)
    written = sorted(staging.glob("part-*.parquet"))
    assert len(written) >= 6 and not out.exists()
    # The crash came while pieces were running: some never committed, one cut short, a write left half-done.
    for path in written[1::2]:
        path.unlink()
    written[2].write_bytes(written[2].read_bytes()[:100])
    (staging / ".part-00001.0123.tmp").write_bytes(b"half")
    kept = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in written[0::2] if p != written[2]}
    seen: dict[str, tuple[int, int]] = {}

    def spy(*args: Any) -> int:
        seen.update({p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in staging.glob("part-*.parquet")})
        assert not list(staging.glob(".part-*"))
        return real_write(*args)

    monkeypatch.setattr(spark_screen, "write_out", spy)
    capsys.readouterr()
    screen_on_spark(src, out, small_list)
    err = capsys.readouterr().err
    assert f"resuming: {len(kept)} of {len(list(written))} piece(s) already screened" in err
    assert {name: seen[name] for name in kept} == kept  # the surviving parts were not screened again
    assert set(seen) == {p.name for p in written}
    assert out.read_bytes() == (tmp_path / "local.csv").read_bytes() and not staging.exists()


def test_parts_of_another_input_are_discarded(
    spark: Any, small_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ICTGUARD_DATA_DIR", str(tmp_path / "data"))
    src, _, _ = malformed_csv(tmp_path / "parties.csv", small_list, 300, seed=23)
    out = tmp_path / "spark.csv"

    def crash(*args: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(spark_screen, "write_out", crash)
    with pytest.raises(KeyboardInterrupt):
        screen_on_spark(src, out, small_list)
    monkeypatch.undo()
    monkeypatch.setenv("ICTGUARD_DATA_DIR", str(tmp_path / "data"))
    assert list(staging_dir(out).glob("part-*.parquet"))
    src.write_bytes(src.read_bytes().replace(b"V1,", b"V1x,", 1))  # the input changed after the crash
    screen_locally(src, tmp_path / "local.csv", small_list, tmp_path / "data")
    capsys.readouterr()
    screen_on_spark(src, out, small_list)
    assert "parts of a run with other inputs or options, removed" in capsys.readouterr().err
    assert out.read_bytes() == (tmp_path / "local.csv").read_bytes()


def test_a_killed_driver_resumes_from_its_part_files(small_list: Path, tmp_path: Path) -> None:
    """The real crash: `ictguard screen-file --engine spark` killed (SIGKILL, with its JVM) once the first pieces
    are committed; the same command again screens only the rest and writes what the local engine writes."""
    data = {"ICTGUARD_DATA_DIR": str(tmp_path / "data")}
    src, records, _ = malformed_csv(tmp_path / "parties.csv", small_list, 3000, seed=24)
    out = tmp_path / "spark.csv"
    command = ["screen-file", str(src), "--list-file", str(small_list), "--as-of", "2026-01-01"]
    spark_run = [*command, "-o", str(out), "--engine", "spark", "--master", "local[2]"]
    env = {**os.environ, "PYTHONPATH": str(SRC), **data}
    with (tmp_path / "first.log").open("wb") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "ictguard", *spark_run], env=env, stdout=log, stderr=log, start_new_session=True
        )
    staging = staging_dir(out)
    try:
        deadline = time.monotonic() + 300
        while not list(staging.glob("part-*.parquet")) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(30)
    committed = list(staging.glob("part-*.parquet"))
    total = len(json.loads((staging / "manifest.json").read_text())["pieces"])
    assert 0 < len(committed) < total and not out.exists(), (len(committed), total)

    again = run_cli(*spark_run, env=data)
    assert again.returncode == 0, again.stderr[-3000:]
    resumed = re.search(r"resuming: (\d+) of (\d+) piece", again.stderr)
    assert resumed is not None and int(resumed[1]) >= len(committed) and int(resumed[2]) == total
    local = run_cli(*command, "-o", str(tmp_path / "local.csv"), env=data)
    assert local.returncode == 0, local.stderr
    assert out.read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == records
    assert warnings(again.stderr) == warnings(local.stderr)
