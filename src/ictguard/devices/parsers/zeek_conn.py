"""Zeek conn.log (TSV) read in blocks of lines, each typed by pyarrow and reduced as the file streams.

The file is never held whole: zeek_blocks cuts it into ~4 MiB blocks of whole lines, pyarrow parses each on
one thread (times typed; text, ports and counts kept as bytes), and zeek_conn_agg reduces it: conversations
that touch a relevant address (an adversary country, or a vendor cloud by DNS/TLS names) are grouped whole,
every other row only records its local host and a count. Memory follows the number of relevant conversations and hosts,
not the number of rows.

The row reader (zeek.py) stays the reference, and takes over one block at a time: a block pyarrow cannot type
(a masked timestamp, bad UTF-8 in a short row) or one holding a second #fields header is
read row by row, with its own line numbers, and the blocks after it are columnar again (under the new
header). Rejected rows name file, line and field on both paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from ictguard.devices.flowgroups import Relevance, group_flows, reduce_groups
from ictguard.devices.parsers import zeek_blocks
from ictguard.devices.parsers._common import RejectLog
from ictguard.devices.parsers.zeek import TsvRows, check_conn_fields, conn_block_flows
from ictguard.devices.parsers.zeek_blocks import Block, Invalid, Untypable, line_of
from ictguard.devices.parsers.zeek_conn_agg import Aggregator
from ictguard.devices.records import Observations
from ictguard.errors import DeviceInputError

# The columns the audit reads. Text is kept as bytes, so bad UTF-8 cannot stop a block; it is decoded once per
# distinct value. Times are typed while parsing (every row needs ts, and duration can move its first-seen time);
# ports and counts are kept as bytes: every block is checked (zeek_conn_agg.bad_values: a row the row reader
# would reject is rejected here too; plain digits are cleared on the column's bytes, anything else by a cast and
# a min/max; about 30 ms per million rows, some 5 % of the read), and only the kept rows are typed for use
# (zeek_conn_agg.integers). A value the cast does not take (12.0, 1e3, a word) is judged by the row reader's
# own rule, so such a block stays columnar.
COLUMNS: dict[str, pa.DataType] = {
    "ts": pa.float64(),
    "id.orig_h": pa.binary(),
    "id.orig_p": pa.binary(),
    "id.resp_h": pa.binary(),
    "id.resp_p": pa.binary(),
    "proto": pa.binary(),
    "duration": pa.float64(),
    "orig_bytes": pa.binary(),
    "resp_bytes": pa.binary(),
    "orig_l2_addr": pa.binary(),
    "resp_l2_addr": pa.binary(),
}
#: the values the row reader's clean() reads as unset (not the header's #unset_field: the row reader is the
#: reference, and it does not read that either)
NULLS = ("-", "(empty)")
HEAD_BYTES = 1 << 16


@dataclass(frozen=True)
class Header:
    fields: list[str]
    fields_line: int
    #: number of lines before the first data row (all of them '#' lines)
    skip: int
    #: byte offset of the first data row
    offset: int
    path: str


def read_header(path: Path) -> Header | None:
    """The leading '#' lines of a Zeek TSV log, or None when the file does not start like one."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise DeviceInputError(f"cannot read: {exc.strerror}", file=path) from exc
    fields: list[str] | None = None
    fields_line, name, offset = 0, "", 0
    lines = head.split(b"\n")
    for number, raw in enumerate(lines[:-1], start=1):  # the last piece may be cut by HEAD_BYTES
        line = raw.rstrip(b"\r").decode("utf-8", "replace")
        if not line.startswith("#"):
            break
        offset += len(raw) + 1
        key, _, value = line[1:].partition("\t")
        if key == "fields":
            fields, fields_line = value.split("\t"), number
        elif key == "path":
            name = value.strip()
    else:
        return None  # no data row within HEAD_BYTES: too odd (or too small) for the columnar path
    if fields is None:
        return None
    return Header(fields, fields_line, number - 1, offset, name)


def is_conn(header: Header) -> bool:
    return header.path == "conn" or (not header.path and "conn_state" in header.fields)


class ConnTsvReader:
    """One conn.log: the current header, line numbers (``line``: of the next block; a range reader sets it), and
    what the "wrong header" check needs."""

    def __init__(self, path: Path, header: Header, named: frozenset[int], relevant: Relevance) -> None:
        self.file, self.header, self.named, self.relevant = str(path), header, named, relevant
        self.fields = header.fields
        self.out = Observations()
        self.rejects = RejectLog(self.file, self.out)
        self.aggregator = Aggregator(named, relevant)
        self.tsv = TsvRows(self.file, self.rejects)
        self.tsv.path, self.tsv.fields = "conn", header.fields
        self.line = header.skip + 1  # of the block being read
        self.good = False  # a row that fits the header was seen
        self.first_bad: tuple[int, str] | None = None

    def columnar(self, block: Block, handlers: list[Invalid]) -> int:
        """Reduce a block with pyarrow; the number of lines it held. Untypable: the row reader must read it."""
        table, invalid = zeek_blocks.parse(block, self.fields, COLUMNS, NULLS, handlers)
        try:
            bad_addresses = self.aggregator.add(table) if table.num_rows else []
        except (pa.ArrowInvalid, ValueError, OverflowError) as exc:
            raise Untypable(str(exc)) from exc
        if not self.good and table.num_rows:
            # Empty lines come back as all-null rows; any other row fits the header.
            self.good = any(table.column(i).null_count < table.num_rows for i in range(table.num_columns))
        rejected: list[tuple[int, str | None, str]] = [(number, None, reason) for number, reason in invalid.bad]
        rejected += [(line_of(row, invalid.skipped), field, reason) for row, field, reason in bad_addresses]
        for number, field, reason in sorted(rejected, key=lambda r: r[0]):
            self.rejects.add(self.line + number - 1, field, reason)
        if invalid.bad and self.first_bad is None:
            self.first_bad = (self.line + invalid.bad[0][0] - 1, invalid.bad[0][1])
        lines: int = table.num_rows + len(invalid.skipped)
        return lines

    def by_rows(self, block: Block) -> int:
        """Read a block with the row reader (it follows a #fields header inside the block)."""
        self.tsv.fields = self.fields
        flows, lines = conn_block_flows(block.data(), self.line, self.tsv, self.rejects)
        self.fields = self.tsv.fields or self.fields
        self.good = self.good or self.tsv.good > 0
        if self.first_bad is None:
            self.first_bad = self.tsv.first_bad
        kept, hosts, other = reduce_groups(group_flows(flows, self.named), self.relevant)
        self.aggregator.row_groups.extend(kept)
        self.aggregator.row_hosts.extend(hosts)
        self.aggregator.other_flows += other
        return lines

    def read(self, path: Path) -> Observations:
        with zeek_blocks.quiet_undecodable() as handlers:
            for block in zeek_blocks.blocks(path, self.header.offset):
                if zeek_blocks.has_fields_line(block):
                    self.line += self.by_rows(block)
                    continue
                try:
                    self.line += self.columnar(block, handlers)
                except Untypable:
                    self.line += self.by_rows(block)
        if not self.good and self.first_bad is not None:
            line, reason = self.first_bad
            raise DeviceInputError(
                f"no row matches the #fields header ({reason})", file=self.file, line=line, field="#fields"
            )
        self.rejects.close()
        self.aggregator.result(self.out)
        self.out.inputs.append((self.file, "zeek-conn"))
        return self.out


def read_conn_log(path: Path, header: Header, named: frozenset[int], relevant: Relevance) -> Observations:
    """The conn.log at ``path`` (whose header ``read_header`` returned): conversations that touch a relevant
    address as flow groups, the local hosts of the others, and the rejected rows."""
    check_conn_fields(header.fields, str(path), header.fields_line)
    return ConnTsvReader(path, header, named, relevant).read(path)
