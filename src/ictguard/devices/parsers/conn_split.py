"""Conn logs (Zeek TSV, Zeek JSON, nfdump CSV) read one byte range at a time, for engines that split a file
across processes or cluster executors (spark.flows).

A range owns every line that starts inside it (as Hadoop's line reader does), so ranges cut anywhere cover
each line exactly once. Each range goes through the streamed reader of its format (zeek_conn, zeek_conn_json,
nfdump.CsvRows) with line numbers counted from the range's first line; ``combine`` adds the parts of one file
up in file order: line numbers made absolute, the first rejected rows kept as the whole-file reader keeps them,
the file-level checks (no row fits the header, no JSON object at all) applied to the whole file. A range that
only the whole-file reader can read as that reader would (a second ``#fields`` header, a non-conn row in a JSON
conn.log, rows after nfdump's Summary trailer) marks its part ``whole_file``: the engine reads that file whole.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Literal

from ictguard.devices.flowgroups import Reducer, Relevance, merge_groups, merge_hosts
from ictguard.devices.parsers import nfdump, zeek_blocks, zeek_conn, zeek_conn_json
from ictguard.devices.parsers._common import MAX_REJECTED
from ictguard.devices.parsers.zeek import check_conn_fields
from ictguard.devices.parsers.zeek_blocks import Untypable
from ictguard.devices.records import FlowGroup, LocalHost, Observations, Rejected
from ictguard.errors import DeviceInputError

Kind = Literal["zeek-tsv", "zeek-json", "nfdump-csv"]
#: bytes per range: large enough that a task's start-up is noise, small enough to spread a file over executors
RANGE_BYTES = 64 << 20


@dataclass(frozen=True)
class ConnFile:
    """A conn log to read in ranges: where its data lines start (byte offset and line number)."""

    path: Path
    kind: Kind
    start: int
    first_line: int
    size: int
    header: zeek_conn.Header | None = None  # Zeek TSV: the '#' lines
    csv_header: str = ""  # nfdump: the header line

    def ranges(self, size: int = RANGE_BYTES) -> list[tuple[int, int]]:
        cuts = list(range(self.start, self.size, max(size, 1))) or [self.start]
        return [(begin, min(begin + size, self.size)) for begin in cuts]


def conn_file(path: Path, kind: Kind) -> ConnFile:
    """The ConnFile of ``path`` (whose kind audit's streamed-reader check found); DeviceInputError when its
    header is not one the reader takes (the whole-file reader's error)."""
    size = path.stat().st_size
    if kind == "zeek-tsv":
        header = zeek_conn.read_header(path)
        assert header is not None
        check_conn_fields(header.fields, str(path), header.fields_line)
        return ConnFile(path, kind, header.offset, header.skip + 1, size, header=header)
    if kind == "nfdump-csv":
        with path.open("rb") as handle:
            first = handle.readline()
        text = first.decode("utf-8", errors="replace")
        list(nfdump.CsvRows(str(path), Observations()).flows([text]))  # raises when a required column is missing
        return ConnFile(path, kind, len(first), 2, size, csv_header=text)
    return ConnFile(path, kind, 0, 1, size)


@dataclass
class Part:
    """What one range gave. Line numbers in ``observations.rejected`` and ``first_bad`` count from 1 at the
    range's first line; ``rejects`` counts them all (observations.rejected keeps at most MAX_REJECTED)."""

    begin: int
    lines: int = 0
    observations: Observations = field(default_factory=Observations)
    rejects: int = 0
    good: bool = False
    first_bad: tuple[int, str | None, str] | None = None
    kinds: set[str] = field(default_factory=set)
    whole_file: bool = False
    summary: bool = False  # nfdump: the Summary trailer is in this range (nothing after it is read)
    cut: int | None = None  # nfdump: line of a last line without a line end (the file was cut off there)

    @property
    def flows(self) -> int:
        return self.observations.flow_count + len(self.observations.local_hosts)


def _align(path: Path, begin: int, end: int, file: ConnFile) -> tuple[int, int]:
    """The bytes of the lines that start in [begin, end): from the first line start at or after ``begin`` to the
    first line start at or after ``end``."""
    with path.open("rb") as handle:
        return _line_start(handle, begin, file), _line_start(handle, end, file)


def _line_start(handle: io.BufferedReader, at: int, file: ConnFile) -> int:
    if at <= file.start or at >= file.size:
        return min(max(at, file.start), file.size)
    handle.seek(at - 1)
    if handle.read(1) == b"\n":
        return at
    handle.readline()
    return min(handle.tell(), file.size)


def read_part(file: ConnFile, begin: int, end: int, named: frozenset[int], relevant: Relevance) -> Part:
    """Read the lines that start in [begin, end) of ``file``."""
    first, last = _align(file.path, begin, end, file)
    part = Part(first)
    if first >= last:
        return part
    if file.kind == "zeek-tsv":
        _tsv(file, first, last, named, relevant, part)
    elif file.kind == "zeek-json":
        _json(file, first, last, named, relevant, part)
    else:
        _nfdump(file, first, last, named, relevant, part)
    return part


def _tsv(file: ConnFile, first: int, last: int, named: frozenset[int], relevant: Relevance, part: Part) -> None:
    assert file.header is not None
    reader = zeek_conn.ConnTsvReader(file.path, file.header, named, relevant)
    reader.line = 1
    with zeek_blocks.quiet_undecodable() as handlers:
        for block in zeek_blocks.blocks(file.path, first, end=last):
            if zeek_blocks.has_fields_line(block):
                part.whole_file = True
                return
            try:
                reader.line += reader.columnar(block, handlers)
            except Untypable:
                reader.line += reader.by_rows(block)
    reader.aggregator.result(reader.out)
    part.observations, part.lines, part.rejects = reader.out, reader.line - 1, reader.rejects.count
    part.good = reader.good
    part.first_bad = (reader.first_bad[0], "#fields", reader.first_bad[1]) if reader.first_bad else None


def _json(file: ConnFile, first: int, last: int, named: frozenset[int], relevant: Relevance, part: Part) -> None:
    reader = zeek_conn_json.ConnJsonReader(file.path, named, relevant)
    line = 1
    for block in zeek_blocks.blocks(file.path, first, end=last):
        line += reader.block(block.data(), line)
    part.kinds = set(reader.kinds)
    if part.kinds - {"conn"}:
        part.whole_file = True
        return
    reader.aggregator.result(reader.out)
    part.observations, part.lines, part.rejects = reader.out, line - 1, reader.rejects.count
    part.good, part.first_bad = reader.json.good > 0, reader.json.first_bad


def _raw_lines(path: Path, first: int, last: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(first)
        left = last - first
        while left > 0:
            raw = handle.readline(left)
            if not raw:
                return
            left -= len(raw)
            yield raw


def _nfdump(file: ConnFile, first: int, last: int, named: frozenset[int], relevant: Relevance, part: Part) -> None:
    out = Observations()
    rows, reducer = nfdump.CsvRows(str(file.path), out), Reducer(named, relevant)
    lines: list[str] = []
    count = 0
    for raw in _raw_lines(file.path, first, last):
        count += 1
        if last == file.size and not raw.endswith((b"\n", b"\r")):  # nfdump ends every line: cut off here
            part.cut = count if raw.strip() else None
            break
        lines.append(raw.decode("utf-8", errors="replace"))
    # The header line first, as the whole-file reader sees it: its rows then count from line 2, here from 1.
    reducer.add(rows.flows(chain([file.csv_header], lines)))
    reducer.result(out)
    out.rejected[:] = [Rejected(r.file, r.line - 1 if r.line else r.line, r.field, r.reason) for r in out.rejected]
    part.observations, part.lines, part.rejects = out, count, len(out.rejected)
    part.summary, part.good = rows.summary, True


def combine(
    file: ConnFile, parts: list[Part], groups: list[FlowGroup] | None = None, hosts: list[LocalHost] | None = None
) -> Observations | None:
    """One file's observations from its parts (any order), as its whole-file streamed reader gives them; None
    when a part needs the whole-file reader. ``groups``/``hosts``, when given, are the parts' flow groups and
    local hosts already added up (by the engine), else the parts' own are merged here."""
    parts = sorted(parts, key=lambda p: p.begin)
    if any(p.whole_file for p in parts):
        return None
    if file.kind == "nfdump-csv":
        at = next((i for i, p in enumerate(parts) if p.summary), None)
        if at is not None:
            if any(p.flows for p in parts[at + 1 :]):
                return None
            parts = parts[: at + 1]
    name = str(file.path)
    out = Observations()
    line, count, cut = file.first_line, 0, None
    first_bad: tuple[int, str | None, str] | None = None
    for part in parts:
        for r in part.observations.rejected:
            count += 1
            if file.kind == "nfdump-csv" or count <= MAX_REJECTED:
                out.rejected.append(Rejected(name, None if r.line is None else r.line + line - 1, r.field, r.reason))
        count += part.rejects - len(part.observations.rejected)
        if part.first_bad and first_bad is None:
            first_bad = (part.first_bad[0] + line - 1, *part.first_bad[1:])
        if part.cut is not None:
            cut = part.cut + line - 1
        line += part.lines
    if file.kind != "nfdump-csv" and count > MAX_REJECTED:
        out.rejected.append(Rejected(name, None, None, f"{count - MAX_REJECTED} more rejected rows not listed"))
    if first_bad is not None and not any(p.good for p in parts):
        number, field_name, reason = first_bad
        if file.kind == "zeek-tsv":
            raise DeviceInputError(
                f"no row matches the #fields header ({reason})", file=name, line=number, field="#fields"
            )
        raise DeviceInputError(reason, file=name, line=number, field=field_name)
    if file.kind == "nfdump-csv" and cut is not None and not any(p.summary for p in parts):
        out.rejected.append(
            Rejected(
                name,
                cut,
                None,
                "last line has no line end: the file was cut off there (truncated?), so the row is not used",
            )
        )
    if groups is None:
        groups = [g for p in parts for g in p.observations.flow_groups]
    if hosts is None:
        hosts = [h for p in parts for h in p.observations.local_hosts]
    out.flow_groups, out.local_hosts = merge_groups(groups), merge_hosts(hosts)
    out.other_flows = sum(p.observations.other_flows for p in parts)
    kinds = set().union(*(p.kinds for p in parts)) if parts else set()
    kind = {"zeek-tsv": "zeek-conn", "nfdump-csv": "nfdump-csv"}.get(file.kind) or (
        "zeek-" + "+".join(sorted(kinds)) if kinds else "zeek"
    )
    out.inputs.append((name, kind))
    return out
