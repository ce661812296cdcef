"""Screen a name: results as you type, hit explanations, entity detail, evidence report."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from ictguard.errors import InputError
from ictguard.service import evidence_docs
from ictguard.web import backend, evidence
from ictguard.web.auth import Principal, require
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)
Screener = Annotated[Principal, Depends(require("screen:run"))]
Reader = Annotated[Principal, Depends(require("lists:read"))]


def _as_of(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError("use YYYY-MM-DD", field="as_of") from exc


def _run(request: Request, name: str, country: str, as_of: str) -> dict[str, Any] | None:
    if not name.strip():
        return None
    return backend.screen(request, name.strip(), country=country.strip().upper() or None, as_of=_as_of(as_of))


@router.get("/ui/screen")
def screen_page(request: Request, _user: Screener, name: str = "", country: str = "", as_of: str = "") -> Response:
    form = {"name": name, "country": country, "as_of": as_of}
    return templates.TemplateResponse(
        request, "screen.html", {"active": "screen", "form": form, "result": _run(request, name, country, as_of)}
    )


@router.get("/ui/screen/results")
def screen_results(request: Request, _user: Screener, name: str = "", country: str = "", as_of: str = "") -> Response:
    form = {"name": name, "country": country, "as_of": as_of}
    return templates.TemplateResponse(
        request, "_screen_results.html", {"form": form, "result": _run(request, name, country, as_of)}
    )


@router.get("/ui/screen/report")
def screen_report(
    request: Request,
    user: Screener,
    name: str,
    country: str = "",
    as_of: str = "",
    format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
) -> Response:
    result = _run(request, name, country, as_of)
    if result is None:
        raise InputError("a party name is needed", field="name")
    fmt = evidence.document_format(format)
    issued = evidence_docs.screening_evidence(
        backend.engine_of(request), result, country=country.upper() or None, issuer=evidence.issuer(user), fmt=fmt
    )
    return evidence.document_response(issued, fmt, f"screening-{result['list_version']}")


@router.get("/ui/entities/{entity_id}")
def entity_page(request: Request, entity_id: str, _user: Reader) -> Response:
    found = backend.entity(request, entity_id)
    return templates.TemplateResponse(request, "entity.html", {"active": "screen", "entity": found})


@router.get("/ui/entities/{entity_id}/history")
def entity_history(request: Request, entity_id: str, _user: Reader) -> Response:
    """Loaded after the page: it reads several stored list versions."""
    history = backend.entity_history(request, entity_id)
    return templates.TemplateResponse(request, "_entity_history.html", {"history": history})
