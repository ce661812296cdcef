"""Zeek JSON conn.log (``LogAscii::use_json=T``) read in blocks of whole lines and reduced as the file streams.

The row reader (zeek.parse_zeek) holds the file and every Flow in memory; here zeek_blocks cuts the file into
blocks, each block's lines go through the very same checks (zeek.JsonRows for the line, zeek.conn_flow for the
values: same rejected rows, same reasons, same line numbers), and its flows are grouped and reduced at once
(flowgroups.reduce_groups, as the audit would reduce them): only conversations that touch a relevant address
are kept whole, the rest leave their local host and a count. Memory follows the relevant conversations and the
hosts, not the rows.

A file streams when its first JSON object is a conn.log row. Other rows in it (a dns or ssl row in a mixed
file, which Zeek does not write) are still recorded, but their names come too late to make a conversation of
the same file relevant; the non-conn JSON logs (dns, ssl, dhcp, x509: small) keep the row reader.

Most blocks never reach the row reader: pyarrow.json parses a block against an explicit schema of the conn.log
columns the audit reads and zeek_conn_agg reduces it as it reduces a TSV block (the same per-value rules, the
same rejected rows). A block pyarrow rejects or cannot type (a malformed line, a port written as text, a blank
line, a row of another log) goes to the row reader alone, so its rejected rows are the row reader's, by line.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from ictguard.devices.detect import choose_parser
from ictguard.devices.flowgroups import Relevance, group_flows, reduce_groups
from ictguard.devices.parsers import zeek_blocks
from ictguard.devices.parsers._common import RejectLog
from ictguard.devices.parsers.zeek import CountedLines, JsonRows, conn_flow, lines_of, parse_zeek, record
from ictguard.devices.parsers.zeek_conn_agg import Aggregator
from ictguard.devices.records import Flow, Observations
from ictguard.errors import DeviceInputError

HEAD_BYTES = 1 << 16
TEXT = ("id.orig_h", "id.resp_h", "proto", "orig_l2_addr", "resp_l2_addr")
#: the conn.log fields the audit reads, as Zeek's JSON writer types them (counts and ports are JSON integers);
#: ``_path`` and the two keys zeek._guess_path looks for tell a conn row
SCHEMA = pa.schema(
    [
        ("_path", pa.string()),
        ("conn_state", pa.string()),
        ("ts", pa.float64()),
        ("duration", pa.float64()),
        *((name, pa.string()) for name in TEXT),
        *((name, pa.int64()) for name in ("id.orig_p", "id.resp_p", "orig_bytes", "resp_bytes")),
    ]
)
_PARSE = pj.ParseOptions(explicit_schema=SCHEMA, unexpected_field_behavior="ignore", newlines_in_values=False)


def is_conn_json(path: Path) -> bool:
    """Whether ``path`` is a Zeek JSON log whose first JSON object is a conn.log row (detect.py's rule for a
    Zeek JSON log, then the row reader's own ``_path``/key guess on that first object)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise DeviceInputError(f"cannot read: {exc.strerror}", file=path) from exc
    if head.lstrip()[:1] != b"{":
        return False
    try:
        if choose_parser(head, str(path)) is not parse_zeek:
            return False
    except DeviceInputError:  # not this reader's to explain: read_input names the problem
        return False
    lines = head.split(b"\n")
    for raw in lines[:-1] if len(head) == HEAD_BYTES else lines:  # the last piece may be cut by HEAD_BYTES
        if not raw.strip():
            continue
        rows = list(JsonRows(str(path), RejectLog(str(path), Observations())).rows([raw.decode("utf-8", "replace")]))
        if rows:
            return rows[0][0] == "conn"
    return False


class ConnJsonReader:
    def __init__(self, path: Path, named: frozenset[int], relevant: Relevance) -> None:
        self.path, self.file = path, str(path)
        self.out = Observations()
        self.rejects = RejectLog(self.file, self.out)
        self.json = JsonRows(self.file, self.rejects)
        self.kinds: set[str] = set()
        self.named, self.relevant = named, relevant
        self.aggregator = Aggregator(named, relevant)

    def block(self, data: bytes, first_line: int) -> int:
        """Read one block of lines from ``first_line`` on; the number of lines it held."""
        lines = self.columnar(data, first_line)
        return lines if lines is not None else self.by_rows(data, first_line)

    def columnar(self, data: bytes, first_line: int) -> int | None:
        """The block through pyarrow.json and zeek_conn_agg; None (nothing changed) when the row reader must
        read it: a line pyarrow rejects or cannot type, a blank or \\r-ended line (line numbers would move),
        a row of another log or one whose kind only the row reader can guess."""
        if not data or b"\r" in data or b"\n\n" in data or data.startswith(b"\n"):
            return None
        lines = data.count(b"\n") + (not data.endswith(b"\n"))
        options = pj.ReadOptions(use_threads=False, block_size=len(data) + 1)
        try:
            table = pj.read_json(pa.BufferReader(data), read_options=options, parse_options=_PARSE)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        if table.num_rows != lines or not self._all_conn(table):
            return None
        table = table.cast(pa.schema([pa.field(f.name, pa.binary() if f.name in TEXT else f.type) for f in SCHEMA]))
        try:
            rejected = self.aggregator.add(table)
        except (pa.ArrowInvalid, ValueError, OverflowError):
            return None
        for row, field, reason in rejected:
            self.rejects.add(first_line + row, field, reason)
        self.json.good += table.num_rows
        self.kinds.add("conn")
        return lines

    @staticmethod
    def _all_conn(table: pa.Table) -> bool:
        """Whether every row is a conn row: ``_path`` "conn", or no ``_path`` and a key zeek._guess_path takes
        for conn (a key present with a JSON null reads as absent here: such a block goes to the row reader)."""
        path = table.column("_path")
        if pc.any(pc.not_equal(path, "conn")).as_py():
            return False
        if not path.null_count:
            return True
        known = pc.or_(pc.is_valid(table.column("conn_state")), pc.is_valid(table.column("orig_bytes")))
        return bool(pc.all(pc.or_(pc.is_valid(path), known)).as_py())

    def by_rows(self, data: bytes, first_line: int) -> int:
        """The block line by line through the row reader's checks (zeek.JsonRows, zeek.conn_flow)."""
        lines = CountedLines(lines_of(data))
        flows: list[Flow] = []
        for kind, number, row in self.json.rows(lines, first_line):
            self.kinds.add(kind or "?")
            if kind == "conn":
                if (flow := conn_flow(row, number, self.rejects)) is not None:
                    flows.append(flow)
            else:
                record(kind, number, row, self.out, self.rejects)
        kept, hosts, other = reduce_groups(group_flows(flows, self.named), self.relevant)
        self.aggregator.row_groups.extend(kept)
        self.aggregator.row_hosts.extend(hosts)
        self.aggregator.other_flows += other
        return lines.count

    def read(self) -> Observations:
        line = 1
        for block in zeek_blocks.blocks(self.path, 0):
            line += self.block(block.data(), line)
        self.json.finish()
        self.rejects.close()
        out = self.out
        self.aggregator.result(out)
        out.server_certs[:] = [(ip, cert, self.file) for ip, cert, _ in out.server_certs]
        out.inputs.append((self.file, "zeek-" + "+".join(sorted(self.kinds)) if self.kinds else "zeek"))
        return out


def read_conn_json(path: Path, named: frozenset[int], relevant: Relevance) -> Observations:
    """The JSON conn.log at ``path`` (``is_conn_json``): conversations that touch a relevant address as flow
    groups, the local hosts of the others, and the rejected rows, exactly as the row reader would reject them."""
    return ConnJsonReader(path, named, relevant).read()
