"""Suppression of cleared false positives (users' request, yente #769).

A reviewer's "false positive" on (party, list entry) holds on later runs only while neither side changed
and the expiry date (if any) has not passed. Fingerprints decide "changed": they cover what a reviewer
looked at, not where the row happened to sit in the list file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

# Provenance fields move between list versions without the entry changing.
_VOLATILE_ENTITY_FIELDS = frozenset({"source_file", "source_line", "source_url"})


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entity_fingerprint(entity: Mapping[str, Any]) -> str:
    return _digest({k: v for k, v in entity.items() if k not in _VOLATILE_ENTITY_FIELDS})


def party_fingerprint(name: str, country: str | None) -> str:
    return _digest({"name": " ".join(name.split()), "country": (country or "").upper() or None})


@dataclass(frozen=True)
class Suppression:
    counterparty_id: int
    entity_id: str
    entity_fingerprint: str
    party_fingerprint: str
    expires_on: date | None = None


def lapse_reason(suppression: Suppression, *, entity_fingerprint: str, party_fingerprint: str, on: date) -> str | None:
    """Why the suppression no longer holds, or None while it does."""
    if suppression.expires_on is not None and on > suppression.expires_on:
        return f"suppression expired on {suppression.expires_on}"
    if suppression.entity_fingerprint != entity_fingerprint:
        return "the list entry changed since it was cleared"
    if suppression.party_fingerprint != party_fingerprint:
        return "the counterparty changed since it was cleared"
    return None


def is_suppressed(suppression: Suppression, *, entity_fingerprint: str, party_fingerprint: str, on: date) -> bool:
    return (
        lapse_reason(suppression, entity_fingerprint=entity_fingerprint, party_fingerprint=party_fingerprint, on=on)
        is None
    )
