"""Zeek logs (conn, dns, ssl, dhcp, x509) in TSV (#fields header) or JSON-lines form.

Fields are read by name from the header, so extra or reordered columns (ip_proto, orig_l2_addr …) are fine.
A data row with the wrong number of columns is reported as rejected and reading goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ictguard.devices.parsers._common import clean, mac_or_none, valid_ip
from ictguard.devices.records import Flow, Lease, NameSeen, Observations, Rejected
from ictguard.errors import DeviceInputError


def _number(value: Any) -> float | None:
    text = clean(value)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None  # masked timestamps in test baselines (XXXXXXXXXX.XXXXXX)


def _count(value: Any) -> int:
    number = _number(value)
    return int(number) if number is not None else 0


def _tsv_rows(text: str, file: str, out: Observations) -> Iterator[tuple[str, int, dict[str, str]]]:
    fields: list[str] | None = None
    path, set_sep = "", ","
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            key, _, value = line[1:].partition("\t")
            if key == "fields":
                fields = value.split("\t")
            elif key == "path":
                path = value.strip()
            elif key == "set_separator":
                set_sep = value.strip() or ","
            continue
        if not line.strip():
            continue
        if fields is None:
            raise DeviceInputError("data before the #fields header", file=file, line=number, field="#fields")
        cells = line.split("\t")
        if len(cells) != len(fields):
            out.rejected.append(Rejected(file, number, None, f"{len(cells)} columns, header has {len(fields)}"))
            continue
        row = dict(zip(fields, cells, strict=True))
        row["__set_separator__"] = set_sep
        yield path, number, row


def _guess_path(row: dict[str, Any]) -> str:
    if "conn_state" in row or "orig_bytes" in row:
        return "conn"
    if "query" in row:
        return "dns"
    if "server_name" in row or "cipher" in row:
        return "ssl"
    if "assigned_addr" in row or "msg_types" in row:
        return "dhcp"
    if "certificate.subject" in row:
        return "x509"
    return ""


def _json_rows(text: str, file: str) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DeviceInputError(f"malformed JSON line: {exc.msg}", file=file, line=number) from exc
        if not isinstance(row, dict):
            raise DeviceInputError("expected a JSON object per line", file=file, line=number)
        yield row.get("_path") or _guess_path(row), number, row


def _split(value: Any, sep: str) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    text = clean(value)
    return text.split(sep) if text else []


def _record(path: str, row: dict[str, Any], out: Observations) -> None:
    sep = str(row.get("__set_separator__", ","))
    orig, resp = clean(row.get("id.orig_h")), clean(row.get("id.resp_h"))
    ts = _number(row.get("ts"))
    if path == "conn" and orig and resp:
        duration = _number(row.get("duration")) or 0.0
        out.flows.append(Flow(
            src=orig, dst=resp, sport=_count(row.get("id.orig_p")), dport=_count(row.get("id.resp_p")),
            proto=str(row.get("proto", "")), bytes_out=_count(row.get("orig_bytes")),
            bytes_in=_count(row.get("resp_bytes")), first=ts, last=ts + duration if ts is not None else None,
            src_mac=mac_or_none(clean(row.get("orig_l2_addr"))), dst_mac=mac_or_none(clean(row.get("resp_l2_addr"))),
        ))
    elif path == "dns" and clean(row.get("query")):
        answers = tuple(a for a in _split(row.get("answers"), sep) if valid_ip(a))
        out.names.append(NameSeen(orig, str(row["query"]).lower().rstrip("."), "dns", answers, ts))
    elif path == "ssl":
        if clean(row.get("server_name")):
            out.names.append(NameSeen(orig, str(row["server_name"]).lower(), "sni", (resp,) if resp else (), ts))
        # The leaf certificate: cert_chain_fps (Zeek >= 4) or cert_chain_fuids (older) names it in x509.log.
        chain = _split(row.get("cert_chain_fps"), sep) or _split(row.get("cert_chain_fuids"), sep)
        if resp and chain:
            out.server_certs.append((resp, chain[0], ""))
    elif path == "dhcp":
        ip = valid_ip(clean(row.get("assigned_addr")) or clean(row.get("client_addr")))
        mac = mac_or_none(clean(row.get("mac")))
        if ip and mac:
            out.leases.append(Lease(ip, mac, clean(row.get("host_name"))))
    elif path == "x509" and clean(row.get("certificate.subject")):
        # x509.log carries no address: ssl.log's certificate chain links a subject to its server (audit.py).
        for key in ("fingerprint", "id"):
            if clean(row.get(key)):
                out.cert_subjects[str(row[key])] = str(row["certificate.subject"])


def parse_zeek(data: bytes, file: str) -> Observations:
    text = data.decode("utf-8", errors="replace")
    stripped = text.lstrip()
    out = Observations()
    rows = _json_rows(text, file) if stripped.startswith("{") else _tsv_rows(text, file, out)
    kinds: set[str] = set()
    for path, _number, row in rows:
        kinds.add(path or "?")
        _record(path, row, out)
    out.server_certs[:] = [(ip, cert, file) for ip, cert, _ in out.server_certs]
    out.inputs.append((file, "zeek-" + "+".join(sorted(kinds)) if kinds else "zeek"))
    return out
