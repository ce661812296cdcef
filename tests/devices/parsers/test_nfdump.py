"""nfdump CSV rows that cannot be used are rejected with their line and field, never half-read."""

from __future__ import annotations

import pytest

from ictguard.devices.parsers.nfdump import parse_nfdump_csv

HEADER = "ts,te,td,sa,da,sp,dp,pr,flg,ibyt,obyt"
GOOD = "2013-03-07 21:42:06,2013-03-07 21:42:07,0.211,141.142.228.5,192.150.187.43,59856,80,TCP,...AP.SF,512,5379"


def _parse(*rows: str) -> tuple[list[tuple[int, int]], list[tuple[int | None, str | None, str]]]:
    obs = parse_nfdump_csv("\n".join([HEADER, *rows, ""]).encode(), "flows.csv")
    return ([(f.bytes_out, f.bytes_in) for f in obs.flows],
            [(r.line, r.field, r.reason) for r in obs.rejected])


def test_good_row() -> None:
    assert _parse(GOOD) == ([(512, 5379)], [])


@pytest.mark.parametrize(("row", "field", "reason"), [
    (GOOD.rsplit(",", 2)[0], "ibyt", "row has 9 fields, the header 11 (truncated?)"),
    (GOOD + ",extra", None, "row has 12 fields, the header 11"),
    (GOOD.replace("141.142.228.5", "141.142.228"), "sa", "not an IP address"),
    (GOOD.replace("192.150.187.43", "host"), "da", "not an IP address"),
    (GOOD.replace("59856", "x"), "sp", "invalid literal"),
    (GOOD.replace(",512,", ",5.1e2,"), "ibyt", "invalid literal"),
    (GOOD.replace("2013-03-07 21:42:06,", "yesterday,"), "ts", "Invalid isoformat"),
])
def test_unusable_rows_are_rejected_with_line_and_field(row: str, field: str | None, reason: str) -> None:
    flows, rejected = _parse(GOOD, row, GOOD)
    assert flows == [(512, 5379), (512, 5379)]
    [(line, got_field, got_reason)] = rejected
    assert (line, got_field) == (3, field) and reason in got_reason


def test_a_file_cut_inside_its_last_number_rejects_that_row() -> None:
    data = "\n".join([HEADER, GOOD, GOOD[:-2]]).encode()  # no line end: a copy stopped inside obyt (5379 -> 53)
    obs = parse_nfdump_csv(data, "flows.csv")
    assert [(f.bytes_out, f.bytes_in) for f in obs.flows] == [(512, 5379)]
    [rejected] = obs.rejected
    assert rejected.line == 3 and "cut off" in rejected.reason


def test_summary_trailer_without_a_final_line_end_is_not_a_cut() -> None:
    data = "\n".join([HEADER, GOOD, "Summary", "flows,bytes,packets", "1,5891,9"]).encode()
    obs = parse_nfdump_csv(data, "flows.csv")
    assert len(obs.flows) == 1 and not obs.rejected
