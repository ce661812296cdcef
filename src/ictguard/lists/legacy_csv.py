"""Reader for OFAC's legacy CSV files: no header, ``-0-`` means empty, CRLF, trailing DOS EOF byte 0x1A."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ictguard.errors import ListFormatError

EMPTY = "-0-"


def decode(data: bytes, file: str) -> str:
    """UTF-8 (ASCII in practice); Windows-1252 as the fallback the legacy files historically used."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ListFormatError("embedded NUL byte", file=file, line=line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ListFormatError(f"neither UTF-8 nor Windows-1252: {exc.reason}", file=file, line=line) from None


def iter_rows(data: bytes, file: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, row) with blanks trimmed and ``-0-`` turned into ``""``; wrong widths are errors."""
    text = decode(data, file).rstrip("\r\n\x1a")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    width = len(columns)
    try:
        for row in reader:
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                raise ListFormatError(
                    f"expected {width} fields, found {len(row)} (truncated or malformed row)",
                    file=file,
                    line=line,
                )
            cells = [c.strip() for c in row]
            yield line, {k: ("" if v == EMPTY else v) for k, v in zip(columns, cells, strict=True)}
    except csv.Error as exc:
        raise ListFormatError(f"malformed CSV: {exc}", file=file, line=reader.line_num) from None


def ent_num(row: dict[str, str], file: str, line: int) -> int:
    value = row.get("ent_num", "")
    if not value.isdigit():
        raise ListFormatError(f"ent_num is not a number: {value[:40]!r}", file=file, line=line, field="ent_num")
    return int(value)
