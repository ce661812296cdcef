"""Check an evidence document against the audit log: upload a PDF or HTML file, see each check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, UploadFile

from ictguard.errors import InputError
from ictguard.web import backend
from ictguard.web.auth import Principal, require
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)
Verifier = Annotated[Principal, Depends(require("evidence:verify"))]
MAX_DOCUMENT = 50 * 1024 * 1024


@router.get("/ui/evidence")
def evidence_page(request: Request, _user: Verifier) -> Response:
    return templates.TemplateResponse(request, "evidence.html", {"active": "evidence", "verdict": None})


@router.post("/ui/evidence")
def evidence_verify(request: Request, _user: Verifier, file: UploadFile) -> Response:
    from ictguard.reports.signing import signature_check
    from ictguard.reports.verify_evidence import verify_document
    from ictguard.settings import get_settings
    from ictguard.store.evidence_repo import AuditEvidenceLog

    data = file.file.read(MAX_DOCUMENT + 1)
    name = file.filename or "upload"
    if len(data) > MAX_DOCUMENT:
        raise InputError(f"larger than {MAX_DOCUMENT // (1024 * 1024)} MiB", file=name)
    anchor = get_settings().sign_cert
    verdict = verify_document(
        data,
        AuditEvidenceLog(backend.engine_of(request)),
        name=name,
        signature_check=lambda pdf: signature_check(pdf, trusted_cert=anchor),
    )
    return templates.TemplateResponse(request, "evidence.html", {"active": "evidence", "verdict": verdict})
