"""Read party tables (CSV, XLSX, Parquet) as rows of strings, with the line each row came from."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ictguard.errors import InputError
from ictguard.limits import SheetBudget, check_xlsx_archive


@dataclass(frozen=True)
class Table:
    path: Path
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line or row number in the file, values)
    # Rows that were read but cannot be trusted, by line: (field, reason). Such a row is kept (so the output
    # has every input row) and reported, never silently dropped or merged into its neighbour.
    problems: dict[int, tuple[str, str]] = field(default_factory=dict)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(path: Path) -> Table:
    """Read a whole table. Raises InputError (file, line) when the file cannot be read as its kind."""
    if not path.is_file():
        raise InputError("no such file", file=path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            return _read_csv(path)
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
        if suffix == ".parquet":
            return _read_parquet(path)
    except InputError:
        raise
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read as {suffix[1:]}: {exc}", file=path) from None
    except Exception as exc:  # openpyxl / pyarrow raise many types for a damaged file
        raise InputError(f"cannot read as {suffix[1:]}: {type(exc).__name__}: {exc}", file=path) from None
    raise InputError(f"unsupported file type {suffix!r} (use .csv, .xlsx or .parquet)", file=path)


def _encoding(path: Path) -> str:
    """UTF-16 when the file starts with its byte-order mark (Excel's "Unicode text"), else UTF-8 (BOM optional)."""
    with path.open("rb") as handle:
        start = handle.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


class LineBuffer:
    """Physical lines pulled on demand and numbered from 1, fed to csv.reader one at a time. ``pos`` (the number
    of the next line handed out) can be moved back to a record's first line; lines before the record being read
    are dropped (``forget_before``), so a reader over a stream keeps only the record at hand."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._source, self._kept, self._base, self.pos = lines, list[str](), 1, 1

    def __iter__(self) -> LineBuffer:
        return self

    def __next__(self) -> str:
        at = self.pos - self._base
        while at >= len(self._kept):
            self._kept.append(next(self._source))  # StopIteration: the end of the lines
        self.pos += 1
        return self._kept[at]

    def span(self, first: int, stop: int) -> list[str]:
        """Lines ``first`` .. ``stop - 1``, all read already."""
        return self._kept[first - self._base : stop - self._base]

    def forget_before(self, number: int) -> None:
        if number > self._base:
            del self._kept[: number - self._base]
            self._base = number


@dataclass(frozen=True)
class CsvRecord:
    line: int  # the line the record starts on
    values: list[str]
    problem: str | None  # why it was read from its first line alone (a broken quote), else None


def csv_records(source: LineBuffer, delimiter: str, width: int) -> Iterator[CsvRecord]:
    """The records from ``source.pos`` on. A broken quote (``_swallowed``, or an error of the csv module) is
    reported on the line it starts on, that line is read alone, and reading goes on from the next line: the rows
    it would have swallowed are records of their own."""
    reader = csv.reader(source, delimiter=delimiter)
    while True:
        start = source.pos
        source.forget_before(start)
        problem: str | None
        try:
            values = next(reader)
            problem = _swallowed(values, width, source.span(start, source.pos), delimiter)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = str(exc)
        if problem is not None:
            source.pos = start + 1
            values = _one_line(source.span(start, start + 1)[0], delimiter)
            reader = csv.reader(source, delimiter=delimiter)
        yield CsvRecord(start, values, problem)


def csv_row(record: CsvRecord, columns: list[str]) -> tuple[dict[str, str], tuple[str, str] | None] | None:
    """A record as a row of ``columns`` and its problem (field, reason), if any; None for a blank record."""
    values = record.values
    problem: tuple[str, str] | None = None
    if record.problem is not None:
        problem = (columns[min(len(values), len(columns)) - 1] if values else columns[0], record.problem)
    elif not any(v.strip() for v in values):
        return None
    row = {c: values[i] if i < len(values) else "" for i, c in enumerate(columns)}
    extra = [v for v in values[len(columns) :] if v.strip()]
    if extra and problem is None:
        # More cells than the header names: the output has no column for them, so the row is reported
        # rather than the cells silently lost (an unquoted comma in a name is the usual cause).
        problem = (
            columns[-1],
            f"{len(values)} cells where the header has {len(columns)}: {', '.join(extra)[:80]!r} has no column",
        )
    for column, value in row.items():
        if _SURROGATE.search(value):
            problem = problem or (column, _undecodable(value))
            row[column] = _clean(value)
    return row, problem


def csv_delimiter(path: Path, sample: str) -> str:
    """Tab for a .tsv file or a sample with more tabs than commas, else comma."""
    return "\t" if path.suffix.lower() == ".tsv" or sample.count("\t") > sample.count(",") else ","


def csv_header(source: LineBuffer, delimiter: str, path: Path) -> list[str]:
    """The header record's column names (read from ``source``); InputError when there is none."""
    header = next(csv.reader(source, delimiter=delimiter), None)
    if not header:
        raise InputError("empty file: a header row is needed", file=path, line=1)
    return [_clean(h).strip() for h in header]


def _read_csv(path: Path) -> Table:
    encoding = _encoding(path)
    # surrogateescape: a byte that is not UTF-8 becomes a lone surrogate, so one bad row does not make the whole
    # file unreadable; that row is reported (_undecodable). UTF-16 has no such bytes to keep: it decodes strictly.
    errors = "surrogateescape" if encoding == "utf-8-sig" else "strict"
    with path.open(encoding=encoding, errors=errors, newline="") as handle:
        lines = list(handle)
    delimiter = csv_delimiter(path, "".join(lines[:200]))
    source = LineBuffer(iter(lines))
    columns = csv_header(source, delimiter, path)
    rows: list[tuple[int, dict[str, str]]] = []
    problems: dict[int, tuple[str, str]] = {}
    for record in csv_records(source, delimiter, len(columns)):
        made = csv_row(record, columns)
        if made is None:
            continue
        row, problem = made
        if problem is not None:
            problems[record.line] = problem
        rows.append((record.line, row))
    return Table(path, columns, rows, problems)


def _one_line(line: str, delimiter: str) -> list[str]:
    """The fields of one physical line read alone (a broken quote's line is kept as its own row)."""
    text = line.rstrip("\r\n")
    try:
        return next(csv.reader([text], delimiter=delimiter, strict=False), [])
    except csv.Error:
        return [text]


# A lone surrogate from surrogateescape: a byte that was not UTF-8.
_SURROGATE = re.compile("[\udc80-\udcff]")


def _clean(text: str) -> str:
    """The text with every undecodable byte as U+FFFD (so the output can be written as UTF-8)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if _SURROGATE.search(text) else text


def _undecodable(value: str) -> str:
    match = _SURROGATE.search(value)
    assert match is not None
    byte = ord(match.group()) - 0xDC00
    return f"not valid UTF-8 (byte 0x{byte:02x} at character {match.start() + 1}; save the file as UTF-8)"


def _swallowed(values: list[str], width: int, raw: list[str], delimiter: str) -> str | None:
    """Why a record that spans several lines is a broken quote rather than a field with a line break, or None.

    A quote never closed runs to the end of the file (on the last line too, where it would take the rest of
    the line into one cell); one closed by a quote rows later leaves the record with the wrong number of fields
    or a quote inside a field. A multi-line field in a record of the right width is kept as written.
    """
    if len(raw) < 2 and not (raw and '"' in raw[0]):
        return None
    try:
        list(csv.reader(raw, delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            more = f", over {len(raw) - 1} more line(s)" if len(raw) > 1 else ""
            return f"unterminated quote (it runs to the end of the file{more})"
        if len(raw) > 1:  # a quote closed mid-field lines later: the lines between swallowed, whatever the width
            return f"a quote spanning {len(raw)} lines is not closed where a field ends ({exc})"
    if len(raw) < 2:
        return None  # one line: its cells are read as the line has them (a stray quote inside a field is data)
    if len(values) != width:
        return f"a quote spanning {len(raw)} lines leaves {len(values)} field(s) where the header has {width}"
    return None


def _read_xlsx(path: Path) -> Table:
    import openpyxl

    check_xlsx_archive(path, path)
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    it: Iterator[tuple[object, ...]] = SheetBudget(path).rows(sheet.iter_rows(values_only=True), sheet.title)
    header = next(it, None)
    if not header:
        raise InputError("empty sheet: a header row is needed", file=path, line=1)
    columns = [_cell(h).strip() for h in header]
    rows = []
    for number, values in enumerate(it, start=2):
        if not any(_cell(v).strip() for v in values):
            continue
        rows.append((number, {c: _cell(values[i]) if i < len(values) else "" for i, c in enumerate(columns)}))
    book.close()
    return Table(path, columns, rows)


def _read_parquet(path: Path) -> Table:
    import pyarrow.parquet as pq

    data = pq.read_table(path).to_pylist()
    columns = list(pq.read_schema(path).names)
    rows = [(number, {c: _cell(row.get(c)) for c in columns}) for number, row in enumerate(data, start=1)]
    return Table(path, columns, rows)


def pick_column(table: Table, wanted: str | None, candidates: tuple[str, ...], what: str) -> str | None:
    """The column to use: ``wanted`` if given (must exist), else the first header among ``candidates``."""
    if wanted:
        if wanted not in table.columns:
            raise InputError(
                f"no column {wanted!r} (columns: {', '.join(table.columns)})", file=table.path, line=1, field=what
            )
        return wanted
    lowered = {c.lower(): c for c in table.columns}
    for name in candidates:
        if name in lowered:
            return lowered[name]
    return None


def country_code(text: str) -> str:
    """An ISO 3166-1 alpha-2 code (any case) as the lists write it (``cn`` -> ``CN``); ValueError otherwise.

    The screener compares the code with each entry's countries: an unknown code would count as a mismatch
    against every entry and quietly lower every score, so it is refused instead.
    """
    from rigour.territories import get_territory

    code = text.strip()
    # ZZ is rigour's "unknown"; a code is two ASCII letters (rigour also answers alpha-3 and names: not here).
    territory = get_territory(code.lower()) if len(code) == 2 and code.isascii() and code.isalpha() else None
    if territory is None or territory.code == "zz":
        raise ValueError(f"not an ISO 3166-1 alpha-2 country code: {text!r}")
    return code.upper()
