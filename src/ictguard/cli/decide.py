"""CLI command ``ictguard decide FILE.json [--as-of YYYY-MM-DD] --json``: one determination per transaction."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from ictguard.cli._output import emit_json
from ictguard.errors import InputError, NoActiveListsError, TransactionError
from ictguard.rules import PartyResolver, decide_many, decision_resolver, parse_transactions
from ictguard.service.gc_policy import frozen_after_build, ticking


def load_decision_resolver() -> tuple[PartyResolver, list[str]]:
    """The production resolver over the active list version (curated entities alone, with a note, if none)."""
    resolver, notes, _current_to = load_decision_context()
    return resolver, notes


def load_decision_context() -> tuple[PartyResolver, list[str], date | None]:
    """The production resolver, its notes, and the day the active list version was loaded (None if none)."""
    from ictguard.lists.snapshot import screening_snapshot
    from ictguard.screening import screener_for
    from ictguard.store.db import open_engine
    from ictguard.store.lists_repo import load_active_snapshot

    try:
        snapshot = load_active_snapshot(open_engine())
    except NoActiveListsError:
        snapshot = None
    if snapshot is None:
        return (*decision_resolver(None, None), None)
    screened = screening_snapshot(snapshot)  # the list version plus the curated entities, as `screen` uses
    build = frozen_after_build(screener_for)  # built lazily, at the first name the list index cannot settle
    resolver, notes = decision_resolver(snapshot.entities, str(snapshot.version_id), lambda: build(screened))
    return resolver, notes, snapshot.loaded_at.date()


def read_document(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", file=path) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TransactionError(f"not valid JSON: {exc.msg}", file=path, line=exc.lineno) from None


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a YYYY-MM-DD date: {value!r}", field="--as-of") from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("decide")
    def decide_command(
        file: Annotated[Path, typer.Argument(help="JSON file: one transaction or a list of them")],
        as_of: Annotated[str | None, typer.Option("--as-of", help="Apply the law as on YYYY-MM-DD")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the determinations as JSON")] = False,
    ) -> None:
        """May I do this, on this date, and why? One determination per transaction (decisions.md)."""
        on = _as_of(as_of)
        transactions, is_list = parse_transactions(read_document(file), file=file)
        resolver, notes, current_to = load_decision_context()
        results = [
            d.to_dict()
            for d in decide_many(
                ticking(transactions), resolver=resolver, as_of=on, notes=notes, list_current_to=current_to
            )
        ]
        if as_json:
            emit_json(results if is_list else results[0])
            return
        for note in notes:
            typer.echo(f"note: {note}", err=True)
        for result in results:
            for warning in result.get("warnings", []):
                typer.echo(f"warning: {result['transaction'] or '-'}: {warning}", err=True)
            typer.echo(f"{result['transaction'] or '-'}\t{result['as_of']}\t{result['outcome']}")
            for finding in result["findings"]:
                typer.echo(f"  {finding['regime']}: {finding['outcome']} ({', '.join(finding['rules'])})")
                typer.echo(f"    {finding['explanation']}")
                if finding["citations"]:
                    typer.echo(f"    citations: {'; '.join(finding['citations'])}")
