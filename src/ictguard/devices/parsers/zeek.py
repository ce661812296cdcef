"""Zeek logs (conn, dns, ssl, dhcp, x509) in TSV (#fields header) or JSON-lines form.

Fields are read by name from the header, so extra or reordered columns (ip_proto, orig_l2_addr …) are fine.
A data row with the wrong number of columns is reported as rejected and reading goes on.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ictguard.devices.parsers._common import (
    MAX_COUNT,
    MAX_PORT,
    BadValue,
    RejectLog,
    clean,
    count_of,
    json_type,
    mac_or_none,
    scalar,
    time_problem,
    valid_ip,
)
from ictguard.devices.records import Flow, Lease, NameSeen, Observations
from ictguard.errors import DeviceInputError

CONN_REQUIRED = ("id.orig_h", "id.resp_h")


def number_of(value: Any) -> float | None:
    text = clean(value)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None  # masked timestamps in test baselines (XXXXXXXXXX.XXXXXX)


def time_of(row: dict[str, Any], field: str) -> float | None:
    """``ts`` or ``duration`` of a row: None when unset or not a number (masked test baselines write
    XXXXXXXXXX.XXXXXX); BadValue when it is a number no clock gives (nan, 1e14, -1e20), as time_problem says."""
    number = number_of(scalar(row, field))
    if number is not None and (problem := time_problem(number, field)) is not None:
        raise BadValue(field, problem)
    return number


def count(row: dict[str, Any], field: str, maximum: int) -> int:
    """A port or byte count; Zeek's unset marker '-' is 0 (unknown), anything but a whole number is BadValue."""
    return count_of(row.get(field), field, maximum) or 0


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
            raise DeviceInputError(
                f"no row matches the #fields header ({reason})", file=self.file, line=line, field="#fields"
            )


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


#: the keys that mark a Zeek JSON log without "_path" and without id.orig_h (device_audit.md §3.3): dhcp.log
#: (uids, not uid: no connection id) and x509.log; two keys of one set on the first line are enough
JSON_SIGNATURES: dict[str, frozenset[str]] = {
    "dhcp": frozenset({"client_addr", "assigned_addr", "requested_addr", "lease_time", "msg_types", "uids"}),
    "x509": frozenset(
        {
            "certificate.subject",
            "certificate.issuer",
            "certificate.serial",
            "certificate.not_valid_before",
            "certificate.version",
        }
    ),
}


def is_zeek_json(text: str) -> bool:
    """Whether ``text`` (the start of a file) is a Zeek JSON log: "_path" or "id.orig_h" early on, or a first
    line whose keys are a dhcp.log or x509.log record."""
    head = text[:5000]
    if '"id.orig_h"' in head or '"_path"' in head:
        return True
    first = next((line for line in text.splitlines()[:5] if line.strip()), "")
    try:
        row = json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(row, dict) and any(len(keys & row.keys()) >= 2 for keys in JSON_SIGNATURES.values())


class JsonRows:
    """Zeek JSON logs, one object a line. A bad line (a cut-off last line, say) is rejected like a bad TSV row;
    a file in which no line is a JSON object is not a Zeek JSON log at all (``finish``). Kept as state, so the
    streamed conn.log reader (zeek_conn_json) can feed it one block of lines at a time."""

    def __init__(self, file: str, rejects: RejectLog) -> None:
        self.file, self.rejects = file, rejects
        self.good = 0
        self.first_bad: tuple[int, str | None, str] | None = None

    def rows(self, lines: Iterable[str], start: int = 1) -> Iterator[tuple[str, int, dict[str, Any]]]:
        for number, line in enumerate(lines, start=start):
            if not line.strip():
                continue
            field = None
            try:
                row = json.loads(line)
                reason = None if isinstance(row, dict) else "expected a JSON object per line"
            except json.JSONDecodeError as exc:
                reason = f"malformed JSON line: {exc.msg}"
            except RecursionError:
                reason = "JSON line nested too deeply"
            if reason is None and not isinstance(path := row.get("_path"), str | None):
                field, reason = "_path", f"expected a text, got a JSON {json_type(path)}"
            if reason is not None:
                self.first_bad = self.first_bad or (number, field, reason)
                self.rejects.add(number, field, reason)
                continue
            self.good += 1
            yield path or _guess_path(row), number, row

    def finish(self) -> None:
        if self.first_bad is not None and not self.good:
            line, field, reason = self.first_bad
            raise DeviceInputError(reason, file=self.file, line=line, field=field)


def _split(value: Any, sep: str, field: str) -> list[str]:
    if isinstance(value, list):
        if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value):
            raise BadValue(field, "expected an array of texts")
        return [str(v) for v in value]
    text = scalar({field: value}, field)
    return text.split(sep) if text else []


#: conn.log values in the order they are checked: the first bad one names a rejected row (both readers)
CONN_COUNTS = (("id.orig_p", MAX_PORT), ("id.resp_p", MAX_PORT), ("orig_bytes", MAX_COUNT), ("resp_bytes", MAX_COUNT))


def conn_flow(row: dict[str, Any], number: int, rejects: RejectLog) -> Flow | None:
    """One conn.log row as a Flow; a row whose address is not an IP address, whose time is no time or whose
    port or byte count is not a whole number in range is rejected (named by field)."""
    try:
        orig, resp = scalar(row, "id.orig_h"), scalar(row, "id.resp_h")
        if not (orig and resp):
            return None
        src, dst = valid_ip(orig), valid_ip(resp)
        if src is None or dst is None:
            field, raw = ("id.orig_h", orig) if src is None else ("id.resp_h", resp)
            raise BadValue(field, f"not an IP address: {raw!r}")
        ts = time_of(row, "ts")
        duration = time_of(row, "duration") or 0.0
        sport, dport, bytes_out, bytes_in = (count(row, field, maximum) for field, maximum in CONN_COUNTS)
        proto = scalar(row, "proto") or ""
        src_mac, dst_mac = mac_or_none(scalar(row, "orig_l2_addr")), mac_or_none(scalar(row, "resp_l2_addr"))
    except BadValue as exc:
        rejects.add(number, exc.field, exc.reason)
        return None
    return Flow(
        src=src,
        dst=dst,
        sport=sport,
        dport=dport,
        proto=proto,
        bytes_out=bytes_out,
        bytes_in=bytes_in,
        first=ts,
        last=ts + duration if ts is not None else None,
        src_mac=src_mac,
        dst_mac=dst_mac,
    )


def record(path: str, number: int, row: dict[str, Any], out: Observations, rejects: RejectLog) -> None:
    if path == "conn":
        flow = conn_flow(row, number, rejects)
        if flow is not None:
            out.flows.append(flow)
        return
    try:
        _other_record(path, row, out)
    except BadValue as exc:
        rejects.add(number, exc.field, exc.reason)


def _other_record(path: str, row: dict[str, Any], out: Observations) -> None:
    """A dns, ssl, dhcp or x509 row; BadValue (nothing added) when a value it uses has the wrong type or range."""
    sep = str(row.get("__set_separator__", ","))
    orig, resp = scalar(row, "id.orig_h"), scalar(row, "id.resp_h")
    if path == "dns" and (query := scalar(row, "query")):
        ts = time_of(row, "ts")
        answers = tuple(a for a in _split(row.get("answers"), sep, "answers") if valid_ip(a))
        out.names.append(NameSeen(orig, query.lower().rstrip("."), "dns", answers, ts))
    elif path == "ssl":
        ts = time_of(row, "ts")
        server_name = scalar(row, "server_name")
        # The leaf certificate: cert_chain_fps (Zeek >= 4) or cert_chain_fuids (older) names it in x509.log.
        chain = _split(row.get("cert_chain_fps"), sep, "cert_chain_fps") or _split(
            row.get("cert_chain_fuids"), sep, "cert_chain_fuids"
        )
        if server_name:
            out.names.append(NameSeen(orig, server_name.lower(), "sni", (resp,) if resp else (), ts))
        if resp and chain:
            out.server_certs.append((resp, chain[0], ""))
    elif path == "dhcp":
        ip = valid_ip(scalar(row, "assigned_addr") or scalar(row, "client_addr"))
        mac = mac_or_none(scalar(row, "mac"))
        host_name = scalar(row, "host_name")
        if ip and mac:
            # When and for how long: who held a reused address at a flow's time (audit.py).
            out.leases.append(Lease(ip, mac, host_name, ts=time_of(row, "ts"), lease_time=time_of(row, "lease_time")))
    elif path == "x509" and (subject := scalar(row, "certificate.subject")):
        # x509.log carries no address: ssl.log's certificate chain links a subject to its server (audit.py).
        for key in ("fingerprint", "id"):
            if ident := scalar(row, key):
                out.cert_subjects[ident] = subject


def parse_zeek(data: bytes, file: str) -> Observations:
    out = Observations()
    rejects = RejectLog(file, out)
    reader: JsonRows | TsvRows = JsonRows(file, rejects) if data.lstrip()[:1] == b"{" else TsvRows(file, rejects)
    rows = reader.rows(lines_of(data))
    kinds: set[str] = set()
    for path, number, row in rows:
        kinds.add(path or "?")
        record(path, number, row, out, rejects)
    reader.finish()
    rejects.close()
    out.server_certs[:] = [(ip, cert, file) for ip, cert, _ in out.server_certs]
    out.inputs.append((file, "zeek-" + "+".join(sorted(kinds)) if kinds else "zeek"))
    return out


def conn_block_flows(data: bytes, first_line: int, tsv: TsvRows, rejects: RejectLog) -> tuple[list[Flow], int]:
    """The flows of one block of a TSV conn.log (lines from ``first_line`` on) read row by row, following any
    header inside it, and the number of lines it held. The columnar reader (zeek_conn.py) hands over the
    blocks it cannot type, e.g. masked timestamps or a second #fields header."""
    lines = CountedLines(lines_of(data))
    rows = ((number, row) for kind, number, row in tsv.rows(lines, first_line) if kind == "conn")
    flows = [flow for number, row in rows if (flow := conn_flow(row, number, rejects)) is not None]
    return flows, lines.count


class CountedLines:
    """Lines passed through and counted: a block reader must know how many lines a block held."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.count = 0
        self._lines = lines

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.count += 1
            yield line
