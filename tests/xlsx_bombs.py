"""Small XLSX files whose sheets expand to many rows, wide rows or huge cells (built in a temp dir)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

import openpyxl

_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def xlsx_with_sheet(rows: Iterable[bytes], *, dimension: str | None = None) -> bytes:
    """A workbook whose first sheet holds a header row (name, manufacturer) and then ``rows`` (raw <row> elements)."""
    book = openpyxl.Workbook()
    book.active.append(["name", "manufacturer"])
    base = io.BytesIO()
    book.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(item, zin.read(item.filename))
                continue
            with zout.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>' + _NS)
                if dimension:
                    sheet.write(f'<dimension ref="{dimension}"/>'.encode())
                sheet.write(b'<sheetData><row r="1">' + _cell("A1", "name") + _cell("B1", "manufacturer") + b"</row>")
                for row in rows:
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def empty_rows(count: int, first: int = 2) -> Iterable[bytes]:
    for start in range(first, first + count, 10_000):
        yield b"".join(b'<row r="%d"/>' % i for i in range(start, min(first + count, start + 10_000)))


def one_row(number: int, name: str, manufacturer: str = "Hikvision") -> bytes:
    return f'<row r="{number}">'.encode() + _cell(f"A{number}", name) + _cell(f"B{number}", manufacturer) + b"</row>"
