"""The NDAA §889 representation draft (FAR 52.204-24 / 52.204-26) from a supplier list and audited devices."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from ictguard.api.deps import ScreeningDep, permission
from ictguard.api.openapi_docs import COMMON
from ictguard.reports.render import render_pdf, render_report
from ictguard.service.keys import Caller
from ictguard.service.questions import RepresentationRequest, representation_draft

router = APIRouter(prefix="/api/v1", tags=["determinations"], responses=COMMON)


@router.post(
    "/representation",
    response_model=None,
    summary="Draft the §889 representations (will/will not provide, does/does not use) with evidence",
    responses={
        200: {
            "description": "The draft: JSON, or the report as HTML or PDF (format)",
            "content": {"application/json": {"schema": {"type": "object"}}, "text/html": {}, "application/pdf": {}},
        }
    },
)
def representation(
    body: RepresentationRequest,
    screening: ScreeningDep,
    _caller: Annotated[Caller, Depends(permission("decide:run"))],
    format: Annotated[Literal["json", "html", "pdf"], Query()] = "json",
) -> dict[str, Any] | Response:
    """``devices``: an audit report's devices (``ictguard audit --json``); ``security_purpose`` settles whether
    Hytera, Hikvision or Dahua equipment is covered."""
    draft = representation_draft(screening, body)
    if format == "json":
        return draft
    html = render_report("representation_889", {"draft": draft})
    if format == "html":
        return Response(html, media_type="text/html; charset=utf-8")
    return Response(
        render_pdf(html),
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="representation-889.pdf"'},
    )
