"""nfdump output: ``-o csv`` (with its Summary trailer) and ``-o json`` FLOW records (device_audit.md §3.4)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from ictguard.devices.parsers._common import valid_ip
from ictguard.devices.parsers.bom import load_json
from ictguard.devices.records import Flow, Observations, Rejected
from ictguard.errors import DeviceInputError

_PROTO = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmp6"}
REQUIRED = ("ts", "te", "sa", "da", "sp", "dp", "pr", "ibyt")


def _epoch(text: str) -> float:
    stamp = datetime.fromisoformat(text.strip().replace(" ", "T"))
    return stamp.replace(tzinfo=stamp.tzinfo or UTC).timestamp()


def parse_nfdump_csv(data: bytes, file: str) -> Observations:
    out = Observations(inputs=[(file, "nfdump-csv")])
    cut = b""
    if not data.endswith((b"\n", b"\r")) and b"\n" in data:  # nfdump ends every line: the last one was cut off
        data, _, cut = data.rpartition(b"\n")
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace")))
    header = next(reader, None)
    if header is None or not set(REQUIRED) <= set(header):
        missing = sorted(set(REQUIRED) - set(header or []))
        raise DeviceInputError(f"not nfdump CSV: missing {', '.join(missing)}", file=file, line=1, field="header")
    index = {name: i for i, name in enumerate(header)}
    for row in reader:
        if not row or not any(row):
            continue
        if row[0] == "Summary":  # trailer: "Summary", its header and one totals line
            return out
        line = reader.line_num
        if len(row) != len(header):  # a cut-off last line would otherwise give a flow with a cut-off number
            field = header[len(row)] if len(row) < len(header) else None
            out.rejected.append(Rejected(file, line, field, f"row has {len(row)} fields, the header {len(header)}"
                                         + (" (truncated?)" if len(row) < len(header) else "")))
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
        out.flows.append(Flow(src=src, dst=dst, proto=row[index["pr"]].strip().lower(), first=first, last=last,
                              **values))
    if cut.strip():
        out.rejected.append(Rejected(file, data.count(b"\n") + 2, None, "last line has no line end: the file was cut "
                                     "off there (truncated?), so the row is not used"))
    return out


def _json_flow(rec: dict[str, Any]) -> Flow | None:
    src = valid_ip(rec.get("src4_addr") or rec.get("src6_addr"))
    dst = valid_ip(rec.get("dst4_addr") or rec.get("dst6_addr"))
    if src is None or dst is None:
        return None
    return Flow(
        src=src, dst=dst, sport=int(rec.get("src_port", 0)), dport=int(rec.get("dst_port", 0)),
        proto=_PROTO.get(str(rec.get("proto")), str(rec.get("proto"))), bytes_out=int(rec.get("in_bytes", 0)),
        bytes_in=int(rec.get("out_bytes", 0)), first=_epoch(rec["first"]) if rec.get("first") else None,
        last=_epoch(rec["last"]) if rec.get("last") else None,
    )


def parse_nfdump_json(data: bytes, file: str) -> Observations:
    doc = load_json(data, file)
    if not isinstance(doc, list):
        raise DeviceInputError("expected a JSON array of FLOW records", file=file)
    out = Observations(inputs=[(file, "nfdump-json")])
    for number, rec in enumerate(doc, start=1):
        if not isinstance(rec, dict) or rec.get("type") != "FLOW":
            continue
        try:
            flow = _json_flow(rec)
        except (ValueError, KeyError) as exc:
            flow = None
            out.rejected.append(Rejected(file, None, None, f"record {number}: {exc}"))
            continue
        if flow is None:
            out.rejected.append(Rejected(file, None, "src4_addr", f"record {number}: no usable address"))
        else:
            out.flows.append(flow)
    return out
