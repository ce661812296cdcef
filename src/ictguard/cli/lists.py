"""CLI commands: ``ictguard lists update|status|versions|diff|entities|export``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from sqlalchemy import Engine

from ictguard.cli._output import emit_json
from ictguard.errors import InputError

if TYPE_CHECKING:
    from ictguard.store.records import RescreenReport

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
    allow_shrink: Annotated[
        bool, typer.Option("--allow-shrink", help="Accept a source with far fewer entries than the active version")
    ] = False,
) -> None:
    """Fetch, validate and activate a new list version (the old one stays active on any error).

    The source must be complete: the CSL file, all eight OFAC files or none, every file with records, and no
    list shrunk by more than ICTGUARD_LIST_MAX_SHRINK (default 10%) unless --allow-shrink."""
    from ictguard.settings import get_settings
    from ictguard.store.lists_repo import update_lists

    engine = _engine()
    previous = _active_version_id(engine)
    info = update_lists(engine, source, get_settings(), allow_shrink=allow_shrink)
    rescreen = _rescreen_counterparties(engine, previous)
    if as_json:
        emit_json({**info.to_dict(), "rescreen": asdict(rescreen) if rescreen else None})
        return
    counts = ", ".join(f"{k} {v}" for k, v in sorted(info.counts.items()))
    typer.echo(f"loaded version {info.version_id}: {info.entity_count} entries ({counts})")
    if rescreen is not None:
        typer.echo(
            f"re-screened {rescreen.counterparties_screened} counterparties against {rescreen.added} "
            f"added and {rescreen.changed} changed entries: {len(rescreen.new_alerts)} new alerts, "
            f"{len(rescreen.alerts_on_removed_entries)} alerts on removed entries"
        )
    for note in info.notes:
        typer.echo(f"note: {note}", err=True)


def _active_version_id(engine: Engine) -> str | None:
    from ictguard.errors import NoActiveListsError
    from ictguard.store.lists_repo import active_version

    try:
        return active_version(engine).version_id
    except NoActiveListsError:
        return None


def _rescreen_counterparties(engine: Engine, previous: str | None) -> RescreenReport | None:
    """A new version re-screens the stored counterparties (only against what changed); None if there are none."""
    from ictguard.screening import screener_for
    from ictguard.service.gc_policy import FreezeEvery, frozen_after_build
    from ictguard.store import counterparties_repo, rescreen_repo
    from ictguard.store.lists_repo import load_active_snapshot, load_snapshot

    if not counterparties_repo.all_ids(engine):
        return None
    new = load_active_snapshot(engine)
    # Never re-screened before: diff against the version this update replaced.
    old = rescreen_repo.previous_snapshot(
        engine, new, rescreen_repo.last_rescreened_version(engine) or previous, load_snapshot
    )
    return rescreen_repo.rescreen(
        engine, old, new, frozen_after_build(screener_for), actor="cli", upkeep=FreezeEvery().tick
    )


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


@lists_app.command("diff")
def diff_cmd(
    old: Annotated[str, typer.Argument(help="Old version id (or 'previous')")],
    new: Annotated[str, typer.Argument(help="New version id (or 'active')")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Entries added, removed and changed (with the changed fields) between two versions."""
    from ictguard.store.lists_repo import diff_versions

    doc = diff_versions(_engine(), old, new)
    if as_json:
        emit_json(doc)
        return
    s = doc["summary"]
    typer.echo(f"{doc['old']} -> {doc['new']}: {s['added']} added, {s['removed']} removed, {s['changed']} changed")


@lists_app.command("entities")
def entities_cmd(
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: today)")] = None,
    source: Annotated[str | None, typer.Option("--source", help="List code: EL, MEU, DPL, SDN …")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Entries in force on a date (effective dates and version history applied)."""
    from ictguard.store.lists_repo import entities_as_of

    on = _iso_date(as_of, "--as-of") if as_of else date.today()
    entities = sorted(entities_as_of(_engine(), on, source), key=lambda e: (e.source, e.name, e.id))
    if as_json:
        emit_json(
            {
                "as_of": on.isoformat(),
                "source": source,
                "count": len(entities),
                "entities": [e.to_dict() for e in entities],
            }
        )
        return
    for e in entities:
        typer.echo(f"{e.source}\t{e.id}\t{e.name}")


@lists_app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="Only 'ftm' (FollowTheMoney JSON lines)")] = "ftm",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: stdout)")] = None,
    version: Annotated[str, typer.Option("--version", help="Version id (default: active)")] = "active",
) -> None:
    """Export a version as FollowTheMoney entities, one JSON object per line."""
    import contextlib
    import json
    import sys

    from ictguard.lists.ftm_export import export_ftm
    from ictguard.store.lists_repo import load_snapshot, resolve_version_id

    if fmt != "ftm":
        raise InputError(f"unknown export format {fmt!r} (supported: ftm)", field="--format")
    engine = _engine()
    snapshot = load_snapshot(engine, resolve_version_id(engine, version))
    target: Any = output.open("w", encoding="utf-8") if output else contextlib.nullcontext(sys.stdout)
    with target as out:
        for doc in export_ftm(snapshot.entities):
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
