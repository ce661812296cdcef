"""Helpers shared by the input parsers."""

from __future__ import annotations

import ipaddress
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


def valid_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.split("%")[0].split("/")[0]))
    except ValueError:
        return None


def mac_or_none(value: str | None) -> str | None:
    return normalize_mac(value) if value else None


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
                Rejected(self.file, None, None, f"{self.count - MAX_REJECTED} more rejected rows not listed"))
