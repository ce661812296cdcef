"""Evidence documents: a finished batch job's summary, and checking any evidence document against the log."""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ictguard.api.deps import EngineDep, permission
from ictguard.api.openapi_docs import COMMON, errors
from ictguard.api.responses import EvidenceVerdict
from ictguard.api.routes_screen import JobId
from ictguard.errors import InputError
from ictguard.reports.evidence import DocumentFormat, Issuer
from ictguard.service import evidence_docs
from ictguard.service.keys import Caller

router = APIRouter(prefix="/api/v1", tags=["evidence"], responses=COMMON)
MAX_DOCUMENT = 50 * 1024 * 1024
MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@router.get(
    "/jobs/{job_id}/summary",
    summary="A finished job's summary document (PDF or HTML), audited",
    responses={200: {"content": {"application/pdf": {}, "text/html": {}}}, **errors(404, 409)},
)
def job_summary(
    job_id: JobId,
    engine: EngineDep,
    caller: Annotated[Caller, Depends(permission("jobs:read"))],
    format: Annotated[str, Query(pattern="^(pdf|html)$")] = "pdf",
) -> Response:
    """Counts, hits, reviewer decisions and list version of the job, with its evidence record; each call issues
    one document into the audit log (``evidence.issue``, ``evidence.file``) under the caller's key."""
    fmt = cast(DocumentFormat, format)
    issued = evidence_docs.stored_batch_summary(engine, job_id, issuer=Issuer(caller.actor, caller.role), fmt=fmt)
    return Response(
        issued.data,
        media_type=MEDIA[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="screen-{job_id}-summary.{fmt}"',
            "X-Ictguard-Evidence-Digest": issued.content_digest,
        },
    )


@router.post(
    "/evidence/verify",
    summary="Check an evidence document (the request body: the PDF or HTML file)",
    responses=errors(422),
    # Any bytes are a request: the file as it was issued (no schema can say more about it).
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "the PDF or HTML file, as is",
            "content": {
                "application/pdf": {"schema": {}},
                "text/html": {"schema": {}},
                "application/octet-stream": {"schema": {}},
            },
        }
    },
)
async def verify_evidence(
    request: Request,
    engine: EngineDep,
    _caller: Annotated[Caller, Depends(permission("evidence:verify"))],
) -> EvidenceVerdict:
    """``matches`` is true only when every check passed (the same checks as ``ictguard evidence verify``). A
    body that is no ictguard evidence document (any bytes are a valid request) gets ``matches: false`` and one
    failed ``record`` check saying why."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_DOCUMENT:
            raise InputError(f"larger than {MAX_DOCUMENT // (1024 * 1024)} MiB", field="body")
    return EvidenceVerdict.model_validate(_verdict(bytes(data), engine))


def _verdict(data: bytes, engine: Any) -> dict[str, Any]:
    from ictguard.reports.signing import signature_check
    from ictguard.reports.verify_evidence import verify_document
    from ictguard.settings import get_settings
    from ictguard.store.evidence_repo import AuditEvidenceLog

    anchor = get_settings().sign_cert
    try:
        verdict = verify_document(
            data,
            AuditEvidenceLog(engine),
            name="request body",
            signature_check=lambda pdf: signature_check(pdf, trusted_cert=anchor),
        )
    except InputError as exc:
        return {
            "file": "request body",
            "matches": False,
            "kind": None,
            "content_digest": None,
            "checks": [{"name": "record", "ok": False, "detail": exc.reason}],
        }
    return verdict.to_dict()
