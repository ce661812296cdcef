"""MAC address -> registered organisation, from the IEEE registries (offline), longest prefix first.

Sources (device_audit.md §2.5: use MA-L + MA-M + MA-S):

- MA-S (36-bit) and MA-M (28-bit): Debian's ``ieee-data`` package (``/usr/share/ieee-data/oui36.csv``,
  ``mam.csv``), installed by scripts/setup-dev.sh. netaddr ships neither.
- IAB (36-bit, the MA-S predecessor under 00-50-C2 / 40-D8-55) and MA-L (24-bit): the ``iab.txt`` and
  ``oui.txt`` netaddr ships (newer than Debian's MA-L).

A MAC in a block the IEEE sold in parts has MA-L owner "IEEE Registration Authority"; the MA-M or MA-S
entry names the real buyer (e.g. 40:2C:76:1… is "Shanghai Dahua Scale Factory", not Dahua Technology).
A missing or malformed MA-M/MA-S file is logged as a warning and the lookup falls back to MA-L (+ IAB).
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import netaddr

_log = logging.getLogger(__name__)
_HEX = re.compile(r"[0-9a-f]", re.IGNORECASE)
_CANONICAL = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}")
_ASSIGNMENT = re.compile(r"[0-9A-F]+")

NETADDR_DIR = Path(netaddr.__file__).parent / "eui"
IEEE_DATA_DIR = Path("/usr/share/ieee-data")
#: (registry, file in IEEE_DATA_DIR, prefix length in hex digits)
_IEEE_DATA_FILES = (("MA-S", "oui36.csv", 9), ("MA-M", "mam.csv", 7))
_CSV_HEADER = ["Registry", "Assignment", "Organization Name", "Organization Address"]


@lru_cache(maxsize=65536)
def normalize_mac(value: str) -> str | None:
    """``aa:bb:cc:dd:ee:ff`` for any common spelling (colons, dashes, dots, bare hex), else None."""
    if _CANONICAL.fullmatch(value):
        return value  # logs repeat the same few MACs in canonical form: skip the work
    digits = "".join(_HEX.findall(value))
    stripped = re.sub(r"[\s:.\-]", "", value)
    if len(digits) != 12 or len(stripped) != 12:
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2)).lower()


def is_locally_administered(mac: str) -> bool:
    """Randomised / locally administered addresses carry no vendor (bit 1 of the first octet)."""
    return bool(int(mac[:2], 16) & 0x02)


@dataclass(frozen=True)
class Assignment:
    registry: str  # "MA-S" | "IAB" | "MA-M" | "MA-L"
    prefix: str  # upper-case hex digits of the assigned block (9, 7 or 6)
    organization: str

    @property
    def bits(self) -> int:
        return len(self.prefix) * 4


class Registry:
    """Assignments keyed by their hex prefix; a lookup tries 36, then 28, then 24 bits."""

    def __init__(self) -> None:
        self.by_length: dict[int, dict[str, Assignment]] = {9: {}, 7: {}, 6: {}}
        #: registries actually loaded, for evidence and the fallback warning
        self.sources: list[str] = []

    def add(self, registry: str, prefix: str, organization: str) -> None:
        self.by_length[len(prefix)].setdefault(prefix, Assignment(registry, prefix, organization))

    def lookup(self, mac: str) -> Assignment | None:
        digits = mac.replace(":", "").upper()
        for length in (9, 7, 6):
            found = self.by_length[length].get(digits[:length])
            if found is not None:
                return found
        return None


def _read_netaddr(path: Path, registry: str, table: Registry) -> None:
    """netaddr's IEEE text layout: a "(base 16)" line per block, MA-L "XXXXXX", IAB "XXXXXX-XXXXXX"."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        hex_prefix = ""
        for line in handle:
            left, sep, org = line.partition("(hex)")
            if sep:
                hex_prefix = left.strip().replace("-", "").upper()
                continue
            left, sep, org = line.partition("(base 16)")
            if not sep:
                continue
            start = left.strip().split("-")[0].upper()
            if registry == "MA-L":
                table.add(registry, start, org.strip())
            elif len(hex_prefix) == 6 and len(start) == 6:
                table.add(registry, hex_prefix + start[:3], org.strip())  # IAB: OUI + 12 more bits


def _read_ieee_csv(path: Path, registry: str, length: int) -> list[tuple[str, str]] | None:
    """Rows of one ieee-data CSV, all checked first: a file with any bad row is not used (None, warned)."""
    rows: list[tuple[str, str]] = []
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            reader = csv.reader(handle)
            if next(reader, None) != _CSV_HEADER:
                _log.warning("%s: unexpected header; %s registry not used", path, registry)
                return None
            for row in reader:
                if not row:
                    continue
                prefix = row[1].strip().upper() if len(row) > 2 else ""
                if row[0] != registry or len(prefix) != length or not _ASSIGNMENT.fullmatch(prefix):
                    _log.warning(
                        "%s:%d: not a %s assignment %r; %s registry not used",
                        path,
                        reader.line_num,
                        registry,
                        row[:2],
                        registry,
                    )
                    return None
                rows.append((prefix, row[2].strip()))
    except OSError as exc:
        _log.warning(
            "%s registry not available (%s): MAC lookup falls back to MA-L; install Debian's ieee-data",
            registry,
            exc.strerror or exc,
        )
        return None
    return rows


def load_registry(ieee_data: Path = IEEE_DATA_DIR, netaddr_dir: Path = NETADDR_DIR) -> Registry:
    table = Registry()
    for registry, name, length in _IEEE_DATA_FILES:
        rows = _read_ieee_csv(ieee_data / name, registry, length)
        if rows is not None:
            for prefix, org in rows:
                table.add(registry, prefix, org)
            table.sources.append(registry)
    _read_netaddr(netaddr_dir / "iab.txt", "IAB", table)
    _read_netaddr(netaddr_dir / "oui.txt", "MA-L", table)
    table.sources.extend(("IAB", "MA-L"))
    return table


@lru_cache(maxsize=1)
def _registry() -> Registry:
    """The registries, read once (one dict per prefix length: netaddr's own lookup reopens its index per call)."""
    return load_registry()


def assignment(mac: str) -> Assignment | None:
    """The most specific IEEE assignment (MA-S > IAB > MA-M > MA-L) covering a normalised MAC, or None."""
    return _registry().lookup(mac)


def organization(mac: str) -> str | None:
    """Registered organisation of a normalised MAC (longest registered prefix), or None when unregistered."""
    found = assignment(mac)
    return found.organization if found is not None else None
