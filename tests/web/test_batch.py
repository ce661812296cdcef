"""Batch jobs: reading uploads, screening every row, progress, results CSV (the screener is injected)."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

import pytest
from openpyxl import Workbook

from ictguard.errors import InputError
from ictguard.web.batch import JobRegistry, read_table, run_job


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_columns_found_case_insensitively_and_blank_rows_skipped() -> None:
    table = read_table("p.csv", "\ufeffId,Party Name,Country\n1,Acme,US\n,,\n2,=Evil,CN\n".encode(),
                       "party name", "COUNTRY")
    assert table.name_column == "Party Name" and table.country_column == "Country"
    assert [r["Party Name"] for r in table.rows] == ["Acme", "=Evil"]


def test_default_name_column() -> None:
    assert read_table("p.csv", b"company\nAcme\n").name_column == "company"


def test_xlsx_is_read() -> None:
    table = read_table("p.xlsx", xlsx([["name", "country"], ["Huawei", "CN"], [None, None], ["Dahua", None]]))
    assert [(r["name"], r["country"]) for r in table.rows] == [("Huawei", "CN"), ("Dahua", "")]


@pytest.mark.parametrize("filename, data, line, field", [
    ("p.txt", b"name\nx\n", None, None),
    ("p.csv", b"", 1, None),
    ("p.csv", b"id,other\n1,2\n", 1, "name"),
    ("p.csv", b"name\nx,y,z\n", 2, None),
    ("p.csv", b"name\n\xff\xfe\n", None, None),
    ("p.xlsx", b"not a zip", None, None),
])
def test_bad_uploads_name_file_line_and_field(filename: str, data: bytes, line: int | None,
                                              field: str | None) -> None:
    with pytest.raises(InputError) as info:
        read_table(filename, data)
    assert info.value.file == filename and info.value.line == line and info.value.field == field


def test_missing_country_column_when_asked_for() -> None:
    with pytest.raises(InputError, match="country column"):
        read_table("p.csv", b"name\nAcme\n", country_column="cc")


def fake_hits(name: str, country: str | None) -> list[dict[str, Any]]:
    if "huawei" not in name.lower():
        return []
    return [{"name": "Huawei Technologies Co., Ltd.", "source": "EL", "entity_id": "EL-1", "score": 0.97,
             "country_seen": country}]


def test_job_screens_every_row_and_exports_neutralised_csv() -> None:
    table = read_table("p.csv", b"name,country\nHuawei Tech,CN\n=HYPERLINK(1),US\n,\n nobody ,\n")
    registry = JobRegistry()
    job = registry.start("owner", "p.csv", table, fake_hits)
    deadline = time.monotonic() + 10
    while job.status == "running" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.status == "finished" and job.done == job.total == 3
    assert registry.of("owner") == [job] and registry.of("other") == []
    rows = list(csv.DictReader(io.StringIO(job.to_csv())))
    assert [r["decision"] for r in rows] == ["potential_match", "no_match", "no_match"]
    assert rows[0]["best_hit"] == "Huawei Technologies Co., Ltd." and rows[0]["score"] == "0.970"
    assert rows[1]["name"] == "'=HYPERLINK(1)"
    assert [index for index, _row in job.flagged()] == [0]


def test_a_failing_screener_fails_the_job_and_keeps_rows_done() -> None:
    calls = 0

    def flaky(name: str, country: str | None) -> list[dict[str, Any]]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("boom")
        return []

    table = read_table("p.csv", b"name\na\nb\nc\n")
    job = JobRegistry().start("o", "p.csv", table, flaky)
    deadline = time.monotonic() + 10
    while job.status == "running" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.status == "failed" and "boom" in (job.error or "") and job.done == 1


def test_run_job_directly_marks_rows_without_a_name() -> None:
    from ictguard.web.batch import BatchJob

    job = BatchJob(id="x", owner="o", filename="f.csv", table=read_table("f.csv", b"name,c\n,x\n"))
    run_job(job, fake_hits)
    assert job.results[0]["decision"] == "no_name"


class RecordingSink:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def create(self, total: int) -> str:
        self.calls.append(("create", total))
        return "job-1"

    def progress(self, job_id: str, done: int) -> None:
        self.calls.append(("progress", done))

    def finish(self, job: Any) -> None:
        self.calls.append(("finish", (job.id, job.status, len(job.results))))


def wait(job: Any) -> None:
    deadline = time.monotonic() + 10
    while job.status == "running" and time.monotonic() < deadline:
        time.sleep(0.01)


def test_sink_gets_the_job_id_progress_every_25_rows_and_the_finished_job() -> None:
    table = read_table("p.csv", ("name\n" + "".join(f"p{i}\n" for i in range(60))).encode())
    sink = RecordingSink()
    job = JobRegistry().start("o", "p.csv", table, fake_hits, sink)
    wait(job)
    assert job.id == "job-1"
    assert sink.calls == [("create", 60), ("progress", 25), ("progress", 50), ("finish", ("job-1", "finished", 60))]


def test_a_sink_that_cannot_store_leaves_the_job_finished_on_the_page() -> None:
    class Broken(RecordingSink):
        def finish(self, job: Any) -> None:
            raise RuntimeError("database gone")

    job = JobRegistry().start("o", "p.csv", read_table("p.csv", b"name\nHuawei\n"), fake_hits, Broken())
    wait(job)
    assert job.status == "finished" and job.done == 1
