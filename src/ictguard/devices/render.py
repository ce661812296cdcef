"""Write the audit report document as JSON, or as the reports package's device audit report (HTML or PDF).

HTML and PDF come from ``ictguard.reports`` (the same template and SVG charts the web UI serves; PDF through
WeasyPrint), so a report from the CLI and one downloaded from the web are the same document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ictguard.errors import InputError


def render_html(document: dict[str, Any]) -> str:
    from ictguard.reports.device_audit import audit_context
    from ictguard.reports.render import render_report

    return render_report("device_audit", audit_context(document))


def write_report(document: dict[str, Any], path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in {".json", ".html", ".htm", ".pdf"}:
        raise InputError("report must end in .html, .json or .pdf", file=path, field="-o")
    if suffix == ".json":
        data = (json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    elif suffix == ".pdf":
        from ictguard.reports.render import render_pdf

        data = render_pdf(render_html(document))
    else:
        data = render_html(document).encode("utf-8")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"cannot write the report: {exc.strerror}", file=path, field="-o") from exc
