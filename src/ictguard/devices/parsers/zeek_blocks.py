"""A Zeek TSV log cut into blocks of whole lines, each parsed on its own with pyarrow (one thread).

Cutting the file ourselves (instead of pyarrow's streaming reader) is what lets one odd block fall back to the
row reader while every other block stays columnar: a block pyarrow cannot type is simply handed on as bytes,
and the reader knows the block's first line. Empty lines are kept as (all-null) rows, so that every line of a
block is either a row or an "invalid row" reported to the handler: the line count, and so every line number,
stays exact (pyarrow's ignore_empty_lines would drop blank lines from its row numbers).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.csv as pcsv

from ictguard.errors import DeviceInputError

#: 4 MiB blocks: 1-2 MiB ones tokenised measurably slower, 8 MiB ones no faster (one core)
BLOCK_SIZE = 1 << 22
#: a "line" longer than this without any line break is parsed as it is, so memory stays bounded
MAX_LINE = 1 << 26


@dataclass(frozen=True)
class Block:
    """``buf[:end]``: whole lines (kept as the bytes read, so nothing is copied to parse them)."""

    buf: bytes
    end: int

    def view(self) -> memoryview:
        return memoryview(self.buf)[: self.end]

    def data(self) -> bytes:
        return self.buf if self.end == len(self.buf) else self.buf[: self.end]


def blocks(path: Path, offset: int, size: int | None = None, end: int | None = None) -> Iterator[Block]:
    """Line-aligned blocks of about ``size`` bytes from byte ``offset`` on, up to ``end`` (a line boundary; default:
    the end of the file). The partial line at a block's end is read again with the next block (a seek back)
    rather than copied onto it."""
    size = size or BLOCK_SIZE
    try:
        with path.open("rb", buffering=0) as handle:
            while True:
                handle.seek(offset)
                wanted = size if end is None else min(size, end - offset)
                data = _read(handle, wanted) if wanted > 0 else b""
                if len(data) < size:  # the end of the file or range: whatever is left, even without a final newline
                    if data:
                        yield Block(data, len(data))
                    return
                cut = _cut(data)
                while cut == 0:  # no line break in ``size`` bytes: a longer line (bounded by MAX_LINE)
                    more = _read(handle, size)
                    data += more
                    cut = _cut(data) if more else len(data)
                offset += cut
                yield Block(data, cut)
    except OSError as exc:
        raise DeviceInputError(f"cannot read: {exc.strerror}", file=str(path)) from exc


def _read(handle: BinaryIO, size: int) -> bytes:
    """``size`` bytes, fewer only at the end of the file (a raw read may return less)."""
    data = handle.read(size)
    while 0 < len(data) < size:
        more = handle.read(size - len(data))
        if not more:
            break
        data += more
    return data


def _cut(buf: bytes) -> int:
    """Where the last complete line ends: after the last \\n, or after a last \\r that is not the buffer's
    final byte (it could be the first half of \\r\\n); 0 when there is none yet."""
    newline = buf.rfind(b"\n") + 1
    if newline:
        return newline
    carriage = buf.rfind(b"\r", 0, len(buf) - 1) + 1
    if carriage:
        return carriage
    return len(buf) if len(buf) >= MAX_LINE else 0


def has_fields_line(block: Block) -> bool:
    """Whether the block holds a '#fields' line (a concatenated log whose columns may change). A memchr for
    '#' first: Zeek writes no '#' in conn.log values, so nearly every block is cleared by that alone."""
    buf, end = block.buf, block.end
    at = buf.find(b"#", 0, end)
    while at >= 0:
        if (at == 0 or buf[at - 1] in b"\r\n") and buf.startswith(b"#fields", at, end):
            return True
        at = buf.find(b"#", at + 1, end)
    return False


@dataclass
class Invalid:
    """pyarrow's callback for lines whose column count differs from the header (numbers are block lines)."""

    bad: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    undecodable: bool = False

    def __call__(self, row: pcsv.InvalidRow) -> str:
        number = row.number or 0
        self.skipped.append(number)
        text = row.text or ""
        if not (text.startswith("#") or not text.strip()):  # '#close', '#open' … and blank lines carry no flow
            self.bad.append((number, f"{row.actual_columns} columns, header has {row.expected_columns}"))
        return "skip"


class Untypable(Exception):
    """pyarrow could not type the block (a word in a number column, bad UTF-8 in an invalid row …)."""


@contextmanager
def quiet_undecodable() -> Iterator[list[Invalid]]:
    """pyarrow decodes a bad row's text before calling the handler; on bad UTF-8 that fails inside pyarrow,
    which prints the error as 'unraisable' and stops the parse (ArrowInvalid). Keep that off the user's
    terminal: the handler is marked and the block goes to the row reader, which rejects the row by line."""
    handlers: list[Invalid] = []
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, UnicodeDecodeError) and any(unraisable.object is h for h in handlers):
            unraisable.object.undecodable = True
        else:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield handlers
    finally:
        sys.unraisablehook = previous


def parse(
    block: Block, fields: list[str], types: dict[str, pa.DataType], nulls: tuple[str, ...], handlers: list[Invalid]
) -> tuple[pa.Table, Invalid]:
    """The block's rows, typed as ``types`` says, and its invalid lines; Untypable when pyarrow fails."""
    invalid = Invalid()
    handlers.append(invalid)
    read = pcsv.ReadOptions(column_names=fields, use_threads=False, block_size=max(block.end + 1, 1 << 16))
    options = pcsv.ParseOptions(
        delimiter="\t",
        quote_char=False,
        escape_char=False,
        double_quote=False,
        newlines_in_values=False,
        ignore_empty_lines=False,
        invalid_row_handler=invalid,
    )
    convert = pcsv.ConvertOptions(
        include_columns=[c for c in types if c in fields],
        column_types={c: t for c, t in types.items() if c in fields},
        null_values=[*nulls, ""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    try:
        table = pcsv.read_csv(
            pa.py_buffer(block.view()), read_options=read, parse_options=options, convert_options=convert
        )
    except pa.ArrowInvalid as exc:
        raise Untypable(str(exc)) from exc
    finally:
        handlers.remove(invalid)
    if invalid.undecodable:
        raise Untypable("undecodable invalid row")
    return table, invalid


def line_of(row: int, skipped: list[int]) -> int:
    """The block line (1-based) of table row ``row`` (0-based), given the sorted lines pyarrow skipped."""
    line = row + 1
    for number in skipped:  # few: only lines with the wrong column count
        if number <= line:
            line += 1
        else:
            break
    return line
