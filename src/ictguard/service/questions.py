"""The §889 representation draft for the API and the web: validate the request, resolve against the active
lists, call the core (``rules.representation``). One place, so both adapters give the same draft."""

from __future__ import annotations

from datetime import date
from typing import Any

from ictguard.errors import InputError
from ictguard.rules.representation import draft_representation, parse_suppliers
from ictguard.service.active import ActiveScreening


def representation_draft(screening: ActiveScreening, body: Any, *, devices: list[dict[str, Any]] | None = None,
                         today: date | None = None) -> dict[str, Any]:  # fmt: skip
    """``body``: {"offeror", "as_of"?, "suppliers": [...], "devices"?: [...] (an audit report's devices),
    "security_purpose"?}. ``devices`` given here (a stored web audit) replaces the body's."""
    if not isinstance(body, dict):
        raise InputError("expected a JSON object with offeror and suppliers", field="body")
    offeror = body.get("offeror")
    if not isinstance(offeror, str) or not offeror.strip():
        raise InputError("missing or empty", field="offeror")
    on = today or date.today()
    if body.get("as_of") is not None:
        try:
            on = date.fromisoformat(str(body["as_of"]))
        except ValueError:
            raise InputError(f"not a YYYY-MM-DD date: {body['as_of']!r}", field="as_of") from None
    purpose = body.get("security_purpose")
    if purpose is not None and not isinstance(purpose, bool):
        raise InputError("expected true, false or null", field="security_purpose")
    listed = body.get("devices") if devices is None else devices
    if listed is None:
        listed = []
    if not isinstance(listed, list) or not all(isinstance(d, dict) for d in listed):
        raise InputError("expected a list of audited devices (an audit report's 'devices')", field="devices")
    resolver, _notes = screening.decision_resolver()
    suppliers = parse_suppliers(body.get("suppliers", []))
    return draft_representation(offeror.strip(), on, suppliers, listed, resolver=resolver,
                                security_purpose=purpose).to_dict()  # fmt: skip
