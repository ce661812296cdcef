"""MAC address -> registered organisation, from the IEEE OUI registry shipped with netaddr (offline)."""

from __future__ import annotations

import re
from functools import lru_cache

import netaddr

_HEX = re.compile(r"[0-9a-f]", re.IGNORECASE)


def normalize_mac(value: str) -> str | None:
    """``aa:bb:cc:dd:ee:ff`` for any common spelling (colons, dashes, dots, bare hex), else None."""
    digits = "".join(_HEX.findall(value))
    stripped = re.sub(r"[\s:.\-]", "", value)
    if len(digits) != 12 or len(stripped) != 12:
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2)).lower()


def is_locally_administered(mac: str) -> bool:
    """Randomised / locally administered addresses carry no vendor (bit 1 of the first octet)."""
    return bool(int(mac[:2], 16) & 0x02)


@lru_cache(maxsize=65536)
def organization(mac: str) -> str | None:
    """Registered organisation of a normalised MAC's OUI (MA-L), or None when unregistered."""
    try:
        registration = netaddr.EUI(mac).oui.registration()
    except (netaddr.NotRegisteredError, netaddr.AddrFormatError, IndexError):
        return None
    org = registration.org
    return str(org).strip() if org else None
