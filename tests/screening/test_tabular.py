"""Reading party tables: encodings, broken quotes and bad bytes are bad rows (named by line and field), never a
rejected file or rows silently merged; country codes are ISO 3166-1 alpha-2."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ictguard.errors import InputError
from ictguard.screening.tabular import country_code, read_table


@pytest.mark.parametrize(
    ("name", "data", "names", "problems"),
    [
        ("plain.csv", b"name,country\nHuawei,CN\nDahua,CN\n", ["Huawei", "Dahua"], {}),
        ("bom.csv", codecs.BOM_UTF8 + b"name,country\nHuawei,CN\n", ["Huawei"], {}),
        (
            "latin1.csv",
            b"name,country\nHuawei,CN\nM\xfcller GmbH,DE\nDahua,CN\n",
            ["Huawei", "M\ufffdller GmbH", "Dahua"],
            {3: ("name", "byte 0xfc")},
        ),
        ("latin1-country.csv", b"name,country\nHuawei,C\xe9\n", ["Huawei"], {2: ("country", "byte 0xe9")}),
        (
            "excel-unicode.txt",
            "name\tcountry\nHuawei\tCN\nMüller GmbH\tDE\n".encode("utf-16"),
            ["Huawei", "Müller GmbH"],
            {},
        ),
        ("utf16-be.csv", codecs.BOM_UTF16_BE + "name,country\n华为,CN\n".encode("utf-16-be"), ["华为"], {}),
        # A quote never closed: its line is the bad row, the rows after it are read as themselves.
        (
            "open-quote.csv",
            b'name,country\nHuawei,CN\n"Dahua,CN\nZTE,CN\n',
            ["Huawei", "Dahua,CN", "ZTE"],
            {3: ("name", "unterminated quote")},
        ),
        # A quote closed rows later: the record would have the wrong width.
        (
            "late-quote.csv",
            b'name,country\n"Dahua,CN\nZTE",CN,extra\nHytera,CN\n',
            ["Dahua,CN", 'ZTE"', "Hytera"],
            {2: ("name", "where the header has 2"), 3: ("country", "has no column")},
        ),
        # A quote opened on the last line and never closed: the line's cells would all go into one.
        (
            "last-line-quote.csv",
            b'name,country\nHuawei,CN\n"ZTE Corporation,CN',
            ["Huawei", "ZTE Corporation,CN"],
            {3: ("name", "unterminated quote (it runs to the end of the file)")},
        ),
        # A quote closed inside a field rows later: the right width, but the rows between are not swallowed.
        (
            "mid-field-quote.csv",
            b'name,country\n"Dahua,CN\nZTE,"x",CN\nHytera,CN\n',
            ["Dahua,CN", "ZTE", "Hytera"],
            {2: ("name", "not closed where a field ends"), 3: ("country", "has no column")},
        ),
        # A quoted field with a line break, in a record of the right width, is data.
        ("multiline.csv", b'name,address\n"Dahua","Room 1\nHangzhou"\nZTE,Shenzhen\n', ["Dahua", "ZTE"], {}),
        ("blank-lines.csv", b"name,country\n\nHuawei,CN\n,\n", ["Huawei"], {}),
        # An unquoted comma in a name: the cell with no column is reported, not dropped; empty extras are fine.
        (
            "wide-row.csv",
            b"name,country\nHuawei Technologies, Co. Ltd,CN\nDahua,CN,\n",
            ["Huawei Technologies", "Dahua"],
            {2: ("country", "has no column")},
        ),
    ],
)
def test_read_csv(
    tmp_path: Path, name: str, data: bytes, names: list[str], problems: dict[int, tuple[str, str]]
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    table = read_table(path)
    assert [row["name"] for _, row in table.rows] == names
    assert {line: field for line, (field, _) in table.problems.items()} == {k: v[0] for k, v in problems.items()}
    for line, (_, needle) in problems.items():
        assert needle in table.problems[line][1]
        assert line in [n for n, _ in table.rows]  # the bad row is kept, under its own line


def test_multiline_field_rows_are_numbered_by_their_first_line(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b'name,address\n"Dahua","Room 1\nHangzhou"\nZTE,Shenzhen\n')
    assert [line for line, _ in read_table(path).rows] == [2, 4]


def test_a_field_swallowing_the_rest_of_a_big_file_is_one_bad_row(tmp_path: Path) -> None:
    """Past csv's field size limit the reader raises; that is still the one line's problem."""
    path = tmp_path / "big.csv"
    path.write_text('name,country\n"Dahua,CN\n' + "ZTE Corporation,CN\n" * 20000, encoding="utf-8")
    table = read_table(path)
    assert list(table.problems) == [2] and len(table.rows) == 20001


def test_undecodable_utf16_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad16.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "name\n".encode("utf-16-le") + b"\x00\xd8")  # a lone high surrogate
    with pytest.raises(InputError, match="bad16.csv"):
        read_table(path)


@pytest.mark.parametrize(("text", "code"), [("CN", "CN"), ("cn", "CN"), (" us ", "US"), ("XK", "XK"), ("HK", "HK")])
def test_country_code(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["ZZZ", "ZZ", "C", "China", "CHN", "1A", "Ｃｎ", ""])
def test_country_code_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="ISO 3166-1 alpha-2"):
        country_code(text)
