"""``ictguard evidence verify FILE``: does a filed PDF or HTML document match the audit log it was issued into?"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ictguard.cli._output import emit_json
from ictguard.errors import CheckFailedError, InputError

evidence_app = typer.Typer(help="Check evidence documents against the audit log.", no_args_is_help=True)


@evidence_app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="A PDF or HTML evidence document ictguard issued")],
    json_out: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
) -> None:
    """Exit 0 when the document matches the audit log, 1 when it does not, 2 when it cannot be read."""
    from ictguard.reports.signing import signature_check
    from ictguard.reports.verify_evidence import verify_document
    from ictguard.store.db import open_engine
    from ictguard.store.evidence_repo import AuditEvidenceLog

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=file) from exc
    from ictguard.settings import get_settings

    anchor = get_settings().sign_cert
    verdict = verify_document(
        data,
        AuditEvidenceLog(open_engine()),
        name=str(file),
        signature_check=lambda pdf: signature_check(pdf, trusted_cert=anchor),
    )
    if json_out:
        emit_json(verdict.to_dict())
    else:
        for check in verdict.checks:
            sys.stdout.write(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}\n")
    if not verdict.matches:
        failed = ", ".join(c.name for c in verdict.checks if not c.ok)
        raise CheckFailedError(f"{file}: does not match the audit log ({failed})")
    if not json_out:
        sys.stdout.write(f"{file}: matches the audit log ({verdict.kind}, digest {verdict.content_digest})\n")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(evidence_app, name="evidence")
