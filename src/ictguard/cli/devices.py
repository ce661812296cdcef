"""CLI commands: ``identify`` (one value or a file of values) and ``audit`` (inventories, scans, traffic)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ictguard.cli._output import emit_json, emit_jsonl
from ictguard.cli.screen import EngineOption, MasterOption, engine_of
from ictguard.errors import DeviceInputError, InputError, exit_code_for

if TYPE_CHECKING:
    from ictguard.devices.identify import Identifier


def identify(
    value: Annotated[str | None, typer.Argument(help="The value to identify.")] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="http_server, http_title, www_authenticate, rtsp_server, "
            "tls_subject, telnet_banner, ssh_banner, snmp_sysdescr, favicon_md5, mac, "
            "model, fcc_id (also: organization, discovery_protocol)",
        ),
    ] = "",
    file: Annotated[Path | None, typer.Option("--file", help="One value per line.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line.")] = False,
) -> None:
    """Say which vendor a banner, MAC, model, certificate subject … belongs to, and whether it is covered."""
    from ictguard.devices.fingerprints import KINDS
    from ictguard.devices.identify import Identifier

    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; one of: {', '.join(KINDS)}", field="--kind")
    if (value is None) == (file is None):
        raise InputError("give exactly one of VALUE or --file", field="VALUE")
    identifier = Identifier()
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read: {exc}", file=file) from exc
        # One object per line, blank lines included: the contract promises the same order, line for line.
        results = [_identify_one(identifier, kind, line) for line in lines]
        if as_json and not as_jsonl:
            emit_json(results)
        else:
            for result in results:
                emit_jsonl(result)
        return
    assert value is not None
    result = _identify_one(identifier, kind, value)
    if as_jsonl:
        emit_jsonl(result)
    else:
        emit_json(result)


def _identify_one(identifier: Identifier, kind: str, value: str) -> dict[str, object]:
    """The contract's object for one value. A blank value still gets one (nothing to identify), and a
    certificate subject with OpenSSL/nmap long names (commonName=…) is matched as its RFC 4514 form (CN=…)."""
    from ictguard.devices.identify import Identification
    from ictguard.devices.parsers._common import short_dn

    if not value.strip():
        return Identification(value, kind, None, False, None, 0.0, ("the value is empty",)).to_dict()
    if kind == "tls_subject" and (short := short_dn(value)) != value:
        result = identifier.identify(kind, short).to_dict()
        result["value"] = value
        result["evidence"] = [f"matched as {short!r} (RFC 4514 short attribute names)", *result["evidence"]]
        return result
    return identifier.identify(kind, value).to_dict()


def audit(
    inputs: Annotated[list[Path], typer.Argument(help="Inventories, BOMs, scans, discovery replies, traffic logs.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="REPORT.html, .json or .pdf")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON instead of a summary.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Law as of YYYY-MM-DD (default today).")] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes reading the inputs (default: all cores).")
    ] = None,
    engine: EngineOption = "local",
    master: MasterOption = None,
) -> None:
    """Find covered equipment and adversary-country traffic; exit 1 when any is found."""
    from datetime import date

    from ictguard.devices.audit import audit_paths
    from ictguard.devices.render import write_report
    from ictguard.devices.report import report_dict

    if output is not None and output.suffix.lower() not in {".html", ".htm", ".json", ".pdf"}:
        raise InputError("report must end in .html, .json or .pdf", file=output, field="-o")
    try:
        on = date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise InputError(f"not a date (YYYY-MM-DD): {as_of!r}", field="--as-of") from exc
    from ictguard.devices.streamed import default_workers

    stream = None
    if engine_of(engine) == "spark":  # the conn logs read and added up on Spark (ictguard.spark.flows)
        from ictguard.spark.flows import spark_engine

        stream = spark_engine(master)
    report = audit_paths(inputs, as_of=on, workers=workers or default_workers(), stream=stream)
    document = report_dict(report)
    if output is not None and output.suffix.lower() == ".json":
        write_report(document, output)
    elif output is not None:  # HTML / PDF: an evidence document, recorded in the audit log
        from ictguard.service import evidence_docs
        from ictguard.store.db import open_engine

        issued = evidence_docs.device_audit(
            open_engine(),
            document,
            issuer=evidence_docs.cli_issuer(),
            fmt="pdf" if output.suffix.lower() == ".pdf" else "html",
            input_digests=evidence_docs.file_digests(inputs),
        )
        evidence_docs.write(issued, output)
    if as_json:
        emit_json(document)
    else:
        _print_summary(document, output)
    # The report covers the inputs that could be read; each one that could not still fails the run (exit 2).
    unread = [DeviceInputError(r.reason, file=r.file, line=r.line, field=r.field) for r in report.observations.unread]
    for error in unread:
        print(f"ictguard: error: {error} (not read; the report covers the other inputs)", file=sys.stderr)
    if unread:
        raise typer.Exit(exit_code_for(unread[0]))
    if report.failed:
        raise typer.Exit(1)


def _print_summary(document: dict[str, object], output: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False, highlight=False)
    summary = document["summary"]
    assert isinstance(summary, dict)
    unread = f", [bold red]{summary['unread_inputs']} input file(s) not read[/]" if summary["unread_inputs"] else ""
    console.print(
        f"[bold]{summary['devices']} devices[/], [bold red]{summary['covered_devices']} covered[/], "
        f"{summary['devices_with_adversary_traffic']} with adversary-country traffic, "
        f"{summary['rejected_rows']} rejected rows{unread}"
    )
    table = Table("device", "vendor", "covered", "basis", "traffic", "rules")
    devices = document["devices"]
    assert isinstance(devices, list)
    for d in devices:
        if not (d["vendor"] or d["traffic"]):
            continue
        traffic = "; ".join(f"{t['country'] or '?'} {t['cloud'] or ''} {t['bytes_out']}B" for t in d["traffic"])
        rules = sorted({r for f in d["findings"] for r in f["rules"]})
        table.add_row(
            d["id"], d["vendor"] or "", "yes" if d["covered"] else "no", d["basis"] or "", traffic, ", ".join(rules)
        )
    console.print(table)
    rejected = document["rejected"]
    assert isinstance(rejected, list)
    for r in rejected:
        console.print(f"rejected: {r['file']}:{r['line']} {r['field'] or ''} {r['reason']}")
    if output is not None:
        console.print(f"report written to {output}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("identify")(identify)
    app.command("audit")(audit)
