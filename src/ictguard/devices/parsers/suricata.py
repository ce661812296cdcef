"""Suricata EVE JSON lines: ``flow`` events as flows, ``dns`` answers and ``tls`` SNI as names seen.

EVE field names: docs.suricata.io eve-json-format (device_audit.md §3.5). DNS answers come either as one record
per answer (``rdata``, EVE v1) or grouped under ``answers`` (v2+); both are read.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ictguard.devices.parsers._common import valid_ip
from ictguard.devices.records import Flow, NameSeen, Observations, Rejected
from ictguard.errors import DeviceInputError


def _epoch(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
    except ValueError:
        return None


def _dns(event: dict[str, Any], client: str | None, out: Observations) -> None:
    dns = event.get("dns") or {}
    if dns.get("type") != "answer" or not dns.get("rrname"):
        return
    answers = [dns.get("rdata")] + [a.get("rdata") for a in dns.get("answers") or [] if isinstance(a, dict)]
    addresses = tuple(a for a in (valid_ip(x) if isinstance(x, str) else None for x in answers) if a)
    # An answer event goes server -> client: the client is the destination.
    out.names.append(NameSeen(client, str(dns["rrname"]).lower().rstrip("."), "dns", addresses,
                              _epoch(event.get("timestamp"))))


def _event(event: dict[str, Any], out: Observations) -> None:
    src, dst = valid_ip(event.get("src_ip")), valid_ip(event.get("dest_ip"))
    kind = event.get("event_type")
    if kind == "flow" and src and dst:
        flow = event.get("flow") or {}
        out.flows.append(Flow(
            src=src, dst=dst, sport=event.get("src_port"), dport=event.get("dest_port"),
            proto=str(event.get("proto", "")).lower(), bytes_out=int(flow.get("bytes_toserver", 0)),
            bytes_in=int(flow.get("bytes_toclient", 0)), first=_epoch(flow.get("start")), last=_epoch(flow.get("end")),
        ))
    elif kind == "dns":
        _dns(event, dst, out)
    elif kind == "tls" and (event.get("tls") or {}).get("sni"):
        out.names.append(NameSeen(src, str(event["tls"]["sni"]).lower(), "sni", (dst,) if dst else (),
                                  _epoch(event.get("timestamp"))))


def parse_eve(data: bytes, file: str) -> Observations:
    out = Observations(inputs=[(file, "suricata-eve")])
    for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DeviceInputError(f"malformed JSON line: {exc.msg}", file=file, line=number) from exc
        if not isinstance(event, dict) or "event_type" not in event:
            raise DeviceInputError("not an EVE event", file=file, line=number, field="event_type")
        try:
            _event(event, out)
        except (TypeError, ValueError, AttributeError) as exc:
            out.rejected.append(Rejected(file, number, None, f"unusable {event.get('event_type')} event: {exc}"))
    return out
