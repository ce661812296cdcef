"""Write the audit report document as JSON, or as the reports package's device audit report (HTML or PDF).

HTML and PDF come from ``ictguard.reports`` (the same template and SVG charts the web UI serves; PDF through
WeasyPrint), so a report from the CLI and one downloaded from the web are the same document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from ictguard.errors import InputError

# The reports template has no per-device legal findings yet; until it does, the CLI report carries them in this
# section (inserted before the footer) so a filed report still links each finding to its rules and citations.
_FINDINGS = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string("""
<h2>Findings by device</h2>
{% for d in devices if d.findings or d.traffic %}<h3>{{ d.hostname or d.id }} — {{ d.vendor or 'vendor unknown' }}
{% if d.covered %}(covered, {{ d.basis }}){% endif %}</h3>
{% if d.traffic %}<ul>{% for t in d.traffic %}<li>{{ t.country or '?' }}{% if t.cloud %} / {{ t.cloud }}{% endif %}:
{{ t.bytes_out }} B out, {{ t.flows }} flows, {{ t.first_seen }} – {{ t.last_seen }}
{% if t.services %}({{ t.services|join(', ') }}){% endif %}</li>{% endfor %}</ul>{% endif %}
{% for f in d.findings %}<p class="small"><strong>{{ f.regime }} {{ f.outcome }}</strong> {{ f.rules|join(', ') }}
{% if f.scenario %}<em>({{ f.scenario }})</em>{% endif %}: {{ f.explanation }}
{% if f.citations %}<br><span class="muted">{{ f.citations|join('; ') }}</span>{% endif %}</p>{% endfor %}
{% else %}<p>No device has a finding.</p>{% endfor %}
""")


def render_html(document: dict[str, Any]) -> str:
    from ictguard.reports.device_audit import audit_context
    from ictguard.reports.render import render_report

    html = render_report("device_audit", audit_context(document))
    findings = _FINDINGS.render(devices=document["devices"])
    head, footer, tail = html.rpartition('<footer class="muted small">')
    return head + findings + footer + tail if footer else html.replace("</body>", findings + "</body>")


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
