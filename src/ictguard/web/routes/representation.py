"""The §889 representation draft from a device audit of this server and a supplier list typed in: a thin call
into the application layer (``service.questions``), rendered as the report HTML or PDF."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response

from ictguard.errors import InputError
from ictguard.reports.render import render_pdf, render_report
from ictguard.service.questions import parse_request, representation_draft
from ictguard.web.backend import screening_of
from ictguard.web.routes.audit import Runner, _store
from ictguard.web.routing import WebRoute

router = APIRouter(route_class=WebRoute)


@router.post("/ui/audit/{audit_id}/representation")
def audit_representation(
    request: Request,
    audit_id: str,
    _user: Runner,
    offeror: Annotated[str, Form()],
    suppliers: Annotated[str, Form()] = "",
    security_purpose: Annotated[str, Form()] = "",
    as_of: Annotated[str, Form()] = "",
    format: Annotated[str, Form()] = "html",
) -> Response:
    """Draft FAR 52.204-24 / 52.204-26 from this audit's devices and the suppliers given."""
    audit = _store(request).get(audit_id)
    body = {
        "offeror": offeror,
        "as_of": as_of or None,
        "suppliers": supplier_rows(suppliers),
        "security_purpose": {"yes": True, "no": False}.get(security_purpose),
    }
    draft = representation_draft(
        screening_of(request), parse_request(body), devices=audit["document"].get("devices", [])
    )
    html = render_report("representation_889", {"draft": draft})
    if format == "pdf":
        return Response(
            render_pdf(html),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="representation-889-{audit_id}.pdf"'},
        )
    if format != "html":
        raise InputError("format is html or pdf", field="format")
    return Response(html, media_type="text/html; charset=utf-8")


def supplier_rows(text: str) -> list[Any]:
    """A JSON list as is; otherwise one supplier per line, "name" or "name, country"."""
    if text.strip().startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", line=exc.lineno, field="suppliers") from None
        return rows if isinstance(rows, list) else [rows]
    out: list[Any] = []
    for line in text.splitlines():
        name, _comma, country = line.strip().rpartition(",") if "," in line else (line.strip(), "", "")
        if name.strip():
            out.append({"name": name.strip(), **({"country": country.strip()} if country.strip() else {})})
    return out
