"""CLI commands of the service: serve, keys (create/list/revoke), audit-log verify, rescreen."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Annotated

import typer

from ictguard.cli._output import emit_json
from ictguard.errors import CheckFailedError

keys_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
audit_app = typer.Typer(help="Inspect the append-only audit log.", no_args_is_help=True)
CLI_ACTOR = "cli"


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0 = any free port)")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Worker processes; each builds and holds its own screener (2 on 2 cores: ~2x screens/s)",
        ),
    ] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request")] = True,
) -> None:
    """Run the REST API (OpenAPI at /openapi.json, docs at /docs) and web UI."""
    import uvicorn

    from ictguard.store.db import open_engine

    open_engine().dispose()  # migrate once before workers start, and fail early on a bad ICTGUARD_DB
    uvicorn.run(
        "ictguard.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level="info",
    )


@keys_app.command("create")
def keys_create(
    role: Annotated[str, typer.Option(help="viewer, analyst, reviewer or admin")],
    name: Annotated[str, typer.Option(help="Who or what uses the key")],
) -> None:
    """Create an API key and print it on stdout (it is stored hashed and cannot be shown again)."""
    from ictguard.store import keys_repo
    from ictguard.store.db import open_engine

    key, _info = keys_repo.create_key(open_engine(), name=name, role=role, actor=CLI_ACTOR)
    sys.stdout.write(key + "\n")


@keys_app.command("list")
def keys_list(json_out: Annotated[bool, typer.Option("--json", help="JSON output")] = False) -> None:
    """List API keys (id, name, role, prefix; never the key)."""
    from ictguard.store import keys_repo
    from ictguard.store.db import open_engine

    page = keys_repo.list_keys(open_engine(), limit=10_000)
    if json_out:
        emit_json([asdict(item) for item in page.items])
        return
    for item in page.items:
        state = "revoked" if item.revoked_at else "active"
        sys.stdout.write(f"{item.id}\t{item.role}\t{item.name}\t{item.prefix}…\t{state}\n")


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[int, typer.Argument(help="Key id from `keys list`")]) -> None:
    """Revoke an API key."""
    from ictguard.store import keys_repo
    from ictguard.store.db import open_engine

    keys_repo.revoke_key(open_engine(), key_id, actor=CLI_ACTOR)


@audit_app.command("verify")
def audit_verify(json_out: Annotated[bool, typer.Option("--json", help="JSON output")] = False) -> None:
    """Check the hash chain: exit 0 when intact, 1 naming the first edited or deleted row."""
    from ictguard.store import audit_repo
    from ictguard.store.db import open_engine

    checked, problem = audit_repo.verify(open_engine())
    if json_out:
        emit_json(
            {
                "intact": problem is None,
                "rows": checked,
                "problem": None if problem is None else {"row": problem.seq, "reason": problem.reason},
            }
        )
    if problem is not None:
        raise CheckFailedError(f"audit log tampered at row {problem.seq}: {problem.reason}")
    if not json_out:
        sys.stdout.write(f"audit log intact: {checked} rows\n")


def rescreen(
    old: Annotated[str | None, typer.Option(help="Previous list version (default: the last one re-screened)")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
) -> None:
    """Re-screen stored counterparties against what the active list version added or changed."""
    from ictguard.screening import screener_for
    from ictguard.service.gc_policy import FreezeEvery, frozen_after_build
    from ictguard.store import lists_repo, rescreen_repo
    from ictguard.store.db import open_engine

    engine = open_engine()
    new = lists_repo.load_active_snapshot(engine)
    previous = rescreen_repo.previous_snapshot(engine, new, old, lists_repo.load_snapshot)
    report = rescreen_repo.rescreen(
        engine, previous, new, frozen_after_build(screener_for), actor=CLI_ACTOR, upkeep=FreezeEvery().tick
    )
    if json_out:
        emit_json(asdict(report))
    else:
        sys.stdout.write(
            f"{report.new_version}: {report.added} added, {report.changed} changed, "
            f"{len(report.removed)} removed; {report.counterparties_screened} counterparties screened, "
            f"{len(report.new_alerts)} new alerts\n"
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command()(serve)
    app.command()(rescreen)
    app.add_typer(keys_app, name="keys")
    app.add_typer(audit_app, name="audit-log")
