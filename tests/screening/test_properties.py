"""Property tests for the party-table reader and the screener's input (issue 18): any bytes as a CSV give a
table or an InputError naming the file; any text up to the documented maximum screens without error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ictguard.errors import InputError
from ictguard.limits import MAX_NAME_CHARS
from ictguard.screening import Screener, compare_names
from ictguard.screening.tabular import read_table

CELL = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(['"', '""', "a,b", "x\ny", "\r"])


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    rows = draw(st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=8))
    text = "\n".join(",".join(r) for r in [["name", "country"], *rows])
    data = text.encode("utf-8")
    if draw(st.booleans()):
        pos = draw(st.integers(0, len(data)))
        data = data[:pos] + draw(st.binary(max_size=20)) + data[pos:]
    return data


@given(data=csv_bytes())
def test_any_csv_is_a_table_or_a_typed_error(tmp_path_factory: object, data: bytes) -> None:
    path = Path(tmp_path_factory.mktemp("t")) / "parties.csv"  # type: ignore[attr-defined]
    path.write_bytes(data)
    try:
        table = read_table(path)
    except InputError as exc:
        assert exc.file == str(path)
        return
    assert all(set(row) == set(table.columns) for _, row in table.rows)


@given(name=st.text(max_size=MAX_NAME_CHARS).filter(lambda s: "\x00" not in s))
def test_any_name_up_to_the_limit_screens(screener: Screener, name: str) -> None:
    hits = screener.screen(name)
    assert all(0.0 <= h.score <= 1.0 for h in hits)
    score, _ = compare_names(name, "Huawei Technologies Co., Ltd.")
    assert 0.0 <= score <= 1.0
