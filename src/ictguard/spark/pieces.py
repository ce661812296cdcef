"""The work of a ``screen-file --engine spark`` run cut into pieces, and one piece read into rows by line.

A CSV piece is a byte range of a file that starts at a line start; an executor reads its lines with the local
engine's own CSV parser (``screening.tabular.csv_records``/``csv_row``), so a malformed row is kept and reported
on the line it starts on, exactly as ``--engine local`` reports it. A record that starts in a piece is read to
its end even past the piece (a quoted field with a line break); the next piece then starts reading after it:
its ``skip`` (lines to pass over first) comes from the pieces before it (``parts.expected_skips``). Until they
are known a piece is read as if a record started on its first line, which is right unless a quoted line break
straddles the cut, and read again with the right skip when it is not. A Parquet piece is a slice of a file's
rows, numbered from 1 as the local reader numbers them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from ictguard.errors import InputError
from ictguard.screening.tabular import (
    LineBuffer,
    _cell,
    _encoding,
    csv_delimiter,
    csv_header,
    csv_records,
    csv_row,
)

# After a lone CR (old Mac line end), as Python's universal newlines end a line there; never inside CR LF.
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Piece:
    number: int  # position in the run: part file name and output order
    file: int  # index in the run's files
    begin: int  # CSV: byte offset of a line start; Parquet: first row (from 0)
    end: int  # CSV: byte offset (the lines that start before it are the piece's); Parquet: row after the last


@dataclass(frozen=True)
class CsvLayout:
    """What the driver read from a CSV file's head: how every piece of it is decoded and parsed."""

    encoding: str  # utf-8-sig or utf-16 (as the local reader chooses)
    delimiter: str
    columns: tuple[str, ...]
    header_lines: int  # physical lines the header record takes
    data_start: int  # byte offset of the first line after the header


def physical_lines(path: Path, begin: int, encoding: str) -> Iterator[tuple[int, str]]:
    """(byte offset, line) of each line from ``begin`` on, split and decoded as the local reader's text file
    (universal line ends kept, undecodable bytes as surrogates). UTF-16 cannot be cut at a byte: read whole."""
    if encoding == "utf-16":
        with path.open(encoding=encoding, newline="") as text:
            for line in text:
                yield 0, line
        return
    with path.open("rb") as handle:
        handle.seek(begin)
        offset = begin
        for raw in iter(handle.readline, b""):
            at, data = offset, raw
            if offset == 0 and raw.startswith(_BOM):
                at, data = 3, raw[3:]
            for line in _LONE_CR.split(data.decode("utf-8", "surrogateescape")):
                if line:
                    yield at, line
                    at += len(line.encode("utf-8", "surrogateescape"))
            offset += len(raw)


def csv_layout(path: Path) -> CsvLayout:
    encoding = _encoding(path)
    lines = physical_lines(path, 0, encoding)
    head = list(islice(lines, 200))
    delimiter = csv_delimiter(path, "".join(line for _, line in head))
    offsets = [offset for offset, _ in head]
    source = LineBuffer(chain((line for _, line in head), (line for _, line in _noting(lines, offsets))))
    columns = csv_header(source, delimiter, path)
    used = source.pos - 1
    start = offsets[used] if used < len(offsets) else path.stat().st_size
    return CsvLayout(encoding, delimiter, tuple(columns), used, start if encoding != "utf-16" else 0)


def _noting(lines: Iterator[tuple[int, str]], offsets: list[int]) -> Iterator[tuple[int, str]]:
    for offset, line in lines:
        offsets.append(offset)
        yield offset, line


def _line_start(path: Path, at: int, size: int) -> int:
    """The first line start (after a LF) at or after ``at``."""
    if at >= size:
        return size
    with path.open("rb") as handle:
        handle.seek(at - 1)
        if handle.read(1) == b"\n":
            return at
        handle.readline()
        return min(handle.tell(), size)


def csv_ranges(path: Path, layout: CsvLayout, size: int) -> list[tuple[int, int]]:
    """The file's data cut into ranges of about ``size`` bytes, each from a line start."""
    total = path.stat().st_size
    if layout.encoding == "utf-16":
        return [(0, total)]
    cuts = [layout.data_start]
    for at in range(layout.data_start + size, total, max(size, 1)):
        start = _line_start(path, at, total)
        if start > cuts[-1] and start < total:
            cuts.append(start)
    return [(begin, end) for begin, end in zip(cuts, [*cuts[1:], total], strict=True)]


@dataclass
class PieceRead:
    """How far a CSV piece's reading went, in lines counted from its first line: ``lines`` start inside it;
    the first record after it starts on line ``exit`` (``lines + 1`` unless the last record ran on)."""

    lines: int = 0
    exit: int = 1


def csv_piece_rows(
    path: Path, layout: CsvLayout, piece: Piece, skip: int, read: PieceRead
) -> Iterator[tuple[int, dict[str, str], tuple[str, str] | None]]:
    """(line in the piece, row, problem) of every record that starts in ``piece`` after ``skip`` lines; blank
    records are no rows (as locally). ``read`` is filled in when the iterator is done."""
    boundary: list[int] = []
    count = 0

    def lines() -> Iterator[str]:
        nonlocal count
        lines = physical_lines(path, piece.begin, layout.encoding)
        if layout.encoding == "utf-16":  # read from the file's start: the header's lines come before the piece
            lines = islice(lines, layout.header_lines, None)
        for offset, line in lines:
            count += 1
            if offset >= piece.end and not boundary:
                boundary.append(count)
            yield line

    source = LineBuffer(lines())
    for _ in range(skip):
        if next(source, None) is None:
            break
    read.exit = source.pos
    for record in csv_records(source, layout.delimiter, len(layout.columns)):
        if boundary and record.line >= boundary[0]:
            read.exit = record.line
            break
        read.exit = source.pos
        made = csv_row(record, list(layout.columns))
        if made is not None:
            yield record.line, made[0], made[1]
    else:
        read.exit = count + 1
    read.lines = boundary[0] - 1 if boundary else count


def parquet_columns(path: Path) -> tuple[str, ...]:
    import pyarrow.parquet as pq

    try:
        return tuple(pq.read_schema(path).names)
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise InputError(f"cannot read as parquet: {type(exc).__name__}: {exc}", file=path) from None


def parquet_ranges(path: Path, rows: int) -> list[tuple[int, int]]:
    import pyarrow.parquet as pq

    total = pq.read_metadata(path).num_rows
    return [(lo, min(lo + rows, total)) for lo in range(0, total, max(rows, 1))] or [(0, 0)]


def parquet_piece_rows(
    path: Path, columns: tuple[str, ...], piece: Piece
) -> Iterator[tuple[int, dict[str, str], tuple[str, str] | None]]:
    """(row number in the piece, row, None) of rows ``begin`` .. ``end - 1``, cells as the local reader's."""
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    first, at, groups = 0, 0, list[int]()
    for group in range(handle.metadata.num_row_groups):
        count = handle.metadata.row_group(group).num_rows
        if first < piece.end and first + count > piece.begin:
            at = at if groups else first
            groups.append(group)
        first += count
    number = 0
    for batch in handle.iter_batches(row_groups=groups, columns=list(columns)) if groups else ():
        if at >= piece.end:
            break
        lo, hi = max(piece.begin - at, 0), min(piece.end - at, batch.num_rows)
        at += batch.num_rows
        if lo >= hi:
            continue
        for row in batch.slice(lo, hi - lo).to_pylist():
            number += 1
            yield number, {c: _cell(row.get(c)) for c in columns}, None
