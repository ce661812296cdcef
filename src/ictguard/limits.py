"""The documented size limits on everything a user sends (docs/security.md lists them with their reasons).

Each input path checks its values against these and raises :class:`~ictguard.errors.InputTooLargeError`
(exit 2, HTTP 422) — or, in a batch, rejects the row — instead of letting one oversized value hold a worker:
name comparison is super-linear in the name's length, and the database columns have fixed widths.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ictguard.errors import InputError, InputTooLargeError

# A party, owner or manufacturer name, a screening query, a batch name cell. The longest name or alias on the
# official lists is 217 characters; the stored columns are 500 wide.
MAX_NAME_CHARS = 500
# An identifier sent in (a transaction id): the stored column is 200 wide.
MAX_ID_CHARS = 200
# Free text in a document (an item description, a purpose) and any other cell of a table: Excel's own cell limit.
MAX_TEXT_CHARS = 32_767
# One word's phonetic key is built from at most this many letters (the longest listed word has 24).
MAX_PHONETIC_CHARS = 64

# Request bodies (the service: api/guard.py). A body is refused (413) before it is read when its Content-Length
# says it is too large, and while it is read when it is sent without one; uploads are spooled to disk by the
# multipart parser, so memory stays bounded whatever the cap. Without valid credentials, at most
# ANONYMOUS_BODY_BYTES is read (a sign-in form): larger bodies get 401 unread.
MAX_BODY_BYTES = 1024 * 1024  # JSON bodies and web forms
MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # multipart uploads (device audit inputs, batch tables); ICTGUARD_MAX_UPLOAD_MB
ANONYMOUS_BODY_BYTES = 16 * 1024

# Spreadsheets (XLSX is a zip: a few KB can expand to millions of rows). Reading stops at the first limit.
XLSX_MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024  # sum of the members' sizes (zipfile never inflates past them)
XLSX_MAX_ROWS = 1_048_576  # rows read, all sheets together (Excel's own sheet limit); empty rows count
XLSX_MAX_CELLS = 20_000_000  # cells read, all sheets together (a row is as wide as the sheet's declared size)


def check_text(value: str, limit: int, *, field: str, file: str | Path | None = None, line: int | None = None) -> str:
    """``value`` if it is at most ``limit`` characters and has no NUL, else a typed error naming the field."""
    if len(value) > limit:
        raise InputTooLargeError(
            f"{len(value)} characters, more than the {limit} allowed", file=file, line=line, field=field
        )
    if "\x00" in value:
        raise InputError("text must not contain NUL (U+0000)", file=file, line=line, field=field)
    return value


def check_xlsx_archive(source: bytes | Path, file: str | Path) -> None:
    """Refuse an XLSX whose members would inflate beyond XLSX_MAX_UNCOMPRESSED_BYTES (before openpyxl reads it).

    A file that is not a readable zip passes: the spreadsheet reader then names what is wrong with it."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            total = sum(member.file_size for member in archive.infolist())
            if total > XLSX_MAX_UNCOMPRESSED_BYTES:
                raise InputTooLargeError(
                    f"the spreadsheet expands to {total:,} bytes, more than the "
                    f"{XLSX_MAX_UNCOMPRESSED_BYTES:,} allowed",
                    file=file,
                )
            rows = sum(_declared_rows(archive, m) for m in archive.namelist() if _SHEET.fullmatch(m))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return
    if rows > XLSX_MAX_ROWS:
        raise InputTooLargeError(
            f"the sheets hold {rows:,} rows (empty rows count), more than the {XLSX_MAX_ROWS:,} allowed", file=file
        )


_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d{1,12})"')


def _declared_rows(archive: zipfile.ZipFile, member: str) -> int:
    """How many rows a reader of this sheet yields: its row elements, or the highest row number if larger
    (openpyxl fills the gaps with empty rows). A byte scan, ~50x faster than parsing the rows."""
    count = highest = 0
    rest = b""
    with archive.open(member) as handle:
        while chunk := handle.read(1 << 20):
            data = rest + chunk
            cut = data.rfind(b"<")  # a tag cut by the chunk boundary is scanned with the next chunk
            data, rest = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            count += len(_ROW.findall(data))
            numbers = _ROW_NUMBER.findall(data)
            if numbers:
                highest = max(highest, max(map(int, numbers)))
            if max(count, highest) > XLSX_MAX_ROWS:
                break  # enough to refuse it
    return max(count + len(_ROW.findall(rest)), highest)


@dataclass
class SheetBudget:
    """Rows and cells read so far from one workbook; :meth:`rows` stops at the first limit it passes."""

    file: str | Path
    rows_read: int = 0
    cells_read: int = 0

    def rows(self, rows: Iterable[tuple[object, ...]], sheet: str) -> Iterator[tuple[object, ...]]:
        """``rows`` (a sheet's, as openpyxl yields them), raising InputTooLargeError at the first limit."""
        for number, row in enumerate(rows, start=1):
            self.rows_read += 1
            self.cells_read += len(row)
            where = f"sheet {sheet!r}"
            if self.rows_read > XLSX_MAX_ROWS:
                raise InputTooLargeError(
                    f"more than {XLSX_MAX_ROWS:,} rows (empty rows count)", file=self.file, line=number, field=where
                )
            if self.cells_read > XLSX_MAX_CELLS:
                raise InputTooLargeError(
                    f"more than {XLSX_MAX_CELLS:,} cells", file=self.file, line=number, field=where
                )
            for value in row:
                if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
                    raise InputTooLargeError(
                        f"a cell of {len(value):,} characters, more than the "
                        f"{MAX_TEXT_CHARS:,} a spreadsheet cell can hold",
                        file=self.file,
                        line=number,
                        field=where,
                    )
            yield row
