"""The vectorised reduction of conn.log blocks (the columnar path of zeek_conn).

Per block, each column of addresses is dictionary-encoded once (the one hash pass per address column), its
distinct values get their file-wide id and class from zeek_conn_ids, and one table lookup on the pair of
classes gives each row its fate: no flow, rejected, kept whole (it touches a relevant address), or only
counted; and which of its ends, if any, is a local host talking to a public address. That per-row work is
integer arithmetic in numpy (a handful of passes over small integer arrays); the local hosts of a block are
reduced to one row per (address id, MAC) before they are kept. Everything after that works on the few kept
rows, never on strings per row.

The decisions are the row reader's (zeek.conn_flow, flowgroups.reduce_groups), so both paths give the same
observations; ports, byte counts and protocols are looked at only for the kept rows.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ictguard.devices.flowgroups import Relevance, merge_groups, merge_hosts
from ictguard.devices.parsers._common import MAX_DURATION, TS_MAX, count_problem, mac_or_none, time_problem, valid_ip
from ictguard.devices.parsers.zeek import CONN_COUNTS, number_of
from ictguard.devices.parsers.zeek_conn_ids import (
    BAD,
    LOCAL_RELEVANT,
    PUBLIC,
    PUBLIC_RELEVANT,
    UNSET,
    Addresses,
    Values,
)
from ictguard.devices.parsers.zeek_conn_ids import text_of as _text
from ictguard.devices.records import FlowGroup, LocalHost, Observations

KEYS = ["src", "dst", "src_mac", "dst_mac", "proto", "sport", "dport"]
_SUMS = [("flows", "sum"), ("bytes_out", "sum"), ("bytes_in", "sum"), ("first", "min"), ("last", "max")]
_VALUES = ["flows", "bytes_out", "bytes_in", "first", "last"]
#: re-aggregate the pending groups and host rows once they hold this many rows
COMPACT_AT = 1_000_000

# A row's pair of address classes (src * 6 + dst) indexes CODES: its fate * 4 + which end is a local host.
NO_FLOW, REJECT, OTHER, KEPT = 0, 1, 2, 3
AT_NONE, AT_SRC, AT_DST = 0, 1, 2


def _fate(src: int, dst: int) -> tuple[int, int]:
    """(what the row is, which end is a local host) as conn_flow/local_ends decide."""
    if UNSET in (src, dst):
        return NO_FLOW, AT_NONE
    if BAD in (src, dst):
        return REJECT, AT_NONE
    src_public, dst_public = src in (PUBLIC, PUBLIC_RELEVANT), dst in (PUBLIC, PUBLIC_RELEVANT)
    side = AT_SRC if dst_public and not src_public else AT_DST if src_public and not dst_public else AT_NONE
    return (KEPT if LOCAL_RELEVANT in (src, dst) or PUBLIC_RELEVANT in (src, dst) else OTHER), side


CODES = np.array([fate * 4 + side for fate, side in (_fate(s, d) for s in range(6) for d in range(6))], np.int8)


@lru_cache(maxsize=65536)
def _mac(value: bytes | None) -> str | None:
    return mac_or_none(_text(value))


@lru_cache(maxsize=65536)
def _address(value: bytes | None) -> str:
    return valid_ip(_text(value)) or ""


def _indices(codes: pa.DictionaryArray) -> npt.NDArray[np.intp]:
    """The codes of a dictionary-encoded column as numpy indices (no nulls: nulls are encoded as an entry)."""
    indices: npt.NDArray[np.int32] = codes.indices.to_numpy()
    return indices.astype(np.intp)


def _column(table: pa.Table, name: str, kind: pa.DataType) -> pa.Array:
    index = table.schema.get_field_index(name)
    if index < 0:
        return pa.nulls(table.num_rows, kind)
    column = table.column(index)
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()  # one block: one chunk


def integers(values: pa.Array) -> pa.Array:
    """Zeek counts and ports (kept as bytes, zeek_conn.COLUMNS) as the row reader reads them (int(float(text)),
    unset = 0): pyarrow's cast takes the plain ones, and a block with anything else (12.0, 1e3, ' 7', a word)
    goes through the row reader's own function, value by value."""
    if pa.types.is_integer(values.type):
        return pc.fill_null(values, 0)
    try:
        return pc.fill_null(pc.cast(values, pa.int64()), 0)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        numbers = [number_of(_text(raw)) for raw in values.to_pylist()]
        return pa.array([int(n) if n is not None else 0 for n in numbers], pa.int64())


def _bad_times(values: pa.Array, field: str) -> npt.NDArray[np.intp]:
    """Rows whose ``ts`` / ``duration`` time_problem rejects (nulls are unset, not bad). One min/max pass and a
    NaN test clear a normal block; only a block with a bad time looks at each row."""
    low, high = (0.0, TS_MAX) if field == "ts" else (-MAX_DURATION, MAX_DURATION)
    least, most = (v.as_py() for v in pc.min_max(values).values())
    if (least is None or (least >= low and most <= high)) and not pc.any(pc.is_nan(values)).as_py():
        return np.zeros(0, np.intp)
    ok = pc.fill_null(pc.and_(pc.greater_equal(values, low), pc.less_equal(values, high)), True)
    return np.flatnonzero(~ok.to_numpy(zero_copy_only=False))


def _plain_digits(values: pa.Array, maximum: int) -> bool:
    """Whether every value of a binary column is ASCII digits and at most ``maximum``: a pass over the column's
    bytes (numpy on its data buffer), several times cheaper than a cast; the cast decides when not."""
    if values.null_count == len(values) or not pa.types.is_binary(values.type):
        return bool(values.null_count == len(values))
    _, offsets_buffer, data_buffer = values.buffers()
    offsets = np.frombuffer(offsets_buffer, np.int32, len(values) + 1, values.offset * 4)
    data = np.frombuffer(data_buffer, np.uint8)[offsets[0] : offsets[-1]] if data_buffer is not None else np.zeros(0)
    lengths = np.diff(offsets)
    width = len(str(maximum))
    # uint8 arithmetic wraps: a byte below '0' becomes > 9 as well
    if int(lengths.max()) > width or not bool((data - 48 <= 9).all()):
        return False
    # Values as long as ``maximum`` (5-digit ports) may still exceed it. Their first digit settles most (below
    # 6 for 65535); only those that start like ``maximum`` are gathered whole and compared as numbers.
    starts = offsets[:-1][lengths == width] - offsets[0]
    lead = data[starts]
    top = ord(str(maximum)[0])
    if bool((lead > top).any()):
        return False
    close = starts[lead == top]
    digits = data[close[:, None] + np.arange(width)].astype(np.int64) - 48
    return bool((digits @ (10 ** np.arange(width - 1, -1, -1, dtype=np.int64)) <= maximum).all())


def _bad_counts(values: pa.Array, maximum: int) -> npt.NDArray[np.intp]:
    """Rows whose port or count count_problem rejects: plain digits, or pyarrow's cast and a min/max, clear a
    normal block; a block with anything else has each distinct value judged by the row reader's own rule."""
    if _plain_digits(values, maximum):
        return np.zeros(0, np.intp)
    try:
        numbers = values if pa.types.is_integer(values.type) else pc.cast(values, pa.int64())
        least, most = (v.as_py() for v in pc.min_max(numbers).values())
        if least is None or (least >= 0 and most <= maximum):
            return np.zeros(0, np.intp)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    if pa.types.is_integer(values.type):  # typed while parsing: only the range can be wrong
        ok = pc.fill_null(pc.and_(pc.greater_equal(values, 0), pc.less_equal(values, maximum)), True)
        return np.flatnonzero(~ok.to_numpy(zero_copy_only=False))
    codes = pc.dictionary_encode(values, null_encoding="encode")
    bad = np.array(
        [
            (text := _text(raw)) is not None and count_problem(text, maximum) is not None
            for raw in codes.dictionary.to_pylist()
        ],
        bool,
    )
    return np.flatnonzero(bad.take(_indices(codes)))


def bad_values(table: pa.Table, wanted: npt.NDArray[np.bool_]) -> dict[int, tuple[str, str]]:
    """Among the ``wanted`` rows (those with two valid addresses), each whose time, port or count the row reader
    rejects, with the first bad field in the row reader's order (zeek.conn_flow) and its reason."""
    found: dict[int, tuple[str, str]] = {}
    for field in ("ts", "duration"):
        values = _column(table, field, pa.float64())
        for row in _bad_times(values, field).tolist():
            if wanted[row] and row not in found:
                found[row] = (field, time_problem(values[row].as_py(), field) or "")
    for field, maximum in CONN_COUNTS:
        values = _column(table, field, pa.binary())
        for row in _bad_counts(values, maximum).tolist():
            if wanted[row] and row not in found:
                raw = values[row].as_py()  # bytes (TSV) or an integer (typed from JSON)
                text = str(raw) if isinstance(raw, int) else _text(raw)
                found[row] = (field, count_problem(text or "", maximum) or "")
    return found


def _last(ts: pa.Array, duration: pa.Array) -> pa.Array:
    return pc.max_element_wise(ts, pc.add(ts, pc.fill_null(duration, 0.0)))


def _regroup(table: pa.Table) -> pa.Table:
    grouped = table.group_by(KEYS, use_threads=False).aggregate(_SUMS)
    return grouped.rename_columns([*KEYS, *_VALUES]).select([*KEYS, *_VALUES])


def _host_key(ip: npt.NDArray[np.int32], mac: npt.NDArray[np.int32]) -> npt.NDArray[np.int64]:
    """(address id, MAC id) as one int64: pyarrow groups one integer key several times faster than two."""
    return (ip.astype(np.int64) << 32) | mac


def _rehost(table: pa.Table) -> pa.Table:
    grouped = table.group_by(["key"], use_threads=False).aggregate([("first", "min")])
    return grouped.rename_columns(["key", "first"]).select(["key", "first"])


class Aggregator:
    """Kept conversations as grouped tables, local hosts as (address id, MAC, first seen), other flows counted;
    plus what blocks read by the row reader contributed (already as FlowGroup/LocalHost)."""

    def __init__(self, named: frozenset[int], relevant: Relevance) -> None:
        self.named = pa.array(sorted(named), pa.int64())
        self.addresses = Addresses(relevant)
        self.macs = Values()
        self.groups: list[pa.Table] = []
        self.hosts: list[pa.Table] = []
        self.pending = 0
        self.other_flows = 0
        self.row_groups: list[FlowGroup] = []
        self.row_hosts: list[LocalHost] = []

    def add(self, table: pa.Table) -> list[tuple[int, str, str]]:
        """Reduce one parsed block; returns its rejected rows (an address that is not an IP address, a time,
        port or count the row reader rejects) as (row, field, reason). Raises ArrowInvalid/ValueError/
        OverflowError before changing anything when the kept rows hold a value the row reader types in a way
        pyarrow cannot (the block then goes to it)."""
        src, dst = _column(table, "id.orig_h", pa.binary()), _column(table, "id.resp_h", pa.binary())
        src_codes = pc.dictionary_encode(src, null_encoding="encode")
        dst_codes = pc.dictionary_encode(dst, null_encoding="encode")
        src_ids, dst_ids = self.addresses.ids(src_codes.dictionary, dst_codes.dictionary)
        src_index, dst_index = _indices(src_codes), _indices(dst_codes)
        kinds = self.addresses.kinds
        # Per row: two gathers through the small per-entry class tables, an add and one gather for the code
        # (ndarray.take with intp indices: about twice as fast as fancy indexing with int32 ones).
        code = CODES.take((kinds.take(src_ids) * 6).take(src_index) + kinds.take(dst_ids).take(dst_index))
        rejected = self._rejects(code, src_codes, dst_codes, src_ids, kinds) if (code >> 2 == REJECT).any() else []
        # A row with two good addresses but a time, port or count the row reader rejects is rejected here too:
        # it is neither kept, counted nor a local host.
        bad = bad_values(table, code >= OTHER * 4)
        if bad:
            code[np.fromiter(bad, np.intp, len(bad))] = REJECT * 4 + AT_NONE
            rejected = sorted([*rejected, *((row, field, reason) for row, (field, reason) in bad.items())])
        counts = np.bincount(code, minlength=16).reshape(4, 4).sum(axis=1)
        ts, duration = _column(table, "ts", pa.float64()), _column(table, "duration", pa.float64())
        # A flow is first seen at min(ts, ts + duration): ts itself unless a duration is negative (Zeek writes
        # none, but the row reader's rule holds for any input), so the sum is formed only when one is.
        least = pc.min(duration).as_py()
        first = (
            pc.min_element_wise(ts, pc.add(ts, pc.fill_null(duration, 0.0))) if least is not None and least < 0 else ts
        )
        src_mac, dst_mac = _column(table, "orig_l2_addr", pa.binary()), _column(table, "resp_l2_addr", pa.binary())
        kept = None
        if counts[KEPT]:
            rows = pa.array(np.flatnonzero(code >= KEPT * 4))  # few: one take per column, not a filter

            def pick(name: str) -> pa.Array:
                return pc.take(_column(table, name, pa.binary()), rows)

            kept = pa.table(
                {
                    "src": pc.take(src, rows),
                    "dst": pc.take(dst, rows),
                    "src_mac": pc.take(src_mac, rows),
                    "dst_mac": pc.take(dst_mac, rows),
                    "proto": pick("proto"),
                    "sport": self._named(integers(pick("id.orig_p"))),
                    "dport": self._named(integers(pick("id.resp_p"))),
                    "flows": pa.repeat(pa.scalar(1, pa.int64()), len(rows)),
                    "bytes_out": integers(pick("orig_bytes")),
                    "bytes_in": integers(pick("resp_bytes")),
                    "first": pc.take(first, rows),
                    "last": _last(pc.take(ts, rows), pc.take(duration, rows)),
                }
            )
        # Nothing can fail from here on: the block is counted exactly once.
        self.other_flows += int(counts[OTHER])
        if kept is not None:
            self.groups.append(kept)
            self.pending += kept.num_rows
        side = code & 3
        at_src, at_dst = np.flatnonzero(side == AT_SRC), np.flatnonzero(side == AT_DST)
        if len(at_src) or len(at_dst):
            key = np.concatenate(
                [
                    _host_key(src_ids.take(src_index.take(at_src)), self._mac_ids(src_mac, at_src)),
                    _host_key(dst_ids.take(dst_index.take(at_dst)), self._mac_ids(dst_mac, at_dst)),
                ]
            )
            hosts = _rehost(pa.table({"key": key, "first": first.take(np.concatenate([at_src, at_dst]))}))
            self.hosts.append(hosts)
            self.pending += hosts.num_rows
        if self.pending >= COMPACT_AT:
            self._compact()
        return rejected

    def _mac_ids(self, macs: pa.Array, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.int32]:
        """The MAC id of each of ``rows``: the whole column is encoded when most rows are wanted (a gather is
        cheaper than a take of strings), only those rows otherwise."""
        if not len(rows):
            return np.zeros(0, np.int32)
        whole = 2 * len(rows) > len(macs)
        codes = pc.dictionary_encode(macs if whole else macs.take(rows), null_encoding="encode")
        ids = self.macs.ids(codes.dictionary)[0].take(_indices(codes))
        return ids.take(rows) if whole else ids

    def _named(self, port: pa.Array) -> pa.Array:
        return pc.if_else(pc.is_in(port, value_set=self.named), port, pa.scalar(None, pa.int64()))

    @staticmethod
    def _rejects(
        code: npt.NDArray[np.int8],
        src_codes: pa.DictionaryArray,
        dst_codes: pa.DictionaryArray,
        src_ids: npt.NDArray[np.int32],
        kinds: npt.NDArray[np.int8],
    ) -> list[tuple[int, str, str]]:
        out = []
        src_index, dst_index = _indices(src_codes), _indices(dst_codes)
        for row in np.flatnonzero(code >> 2 == REJECT).tolist():
            src_bad = kinds[src_ids[src_index[row]]] == BAD
            codes, index, field = (
                (src_codes, src_index, "id.orig_h") if src_bad else (dst_codes, dst_index, "id.resp_h")
            )
            raw = codes.dictionary[int(index[row])].as_py()
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
                group = FlowGroup(
                    _address(src), _address(dst), _mac(smac), _mac(dmac), _text(proto) or "", sport, dport
                )
                group.add(flows, b_out, b_in, first, last)
                groups.append(group)
        out.flow_groups = merge_groups(groups, self.row_groups)
        hosts = []
        if self.hosts:
            rows = self.hosts[0].to_pydict()
            text, macs = self.addresses.text, self.macs.raw
            hosts = [
                LocalHost(text[key >> 32] or "", _mac(macs[key & 0xFFFFFFFF]), first)
                for key, first in zip(rows["key"], rows["first"], strict=True)
            ]
        out.local_hosts = merge_hosts(hosts, self.row_hosts)
        out.other_flows = self.other_flows
