"""XLSX bombs stop at the first limit with a clear error (issue 18, item 5), in both spreadsheet readers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ictguard import limits
from ictguard.devices.parsers.inventory import parse_inventory
from ictguard.errors import InputTooLargeError
from ictguard.screening.tabular import read_table
from tests.xlsx_bombs import empty_rows, one_row, xlsx_with_sheet


def _via_tabular(data: bytes, tmp_path: Path) -> object:
    path = tmp_path / "parties.xlsx"
    path.write_bytes(data)
    return read_table(path)


def _via_inventory(data: bytes, tmp_path: Path) -> object:
    return parse_inventory(data, "inventory.xlsx")


READERS: list[Callable[[bytes, Path], object]] = [_via_tabular, _via_inventory]


@pytest.mark.parametrize("read", READERS)
def test_a_row_number_far_down_counts_its_gap(read: Callable[[bytes, Path], object], tmp_path: Path) -> None:
    # a few hundred bytes: openpyxl would yield two million empty rows before this one
    data = xlsx_with_sheet([one_row(2_000_000, "Huawei")])
    with pytest.raises(InputTooLargeError, match="2,000,000 rows"):
        read(data, tmp_path)


@pytest.mark.parametrize("read", READERS)
def test_many_empty_rows(
    read: Callable[[bytes, Path], object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "XLSX_MAX_ROWS", 5_000)
    with pytest.raises(InputTooLargeError, match="5,000 allowed"):
        read(xlsx_with_sheet(empty_rows(6_000)), tmp_path)
    read(xlsx_with_sheet([one_row(2, "Huawei"), *empty_rows(4_000, first=3)]), tmp_path)  # under it: read


@pytest.mark.parametrize("read", READERS)
def test_rows_as_wide_as_the_declared_dimension(
    read: Callable[[bytes, Path], object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "XLSX_MAX_CELLS", 100_000)
    data = xlsx_with_sheet([one_row(n, "Acme") for n in range(2, 12)], dimension="A1:XFD12")  # 16,384 columns
    with pytest.raises(InputTooLargeError, match="100,000 cells"):
        read(data, tmp_path)


@pytest.mark.parametrize("read", READERS)
def test_a_cell_beyond_what_a_spreadsheet_holds(read: Callable[[bytes, Path], object], tmp_path: Path) -> None:
    data = xlsx_with_sheet([one_row(2, "x" * 1_000_000)])  # 5.7 KB on disk
    assert len(data) < 10_000
    with pytest.raises(InputTooLargeError, match="1,000,000 characters") as info:
        read(data, tmp_path)
    assert info.value.line == 2


@pytest.mark.parametrize("read", READERS)
def test_uncompressed_size(
    read: Callable[[bytes, Path], object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "XLSX_MAX_UNCOMPRESSED_BYTES", 50_000)
    with pytest.raises(InputTooLargeError, match="expands to"):
        read(xlsx_with_sheet(empty_rows(5_000)), tmp_path)


def test_an_inventory_over_the_limits_is_unread_and_the_rest_audited(tmp_path: Path) -> None:
    from ictguard.devices.audit import audit_paths

    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(xlsx_with_sheet([one_row(2_000_000, "Hikvision")]))
    good = tmp_path / "assets.csv"
    good.write_text("ip,manufacturer,model\n10.0.0.5,Hikvision,DS-2CD2143G0-I\n", encoding="utf-8")
    report = audit_paths([bomb, good])
    assert [u.file for u in report.observations.unread] == [str(bomb)]
    assert "2,000,000 rows" in report.observations.unread[0].reason and len(report.devices) == 1
