"""CSV export that spreadsheets cannot turn into formulas (OWASP "CSV injection").

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is run as a formula by
Excel / LibreOffice / Sheets; a leading apostrophe makes it plain text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import IO

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> str:
    """The text to write for one cell: ``None`` is empty, formula-looking text gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_safe_csv(out: IO[str], fieldnames: Sequence[str], rows: Iterable[Mapping[str, object]]) -> int:
    """Write a header and ``rows`` (missing keys are empty cells); returns the number of data rows."""
    writer = csv.writer(out)
    writer.writerow([neutralise_cell(name) for name in fieldnames])
    count = 0
    for row in rows:
        writer.writerow([neutralise_cell(row.get(name)) for name in fieldnames])
        count += 1
    return count
