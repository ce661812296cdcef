"""The §889 representation draft for the API and the web: the request body validated once (pydantic, so the
OpenAPI document describes it), resolution against the active lists, then the core (``rules.representation``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field, ValidationError

from ictguard.errors import InputError
from ictguard.rules.representation import Supplier, draft_representation
from ictguard.rules.transaction import Category
from ictguard.service.active import ActiveScreening
from ictguard.service.schemas import Country, IsoDate, Name, Strict


class SupplierIn(Strict):
    name: Name
    country: Country | None = None
    provides: str = Field(default="", max_length=500)
    category: Category | None = None


class AuditedDevice(Strict):
    """One device of an audit report (``ictguard audit --json``): the fields the draft reads; the report's other
    fields (addresses, traffic, findings …) are accepted and not read."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(default=None, max_length=500)
    vendor: str | None = Field(default=None, max_length=500)
    covered: bool = False
    covered_company: str | None = Field(default=None, max_length=500)
    basis: str | None = Field(default=None, max_length=100)
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    manufacturer: str | None = Field(default=None, max_length=500)
    model: str | None = Field(default=None, max_length=500)


class RepresentationRequest(Strict):
    offeror: Name
    as_of: IsoDate | None = None
    suppliers: list[SupplierIn] = Field(default_factory=list, max_length=10_000)
    devices: list[AuditedDevice] = Field(default_factory=list, max_length=100_000)
    security_purpose: bool | None = None


def parse_request(body: Any) -> RepresentationRequest:
    """Validate a body (a web form's fields or JSON); the first error names its field."""
    try:
        return RepresentationRequest.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        raise InputError(first["msg"], field=field) from None


def representation_draft(
    screening: ActiveScreening, request: RepresentationRequest, *, devices: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The draft document. ``devices`` (a stored web audit's devices, report shape) replaces the request's."""
    resolver, _notes = screening.decision_resolver()
    suppliers = [Supplier.model_validate(s.model_dump()) for s in request.suppliers]
    audited = devices if devices is not None else [d.model_dump() for d in request.devices]
    return draft_representation(
        request.offeror,
        request.as_of or date.today(),
        suppliers,
        audited,
        resolver=resolver,
        security_purpose=request.security_purpose,
    ).to_dict()
