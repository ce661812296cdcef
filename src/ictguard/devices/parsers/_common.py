"""Helpers shared by the input parsers."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as DET

from ictguard.devices.oui import normalize_mac
from ictguard.devices.records import Observations, Rejected
from ictguard.errors import DeviceInputError


def parse_xml(data: bytes, file: str) -> Element:
    """Parse untrusted XML with defusedxml; a syntax error names the line."""
    try:
        root: Element = DET.fromstring(data)
    except DET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise DeviceInputError(f"malformed XML: {exc}", file=file, line=line) from exc
    except Exception as exc:  # defusedxml's forbidden-construct errors (entities, DTDs)
        raise DeviceInputError(f"refused XML: {exc}", file=file) from exc
    return root


def local(tag: str) -> str:
    """Tag name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def child_text(element: Element, name: str) -> str | None:
    """Text of the first direct or nested child with local name ``name`` (namespaces vary by vendor)."""
    for node in element.iter():
        if local(node.tag) == name and node.text and node.text.strip():
            return node.text.strip()
    return None


def clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text if text and text not in {"-", "(empty)", "null", "None"} else None


def valid_ip(value: object) -> str | None:
    # Callers hand over JSON values too: a number or a list where an address belongs is simply not one.
    if not value or not isinstance(value, str):
        return None
    return _ip_text(value)


@lru_cache(maxsize=65536)
def _ip_text(value: str) -> str | None:
    """Memoised: the streamed flow readers ask for the same few thousand addresses millions of times (a third of
    their time per row went here)."""
    try:
        return str(ipaddress.ip_address(value.split("%")[0].split("/")[0]))
    except ValueError:
        return None


def mac_or_none(value: str | None) -> str | None:
    return normalize_mac(value) if value else None


class BadValue(ValueError):
    """A value of the wrong JSON type or outside its range: the record is rejected, naming ``field``."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def scalar(record: dict[str, Any], name: str) -> str | None:
    """A JSON text or number field as clean text (None when absent or unset); a list, object or boolean where
    one value belongs is a BadValue naming the field (str() of it would be garbage, and unhashable later)."""
    value = record.get(name)
    if value is None or (isinstance(value, str | int | float) and not isinstance(value, bool)):
        return clean(value)
    raise BadValue(name, f"expected a text or number, got a JSON {json_type(value)}")


def json_type(value: object) -> str:
    names = {dict: "object", list: "array", bool: "boolean", str: "string", int: "number", float: "number"}
    return names.get(type(value), type(value).__name__)


#: rejected rows kept per file in full; past that only counted (a file of garbage must not fill memory)
MAX_REJECTED = 1000


class RejectLog:
    """The rejected rows of one input file."""

    def __init__(self, file: str, out: Observations) -> None:
        self.file, self.out, self.count = file, out, 0

    def add(self, line: int | None, field: str | None, reason: str) -> None:
        self.count += 1
        if self.count <= MAX_REJECTED:
            self.out.rejected.append(Rejected(self.file, line, field, reason))

    def close(self) -> None:
        if self.count > MAX_REJECTED:
            self.out.rejected.append(
                Rejected(self.file, None, None, f"{self.count - MAX_REJECTED} more rejected rows not listed")
            )


#: the largest byte count believed (2**53: a float holds every integer up to it; 8 PiB in one flow)
MAX_COUNT = 1 << 53
MAX_PORT = 65535
#: times are seconds since 1970 up to 3000-01-01: anything else is a corrupt value, not a time (and a report
#: could not print it); with durations up to MAX_DURATION, ts + duration stays printable too
TS_MAX = 32_503_680_000.0
MAX_DURATION = 1e9


def count_problem(text: str, maximum: int = MAX_COUNT) -> str | None:
    """Why ``text`` is not a count or port (a whole number 0..maximum; 12.0 and 1e3 are), or None."""
    try:
        number = float(text)
    except ValueError:
        return f"not a number: {text!r}"
    if number != number or number < 0 or number > maximum or number != int(number):
        return f"not a whole number from 0 to {maximum}: {text!r}"
    return None


def count_of(value: object, field: str, maximum: int = MAX_COUNT) -> int | None:
    """A count or port from a text or JSON value; None when unset; BadValue naming ``field`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | None):
        raise BadValue(field, f"expected a number, got a JSON {json_type(value)}")
    text = clean(value)
    if text is None:
        return None
    problem = count_problem(text, maximum)
    if problem is not None:
        raise BadValue(field, problem)
    return int(float(text))


def time_problem(number: float, field: str) -> str | None:
    """Why ``number`` is not a usable ``ts`` (0 .. TS_MAX) or ``duration`` (±MAX_DURATION), or None."""
    if field == "duration":
        ok = -MAX_DURATION <= number <= MAX_DURATION  # False for NaN
        return None if ok else f"not a duration in seconds: {number!r}"
    ok = 0.0 <= number <= TS_MAX
    return None if ok else f"not a time (seconds since 1970, up to the year 3000): {number!r}"


#: X.500 attribute names as OpenSSL and nmap spell them -> the RFC 4514 short names fingerprints are written in
DN_SHORT_NAMES = {
    "commonname": "CN",
    "organizationname": "O",
    "organizationalunitname": "OU",
    "localityname": "L",
    "stateorprovincename": "ST",
    "countryname": "C",
    "streetaddress": "STREET",
    "domaincomponent": "DC",
    "userid": "UID",
}
_DN_ATTRIBUTE = re.compile(r"(^|[,+/]\s*)([A-Za-z][A-Za-z0-9-]*)(\s*=)")


def short_dn(subject: str) -> str:
    """``commonName=www.hikvision.com,organizationName=HIKVISION`` -> ``CN=www.hikvision.com,O=HIKVISION``:
    long attribute names become RFC 4514 short names; everything else (order, values, short names) is kept."""
    return _DN_ATTRIBUTE.sub(lambda m: m.group(1) + DN_SHORT_NAMES.get(m.group(2).lower(), m.group(2)) + "=", subject)


def dn_value(text: str) -> str:
    """An attribute value escaped as RFC 4514 §2.4 asks (a comma inside O=… must not end the attribute)."""
    escaped = re.sub(r'([\\,+"<>;])', r"\\\1", text.strip())
    return "\\" + escaped if escaped.startswith(("#", " ")) else escaped
