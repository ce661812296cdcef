"""The vectorised reduction of conn.log blocks (the columnar path of zeek_conn).

Per block, each column of addresses is dictionary-encoded once (the one hash pass per address column), the
distinct addresses are classified once for the whole file (unset, not an IP address, local or public, relevant
or not), and one table lookup on the pair of classes gives each row its fate: no flow, rejected, kept whole
(it touches a relevant address), or only counted; and which of its ends, if any, is a local host talking to a
public address. Everything after that works on the few kept rows or on integer ids, never on strings per row.

The decisions are the row reader's (zeek.conn_flow, flowgroups.reduce_groups), so both paths give the same
observations; ports, byte counts and protocols are looked at only for the kept rows.
"""

from __future__ import annotations

from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc

from ictguard.devices.flowgroups import Relevance, merge_groups, merge_hosts
from ictguard.devices.parsers._common import clean, mac_or_none, valid_ip
from ictguard.devices.parsers.zeek import number_of
from ictguard.devices.records import FlowGroup, LocalHost, Observations
from ictguard.devices.traffic import is_global

KEYS = ["src", "dst", "src_mac", "dst_mac", "proto", "sport", "dport"]
_SUMS = [("flows", "sum"), ("bytes_out", "sum"), ("bytes_in", "sum"), ("first", "min"), ("last", "max")]
_VALUES = ["flows", "bytes_out", "bytes_in", "first", "last"]
#: re-aggregate the pending groups and host rows once they hold this many rows
COMPACT_AT = 1_000_000

# Classes of an address value; a row's pair of classes (src * 6 + dst) indexes the tables below.
UNSET, BAD, LOCAL, PUBLIC, LOCAL_RELEVANT, PUBLIC_RELEVANT = range(6)
NO_FLOW, REJECT, OTHER, KEPT = 0, 1, 2, 3


def _fate(src: int, dst: int) -> tuple[int, int]:
    """(what the row is, which end is a local host: 0 none, 1 src, 2 dst) as conn_flow/local_ends decide."""
    if UNSET in (src, dst):
        return NO_FLOW, 0
    if BAD in (src, dst):
        return REJECT, 0
    src_public, dst_public = src in (PUBLIC, PUBLIC_RELEVANT), dst in (PUBLIC, PUBLIC_RELEVANT)
    side = 1 if dst_public and not src_public else 2 if src_public and not dst_public else 0
    return (KEPT if LOCAL_RELEVANT in (src, dst) or PUBLIC_RELEVANT in (src, dst) else OTHER), side


_PAIRS = [_fate(src, dst) for src in range(6) for dst in range(6)]
FATES = pa.array([fate for fate, _ in _PAIRS], pa.int8())
AT_SRC = pa.array([side == 1 for _, side in _PAIRS], pa.bool_())
AT_DST = pa.array([side == 2 for _, side in _PAIRS], pa.bool_())


@lru_cache(maxsize=65536)
def _text(value: bytes | None) -> str | None:
    return clean(value.decode("utf-8", "replace")) if value is not None else None


@lru_cache(maxsize=65536)
def _mac(value: bytes | None) -> str | None:
    return mac_or_none(_text(value))


@lru_cache(maxsize=65536)
def _address(value: bytes | None) -> str:
    return valid_ip(_text(value)) or ""


class Addresses:
    """Every distinct address value of the file, classified once and given an integer id (its index here).
    A block's distinct values are looked up in pyarrow (index_in); only values never seen reach Python."""

    def __init__(self, relevant: Relevance) -> None:
        self.relevant = relevant
        self.raw: list[bytes | None] = []
        self.text: list[str | None] = []
        self._kinds: list[int] = []
        self._known = pa.array([], pa.binary())
        self._scaled: dict[int, pa.Array] = {}
        self._new([None])

    def _new(self, values: list[bytes | None]) -> None:
        for raw in values:
            text = _text(raw)
            ip = valid_ip(text) if text is not None else None
            if text is None:
                kind = UNSET
            elif ip is None:
                kind = BAD
            else:
                kind = (PUBLIC if is_global(ip) else LOCAL) + (2 if self.relevant(ip) else 0)
            self.raw.append(raw)
            self.text.append(ip if ip is not None else text)
            self._kinds.append(kind)
        self._known = pa.array(self.raw, pa.binary())
        self._scaled = {}

    def classify(self, dictionary: pa.Array, scale: int) -> tuple[pa.Array, pa.Array]:
        """(class * scale as int8, id as int32) per dictionary entry."""
        options = pc.SetLookupOptions(self._known, skip_nulls=False)
        ids = pc.index_in(dictionary, options=options)
        if ids.null_count:
            self._new(dictionary.filter(pc.is_null(ids)).to_pylist())
            ids = pc.index_in(dictionary, options=pc.SetLookupOptions(self._known, skip_nulls=False))
        scaled = self._scaled.get(scale)
        if scaled is None:
            scaled = self._scaled[scale] = pa.array([kind * scale for kind in self._kinds], pa.int8())
        return pc.take(scaled, ids), ids


def _column(table: pa.Table, name: str, kind: pa.DataType) -> pa.Array:
    index = table.schema.get_field_index(name)
    if index < 0:
        return pa.nulls(table.num_rows, kind)
    column = table.column(index)
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()  # one block: one chunk


def integers(values: pa.Array) -> pa.Array:
    """Zeek counts and ports as the row reader reads them (int(float(text)), unset = 0). Typed while parsing
    (zeek_conn.COLUMNS) they only need the zero; as bytes, pyarrow's cast takes the plain ones and anything
    else (12.0, 1e3, ' 7') goes through the row reader's own function."""
    if pa.types.is_integer(values.type):
        return pc.fill_null(values, 0)
    try:
        return pc.fill_null(pc.cast(values, pa.int64()), 0)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        numbers = [number_of(_text(raw)) for raw in values.to_pylist()]
        return pa.array([int(n) if n is not None else 0 for n in numbers], pa.int64())


def _last(ts: pa.Array, duration: pa.Array) -> pa.Array:
    return pc.max_element_wise(ts, pc.add(ts, pc.fill_null(duration, 0.0)))


def _regroup(table: pa.Table) -> pa.Table:
    grouped = table.group_by(KEYS, use_threads=False).aggregate(_SUMS)
    return grouped.rename_columns([*KEYS, *_VALUES]).select([*KEYS, *_VALUES])


def _rehost(table: pa.Table) -> pa.Table:
    grouped = table.group_by(["ip", "mac"], use_threads=False).aggregate([("first", "min")])
    return grouped.rename_columns(["ip", "mac", "first"]).select(["ip", "mac", "first"])


class Aggregator:
    """Kept conversations as grouped tables, local hosts as (address id, MAC, first seen), other flows counted;
    plus what blocks read by the row reader contributed (already as FlowGroup/LocalHost)."""

    def __init__(self, named: frozenset[int], relevant: Relevance) -> None:
        self.named = pa.array(sorted(named), pa.int64())
        self.addresses = Addresses(relevant)
        self.groups: list[pa.Table] = []
        self.hosts: list[pa.Table] = []
        self.pending = 0
        self.other_flows = 0
        self.row_groups: list[FlowGroup] = []
        self.row_hosts: list[LocalHost] = []

    def add(self, table: pa.Table) -> list[tuple[int, str, str]]:
        """Reduce one parsed block; returns its rows with an address that is not an IP address as
        (row, field, reason). Raises ArrowInvalid/ValueError/OverflowError before changing anything when
        the kept rows hold a value the row reader types in a way pyarrow cannot (the block then goes to it)."""
        src, dst = _column(table, "id.orig_h", pa.binary()), _column(table, "id.resp_h", pa.binary())
        src_codes = pc.dictionary_encode(src, null_encoding="encode")
        dst_codes = pc.dictionary_encode(dst, null_encoding="encode")
        src_kind, src_id = self.addresses.classify(src_codes.dictionary, 6)
        dst_kind, dst_id = self.addresses.classify(dst_codes.dictionary, 1)
        pair = pc.add(pc.take(src_kind, src_codes.indices), pc.take(dst_kind, dst_codes.indices))
        fate = pc.take(FATES, pair)
        counts = dict(zip(*(c.to_pylist() for c in pc.value_counts(fate).flatten()), strict=True))
        ts, duration = _column(table, "ts", pa.float64()), _column(table, "duration", pa.float64())
        # A flow is first seen at min(ts, ts + duration): ts itself unless a duration is negative (Zeek writes
        # none, but the row reader's rule holds for any input), so the sum is formed only when one is.
        if pc.any(pc.less(duration, 0.0)).as_py():
            first = pc.min_element_wise(ts, pc.add(ts, pc.fill_null(duration, 0.0)))
        else:
            first = ts
        src_mac, dst_mac = _column(table, "orig_l2_addr", pa.binary()), _column(table, "resp_l2_addr", pa.binary())
        kept = None
        if counts.get(KEPT):
            rows = pc.indices_nonzero(pc.equal(fate, KEPT))  # few: one take per column, not a filter

            def pick(name: str) -> pa.Array:
                return pc.take(_column(table, name, pa.int64() if name.endswith(("_p", "_bytes")) else pa.binary()),
                               rows)

            kept = pa.table({
                "src": pc.take(src, rows), "dst": pc.take(dst, rows), "src_mac": pc.take(src_mac, rows),
                "dst_mac": pc.take(dst_mac, rows), "proto": pick("proto"),
                "sport": self._named(integers(pick("id.orig_p"))), "dport": self._named(integers(pick("id.resp_p"))),
                "flows": pa.repeat(pa.scalar(1, pa.int64()), len(rows)),
                "bytes_out": integers(pick("orig_bytes")), "bytes_in": integers(pick("resp_bytes")),
                "first": pc.take(first, rows), "last": _last(pc.take(ts, rows), pc.take(duration, rows)),
            })
        # Nothing can fail from here on: the block is counted exactly once.
        self.other_flows += counts.get(OTHER, 0)
        if kept is not None:
            self.groups.append(kept)
            self.pending += kept.num_rows
        at_src, at_dst = pc.take(AT_SRC, pair), pc.take(AT_DST, pair)
        self.hosts.append(pa.table({
            "ip": pa.concat_arrays([pc.take(src_id, src_codes.indices).filter(at_src),
                                    pc.take(dst_id, dst_codes.indices).filter(at_dst)]),
            "mac": pa.concat_arrays([src_mac.filter(at_src), dst_mac.filter(at_dst)]),
            "first": pa.concat_arrays([first.filter(at_src), first.filter(at_dst)])}))
        self.pending += self.hosts[-1].num_rows
        if self.pending >= COMPACT_AT:
            self._compact()
        return self._rejects(fate, src_codes, dst_codes, src_kind) if counts.get(REJECT) else []

    def _named(self, port: pa.Array) -> pa.Array:
        return pc.if_else(pc.is_in(port, value_set=self.named), port, pa.scalar(None, pa.int64()))

    def _rejects(self, fate: pa.Array, src_codes: pa.Array, dst_codes: pa.Array,
                 src_kind: pa.Array) -> list[tuple[int, str, str]]:
        out = []
        for row in pc.indices_nonzero(pc.equal(fate, REJECT)).to_pylist():
            src_bad = src_kind[src_codes.indices[row].as_py()].as_py() == BAD * 6
            codes, field = (src_codes, "id.orig_h") if src_bad else (dst_codes, "id.resp_h")
            raw = codes.dictionary[codes.indices[row].as_py()].as_py()
            out.append((row, field, f"not an IP address: {_text(raw)!r}"))
        return out

    def _compact(self) -> None:
        self.groups = [_regroup(pa.concat_tables(self.groups))] if self.groups else []
        self.hosts = [_rehost(pa.concat_tables(self.hosts))] if self.hosts else []
        self.pending = sum(t.num_rows for t in (*self.groups, *self.hosts))

    def result(self, out: Observations) -> None:
        self._compact()
        groups = []
        if self.groups:
            columns = self.groups[0].to_pydict()
            for src, dst, smac, dmac, proto, sport, dport, flows, b_out, b_in, first, last in zip(
                *(columns[name] for name in [*KEYS, *_VALUES]), strict=True
            ):
                group = FlowGroup(_address(src), _address(dst), _mac(smac), _mac(dmac), _text(proto) or "", sport,
                                  dport)
                group.add(flows, b_out, b_in, first, last)
                groups.append(group)
        out.flow_groups = merge_groups(groups, self.row_groups)
        hosts = []
        if self.hosts:
            rows = self.hosts[0].to_pydict()
            text = self.addresses.text
            hosts = [LocalHost(text[ip] or "", _mac(mac), first)
                     for ip, mac, first in zip(rows["ip"], rows["mac"], rows["first"], strict=True)]
        out.local_hosts = merge_hosts(hosts, self.row_hosts)
        out.other_flows = self.other_flows
