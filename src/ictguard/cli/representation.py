"""CLI command ``ictguard representation``: a draft of the FAR 52.204-24 / 52.204-26 (§889) representations
from a supplier list (screened) and a device audit, as JSON, HTML or PDF (core: ``rules.representation``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from ictguard.cli._output import emit_json
from ictguard.cli.decide import _as_of, load_decision_resolver, read_document
from ictguard.errors import InputError


def _devices(audit_json: Path | None, inputs: list[Path], on: date) -> list[dict[str, Any]]:
    """The audited devices: from a saved ``ictguard audit --json`` report, or by auditing the input files."""
    devices: list[dict[str, Any]] = []
    if audit_json is not None:
        doc = read_document(audit_json)
        if not isinstance(doc, dict) or not isinstance(doc.get("devices"), list):
            raise InputError("not an audit report (no 'devices' list)", file=audit_json, field="devices")
        devices += doc["devices"]
    if inputs:
        from ictguard.devices.audit import audit_paths
        from ictguard.devices.report import report_dict

        devices += report_dict(audit_paths(inputs, as_of=on))["devices"]
    return devices


def register(app: typer.Typer) -> None:
    """Add this module's command to the main app."""

    @app.command("representation")
    def representation_command(
        suppliers: Annotated[
            Path, typer.Option("--suppliers", help="JSON list of suppliers (name, country, provides, category)")
        ],
        offeror: Annotated[str, typer.Option("--offeror", help="The offeror's name")],
        devices: Annotated[
            list[Path] | None, typer.Argument(help="Device inputs to audit (inventories, scans …)")
        ] = None,
        audit: Annotated[Path | None, typer.Option("--audit", help="A saved `ictguard audit --json` report")] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Representation date YYYY-MM-DD (default today)")
        ] = None,
        security_purpose: Annotated[
            bool | None,
            typer.Option(
                "--security-purpose/--no-security-purpose",
                help="Hytera/Hikvision/Dahua equipment is used for a security purpose",
            ),
        ] = None,
        output: Annotated[Path | None, typer.Option("-o", "--output", help="DRAFT.json, .html or .pdf")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the draft as JSON")] = False,
    ) -> None:
        """Draft the §889 representations (will/will not provide, does/does not use) with the evidence."""
        from ictguard.reports.render import render_pdf, render_report
        from ictguard.rules.representation import draft_representation, parse_suppliers

        if output is not None and output.suffix.lower() not in {".json", ".html", ".htm", ".pdf"}:
            raise InputError("output must end in .json, .html or .pdf", file=output, field="-o")
        on = _as_of(as_of) or date.today()
        listed = parse_suppliers(read_document(suppliers), file=suppliers)
        resolver, _notes = load_decision_resolver()
        draft = draft_representation(
            offeror,
            on,
            listed,
            _devices(audit, list(devices or []), on),
            resolver=resolver,
            security_purpose=security_purpose,
        ).to_dict()
        if output is not None:
            suffix = output.suffix.lower()
            if suffix == ".json":
                output.write_text(json.dumps(draft, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            else:
                html = render_report("representation_889", {"draft": draft})
                if suffix == ".pdf":
                    output.write_bytes(render_pdf(html))
                else:
                    output.write_text(html, encoding="utf-8")
        if as_json:
            emit_json(draft)
            return
        for rep in draft["representations"]:
            typer.echo(f"{rep['clause']}: {rep['answer'] or rep['status'].replace('_', ' ')}")
            typer.echo(f"    {rep['explanation']}")
            if rep["citations"]:
                typer.echo(f"    citations: {'; '.join(rep['citations'])}")
            for e in rep["evidence"]:
                typer.echo(f"    - {e['source']}: {e['name']}: {e['detail']}")
