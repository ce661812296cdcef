"""A table file screened to a CSV, resumable: the journal next to OUT keeps every finished row (in input order,
whatever the number of workers), so a re-run after a crash or Ctrl-C screens only the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ictguard.reports.csv_safe import write_safe_csv
from ictguard.screening.journal import Journal, file_digest
from ictguard.screening.screener import Screener
from ictguard.screening.tabular import Table
from ictguard.service.batch import OUT_COLUMNS, BatchOptions, BatchRow, output_names, output_row, screen_table
from ictguard.service.gc_policy import FreezeEvery

FLUSH_EVERY = 200  # rows between two fsyncs of the journal


@dataclass(frozen=True)
class FileRun:
    rows: int
    errors: list[BatchRow]  # rows that could not be screened (this run's)


def screen_file(
    screener: Screener,
    list_version: str,
    table: Table,
    options: BatchOptions,
    out: Path,
    *,
    workers: int | None = None,
    each: Callable[[BatchRow], None] = lambda row: None,
) -> FileRun:
    """Screen ``table`` into ``out`` (input columns, then ``OUT_COLUMNS``); bad rows are marked, not fatal.

    ``each`` sees every row as it is journalled (the CLI's warnings and progress bar).
    """
    renamed = output_names(table.columns, OUT_COLUMNS)
    settings = {
        "as_of": options.as_of.isoformat(),
        "threshold": options.threshold,
        "name": options.name_column,
        "country": options.country_column,
        "list_version": list_version,
    }
    journal = Journal(out, file_digest(table.path), settings)
    errors: list[BatchRow] = []
    upkeep = FreezeEvery(first=True)
    try:
        for row in screen_table(screener, table, options, workers=workers, skip=journal.done, upkeep=upkeep.tick):
            if row.decision == "error":
                errors.append(row)
            journal.add(row.index, output_row(row, renamed))
            if row.index % FLUSH_EVERY == 0:
                journal.flush()
            each(row)
        journal.finish(out, [*renamed.values(), *OUT_COLUMNS], len(table.rows), write=write_safe_csv)
    finally:
        journal.close()
    return FileRun(len(table.rows), errors)
