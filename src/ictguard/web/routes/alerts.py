"""Alert review queue: filter, decide true match / false positive with a reason and expiry, see who decided."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from ictguard.errors import InputError, PermissionDeniedError
from ictguard.service import evidence_docs
from ictguard.store import alerts_repo, audit_repo, counterparties_repo, screening_repo
from ictguard.store.records import Alert, Counterparty, ScreeningRun
from ictguard.web import backend, evidence
from ictguard.web.auth import Principal, require
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)
Reader = Annotated[Principal, Depends(require("alerts:read"))]
Reviewer = Annotated[Principal, Depends(require("alerts:review"))]
PartyWriter = Annotated[Principal, Depends(require("counterparties:write"))]
STATUSES = (("open", "open"), ("true_match", "true match"), ("false_positive", "false positive"), ("", "any"))
PAGE = 200


@router.get("/ui/alerts")
def alerts_page(
    request: Request,
    user: Reader,
    status: Annotated[str, Query(max_length=20)] = "open",
    q: Annotated[str, Query(max_length=200)] = "",
    message: str = "",
) -> Response:
    engine = backend.engine_of(request)
    page = alerts_repo.list_page(engine, status=status or None, limit=PAGE)
    parties = {p.id: p.name for p in counterparties_repo.list_page(engine, limit=500).items}
    items = [{**asdict(a), "party_name": parties.get(a.counterparty_id, f"#{a.counterparty_id}")} for a in page.items]
    if q.strip():
        needle = q.strip().casefold()
        items = [a for a in items if needle in a["party_name"].casefold() or needle in a["entity_name"].casefold()]
    context = {
        "active": "alerts",
        "items": items,
        "total": page.total if not q.strip() else len(items),
        "status": status,
        "q": q,
        "statuses": STATUSES,
        "message": message,
        "can_screen": user.can("counterparties:write") and user.can("screen:run"),
    }
    return templates.TemplateResponse(request, "alerts.html", context)


@router.post("/ui/counterparties")
def add_counterparty(
    request: Request,
    user: PartyWriter,
    name: Annotated[str, Form(max_length=500)],
    country: Annotated[str, Form(max_length=2)] = "",
    kind: Annotated[str, Form()] = "customer",
) -> Response:
    if not user.can("screen:run"):
        raise PermissionDeniedError(f"role {user.role!r} may not screen:run")
    if not name.strip():
        raise InputError("a name is needed", field="name")
    if kind not in ("customer", "vendor", "other"):
        raise InputError("customer, vendor or other", field="kind")
    engine = backend.engine_of(request)
    who = backend.actor(user)
    party = counterparties_repo.create(
        engine,
        {"name": name.strip(), "country": country.strip().upper() or None, "kind": kind, "external_ref": None},
        actor=who,
    )
    run = screening_repo.screen_counterparty(engine, backend.context(request), party.id, actor=who)
    opened = sum(1 for hit in run.hits if hit.get("status") == "alert")
    message = f"{party.name} screened against {run.list_version}: {opened} new alert(s)."
    return RedirectResponse("/ui/alerts?" + urlencode({"status": "open", "message": message}), status_code=303)


def _alert_bundle(request: Request, alert_id: int) -> dict[str, Any]:
    engine = backend.engine_of(request)
    alert = alerts_repo.get(engine, alert_id)
    history = audit_repo.list_entries(engine, entity_type="alert", entity_id=str(alert_id), limit=50).items
    return {
        "alert": alert,
        "hit": alert.hit,
        "run": screening_repo.get_run(engine, alert.run_id),
        "party": counterparties_repo.get(engine, alert.counterparty_id),
        "history": history,
    }


@router.get("/ui/alerts/{alert_id}")
def alert_page(request: Request, alert_id: int, user: Reader, message: str = "") -> Response:
    context = {
        "active": "alerts",
        **_alert_bundle(request, alert_id),
        "message": message,
        "can_review": user.can("alerts:review"),
    }
    return templates.TemplateResponse(request, "alert.html", context)


@router.post("/ui/alerts/{alert_id}/review")
def review_alert(
    request: Request,
    alert_id: int,
    user: Reviewer,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
    expires_on: Annotated[str, Form()] = "",
) -> Response:
    expiry = None
    if expires_on:
        try:
            expiry = date.fromisoformat(expires_on)
        except ValueError as exc:
            raise InputError("use YYYY-MM-DD", field="expires_on") from exc
    alerts_repo.review(
        backend.engine_of(request),
        alert_id,
        decision=decision,
        reason=reason,
        actor=backend.actor(user),
        expires_on=expiry,
    )
    return RedirectResponse(f"/ui/alerts/{alert_id}?" + urlencode({"message": "Decision saved."}), status_code=303)


@router.get("/ui/alerts/{alert_id}/evidence")
def alert_evidence(request: Request, alert_id: int, user: Reader, format: str = "html") -> Response:
    """Party X screened against list version V on date D, result R, reviewer decision."""
    bundle = _alert_bundle(request, alert_id)
    alert: Alert = bundle["alert"]
    run: ScreeningRun = bundle["run"]
    party: Counterparty = bundle["party"]
    reviews = []
    if alert.status != "open":
        reviews.append(
            {
                "decision": alert.status.replace("_", " "),
                "reviewer": alert.reviewer,
                "reason": alert.reason,
                "decided_at": alert.reviewed_at,
                "expires_at": alert.expires_on,
            }
        )
    hits = [h for h in run.hits if h.get("entity_id") == alert.entity_id] or [alert.hit]
    result = {
        "query": party.name,
        "list_version": run.list_version,
        "as_of": run.as_of or str(run.at)[:10],
        "screened_at": str(run.at)[:16] + " UTC",
        "result": "potential match",
        "hits": hits,
    }
    fmt = evidence.document_format(format)
    issued = evidence_docs.screening_evidence(
        backend.engine_of(request),
        result,
        country=party.country,
        issuer=evidence.issuer(user),
        fmt=fmt,
        reviews=reviews,
        run_id=run.id,
        alert_id=alert_id,
        threshold=run.threshold,
    )
    return evidence.document_response(issued, fmt, f"alert-{alert_id}-evidence")
