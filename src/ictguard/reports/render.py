"""Render evidence reports to self-contained HTML, and HTML to PDF with WeasyPrint.

Each report kind is one Jinja template under ``reports/templates``; the context is the plain document
(``to_dict()`` shape) plus ``generated_at`` and the ictguard version, so a filed report says what produced it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader, select_autoescape

from ictguard import __version__
from ictguard.errors import IctguardError, NotFoundError
from ictguard.reports.charts import bar_chart

TEMPLATES = Path(__file__).parent / "templates"
REPORT_KINDS = {
    "screening_evidence": "screening_evidence.html",
    "determination_memo": "determination_memo.html",
    "device_audit": "device_audit.html",
    "representation_889": "representation_889.html",
}


@lru_cache(maxsize=1)
def report_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=ChainableUndefined,  # documents omit optional keys
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["bar_chart"] = bar_chart
    env.filters["pct"] = lambda value: f"{float(value) * 100:.0f} %"
    return env


def render_report(kind: str, context: dict[str, Any], *, generated_at: datetime | None = None) -> str:
    """The report ``kind`` (see REPORT_KINDS) as one HTML document with its styles inline."""
    template_name = REPORT_KINDS.get(kind)
    if template_name is None:
        raise NotFoundError(f"unknown report kind {kind!r}; known: {', '.join(sorted(REPORT_KINDS))}")
    moment = generated_at or datetime.now(UTC)
    full = {"generated_at": moment.strftime("%Y-%m-%d %H:%M UTC"), "version": __version__, **context}
    return report_environment().get_template(template_name).render(full)


def render_pdf(html: str) -> bytes:
    """PDF bytes for an HTML report. WeasyPrint is imported lazily: it loads native libraries (Pango)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango / fontconfig missing on this machine
        raise IctguardError(f"PDF output needs WeasyPrint and Pango: {exc}") from exc
    pdf = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf returns bytes when no target is given
        raise IctguardError("WeasyPrint produced no PDF")
    return bytes(pdf)
