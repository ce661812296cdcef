"""Decide a transaction: the form, the saved determination (a shareable link) and its memo."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from ictguard.errors import InputError
from ictguard.service import evidence_docs
from ictguard.store import determinations_repo
from ictguard.store.records import SavedDetermination
from ictguard.web import backend, decide_form, evidence
from ictguard.web.auth import Principal, require
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)
Decider = Annotated[Principal, Depends(require("decide:run"))]
Reader = Annotated[Principal, Depends(require("determinations:read"))]


def _form_page(request: Request, form: dict[str, str], error: InputError | None = None) -> Response:
    context = {
        "active": "decide",
        "form": form,
        "error": error,
        "kinds": decide_form.KINDS,
        "roles": decide_form.ROLES,
        "categories": decide_form.CATEGORIES,
        "choices": decide_form.CHOICES,
        "party_rows": decide_form.PARTY_ROWS,
        "item_rows": decide_form.ITEM_ROWS,
    }
    return templates.TemplateResponse(request, "decide.html", context, status_code=422 if error else 200)


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


@router.get("/ui/decide")
def decide_page(request: Request, _user: Decider) -> Response:
    defaults = _Blank(date=date.today().isoformat(), kind="export", party0_role="exporter", party1_role="end_user")
    return _form_page(request, defaults)


@router.post("/ui/decide")
async def decide_submit(request: Request, user: Decider) -> Response:
    form = _Blank({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
    try:
        transaction = decide_form.transaction_from_form(form, today=date.today())
    except InputError as exc:
        return _form_page(request, form, exc)
    saved = await _run_sync(request, transaction, user)
    return RedirectResponse(f"/ui/determinations/{saved.id}", status_code=303)


async def _run_sync(request: Request, transaction: dict[str, Any], user: Principal) -> SavedDetermination:
    # Deciding screens every party and writes the database: keep it off the event loop.
    return await run_in_threadpool(backend.decide, request, transaction, user)


@router.get("/ui/determinations/{determination_id}")
def determination_page(request: Request, determination_id: int, _user: Reader) -> Response:
    saved = determinations_repo.get(backend.engine_of(request), determination_id)
    context = {
        "active": "decide",
        "saved": saved,
        "determination": saved.output,
        "transaction_json": json.dumps(saved.input, indent=2, ensure_ascii=False),
        "share_url": str(request.url_for("determination_page", determination_id=determination_id)),
    }
    return templates.TemplateResponse(request, "determination.html", context)


@router.get("/ui/determinations/{determination_id}/memo")
def determination_memo(request: Request, determination_id: int, user: Reader, format: str = "html") -> Response:
    engine = backend.engine_of(request)
    fmt = evidence.document_format(format)
    issued = evidence_docs.determination_memo(
        engine,
        determinations_repo.get(engine, determination_id),
        issuer=evidence.issuer(user),
        fmt=fmt,
        author=user.name,
    )
    return evidence.document_response(issued, fmt, f"determination-{determination_id}")
