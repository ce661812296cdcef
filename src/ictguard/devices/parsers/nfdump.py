"""nfdump output: ``-o csv`` (with its Summary trailer) and ``-o json`` FLOW records (device_audit.md §3.4)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from ictguard.devices.flowgroups import Reducer, Relevance
from ictguard.devices.parsers import json_stream
from ictguard.devices.parsers._common import MAX_PORT, BadValue, count_of, json_type, scalar, time_problem, valid_ip
from ictguard.devices.parsers.bom import json_array_items
from ictguard.devices.records import Flow, Observations, Rejected
from ictguard.errors import DeviceInputError

_PROTO = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmp6"}
REQUIRED = ("ts", "te", "sa", "da", "sp", "dp", "pr", "ibyt")


def _epoch(text: str) -> float:
    stamp = datetime.fromisoformat(text.strip().replace(" ", "T"))
    seconds = stamp.replace(tzinfo=stamp.tzinfo or UTC).timestamp()
    problem = time_problem(seconds, "ts")  # "0001-01-01T00:00:00+14:00" parses, but the report cannot print it
    if problem is not None:
        raise ValueError(problem)
    return seconds


class CsvRows:
    """The flows of nfdump CSV lines, rejected rows naming line and field; ``summary`` once the trailer is seen
    (nothing after it is read). Shared by the whole-file parser and the streamed one (read_nfdump_csv)."""

    def __init__(self, file: str, out: Observations) -> None:
        self.file, self.out = file, out
        self.summary = False

    def flows(self, lines: Iterable[str]) -> Iterator[Flow]:
        reader = csv.reader(lines)
        try:
            yield from self._flows(reader)
        except csv.Error as exc:  # a stray CR or quote the csv module cannot read past: the file is malformed
            raise DeviceInputError(f"malformed CSV: {exc}", file=self.file, line=max(reader.line_num, 1)) from None

    def _flows(self, reader: Any) -> Iterator[Flow]:
        file, out = self.file, self.out
        header = next(reader, None)
        if header is None or not set(REQUIRED) <= set(header):
            missing = sorted(set(REQUIRED) - set(header or []))
            raise DeviceInputError(f"not nfdump CSV: missing {', '.join(missing)}", file=file, line=1, field="header")
        index = {name: i for i, name in enumerate(header)}
        for row in reader:
            if not row or not any(row):
                continue
            if row[0] == "Summary":  # trailer: "Summary", its header and one totals line
                self.summary = True
                return
            line = reader.line_num
            if len(row) != len(header):  # a cut-off last line would otherwise give a flow with a cut-off number
                field = header[len(row)] if len(row) < len(header) else None
                out.rejected.append(
                    Rejected(
                        file,
                        line,
                        field,
                        f"row has {len(row)} fields, the header {len(header)}"
                        + (" (truncated?)" if len(row) < len(header) else ""),
                    )
                )
                continue
            field = "sa"
            try:
                src, dst = valid_ip(row[index["sa"]]), valid_ip(row[index["da"]])
                if src is None or dst is None:
                    field = "sa" if src is None else "da"
                    raise ValueError(f"not an IP address: {row[index[field]]!r}")
                values: dict[str, Any] = {}
                for field, name in (("sp", "sport"), ("dp", "dport"), ("ibyt", "bytes_out"), ("obyt", "bytes_in")):
                    values[name] = int(row[index[field]]) if field in index else 0
                field = "ts"
                first = _epoch(row[index["ts"]])
                field = "te"
                last = _epoch(row[index["te"]])
            except ValueError as exc:
                out.rejected.append(Rejected(file, line, field, f"unusable flow row: {exc}"))
                continue
            yield Flow(src=src, dst=dst, proto=row[index["pr"]].strip().lower(), first=first, last=last, **values)

    def cut_off(self, line: int) -> None:
        """The file's last line (``line``) has no line end: nfdump ends every line, so it was cut off there."""
        if not self.summary:
            self.out.rejected.append(
                Rejected(
                    self.file,
                    line,
                    None,
                    "last line has no line end: the file was cut off there (truncated?), so the row is not used",
                )
            )


def parse_nfdump_csv(data: bytes, file: str) -> Observations:
    out = Observations(inputs=[(file, "nfdump-csv")])
    cut = b""
    if not data.endswith((b"\n", b"\r")) and b"\n" in data:  # nfdump ends every line: the last one was cut off
        data, _, cut = data.rpartition(b"\n")
    rows = CsvRows(file, out)
    out.flows.extend(rows.flows(io.StringIO(data.decode("utf-8", errors="replace"))))
    if cut.strip():
        rows.cut_off(data.count(b"\n") + 2)
    return out


class _FileLines:
    """The lines of a file as parse_nfdump_csv sees them (split at \\n only, bad UTF-8 replaced), read as they
    are used; a last line without a line end is held back and remembered (``cut``, ``cut_line``)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.cut, self.cut_line = b"", 0

    def __iter__(self) -> Iterator[str]:
        number, previous = 0, None
        for raw in self.handle:
            if previous is not None:
                yield previous.decode("utf-8", errors="replace")
            number += 1
            previous = raw
        if previous is None:
            return
        if number > 1 and not previous.endswith((b"\n", b"\r")):
            self.cut, self.cut_line = previous, number
        else:
            yield previous.decode("utf-8", errors="replace")


#: flows reduced at a time by the streamed reader (about 10 MiB of Flow objects; 100,000 added ~60 MiB to the peak)
BATCH = 20_000


def read_nfdump_csv(path: Path, named: frozenset[int], relevant: Relevance) -> Observations:
    """An nfdump CSV file read as it streams, its flows reduced as the audit reduces them (flowgroups.Reducer):
    the same rejected rows as parse_nfdump_csv, memory bounded by the relevant conversations and the hosts."""
    file = str(path)
    out = Observations(inputs=[(file, "nfdump-csv")])
    rows, reducer = CsvRows(file, out), Reducer(named, relevant)
    try:
        with path.open("rb") as handle:
            lines = _FileLines(handle)
            flows = rows.flows(lines)
            while batch := list(islice(flows, BATCH)):
                reducer.add(batch)
    except OSError as exc:
        raise DeviceInputError(f"cannot read: {exc.strerror}", file=file) from exc
    if lines.cut.strip():
        rows.cut_off(lines.cut_line)
    reducer.result(out)
    return out


def _address(rec: dict[str, Any], v4: str, v6: str) -> str:
    field = v4 if rec.get(v4) is not None else v6
    raw = scalar(rec, field)
    ip = valid_ip(raw)
    if ip is None:
        raise BadValue(field, f"not an IP address: {raw!r}" if raw else "no address")
    return ip


def _time(rec: dict[str, Any], field: str) -> float | None:
    value = rec.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str):  # nfdump -o json writes times as "2024-01-01T00:00:00.123" text
        raise BadValue(field, f"expected a time text, got a JSON {json_type(value)}")
    try:
        return _epoch(value)
    except ValueError as exc:
        raise BadValue(field, str(exc)) from exc


def _json_flow(rec: dict[str, Any]) -> Flow:
    """One FLOW record; BadValue naming the field whose value has the wrong type or is out of range."""
    src, dst = _address(rec, "src4_addr", "src6_addr"), _address(rec, "dst4_addr", "dst6_addr")
    sport, dport = (
        count_of(rec.get("src_port"), "src_port", MAX_PORT),
        count_of(rec.get("dst_port"), "dst_port", MAX_PORT),
    )
    bytes_out, bytes_in = count_of(rec.get("in_bytes"), "in_bytes"), count_of(rec.get("out_bytes"), "out_bytes")
    proto = scalar(rec, "proto")
    return Flow(
        src=src,
        dst=dst,
        sport=sport or 0,
        dport=dport or 0,
        proto=_PROTO.get(str(proto), str(proto)),
        bytes_out=bytes_out or 0,
        bytes_in=bytes_in or 0,
        first=_time(rec, "first"),
        last=_time(rec, "last"),
    )


def _json_flows(items: Iterable[tuple[int, Any]], file: str, out: Observations) -> Iterator[Flow]:
    for line, rec in items:
        if not isinstance(rec, dict) or rec.get("type") != "FLOW":
            continue
        try:
            yield _json_flow(rec)
        except BadValue as exc:
            out.rejected.append(Rejected(file, line, exc.field, f"unusable FLOW record: {exc.reason}"))


def parse_nfdump_json(data: bytes, file: str) -> Observations:
    out = Observations(inputs=[(file, "nfdump-json")])
    out.flows.extend(_json_flows(json_array_items(data, file), file, out))
    return out


def read_nfdump_json(path: Path, named: frozenset[int], relevant: Relevance) -> Observations:
    """An nfdump JSON file read as it streams (json_stream.array_items), its flows reduced as the audit reduces
    them (flowgroups.Reducer): the same rejected records as parse_nfdump_json, memory flat in the file's size."""
    file = str(path)
    out = Observations(inputs=[(file, "nfdump-json")])
    reducer = Reducer(named, relevant)
    try:
        with path.open("rb") as handle:
            flows = _json_flows(json_stream.array_items(handle, file), file, out)
            while batch := list(islice(flows, BATCH)):
                reducer.add(batch)
    except json_stream.NotAnArray:
        return parse_nfdump_json(path.read_bytes(), file)  # raises the whole-file reader's error
    except OSError as exc:
        raise DeviceInputError(f"cannot read: {exc.strerror}", file=file) from exc
    reducer.result(out)
    return out
