"""Zeek JSON logs: a bad line is a rejected row like a bad TSV row; a file of no JSON objects is an error."""

from __future__ import annotations

import json

import pytest

from ictguard.devices.parsers.zeek import parse_zeek
from ictguard.errors import DeviceInputError


def _conn(i: int) -> str:
    return json.dumps({"_path": "conn", "ts": 1_700_000_000.0 + i, "uid": f"C{i}", "id.orig_h": "10.0.0.5",
                       "id.orig_p": 40000 + i, "id.resp_h": "120.55.10.20", "id.resp_p": 443, "proto": "tcp",
                       "orig_bytes": 100, "resp_bytes": 200})


@pytest.mark.parametrize(("bad", "reason"), [
    (_conn(9)[:-15], "malformed JSON line"),  # the last line cut off
    ("[1, 2]", "expected a JSON object per line"),
    ("{not json", "malformed JSON line"),
])
def test_bad_line_is_rejected_and_the_others_kept(bad: str, reason: str) -> None:
    obs = parse_zeek("\n".join([_conn(1), bad, _conn(2)]).encode(), "conn.json")
    assert [f.sport for f in obs.flows] == [40001, 40002]
    [rejected] = obs.rejected
    assert (rejected.file, rejected.line) == ("conn.json", 2) and reason in rejected.reason


def test_no_json_object_at_all_is_an_error() -> None:
    with pytest.raises(DeviceInputError, match="malformed JSON line") as caught:
        parse_zeek(b"{oops\n{still not\n", "conn.json")
    assert caught.value.line == 1
