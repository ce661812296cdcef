"""Batch jobs of the web page: reading uploads (the reader of `screen-file`, service.jobs), the job's rows, its
failure handling and CSV export. Screening itself is service.batch's (tests/service/test_batch.py)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from ictguard.errors import InputError
from ictguard.screening.tabular import Table
from ictguard.service.batch import OUT_COLUMNS, BatchRow, Decision
from ictguard.service.jobs import pick_columns, read_upload
from ictguard.web.batch import BatchJob, JobRegistry, run_job


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_table(
    filename: str, data: bytes, name_column: str = "", country_column: str = ""
) -> tuple[Table, str, str | None]:
    table = read_upload(filename, data)
    return (table, *pick_columns(table, name_column or None, country_column or None))


def test_csv_columns_found_case_insensitively_and_blank_rows_skipped() -> None:
    table, name, country = read_table(
        "p.csv", "\ufeffId,Party Name,Country\n1,Acme,US\n,,\n2,=Evil,CN\n".encode(), "party name", "COUNTRY"
    )
    assert name == "Party Name" and country == "Country"
    assert [r["Party Name"] for _, r in table.rows] == ["Acme", "=Evil"]
    assert table.path == Path("p.csv")  # messages name the upload, not a temporary file


def test_default_name_column() -> None:
    assert read_table("p.csv", b"company\nAcme\n")[1] == "company"


def test_xlsx_is_read() -> None:
    table, _, _ = read_table("p.xlsx", xlsx([["name", "country"], ["Huawei", "CN"], [None, None], ["Dahua", None]]))
    assert [(r["name"], r["country"]) for _, r in table.rows] == [("Huawei", "CN"), ("Dahua", "")]


@pytest.mark.parametrize(
    "filename, data, line, field",
    [
        ("p.pdf", b"name\nx\n", None, None),
        ("p.csv", b"", 1, None),
        ("p.csv", b"id,other\n1,2\n", 1, "name"),
        ("p.xlsx", b"not a zip", None, None),
    ],
)
def test_bad_uploads_name_file_line_and_field(filename: str, data: bytes, line: int | None, field: str | None) -> None:
    with pytest.raises(InputError) as info:
        read_table(filename, data)
    assert info.value.file == filename and info.value.line == line and info.value.field == field


def test_a_bad_row_is_kept_and_marked_not_fatal() -> None:
    """As in screen-file (one reader now): a row with cells the header has no column for, or bytes that are not
    UTF-8, is kept and reported on its line (the web refused the whole upload before)."""
    table, _, _ = read_table("p.csv", b"name\nx,y,z\nok\n\xff\xfe\n")
    assert [line for line, _ in table.rows] == [2, 3, 4] and set(table.problems) == {2, 4}


def test_missing_country_column_when_asked_for() -> None:
    with pytest.raises(InputError, match="no column 'cc'"):
        read_table("p.csv", b"name\nAcme\n", country_column="cc")


def job(total: int = 3) -> BatchJob:
    return BatchJob(
        id="j",
        owner="owner",
        filename="p.csv",
        columns=["name", *OUT_COLUMNS],
        name_column="name",
        country_column=None,
        total=total,
    )


def row(index: int, name: str, decision: Decision, **found: Any) -> BatchRow:
    return BatchRow(index, index + 2, {"name": name}, decision, "ok", **found)


def test_job_keeps_rows_flags_matches_and_exports_neutralised_csv() -> None:
    def runner(each: Any) -> tuple[list[dict[str, str]], None]:
        rows = [
            row(0, "Huawei Tech", "match", best_hit_id="EL-1", best_hit_name="Huawei", score=0.97),
            row(1, "=HYPERLINK(1)", "no_match", score=0.0),
            row(2, "nobody", "no_match", score=0.0),
        ]
        outs = [{"name": r.values["name"], **r.cells()} for r in rows]
        for r, out in zip(rows, outs, strict=True):
            each(r, out)
        return outs, None

    registry = JobRegistry()
    started = registry.start(job(), runner)
    wait(started)
    assert started.status == "finished" and started.done == started.total == 3
    assert registry.of("owner") == [started] and registry.of("other") == []
    rows = list(csv.DictReader(io.StringIO(started.to_csv())))
    assert [r["decision"] for r in rows] == ["match", "no_match", "no_match"]
    assert rows[0]["best_hit_name"] == "Huawei" and rows[0]["score"] == "0.9700"
    assert rows[1]["name"] == "'=HYPERLINK(1)"
    assert [line for line, _row in started.flagged()] == [2] and len(started.hits) == 1


def test_a_failing_job_keeps_rows_done_and_shows_why() -> None:
    def failed(each: Any) -> tuple[None, str]:
        each(row(0, "a", "no_match", score=0.0), {"name": "a"})
        return None, "boom"

    def crashed(each: Any) -> tuple[None, str]:
        raise RuntimeError("database gone")

    first = JobRegistry().start(job(), failed)
    wait(first)
    assert first.status == "failed" and first.error == "boom" and first.done == 1
    second = job()
    run_job(second, crashed)
    assert second.status == "failed" and "database gone" in (second.error or "")


def wait(job: Any) -> None:
    deadline = time.monotonic() + 10
    while job.status == "running" and time.monotonic() < deadline:
        time.sleep(0.01)
