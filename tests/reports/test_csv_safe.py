from __future__ import annotations

import csv
import io

import pytest

from ictguard.reports.csv_safe import neutralise_cell, write_safe_csv


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Huawei Technologies", "Huawei Technologies"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (0.93, "0.93"),
        (-1, "'-1"),
        (True, "true"),
    ],
)
def test_neutralise_cell(value: object, expected: str) -> None:
    assert neutralise_cell(value) == expected


def test_write_safe_csv_round_trips_and_keeps_every_row() -> None:
    rows = [{"name": "=cmd|' /C calc'!A0", "score": 0.5}, {"name": "Acme", "extra": "ignored"}, {}]
    out = io.StringIO()
    assert write_safe_csv(out, ["name", "score"], rows) == 3
    read = list(csv.reader(io.StringIO(out.getvalue())))
    assert read == [["name", "score"], ["'=cmd|' /C calc'!A0", "0.5"], ["Acme", ""], ["", ""]]


def test_header_is_neutralised_too() -> None:
    out = io.StringIO()
    write_safe_csv(out, ["=evil"], [])
    assert out.getvalue().startswith("'=evil")
