"""Inventories: a placeholder in one field drops that field only; delimiters are sniffed; the header is found
below title rows and on any sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.devices.detect import read_input
from ictguard.devices.parsers.inventory import parse_inventory
from ictguard.errors import DeviceInputError

HEADER = "Make,Model,MAC,IP"


@pytest.mark.parametrize(
    ("mac", "ip", "field"),
    [
        ("N/A", "10.5.0.1", "mac"),
        ("unknown", "10.5.0.1", "mac"),
        ("44:19:b6:00:00:01", "DHCP", "ip"),
        ("44:19:b6:00:00:01", "N/A", "ip"),
        ("44:19:b6:00:00:01", "unknown", "ip"),
    ],
)
def test_a_placeholder_drops_the_field_and_keeps_the_device(mac: str, ip: str, field: str) -> None:
    obs = parse_inventory(f"{HEADER}\nHikvision,DS-2CD2143G2-I,{mac},{ip}\n".encode(), "inv.csv")
    [s] = obs.sightings
    assert (s.manufacturer, s.model, s.line) == ("Hikvision", "DS-2CD2143G2-I", 2)
    assert (s.mac if field == "mac" else s.ip) is None
    [note] = obs.rejected
    assert (note.line, note.field) == (2, field) and "field dropped" in note.reason


@pytest.mark.parametrize("value", ["", "-"])
def test_an_empty_or_unset_field_is_no_note(value: str) -> None:
    obs = parse_inventory(f"{HEADER}\nHikvision,DS-2CD2143G2-I,{value},{value}\n".encode(), "inv.csv")
    assert [s.model for s in obs.sightings] == ["DS-2CD2143G2-I"] and not obs.rejected


def test_a_row_left_with_nothing_identifying_is_rejected() -> None:
    obs = parse_inventory(f"{HEADER}\n,,N/A,DHCP\n".encode(), "inv.csv")
    assert not obs.sightings
    assert [(r.line, r.field) for r in obs.rejected] == [(2, None)]


@pytest.mark.parametrize(
    ("name", "delimiter"),
    [
        ("inv.csv", ";"),
        ("inv.tsv", "\t"),
        ("inv.txt", "|"),
        ("inv.csv", ","),
    ],
)
def test_the_delimiter_is_sniffed(tmp_path: Path, name: str, delimiter: str) -> None:
    path = tmp_path / name
    path.write_text(
        f"Make{delimiter}Model{delimiter}MAC addr{delimiter}IP\n"
        f"Hikvision{delimiter}DS-2CD2143G2-I{delimiter}54:8c:81:00:00:01{delimiter}10.5.0.1\n"
        f"Dahua{delimiter}IPC-HFW2431S{delimiter}{delimiter}10.5.0.2\n",
        encoding="utf-8",
    )
    obs = read_input(path)
    assert [(s.manufacturer, s.model, s.ip) for s in obs.sightings] == [
        ("Hikvision", "DS-2CD2143G2-I", "10.5.0.1"),
        ("Dahua", "IPC-HFW2431S", "10.5.0.2"),
    ]
    assert obs.sightings[0].mac == "54:8c:81:00:00:01"


def test_a_quoted_comma_inside_a_semicolon_file_stays_in_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "inv.csv"
    path.write_text(
        'Make;Model;IP\n"Hangzhou Hikvision Digital Technology Co.,Ltd.";DS-2CD2143G2-I;10.5.0.1\n'
        "Axis;P3245;10.5.0.2\n",
        encoding="utf-8",
    )
    assert [s.manufacturer for s in read_input(path).sightings] == [
        "Hangzhou Hikvision Digital Technology Co.,Ltd.",
        "Axis",
    ]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_the_header_is_found_below_a_title_row_in_a_csv(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "inv.csv"
    path.write_text(
        f"Asset export 2024-05-01\n\n{HEADER}\nHikvision,DS-2,,10.5.0.1\n".replace(",", delimiter), encoding="utf-8"
    )
    assert [(s.model, s.line) for s in read_input(path).sightings] == [("DS-2", 4)]


def _book(path: Path, sheets: list[list[list[str]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for index, rows in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet(f"Sheet{index + 1}")
        assert sheet is not None
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


DATA = [["IP Address", "MAC Address", "Make", "Model"], ["10.1.1.1", "44-19-B6-00-00-01", "Hikvision", "DS-2CD"]]


@pytest.mark.parametrize(
    ("sheets", "line"),
    [
        ([[["Camera inventory"], ["exported by NetBox"], *DATA]], 4),  # title rows before the header
        ([[["Cover sheet"], ["nothing here"]], DATA], 2),  # the data on the second sheet
    ],
)
def test_xlsx_header_below_titles_or_on_another_sheet(tmp_path: Path, sheets: list[list[list[str]]], line: int) -> None:
    [s] = read_input(_book(tmp_path / "inv.xlsx", sheets)).sightings
    assert (s.ip, s.mac, s.manufacturer, s.line) == ("10.1.1.1", "44:19:b6:00:00:01", "Hikvision", line)


def test_xlsx_without_a_header_on_any_sheet_names_the_file(tmp_path: Path) -> None:
    path = _book(tmp_path / "inv.xlsx", [[["colour", "size"], ["red", "1"]], [["a"], ["b"]]])
    with pytest.raises(DeviceInputError, match="every sheet") as caught:
        read_input(path)
    assert (caught.value.file, caught.value.field) == (str(path), "header")


def test_a_header_further_down_than_searched_is_not_found() -> None:
    rows = "\n".join(f"note {n}" for n in range(10))
    with pytest.raises(DeviceInputError, match="no IP, MAC"):
        parse_inventory(f"{rows}\n{HEADER}\nHikvision,DS-2,,10.5.0.1\n".encode(), "inv.csv")


def test_a_damaged_sheet_is_a_device_input_error_naming_it(tmp_path: Path) -> None:
    import zipfile

    good = _book(tmp_path / "good.xlsx", [DATA])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    with pytest.raises(DeviceInputError, match="unreadable XLSX sheet 'Sheet'") as caught:
        read_input(bad)
    assert caught.value.file == str(bad)
