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
"""

from __future__ import annotations

from pathlib import Path

from ictguard.devices.detect import choose_parser
from ictguard.devices.flowgroups import Reducer, Relevance
from ictguard.devices.parsers import zeek_blocks
from ictguard.devices.parsers._common import RejectLog
from ictguard.devices.parsers.zeek import CountedLines, JsonRows, conn_flow, lines_of, parse_zeek, record
from ictguard.devices.records import Flow, Observations
from ictguard.errors import DeviceInputError

HEAD_BYTES = 1 << 16


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
        self.reducer = Reducer(named, relevant)

    def block(self, data: bytes, first_line: int) -> int:
        """Read one block of lines from ``first_line`` on; the number of lines it held."""
        lines = CountedLines(lines_of(data))
        flows: list[Flow] = []
        for kind, number, row in self.json.rows(lines, first_line):
            self.kinds.add(kind or "?")
            if kind == "conn":
                if (flow := conn_flow(row, number, self.rejects)) is not None:
                    flows.append(flow)
            else:
                record(kind, number, row, self.out, self.rejects)
        self.reducer.add(flows)
        return lines.count

    def read(self) -> Observations:
        line = 1
        for block in zeek_blocks.blocks(self.path, 0):
            line += self.block(block.data(), line)
        self.json.finish()
        self.rejects.close()
        out = self.out
        self.reducer.result(out)
        out.server_certs[:] = [(ip, cert, self.file) for ip, cert, _ in out.server_certs]
        out.inputs.append((self.file, "zeek-" + "+".join(sorted(self.kinds)) if self.kinds else "zeek"))
        return out


def read_conn_json(path: Path, named: frozenset[int], relevant: Relevance) -> Observations:
    """The JSON conn.log at ``path`` (``is_conn_json``): conversations that touch a relevant address as flow
    groups, the local hosts of the others, and the rejected rows, exactly as the row reader would reject them."""
    return ConnJsonReader(path, named, relevant).read()

