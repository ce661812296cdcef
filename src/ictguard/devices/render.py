"""Render the report document as HTML (Jinja2, autoescaped) or as a minimal text PDF (no extra dependency)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from ictguard.errors import InputError

_HTML = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ictguard device audit</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;
padding:4px 8px;vertical-align:top}.covered{background:#fde2e2}small{color:#555}</style></head><body>
<h1>Device audit</h1><p>Generated {{ r.generated_at }}. {{ r.summary.devices }} devices,
<b>{{ r.summary.covered_devices }} covered</b>, {{ r.summary.devices_with_adversary_traffic }} with traffic to a
foreign-adversary country; {{ r.summary.rejected_rows }} rejected rows.</p>
<h2>Inputs</h2><ul>{% for i in r.inputs %}<li>{{ i.file }} ({{ i.format }})</li>{% endfor %}</ul>
<h2>Devices</h2><table><tr><th>Device</th><th>Vendor</th><th>Traffic</th><th>Findings</th></tr>
{% for d in r.devices %}<tr class="{{ 'covered' if d.covered else '' }}"><td>{{ d.id }}<br>
<small>{{ d.manufacturer or '' }} {{ d.model or '' }} {{ d.ips|join(', ') }}</small></td>
<td>{{ d.vendor or 'unknown' }}{% if d.covered %} — <b>covered</b> ({{ d.basis }}, {{ d.confidence }}){% endif %}
{% if d.labelled_as %}<br><small>labelled {{ d.labelled_as }}</small>{% endif %}
<details><summary>evidence</summary><ul>{% for e in d.evidence %}<li><small>{{ e }}</small></li>{% endfor %}
</ul></details></td><td>{% for t in d.traffic %}{{ t.country or '?' }}{% if t.cloud %} / {{ t.cloud }}{% endif %}:
{{ t.bytes_out }} B out, {{ t.flows }} flows, {{ t.first_seen }} – {{ t.last_seen }}<br>{% endfor %}</td>
<td>{% for f in d.findings %}{% if f.scenario %}<i>{{ f.scenario }}</i>: {% endif %}<b>{{ f.regime }}
{{ f.outcome }}</b> {{ f.rules|join(', ') }}<br>
<small>{{ f.explanation }}</small><br>{% endfor %}</td></tr>{% endfor %}</table>
{% if r.rejected %}<h2>Rejected rows</h2><ul>{% for x in r.rejected %}<li>{{ x.file }}:{{ x.line }}
{{ x.field or '' }} — {{ x.reason }}</li>{% endfor %}</ul>{% endif %}</body></html>
""")


def render_html(document: dict[str, Any]) -> str:
    return _HTML.render(r=document)


def _text_lines(document: dict[str, Any]) -> list[str]:
    s = document["summary"]
    lines = [f"ictguard device audit - {document['generated_at']}",
             f"{s['devices']} devices, {s['covered_devices']} covered, "
             f"{s['devices_with_adversary_traffic']} with adversary-country traffic, "
             f"{s['rejected_rows']} rejected rows",
             ""]
    for d in document["devices"]:
        lines.append(f"{d['id']}  {d['vendor'] or 'unknown'}  covered={d['covered']}  basis={d['basis']}  "
                     f"{d['manufacturer'] or ''} {d['model'] or ''}")
        for t in d["traffic"]:
            lines.append(f"    -> {t['country']} {t['cloud'] or ''} {t['bytes_out']} B out, {t['flows']} flows")
        for f in d["findings"]:
            lines.append(f"    {f['regime']} {f['outcome']}: {', '.join(f['rules'])}  ({f.get('scenario') or 'fact'})")
    return lines


def _pdf_escape(text: str) -> str:
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def render_pdf(document: dict[str, Any]) -> bytes:
    """A plain PDF 1.4 with Helvetica text, 60 lines per page; long lines are cut at 110 characters."""
    lines = [line[:110] for line in _text_lines(document)]
    pages = [lines[i : i + 60] for i in range(0, max(len(lines), 1), 60)] or [[]]
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in pages:
        text = "".join(f"({_pdf_escape(line)}) Tj T* " for line in page)
        stream = f"BT /F1 9 Tf 11 TL 40 800 Td {text}ET".encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (len(objects)))
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_report(document: dict[str, Any], path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    elif suffix in {".html", ".htm"}:
        path.write_text(render_html(document), encoding="utf-8")
    elif suffix == ".pdf":
        path.write_bytes(render_pdf(document))
    else:
        raise InputError("report must end in .html, .json or .pdf", file=path, field="-o")
