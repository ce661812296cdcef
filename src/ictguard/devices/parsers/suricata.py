"""Suricata EVE JSON lines: ``flow`` events as flows, ``dns`` answers and ``tls`` SNI as names seen.

EVE field names: docs.suricata.io eve-json-format (device_audit.md §3.5). DNS answers come either as one record
per answer (``rdata``, EVE v1) or grouped under ``answers`` (v2+); both are read.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ictguard.devices.parsers._common import MAX_PORT, BadValue, count_of, json_type, scalar, time_problem, valid_ip
from ictguard.devices.records import Flow, NameSeen, Observations, Rejected
from ictguard.errors import DeviceInputError


def _epoch(value: Any, field: str = "timestamp") -> float | None:
    """An EVE time as seconds; None when it is not one; BadValue when it is one the report cannot print."""
    if not isinstance(value, str):
        return None
    try:
        seconds = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
    except ValueError:
        return None
    problem = time_problem(seconds, "ts")
    if problem is not None:
        raise BadValue(field, problem)
    return seconds


def _object(record: dict[str, Any], name: str) -> dict[str, Any]:
    value = record.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadValue(name, f"expected an object, got a JSON {json_type(value)}")
    return value


def _dns(event: dict[str, Any], client: str | None, out: Observations) -> None:
    dns = _object(event, "dns")
    rrname = scalar(dns, "rrname")
    if scalar(dns, "type") != "answer" or not rrname:
        return
    grouped = dns.get("answers")
    answers = (
        [dns.get("rdata")] + [a.get("rdata") for a in grouped if isinstance(a, dict)]
        if isinstance(grouped, list)
        else [dns.get("rdata")]
    )
    addresses = tuple(a for a in (valid_ip(x) for x in answers) if a)
    # An answer event goes server -> client: the client is the destination.
    out.names.append(NameSeen(client, rrname.lower().rstrip("."), "dns", addresses, _epoch(event.get("timestamp"))))


def _event(event: dict[str, Any], out: Observations) -> None:
    """One EVE event; BadValue (nothing added) when a value it uses has the wrong JSON type or range."""
    src, dst = valid_ip(scalar(event, "src_ip")), valid_ip(scalar(event, "dest_ip"))
    kind = scalar(event, "event_type")
    if kind == "flow" and src and dst:
        flow = _object(event, "flow")
        out.flows.append(
            Flow(
                src=src,
                dst=dst,
                sport=count_of(event.get("src_port"), "src_port", MAX_PORT),
                dport=count_of(event.get("dest_port"), "dest_port", MAX_PORT),
                proto=(scalar(event, "proto") or "").lower(),
                bytes_out=count_of(flow.get("bytes_toserver"), "flow.bytes_toserver") or 0,
                bytes_in=count_of(flow.get("bytes_toclient"), "flow.bytes_toclient") or 0,
                first=_epoch(flow.get("start"), "flow.start"),
                last=_epoch(flow.get("end"), "flow.end"),
            )
        )
    elif kind == "dns":
        _dns(event, dst, out)
    elif kind == "tls" and (sni := scalar(_object(event, "tls"), "sni")):
        out.names.append(NameSeen(src, sni.lower(), "sni", (dst,) if dst else (), _epoch(event.get("timestamp"))))


def parse_eve(data: bytes, file: str) -> Observations:
    out = Observations(inputs=[(file, "suricata-eve")])
    for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DeviceInputError(f"malformed JSON line: {exc.msg}", file=file, line=number) from exc
        except RecursionError as exc:
            raise DeviceInputError("JSON line nested too deeply", file=file, line=number) from exc
        if not isinstance(event, dict) or "event_type" not in event:
            raise DeviceInputError("not an EVE event", file=file, line=number, field="event_type")
        try:
            _event(event, out)
        except BadValue as exc:
            out.rejected.append(
                Rejected(file, number, exc.field, f"unusable {event.get('event_type')} event: {exc.reason}")
            )
    return out
