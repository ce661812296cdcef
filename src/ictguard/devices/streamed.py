"""The audit's inputs read in worker processes, and the large conn logs picked out for the streamed readers.

``audit --workers N`` reads its input files N at a time: first every input that is not a conn log (in any
order: each file's observations are its own), then, once their DNS and TLS names are known, the conn logs
(Zeek TSV or JSON, nfdump CSV) through their streamed readers. Each file's result comes back whole and goes
in its place in the input order, so the report is the one a single process writes. An error is carried back
as its fields (an InputError does not survive pickling with its file, line and field).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Literal

from ictguard.devices.detect import head_parser, read_input
from ictguard.devices.flowgroups import Relevance
from ictguard.devices.parsers import nfdump, zeek_conn, zeek_conn_json
from ictguard.devices.parsers.conn_split import Kind as SplitKind
from ictguard.devices.records import Observations
from ictguard.errors import DeviceInputError, InputError

_log = logging.getLogger(__name__)
#: the streamed readers: conn logs that can also be read in byte ranges (conn_split), and nfdump JSON
Kind = SplitKind | Literal["nfdump-json"]
#: what an engine returns per conn log: its observations, or why it could not be read
Outcome = Observations | DeviceInputError
#: an engine for the conn logs: (path, kind) pairs, the named ports and the relevance -> one outcome per pair
StreamEngine = Callable[[Sequence[tuple[Path, Kind]], frozenset[int], Relevance], list[Outcome]]


def default_workers() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def expand(paths: Iterable[Path]) -> list[Path]:
    """Each input path, a directory standing for its files (at any depth, hidden ones left out), sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            out.append(path)
    return out


def streamed_kind(path: Path) -> Kind | None:
    """Which streamed reader takes ``path``: a Zeek conn.log (TSV or JSON) or an nfdump CSV or JSON file; None
    for any other input."""
    header = zeek_conn.read_header(path)
    if header is not None:
        return "zeek-tsv" if zeek_conn.is_conn(header) else None
    if zeek_conn_json.is_conn_json(path):
        return "zeek-json"
    parser = head_parser(path)
    if parser is nfdump.parse_nfdump_csv:
        return "nfdump-csv"
    if parser is nfdump.parse_nfdump_json:
        return "nfdump-json"
    return None


def read_streamed(path: Path, kind: Kind, named: frozenset[int], relevant: Relevance) -> Observations:
    """The conn log at ``path`` through its streamed reader (only relevant conversations kept whole)."""
    if kind == "zeek-tsv":
        header = zeek_conn.read_header(path)
        assert header is not None
        return zeek_conn.read_conn_log(path, header, named, relevant)
    if kind == "zeek-json":
        return zeek_conn_json.read_conn_json(path, named, relevant)
    if kind == "nfdump-json":
        return nfdump.read_nfdump_json(path, named, relevant)
    return nfdump.read_nfdump_csv(path, named, relevant)


def unexpected(path: Path, exc: Exception) -> DeviceInputError:
    """A parser bug (TypeError, RecursionError …) on one file: that file is unread, the run goes on.

    The reason names the file and the exception type, never a traceback (that goes to the debug log).
    """
    _log.debug("parser failed on %s", path, exc_info=exc)
    detail = " ".join(str(exc).split())[:200]
    reason = f"could not be parsed ({type(exc).__name__}{': ' + detail if detail else ''})"
    error = DeviceInputError(reason, file=path)
    error.__cause__ = exc
    return error


def guarded(path: Path, read: Callable[[], Any]) -> Any:
    """``read()``, or the DeviceInputError saying why the file could not be read (a parser bug included)."""
    try:
        return read()
    except DeviceInputError as exc:
        return exc
    except InputError as exc:  # e.g. InputTooLargeError: an XLSX over the documented limits
        error = DeviceInputError(exc.reason, file=exc.file or path, line=exc.line, field=exc.field)
        error.__cause__ = exc
        return error
    except Exception as exc:  # a parser bug on one file must not cost the whole audit
        return unexpected(path, exc)


def _portable(result: Any) -> Any:
    if isinstance(result, DeviceInputError):
        return ("error", result.reason, result.file, result.line, result.field)
    return result


def _restored(result: Any) -> Any:
    if isinstance(result, tuple) and result and result[0] == "error":
        return DeviceInputError(result[1], file=result[2], line=result[3], field=result[4])
    return result


def _classify(path: Path) -> Any:
    """(kind, None) for a conn log, (None, its observations or error) for any other input."""

    def read() -> Any:
        kind = streamed_kind(path)
        return (kind, None) if kind is not None else (None, read_input(path))

    found = guarded(path, read)
    return (None, _portable(found)) if isinstance(found, DeviceInputError) else (found[0], _portable(found[1]))


def _stream_one(job: tuple[Path, Kind, frozenset[int], Relevance]) -> Any:
    path, kind, named, relevant = job
    return _portable(guarded(path, lambda: read_streamed(path, kind, named, relevant)))


def _pool(workers: int, count: int) -> ProcessPoolExecutor | None:
    if workers <= 1 or count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(min(workers, count), mp_context=multiprocessing.get_context("fork"))


def classify(paths: Sequence[Path], workers: int) -> list[tuple[Kind | None, Outcome | None]]:
    """Per path: (its conn-log kind, None), or (None, the observations or error of reading it whole)."""
    pool = _pool(workers, len(paths))
    if pool is None:
        found = [_classify(p) for p in paths]
    else:
        with pool:
            found = list(pool.map(_classify, paths))
    return [(kind, _restored(result)) for kind, result in found]


def local_engine(workers: int = 1) -> StreamEngine:
    """The conn logs read by their streamed readers here, ``workers`` files at a time."""

    def run(files: Sequence[tuple[Path, Kind]], named: frozenset[int], relevant: Relevance) -> list[Outcome]:
        jobs = [(path, kind, named, relevant) for path, kind in files]
        pool = _pool(workers, len(jobs))
        if pool is None:
            return [_restored(_stream_one(job)) for job in jobs]
        with pool:
            return [_restored(found) for found in pool.map(_stream_one, jobs)]

    return run
