"""Zeek logs (conn, dns, ssl, dhcp, x509) in TSV (#fields header) or JSON-lines form.

Fields are read by name from the header, so extra or reordered columns (ip_proto, orig_l2_addr …) are fine.
A data row with the wrong number of columns is reported as rejected and reading goes on.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ictguard.devices.parsers._common import RejectLog, clean, mac_or_none, valid_ip
from ictguard.devices.records import Flow, Lease, NameSeen, Observations
from ictguard.errors import DeviceInputError

CONN_REQUIRED = ("id.orig_h", "id.resp_h")


def number_of(value: Any) -> float | None:
    text = clean(value)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None  # masked timestamps in test baselines (XXXXXXXXXX.XXXXXX)


def _count(value: Any) -> int:
    number = number_of(value)
    return int(number) if number is not None else 0


def lines_of(data: bytes) -> Iterator[str]:
    """Lines as the columnar reader counts them (\\n, \\r\\n or \\r), bad UTF-8 replaced, not dropped."""
    with io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace", newline=None) as handle:
        for line in handle:
            yield line.rstrip("\n")


class TsvRows:
    """Reads TSV rows by the #fields header; remembers enough to tell a wrong header from a few bad rows."""

    def __init__(self, file: str, rejects: RejectLog) -> None:
        self.file, self.rejects = file, rejects
        self.fields: list[str] | None = None
        self.path, self.set_sep = "", ","
        self.good = 0
        self.first_bad: tuple[int, str] | None = None

    def rows(self, lines: Iterable[str], start: int = 1) -> Iterator[tuple[str, int, dict[str, str]]]:
        for number, line in enumerate(lines, start=start):
            if line.startswith("#"):
                self._header(line, number)
                continue
            if not line.strip():
                continue
            if self.fields is None:
                raise DeviceInputError("data before the #fields header", file=self.file, line=number, field="#fields")
            cells = line.split("\t")
            if len(cells) != len(self.fields):
                reason = f"{len(cells)} columns, header has {len(self.fields)}"
                self.first_bad = self.first_bad or (number, reason)
                self.rejects.add(number, None, reason)
                continue
            self.good += 1
            row = dict(zip(self.fields, cells, strict=True))
            row["__set_separator__"] = self.set_sep
            yield self.path, number, row

    def _header(self, line: str, number: int) -> None:
        key, _, value = line[1:].partition("\t")
        if key == "fields":
            self.fields = value.split("\t")
            self.path = self.path or _guess_path(dict.fromkeys(self.fields))
            if self.path == "conn":
                check_conn_fields(self.fields, self.file, number)
        elif key == "path":
            self.path = value.strip()
        elif key == "set_separator":
            self.set_sep = value.strip() or ","

    def finish(self) -> None:
        """A file none of whose rows fits its header has the wrong header: an error, not a list of rejects."""
        if self.good == 0 and self.first_bad is not None:
            line, reason = self.first_bad
            raise DeviceInputError(f"no row matches the #fields header ({reason})", file=self.file, line=line,
                                   field="#fields")


def check_conn_fields(fields: list[str], file: str, line: int) -> None:
    for name in CONN_REQUIRED:
        if name not in fields:
            raise DeviceInputError(f"conn.log #fields has no {name}", file=file, line=line, field="#fields")


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


def _json_rows(lines: Iterable[str], file: str, rejects: RejectLog) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """Zeek JSON logs, one object a line. A bad line (a cut-off last line, say) is rejected like a bad TSV row;
    a file in which no line is a JSON object is not a Zeek JSON log at all."""
    first_bad: tuple[int, str] | None = None
    good = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            reason = None if isinstance(row, dict) else "expected a JSON object per line"
        except json.JSONDecodeError as exc:
            reason = f"malformed JSON line: {exc.msg}"
        if reason is not None:
            first_bad = first_bad or (number, reason)
            rejects.add(number, None, reason)
            continue
        good += 1
        yield row.get("_path") or _guess_path(row), number, row
    if first_bad is not None and not good:
        raise DeviceInputError(first_bad[1], file=file, line=first_bad[0])


def _split(value: Any, sep: str) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    text = clean(value)
    return text.split(sep) if text else []


def conn_flow(row: dict[str, Any], number: int, rejects: RejectLog) -> Flow | None:
    """One conn.log row as a Flow; a row whose address is not an IP address is rejected (named by field)."""
    orig, resp = clean(row.get("id.orig_h")), clean(row.get("id.resp_h"))
    if not (orig and resp):
        return None
    src, dst = valid_ip(orig), valid_ip(resp)
    if src is None or dst is None:
        field, raw = ("id.orig_h", orig) if src is None else ("id.resp_h", resp)
        rejects.add(number, field, f"not an IP address: {raw!r}")
        return None
    ts = number_of(row.get("ts"))
    duration = number_of(row.get("duration")) or 0.0
    return Flow(
        src=src, dst=dst, sport=_count(row.get("id.orig_p")), dport=_count(row.get("id.resp_p")),
        proto=clean(row.get("proto")) or "", bytes_out=_count(row.get("orig_bytes")),
        bytes_in=_count(row.get("resp_bytes")), first=ts, last=ts + duration if ts is not None else None,
        src_mac=mac_or_none(clean(row.get("orig_l2_addr"))), dst_mac=mac_or_none(clean(row.get("resp_l2_addr"))),
    )


def _record(path: str, number: int, row: dict[str, Any], out: Observations, rejects: RejectLog) -> None:
    sep = str(row.get("__set_separator__", ","))
    orig, resp = clean(row.get("id.orig_h")), clean(row.get("id.resp_h"))
    ts = number_of(row.get("ts"))
    if path == "conn":
        flow = conn_flow(row, number, rejects)
        if flow is not None:
            out.flows.append(flow)
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
    out = Observations()
    rejects = RejectLog(file, out)
    tsv = None
    if data.lstrip()[:1] == b"{":
        rows = _json_rows(lines_of(data), file, rejects)
    else:
        tsv = TsvRows(file, rejects)
        rows = tsv.rows(lines_of(data))
    kinds: set[str] = set()
    for path, number, row in rows:
        kinds.add(path or "?")
        _record(path, number, row, out, rejects)
    if tsv is not None:
        tsv.finish()
    rejects.close()
    out.server_certs[:] = [(ip, cert, file) for ip, cert, _ in out.server_certs]
    out.inputs.append((file, "zeek-" + "+".join(sorted(kinds)) if kinds else "zeek"))
    return out


def conn_block_flows(data: bytes, first_line: int, tsv: TsvRows, rejects: RejectLog) -> tuple[list[Flow], int]:
    """The flows of one block of a TSV conn.log (lines from ``first_line`` on) read row by row, following any
    header inside it, and the number of lines it held. The columnar reader (zeek_conn.py) hands over the
    blocks it cannot type, e.g. masked timestamps or a second #fields header."""
    count = 0

    def counted(lines: Iterable[str]) -> Iterator[str]:
        nonlocal count
        for line in lines:
            count += 1
            yield line

    rows = ((number, row) for kind, number, row in tsv.rows(counted(lines_of(data)), first_line) if kind == "conn")
    flows = [flow for number, row in rows if (flow := conn_flow(row, number, rejects)) is not None]
    return flows, count
