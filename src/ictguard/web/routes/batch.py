"""Batch screening: upload CSV/XLSX/Parquet, live progress, review the hits, download the results."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from ictguard.cases.roles import require_owner
from ictguard.errors import InputError
from ictguard.reports.filenames import attachment
from ictguard.service import evidence_docs
from ictguard.service.jobs import pick_columns, read_upload
from ictguard.web import backend, evidence
from ictguard.web.auth import Principal, require
from ictguard.web.batch import RUNNING, BatchJob
from ictguard.web.batch_store import stored_job
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)
Writer = Annotated[Principal, Depends(require("jobs:write"))]
Reader = Annotated[Principal, Depends(require("jobs:read"))]
MAX_UPLOAD = 20 * 1024 * 1024


def _job(request: Request, job_id: str, user: Principal) -> BatchJob:
    job = backend.jobs(request).get(job_id)
    if job is None:  # started before a restart or by another worker: the store has its result
        job = stored_job(backend.engine_of(request), job_id)
    require_owner(job.owner, user.key_id, user.role, f"batch job {job_id}")  # results are their owner's
    return job


@router.get("/ui/batch")
def batch_page(request: Request, user: Writer) -> Response:
    jobs = backend.jobs(request).of(user.key_id)
    return templates.TemplateResponse(request, "batch.html", {"active": "batch", "jobs": jobs})


@router.post("/ui/batch")
def batch_upload(
    request: Request,
    user: Writer,
    file: UploadFile,
    name_column: Annotated[str, Form()] = "",
    country_column: Annotated[str, Form()] = "",
) -> Response:
    data = file.file.read(MAX_UPLOAD + 1)
    filename = file.filename or "upload"
    if len(data) > MAX_UPLOAD:
        raise InputError(f"larger than {MAX_UPLOAD // (1024 * 1024)} MiB", file=filename)
    table = read_upload(filename, data)
    name, country = pick_columns(table, name_column.strip() or None, country_column.strip() or None)
    job = backend.start_batch(request, user, filename, table, name, country)
    return RedirectResponse(f"/ui/batch/{job.id}", status_code=303)


@router.get("/ui/batch/{job_id}")
def batch_job(request: Request, job_id: str, user: Reader) -> Response:
    job = _job(request, job_id, user)
    return templates.TemplateResponse(request, "batch_job.html", {"active": "batch", "job": job})


@router.get("/ui/batch/{job_id}/progress")
def batch_progress(request: Request, job_id: str, user: Reader) -> Response:
    job = _job(request, job_id, user)
    response = templates.TemplateResponse(request, "_batch_progress.html", {"job": job})
    if job.status != RUNNING:
        response.headers["HX-Refresh"] = "true"  # load the full page with the review table
    return response


@router.get("/ui/batch/{job_id}/summary")
def batch_summary(request: Request, job_id: str, user: Reader, format: str = "pdf") -> Response:
    """One summary document beside the CSV (counts, hits, reviewer decisions, list version), audited."""
    fmt = evidence.document_format(format)
    job = _job(request, job_id, user)
    issued = evidence_docs.stored_batch_summary(
        backend.engine_of(request), job.id, issuer=evidence.issuer(user), fmt=fmt
    )
    return evidence.document_response(issued, fmt, f"{job.filename.rsplit('.', 1)[0]}-summary")


@router.get("/ui/batch/{job_id}/results.csv")
def batch_results(request: Request, job_id: str, user: Reader) -> Response:
    job = _job(request, job_id, user)
    stem = job.filename.rsplit(".", 1)[0]
    return Response(
        job.to_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(f"{stem}-screened.csv")},
    )
