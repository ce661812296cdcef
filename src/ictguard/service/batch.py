"""Batch screening, once for every adapter: one typed row, one decision vocabulary, N worker processes.

``ictguard screen-file``, the API's batch jobs and the web's batch page all read their table with
``screening.tabular`` and screen it here, so every one writes the same columns (``OUT_COLUMNS`` after the
input's) with the same decisions: ``match`` (best hit at or above the threshold), ``no_match`` (none),
``error`` (the row could not be screened; ``status`` says why).

Workers are forked after the screener is built, so they share its index copy-on-write; rows go out in chunks
and come back in input order (``Pool.imap``), so the output of N workers is the output of one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ictguard.limits import MAX_NAME_CHARS
from ictguard.screening.screener import Hit, Screener
from ictguard.screening.tabular import Table, country_code
from ictguard.service.gc_policy import FreezeEvery, freeze_inherited

Decision = Literal["match", "no_match", "error"]
OUT_COLUMNS = ("best_hit_id", "best_hit_name", "best_hit_source", "matched_name", "score", "decision", "status")
NAME_COLUMNS = ("name", "party", "party_name", "vendor_name", "company", "entity")
COUNTRY_COLUMNS = ("country", "country_code", "cc")
CLASH_PREFIX = "input_"
CHUNK = 200  # rows per task sent to a worker: large enough that the pickling is noise, small for even shares


def operating_threshold(value: float | None = None) -> float:
    """``value``, else the configured threshold (``ICTGUARD_SCREENING_THRESHOLD``), else the tuned one."""
    from ictguard.screening.features import DEFAULT_THRESHOLD
    from ictguard.settings import get_settings

    chosen = value if value is not None else get_settings().screening_threshold
    return DEFAULT_THRESHOLD if chosen is None else chosen


def default_workers() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class BatchOptions:
    name_column: str
    country_column: str | None
    as_of: date
    threshold: float
    hits: int = 0  # hit documents kept per matching row (the web's review table); 0 = the best hit's fields only

    def facts(self, list_version: str, source: str) -> dict[str, Any]:
        """What a job's audit entry records about the run (its summary document cites them)."""
        return {
            "list_version": list_version,
            "threshold": self.threshold,
            "as_of": self.as_of.isoformat(),
            "name_column": self.name_column,
            "country_column": self.country_column,
            "file": source,
        }


@dataclass(frozen=True)
class BatchRow:
    """One screened input row: its position, its input values and what screening found."""

    index: int  # position among the table's rows
    line: int  # line (or row number) in the input file
    values: Mapping[str, str]
    decision: Decision
    status: str  # "ok" or "error: field 'F': reason"
    best_hit_id: str = ""
    best_hit_name: str = ""
    best_hit_source: str = ""
    matched_name: str = ""
    score: float | None = None  # None: not screened (error)
    hits: tuple[dict[str, Any], ...] = field(default=())  # hit documents at or above the threshold

    @property
    def problem(self) -> tuple[str, str] | None:
        """(field, reason) of a row that could not be screened."""
        if self.decision != "error":
            return None
        field_, _, reason = self.status.removeprefix("error: field ").partition(": ")
        return field_.strip("'"), reason

    def cells(self) -> dict[str, str]:
        """The ``OUT_COLUMNS`` as written to CSV (the contract's screen-file output)."""
        if self.score is None:
            return {**dict.fromkeys(OUT_COLUMNS, ""), "decision": self.decision, "status": self.status}
        return {
            "best_hit_id": self.best_hit_id,
            "best_hit_name": self.best_hit_name,
            "best_hit_source": self.best_hit_source,
            "matched_name": self.matched_name,
            "score": f"{self.score:.4f}" if self.best_hit_id else "0",
            "decision": self.decision,
            "status": self.status,
        }


def output_names(columns: list[str], added: tuple[str, ...] = OUT_COLUMNS) -> dict[str, str]:
    """The output name of each input column: its own, or ``input_<name>`` when ictguard adds a column of that
    name (an input ``score`` or ``decision`` is kept, as ``input_score``, never overwritten)."""
    taken = set(added)
    names: dict[str, str] = {}
    for column in columns:
        name = column
        while name in taken:
            name = CLASH_PREFIX + name
        taken.add(name)
        names[column] = name
    return names


def output_row(row: BatchRow, renamed: Mapping[str, str]) -> dict[str, str]:
    """The input columns (renamed on a clash) followed by the ``OUT_COLUMNS``."""
    return {**{renamed[c]: v for c, v in row.values.items()}, **row.cells()}


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "empty name"
    if len(name) > MAX_NAME_CHARS:
        return f"name too long ({len(name)} characters, at most {MAX_NAME_CHARS})"
    if "\x00" in name:
        return "name contains NUL (U+0000)"
    if not any(c.isalnum() for c in name):
        return "name has no letters or digits"
    return None


def _row_problem(
    read: tuple[str, str] | None, options: BatchOptions, row: Mapping[str, str]
) -> tuple[str | None, tuple[str, str] | None]:
    """(the row's country code, None) for a row that can be screened, else (None, (field, reason))."""
    if read is not None:
        return None, read
    reason = name_problem(row.get(options.name_column, ""))
    if reason:
        return None, (options.name_column, reason)
    country = row.get(options.country_column, "") if options.country_column else ""
    if options.country_column is None or not country.strip():
        return None, None
    try:
        return country_code(country), None
    except ValueError as exc:
        return None, (options.country_column, str(exc))


def screen_row(
    screener: Screener,
    options: BatchOptions,
    index: int,
    line: int,
    values: Mapping[str, str],
    read_problem: tuple[str, str] | None = None,
) -> BatchRow:
    country, problem = _row_problem(read_problem, options, values)
    if problem is not None:
        field_, reason = problem
        return BatchRow(index, line, values, "error", f"error: field {field_!r}: {reason}")
    # Threshold 0: the best candidate is reported even below the threshold; the decision applies the threshold.
    found: list[Hit] = screener.screen(
        values[options.name_column], country=country, as_of=options.as_of, threshold=0.0, limit=max(1, options.hits)
    )
    if not found:
        return BatchRow(index, line, values, "no_match", "ok", score=0.0)
    best = found[0]
    kept = tuple(hit.to_dict() for hit in found if hit.score >= options.threshold) if options.hits else ()
    return BatchRow(
        index,
        line,
        values,
        "match" if best.score >= options.threshold else "no_match",
        "ok",
        best.entity.id,
        best.entity.name,
        best.entity.source,
        best.matched_name,
        best.score,
        kept,
    )


# What a forked worker screens with: set in the parent just before the fork, inherited, never pickled.
_WORK: tuple[Screener, BatchOptions, Mapping[int, tuple[str, str]]] | None = None
_UPKEEP: FreezeEvery | None = None


def _worker_start() -> None:
    global _UPKEEP
    freeze_inherited()
    _UPKEEP = FreezeEvery()


def _screen_chunk(chunk: list[tuple[int, int, dict[str, str]]]) -> list[BatchRow]:
    assert _WORK is not None
    screener, options, problems = _WORK
    out = []
    for index, line, values in chunk:
        out.append(screen_row(screener, options, index, line, values, problems.get(line)))
        if _UPKEEP is not None:
            _UPKEEP.tick()
    return out


def _chunks(rows: Iterable[tuple[int, int, dict[str, str]]]) -> Iterator[list[tuple[int, int, dict[str, str]]]]:
    chunk: list[tuple[int, int, dict[str, str]]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen_table(
    screener: Screener,
    table: Table,
    options: BatchOptions,
    *,
    workers: int | None = None,
    skip: Mapping[int, object] | frozenset[int] = frozenset(),
    upkeep: Callable[[], None] | None = None,
) -> Iterator[BatchRow]:
    """Every row of ``table`` not in ``skip`` (by index), screened, in input order.

    ``workers`` (default: all cores) > 1 forks that many processes after the screener is built; a table of
    one chunk or less is screened here. ``upkeep`` runs after each row screened in this process (the caller's
    GC policy); workers keep their own.
    """
    global _WORK
    pending = [(index, line, row) for index, (line, row) in enumerate(table.rows) if index not in skip]
    count = default_workers() if workers is None else workers
    if count <= 1 or len(pending) <= CHUNK or "fork" not in multiprocessing.get_all_start_methods():
        for index, line, values in pending:
            yield screen_row(screener, options, index, line, values, table.problems.get(line))
            if upkeep is not None:
                upkeep()
        return
    # One screen here first: what the screener builds lazily on its first call (per-name tables after a load
    # from the pickled cache) is then built once and shared by every worker instead of built in each.
    first = pending[0]
    yield screen_row(screener, options, first[0], first[1], first[2], table.problems.get(first[1]))
    pending = pending[1:]
    _WORK = (screener, options, table.problems)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(count, -(-len(pending) // CHUNK)), initializer=_worker_start) as pool:
            for rows in pool.imap(_screen_chunk, _chunks(pending)):
                yield from rows
    finally:
        _WORK = None
