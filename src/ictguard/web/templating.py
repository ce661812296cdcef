"""The Jinja2 environment of the web UI: autoescaped templates, the signed-in person and CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from ictguard import __version__
from ictguard.reports.charts import bar_chart
from ictguard.web.session import CSRF_FIELD, Session

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

NAV = (
    ("dashboard", "/ui/", "Dashboard"),
    ("screen", "/ui/screen", "Screen a name"),
    ("batch", "/ui/batch", "Batch screening"),
    ("alerts", "/ui/alerts", "Alerts"),
    ("decide", "/ui/decide", "Decide"),
    ("licences", "/ui/licences", "Licences"),
    ("audit", "/ui/audit", "Device audit"),
    ("evidence", "/ui/evidence", "Verify evidence"),
)


def _page_context(request: Request) -> dict[str, Any]:
    session = getattr(request.state, "web_session", None)
    signed_in = isinstance(session, Session) and session.signed_in
    return {
        "csrf_field": CSRF_FIELD,
        "csrf_token": session.csrf if isinstance(session, Session) else "",
        "user": session if signed_in else None,
        "nav": NAV,
        "version": __version__,
    }


templates = Jinja2Templates(directory=TEMPLATE_DIR, context_processors=[_page_context])
templates.env.globals["bar_chart"] = bar_chart
templates.env.filters["pct"] = lambda value: f"{float(value) * 100:.0f} %"
templates.env.filters["words"] = lambda value: str(value or "").replace("_", " ")
