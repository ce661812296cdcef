"""Read party tables (CSV, XLSX, Parquet) as rows of strings, with the line each row came from."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ictguard.errors import InputError


@dataclass(frozen=True)
class Table:
    path: Path
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line or row number in the file, values)


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


def _read_csv(path: Path) -> Table:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(65536)
        handle.seek(0)
        delimiter = "\t" if path.suffix.lower() == ".tsv" or sample.count("\t") > sample.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise InputError("empty file: a header row is needed", file=path, line=1)
        columns = [h.strip() for h in header]
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            rows.append((reader.line_num, {c: values[i] if i < len(values) else "" for i, c in enumerate(columns)}))
    return Table(path, columns, rows)


def _read_xlsx(path: Path) -> Table:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    it: Iterator[tuple[object, ...]] = sheet.iter_rows(values_only=True)
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
            raise InputError(f"no column {wanted!r} (columns: {', '.join(table.columns)})", file=table.path, line=1,
                             field=what)
        return wanted
    lowered = {c.lower(): c for c in table.columns}
    for name in candidates:
        if name in lowered:
            return lowered[name]
    return None
