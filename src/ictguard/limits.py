"""The documented size limits on everything a user sends (docs/security.md lists them with their reasons).

Each input path checks its values against these and raises :class:`~ictguard.errors.InputTooLargeError`
(exit 2, HTTP 422) — or, in a batch, rejects the row — instead of letting one oversized value hold a worker:
name comparison is super-linear in the name's length, and the database columns have fixed widths.
"""

from __future__ import annotations

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

# Spreadsheets (XLSX is a zip: a few KB can expand to millions of rows). Reading stops at the first limit.
XLSX_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024  # sum of the members' declared sizes
XLSX_MAX_ROWS = 1_000_000  # Excel's own sheet limit is 1,048,576
XLSX_MAX_CELLS = 20_000_000  # rows x columns actually read


def check_text(value: str, limit: int, *, field: str, file: str | Path | None = None,
               line: int | None = None) -> str:  # fmt: skip
    """``value`` if it is at most ``limit`` characters and has no NUL, else a typed error naming the field."""
    if len(value) > limit:
        raise InputTooLargeError(f"{len(value)} characters, more than the {limit} allowed", file=file, line=line,
                                 field=field)  # fmt: skip
    if "\x00" in value:
        raise InputError("text must not contain NUL (U+0000)", file=file, line=line, field=field)
    return value
