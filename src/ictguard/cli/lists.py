"""CLI commands: ``ictguard lists update|status|versions|diff|entities|export``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from sqlalchemy import Engine

from ictguard.cli._output import emit_json
from ictguard.errors import InputError

lists_app = typer.Typer(help="Load, inspect and export the restriction lists.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(lists_app, name="lists")


def _engine() -> Engine:
    from ictguard.settings import get_settings
    from ictguard.store.db import open_engine

    return open_engine(get_settings())


def _iso_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}", field=option) from None


@lists_app.command("update")
def update_cmd(
    source: Annotated[str | None, typer.Option("--source", help="Directory, file, file:// or http(s):// URL")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new version as JSON")] = False,
) -> None:
    """Fetch, validate and activate a new list version (the old one stays active on any error)."""
    from ictguard.settings import get_settings
    from ictguard.store.lists_repo import update_lists

    info = update_lists(_engine(), source, get_settings())
    if as_json:
        emit_json(info.to_dict())
        return
    counts = ", ".join(f"{k} {v}" for k, v in sorted(info.counts.items()))
    typer.echo(f"loaded version {info.version_id}: {info.entity_count} entries ({counts})")
    for note in info.notes:
        typer.echo(f"note: {note}", err=True)


@lists_app.command("status")
def status_cmd(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The active version: per-source counts, load time, source files and checksums."""
    from ictguard.store.lists_repo import active_version

    info = active_version(_engine())
    if as_json:
        emit_json(info.to_dict())
        return
    typer.echo(f"active version {info.version_id}, loaded {info.loaded_at.isoformat()} from {info.source}")
    for code, count in sorted(info.counts.items()):
        typer.echo(f"  {code:8} {count}")


@lists_app.command("versions")
def versions_cmd(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every stored version, oldest first."""
    from ictguard.store.lists_repo import list_versions

    versions = list_versions(_engine())
    if as_json:
        emit_json([v.to_dict() for v in versions])
        return
    for v in versions:
        typer.echo(f"{'*' if v.active else ' '} {v.version_id}  {v.loaded_at.isoformat()}  {v.entity_count}")
