"""What the OpenAPI document says about responses: the one error shape per status, and the screen document.

Routes return plain dicts (no response validation on the hot path); these models only describe them, and the
schemathesis tests check every real response against the description.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_WHY = {
    401: "No API key, or an invalid or revoked one",
    403: "The key's role lacks the permission this operation needs",
    404: "The addressed resource does not exist",
    409: "Conflicts with the current state (no active list version, wrong workflow state, limit exceeded)",
    413: "The request body is larger than this route accepts (docs/security.md)",
    422: "The request is malformed; `field` names the offending field",
    429: "Too many failed sign-ins (wrong keys) from this address: retry after the time in Retry-After",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    status: int
    file: str | None = None
    line: int | None = None
    field: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries for these error statuses, all with the one error body."""
    return {status: {"model": ErrorBody, "description": _WHY[status]} for status in statuses}


# Every /api/v1 route needs a key (401), a role (403) and may reject its input (422); the request guard may
# refuse a body over its cap (413) and a client guessing keys (429).
COMMON = errors(401, 403, 413, 422, 429)


class Feature(BaseModel):
    model_config = ConfigDict(extra="allow")


class Hit(BaseModel):
    model_config = ConfigDict(extra="allow")

    entity_id: str
    name: str
    matched_name: str
    source: str
    score: float
    explanation: list[Feature]
    federal_register_notice: str | None
    license_requirement: str | None
    license_policy: str | None
    start_date: str | None = Field(
        description="When the entry applies (its effective date when known): the date --as-of / as_of filters on"
    )
    publication_date: str | None = Field(
        None, description="The start date as the list publishes it (e.g. the Federal Register publication date)"
    )


class ScreenDocument(BaseModel):
    """The same document as ``ictguard screen --json``."""

    model_config = ConfigDict(extra="forbid")

    query: str
    as_of: str | None
    list_version: str
    hits: list[Hit]
