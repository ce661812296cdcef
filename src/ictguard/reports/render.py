"""Render evidence reports to self-contained HTML, and HTML to PDF with WeasyPrint.

Each report kind is one Jinja template under ``reports/templates``; the context is the plain document
(``to_dict()`` shape) plus ``generated_at`` and the ictguard version, so a filed report says what produced it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ictguard import __version__
from ictguard.errors import IctguardError, NotFoundError
from ictguard.reports.charts import bar_chart

TEMPLATES = Path(__file__).parent / "templates"
#: Families in the order a glyph is looked up: DejaVu for Latin, Greek and Cyrillic, then the Noto families of
#: Debian's fonts-noto-core and fonts-noto-cjk (scripts/setup-dev.sh) for the other scripts list names use.
#: Simplified Chinese first among the CJK faces: most Chinese names on the lists are PRC names.
SCRIPT_FONTS = (
    "DejaVu Sans",
    "Noto Sans",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans Arabic",
    "Noto Naskh Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Georgian",
    "Noto Sans Armenian",
    "Noto Sans Thai",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Ethiopic",
    "Noto Sans Khmer",
    "Noto Sans Myanmar",
    "Noto Sans Sinhala",
    "Noto Sans Tamil",
)
FONT_STACK = Markup(", ".join(f'"{family}"' for family in SCRIPT_FONTS) + ", sans-serif")
REPORT_KINDS = {
    "screening_evidence": "screening_evidence.html",
    "determination_memo": "determination_memo.html",
    "device_audit": "device_audit.html",
    "representation_889": "representation_889.html",
    "batch_summary": "batch_summary.html",
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
    env.globals["font_stack"] = FONT_STACK
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


def render_pdf(html: str, *, attachments: dict[str, bytes] | None = None) -> bytes:
    """PDF bytes for an HTML report, with ``attachments`` (name → bytes) as embedded files. WeasyPrint is
    imported lazily: it loads native libraries (Pango)."""
    try:
        from weasyprint import HTML, Attachment
    except (ImportError, OSError) as exc:  # OSError: Pango / fontconfig missing on this machine
        raise IctguardError(f"PDF output needs WeasyPrint and Pango: {exc}") from exc
    files = [
        Attachment(string=data, name=name, description="ictguard evidence record")
        for name, data in (attachments or {}).items()
    ]
    pdf = HTML(string=html, base_url=str(TEMPLATES)).write_pdf(attachments=files)
    if pdf is None:  # pragma: no cover - write_pdf returns bytes when no target is given
        raise IctguardError("WeasyPrint produced no PDF")
    return bytes(pdf)


def script_json(data: bytes) -> Markup:
    """Evidence JSON safe inside ``<script type="application/json">``: ``<`` and ``>`` as JSON escapes, so no
    party name can close the element; a JSON parser reads back the same values."""
    text = data.decode("utf-8").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render_document(
    kind: str, context: dict[str, Any], fmt: str, embedded: bytes, *, sign: Callable[[bytes], bytes] | None = None
) -> bytes:
    """The report ``kind`` as HTML or PDF bytes with the evidence JSON ``embedded`` (HTML: a script element;
    PDF: an attached file), signed by ``sign`` (PDF only) when given."""
    from ictguard.reports.evidence import ATTACHMENT_NAME

    html = render_report(kind, {**context, "evidence_json": script_json(embedded)})
    if fmt == "html":
        return html.encode("utf-8")
    pdf = render_pdf(html, attachments={ATTACHMENT_NAME: embedded})
    return sign(pdf) if sign is not None else pdf
