"""Zeek conn.log (TSV) read in column batches with pyarrow and reduced as it streams.

This is the fast path for large logs: the file is never held whole. In each batch the distinct addresses are
classified once (public? in an adversary country or tied to a vendor cloud by DNS/TLS names?); rows touching
such an address are grouped per conversation with pyarrow's hash aggregation, and every other row only
records its local host (a device talking to the internet) and a count. Partial results are re-aggregated when
they pile up, so memory follows the number of relevant conversations and hosts, not the number of rows.

The row reader (zeek.stream_conn_log) stays the reference: this module hands a file over to it whenever the
file is not what the columns assume (a value that is not a number where Zeek writes numbers, an address that
is not an IP address, a second #fields header), so both paths always give the same observations.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from ictguard.devices.flowgroups import Relevance
from ictguard.devices.parsers._common import RejectLog, clean, mac_or_none, valid_ip
from ictguard.devices.parsers.zeek import check_conn_fields, stream_conn_log
from ictguard.devices.records import FlowGroup, LocalHost, Observations
from ictguard.devices.traffic import is_global
from ictguard.errors import DeviceInputError

# Zeek's own types for the columns the audit reads (Zeek docs, base/protocols/conn/main.zeek). Text is read as
# binary so bad UTF-8 cannot stop a batch; it is decoded once per distinct value.
COLUMNS: dict[str, pa.DataType] = {
    "ts": pa.float64(), "id.orig_h": pa.binary(), "id.orig_p": pa.int64(), "id.resp_h": pa.binary(),
    "id.resp_p": pa.int64(), "proto": pa.binary(), "duration": pa.float64(), "orig_bytes": pa.int64(),
    "resp_bytes": pa.int64(), "orig_l2_addr": pa.binary(), "resp_l2_addr": pa.binary(),
}
KEYS = ["src", "dst", "src_mac", "dst_mac", "proto", "sport", "dport"]
_SUMS = [("flows", "sum"), ("bytes_out", "sum"), ("bytes_in", "sum"), ("first", "min"), ("last", "max")]
#: 4 MiB batches: measured faster than larger ones on one core (the block stays in cache while it is typed)
BLOCK_SIZE = 1 << 22
#: re-aggregate the partial groups once they hold this many rows
COMPACT_AT = 1_000_000
HEAD_BYTES = 1 << 16


@dataclass(frozen=True)
class Header:
    fields: list[str]
    fields_line: int
    #: number of lines before the first data row (all of them '#' lines)
    skip: int
    path: str
    null_values: tuple[str, ...]


def read_header(path: Path) -> Header | None:
    """The leading '#' lines of a Zeek TSV log, or None when the file does not start like one."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise DeviceInputError(f"cannot read: {exc.strerror}", file=path) from exc
    fields: list[str] | None = None
    fields_line, name, nulls = 0, "", {"-", "(empty)"}
    lines = head.split(b"\n")
    for number, raw in enumerate(lines[:-1], start=1):  # the last piece may be cut by HEAD_BYTES
        line = raw.rstrip(b"\r").decode("utf-8", "replace")
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition("\t")
        if key == "fields":
            fields, fields_line = value.split("\t"), number
        elif key == "path":
            name = value.strip()
        elif key in {"unset_field", "empty_field"} and value:
            nulls.add(value)
    else:
        return None  # no data row within HEAD_BYTES: too odd (or too small) for the columnar path
    if fields is None:
        return None
    return Header(fields, fields_line, number - 1, name, tuple(sorted(nulls)))


def is_conn(header: Header) -> bool:
    return header.path == "conn" or (not header.path and "conn_state" in header.fields)


class _Fallback(Exception):
    """The file needs the row reader (see the module docstring)."""


class _Rows:
    """pyarrow's callback for rows whose column count differs from the header."""

    def __init__(self, rejects: RejectLog, width: int) -> None:
        self.rejects, self.width = rejects, width
        self.first_bad: tuple[int, str] | None = None
        self.header_again = False
        self.good = 0  # rows that fit the header
        self.undecodable = False

    def __call__(self, row: pcsv.InvalidRow) -> str:
        text = row.text or ""
        if text.startswith("#fields"):
            self.header_again = True  # a concatenated log: its columns may differ, the row reader follows them
        elif text.startswith("#") or not text.strip():
            pass  # '#close', '#open' … and blank lines carry no flow
        else:
            reason = f"{row.actual_columns} columns, header has {row.expected_columns}"
            self.first_bad = self.first_bad or (row.number or 0, reason)
            self.rejects.add(row.number, None, reason)
        return "skip"


def _column(batch: pa.RecordBatch, name: str) -> pa.Array:
    index = batch.schema.get_field_index(name)
    return batch.column(index) if index >= 0 else pa.nulls(batch.num_rows, COLUMNS[name])


def _named(port: pa.Array, named: pa.Array) -> pa.Array:
    return pc.if_else(pc.is_in(port, value_set=named), port, pa.scalar(None, pa.int64()))


def _regroup(table: pa.Table) -> pa.Table:
    grouped = table.group_by(KEYS, use_threads=False).aggregate(_SUMS)
    return grouped.rename_columns([*KEYS, "flows", "bytes_out", "bytes_in", "first", "last"]).select(
        [*KEYS, "flows", "bytes_out", "bytes_in", "first", "last"])


def _rehost(table: pa.Table) -> pa.Table:
    grouped = table.group_by(["ip", "mac"], use_threads=False).aggregate([("first", "min")])
    return grouped.rename_columns(["ip", "mac", "first"]).select(["ip", "mac", "first"])


@lru_cache(maxsize=65536)
def _text(value: bytes | None) -> str | None:
    return clean(value.decode("utf-8", "replace")) if value is not None else None


@lru_cache(maxsize=65536)
def _address(value: bytes | None) -> str | None:
    text = _text(value)
    if text is None:
        return None
    ip = valid_ip(text)
    if ip is None:
        raise _Fallback  # the row reader names the line and field
    return ip


@lru_cache(maxsize=65536)
def _mac(value: bytes | None) -> str | None:
    return mac_or_none(_text(value))


class _Aggregator:
    """Per batch: classify the batch's distinct addresses once (relevant? public?), keep the rows that touch a
    relevant address grouped per conversation, and reduce the others to their local hosts and a count."""

    def __init__(self, named: frozenset[int], relevant: Relevance) -> None:
        self.named = pa.array(sorted(named), pa.int64())
        self.relevant = relevant
        self.groups: list[pa.Table] = []
        self.hosts: list[pa.Table] = []
        self.pending = 0
        self.other_flows = 0
        self._kinds: dict[bytes | None, tuple[bool, bool]] = {}

    def _kind(self, raw: bytes | None) -> tuple[bool, bool]:
        found = self._kinds.get(raw)
        if found is None:
            ip = _address(raw)
            found = self._kinds[raw] = (False, False) if ip is None else (self.relevant(ip), is_global(ip))
        return found

    def _sets(self, src: pa.Array, dst: pa.Array) -> tuple[pa.Array, pa.Array]:
        distinct = pc.unique(pa.concat_arrays([src, dst]))
        kinds = [self._kind(raw) for raw in distinct.to_pylist()]
        relevant = distinct.filter(pa.array([k[0] for k in kinds], pa.bool_()))
        public = distinct.filter(pa.array([k[1] for k in kinds], pa.bool_()))
        return relevant, public

    def add(self, batch: pa.RecordBatch) -> None:
        src, dst = _column(batch, "id.orig_h"), _column(batch, "id.resp_h")
        relevant, public = self._sets(src, dst)
        flow = pc.and_(pc.is_valid(src), pc.is_valid(dst))  # an unset address: not a flow (as in the row reader)
        keep = pc.and_(flow, pc.or_(pc.is_in(src, value_set=relevant), pc.is_in(dst, value_set=relevant)))
        self.other_flows += batch.num_rows - pc.sum(keep).as_py() - pc.sum(pc.invert(flow)).as_py()
        ts = _column(batch, "ts")
        end = pc.add(ts, pc.fill_null(_column(batch, "duration"), 0.0))
        first = pc.min_element_wise(ts, end)
        src_public, dst_public = pc.is_in(src, value_set=public), pc.is_in(dst, value_set=public)
        src_local = pc.and_(flow, pc.and_(pc.invert(src_public), dst_public))
        dst_local = pc.and_(flow, pc.and_(src_public, pc.invert(dst_public)))
        src_mac, dst_mac = _column(batch, "orig_l2_addr"), _column(batch, "resp_l2_addr")
        hosts = pa.table({"ip": pa.concat_arrays([src.filter(src_local), dst.filter(dst_local)]),
                          "mac": pa.concat_arrays([src_mac.filter(src_local), dst_mac.filter(dst_local)]),
                          "first": pa.concat_arrays([first.filter(src_local), first.filter(dst_local)])})
        self.hosts.append(_rehost(hosts))
        kept = pa.table({
            "src": src, "dst": dst, "src_mac": src_mac, "dst_mac": dst_mac, "proto": _column(batch, "proto"),
            "sport": _named(_column(batch, "id.orig_p"), self.named),
            "dport": _named(_column(batch, "id.resp_p"), self.named),
            "flows": pa.repeat(pa.scalar(1, pa.int64()), batch.num_rows),
            "bytes_out": pc.fill_null(_column(batch, "orig_bytes"), 0),
            "bytes_in": pc.fill_null(_column(batch, "resp_bytes"), 0),
            "first": first, "last": pc.max_element_wise(ts, end),
        }).filter(keep)
        self.groups.append(_regroup(kept))
        self.pending += self.groups[-1].num_rows + self.hosts[-1].num_rows
        if self.pending >= COMPACT_AT:
            self.groups, self.hosts = [_regroup(pa.concat_tables(self.groups))], [_rehost(pa.concat_tables(self.hosts))]
            self.pending = self.groups[0].num_rows + self.hosts[0].num_rows

    def result(self, out: Observations) -> None:
        if self.groups:
            columns = _regroup(pa.concat_tables(self.groups)).to_pydict()
            for src, dst, smac, dmac, proto, sport, dport, flows, b_out, b_in, first, last in zip(
                *(columns[name] for name in [*KEYS, "flows", "bytes_out", "bytes_in", "first", "last"]), strict=True
            ):
                group = FlowGroup(_address(src) or "", _address(dst) or "", _mac(smac), _mac(dmac),
                                  _text(proto) or "", sport, dport)
                group.add(flows, b_out, b_in, first, last)
                out.flow_groups.append(group)
        if self.hosts:
            hosts = _rehost(pa.concat_tables(self.hosts)).to_pydict()
            out.local_hosts = [LocalHost(_address(ip) or "", _mac(mac), first)
                               for ip, mac, first in zip(hosts["ip"], hosts["mac"], hosts["first"], strict=True)]
        out.other_flows = self.other_flows


@contextmanager
def _undecodable_rows_fall_back(rows: _Rows) -> Iterator[None]:
    """pyarrow decodes a bad row's text before calling the handler; on bad UTF-8 that fails inside pyarrow,
    which prints the error as 'unraisable' and stops the read (ArrowInvalid). Keep that off the user's
    terminal: the row reader then reads the file and rejects the row by line number."""
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if unraisable.object is rows and isinstance(unraisable.exc_value, UnicodeDecodeError):
            rows.undecodable = True
        else:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous
    if rows.undecodable:
        raise _Fallback


def _read(path: Path, header: Header, rows: _Rows, aggregator: _Aggregator) -> None:
    read = pcsv.ReadOptions(skip_rows=header.skip, column_names=header.fields, use_threads=False,
                            block_size=BLOCK_SIZE)
    parse = pcsv.ParseOptions(delimiter="\t", quote_char=False, escape_char=False, double_quote=False,
                              newlines_in_values=False, invalid_row_handler=rows)
    convert = pcsv.ConvertOptions(
        include_columns=[c for c in COLUMNS if c in header.fields],
        column_types={c: t for c, t in COLUMNS.items() if c in header.fields},
        null_values=list(header.null_values), strings_can_be_null=True, quoted_strings_can_be_null=True,
    )
    with _undecodable_rows_fall_back(rows):
        try:
            for batch in pcsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert):
                rows.good += batch.num_rows
                aggregator.add(batch)
        except pa.ArrowInvalid as exc:
            raise _Fallback from exc
    if rows.header_again:
        raise _Fallback


def read_conn_log(path: Path, header: Header, named: frozenset[int], relevant: Relevance) -> Observations:
    """The conn.log at ``path`` (whose header ``read_header`` returned): conversations that touch a relevant
    address as flow groups, the local hosts of the others, and the rejected rows."""
    file = str(path)
    check_conn_fields(header.fields, file, header.fields_line)
    out = Observations()
    rejects = RejectLog(file, out)
    rows = _Rows(rejects, len(header.fields))
    aggregator = _Aggregator(named, relevant)
    try:
        _read(path, header, rows, aggregator)
        aggregator.result(out)
    except _Fallback:
        return stream_conn_log(path, named, relevant)
    if rows.good == 0 and rows.first_bad is not None:
        line, reason = rows.first_bad
        raise DeviceInputError(f"no row matches the #fields header ({reason})", file=file, line=line,
                               field="#fields")
    rejects.close()
    out.inputs.append((file, "zeek-conn"))
    return out
