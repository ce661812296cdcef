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
            break
        line = reader.line_num
        try:
            src, dst = valid_ip(row[index["sa"]]), valid_ip(row[index["da"]])
            if src is None or dst is None:
                raise ValueError("bad address")
            out.flows.append(Flow(
                src=src, dst=dst, sport=int(row[index["sp"]]), dport=int(row[index["dp"]]),
                proto=row[index["pr"]].strip().lower(),
                bytes_out=int(row[index["ibyt"]]), bytes_in=int(row[index["obyt"]]) if "obyt" in index else 0,
                first=_epoch(row[index["ts"]]), last=_epoch(row[index["te"]]),
            ))
        except (ValueError, IndexError) as exc:
            out.rejected.append(Rejected(file, line, None, f"unusable flow row: {exc}"))
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
