"""The columnar reader's value checks agree with the row reader's rule (count_problem / time_problem) value by
value, on the fast path (plain digits, min/max) and off it."""

from __future__ import annotations

import pyarrow as pa
import pytest

from ictguard.devices.parsers._common import MAX_COUNT, MAX_PORT, count_problem, time_problem
from ictguard.devices.parsers.zeek_conn_agg import _bad_counts, _bad_times, _plain_digits

PORTS = [
    "0",
    "7",
    "443",
    "9999",
    "10000",
    "59999",
    "60000",
    "65535",
    "65536",
    "65540",
    "69999",
    "70000",
    "99999",
    "100000",
    "007",
    "-1",
    "12.0",
    "1e3",
    " 7",
    "lots",
    "6553",
    "6a535",
]
COUNTS = [
    "0",
    "1",
    "123456789012345",
    "999999999999999",
    "9007199254740992",
    "9007199254740993",
    "99999999999999999",
    "-5",
    "1e30",
    "12.5",
    "12.0",
    "abc",
]


@pytest.mark.parametrize(("values", "maximum"), [(PORTS, MAX_PORT), (COUNTS, MAX_COUNT)])
def test_each_value_is_judged_as_the_row_reader_judges_it(values: list[str], maximum: int) -> None:
    for value in values:
        column = pa.array([b"1", value.encode(), None, b"2"], pa.binary())
        expected = [1] if count_problem(value, maximum) else []
        assert _bad_counts(column, maximum).tolist() == expected, value


@pytest.mark.parametrize(
    ("values", "maximum", "plain"),
    [
        (["1", "443", "65535", "-"], MAX_PORT, True),
        (["1", "65536"], MAX_PORT, False),
        (["1", "70000"], MAX_PORT, False),
        (["1", "100000"], MAX_PORT, False),
        (["1", " 2"], MAX_PORT, False),
        (["1", "1/"], MAX_PORT, False),  # '/' is the byte just below '0'
        (["1", "1:"], MAX_PORT, False),  # ':' the one just above '9'
        (["999999999999999"], MAX_COUNT, True),
        (["9007199254740992"], MAX_COUNT, True),
        (["9007199254740993"], MAX_COUNT, False),
    ],
)
def test_plain_digits(values: list[str], maximum: int, plain: bool) -> None:
    def column(items: list[str]) -> pa.Array:
        return pa.array([None if v == "-" else v.encode() for v in items], pa.binary())

    assert _plain_digits(column(values), maximum) is plain
    # a slice (a non-zero offset into the buffers) reads only its own values
    assert _plain_digits(column(["x", *values]).slice(1), maximum) is plain


@pytest.mark.parametrize("field", ["ts", "duration"])
def test_times_are_judged_as_the_row_reader_judges_them(field: str) -> None:
    values = [1.7e9, 0.0, -1.0, 3.3e10, 99999999999999.0, float("nan"), float("inf"), -1e20, 1e9, -1e9, None]
    bad = _bad_times(pa.array(values, pa.float64()), field).tolist()
    assert bad == [i for i, v in enumerate(values) if v is not None and time_problem(v, field)]
