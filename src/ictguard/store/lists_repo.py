"""Repository of list versions: activate a prepared load in one transaction, read snapshots back fast.

Snapshots are immutable, so each one read is cached in-process by (database URL, version id); the
active-version lookup itself is one small query per call.

Several processes (``lists update`` runs, service nodes) may share one database: activation takes a database
lock first (``_lock_activation``), so two activations run one after the other, and a unique partial index
(migration 0003) makes a second active version impossible even for a writer that bypasses this module.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, false, select, text, update

from ictguard.errors import ConflictError, NoActiveListsError, NotFoundError
from ictguard.lists.completeness import check_plausible
from ictguard.lists.diff import diff_snapshots
from ictguard.lists.history import in_force_as_of
from ictguard.lists.snapshot import ListSnapshot
from ictguard.lists.update import PreparedLoad, prepare_load
from ictguard.lists.version import SourceFile, VersionInfo
from ictguard.model import Entity
from ictguard.settings import Settings
from ictguard.store.lists_codec import ENCODING, decode_entities, encode_entities
from ictguard.store.lists_tables import list_version_data as data_t
from ictguard.store.lists_tables import list_versions as versions_t

_CACHE: OrderedDict[tuple[str, str], ListSnapshot] = OrderedDict()
_CACHE_SIZE = 3


# PostgreSQL advisory lock key of list activation (any constant; ictguard takes no other lock with this key).
ACTIVATION_LOCK = 0x1C76_0001

ActiveCheck = Callable[[VersionInfo | None], None]


def update_lists(engine: Engine, source: str | None, settings: Settings, *, allow_shrink: bool = False) -> VersionInfo:
    """Fetch, parse and validate ``source`` (default: settings.lists or the official URLs), then activate it.

    Any error raises before the database is touched, so the active version stays as it was. A source that
    shrank against the active version by more than ``settings.list_max_shrink`` is refused
    (IncompleteSourceError) unless ``allow_shrink``; the check runs under the activation lock, against the
    version active at that moment (another process may have activated one since this load began).
    """
    load = prepare_load(source, settings)

    def plausible(current: VersionInfo | None) -> None:
        check_plausible(load.counts, load.files, current, settings.list_max_shrink)

    return activate(engine, load, check=None if allow_shrink else plausible)


def _lock_activation(conn: Connection) -> None:
    """Hold the activation lock until ``conn``'s transaction ends, so activations never interleave."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ACTIVATION_LOCK})
    else:
        # SQLite has one write lock per database, taken by a transaction's first write (busy_timeout waits for
        # it): a write that changes nothing takes it before the active version is read.
        conn.execute(update(versions_t).where(false()).values(active=versions_t.c.active))


def activate(engine: Engine, load: PreparedLoad, *, check: ActiveCheck | None = None) -> VersionInfo:
    """Store ``load`` as a new version and make it the active one, all in ONE transaction under the activation
    lock. ``check`` sees the version active under the lock and may refuse (raise). A load prepared before the
    active version was (another process activated a newer one meanwhile) is refused: ConflictError."""
    payload = encode_entities(load.entities)
    info = VersionInfo(
        load.version_id, load.loaded_at, load.source, load.files, load.counts, len(load.entities), True, load.notes
    )
    with engine.begin() as conn:
        _lock_activation(conn)
        row = conn.execute(select(versions_t).where(versions_t.c.active.is_(True))).first()
        current = None if row is None else _info(row)
        if current is not None and current.loaded_at > info.loaded_at:
            raise ConflictError(
                f"version {current.version_id} (loaded {current.loaded_at.isoformat()}) became active while this "
                f"load was prepared (loaded {info.loaded_at.isoformat()}): nothing changed, run the update again"
            )
        if check is not None:
            check(current)
        conn.execute(
            versions_t.insert().values(
                version_id=info.version_id,
                loaded_at=info.loaded_at,
                source=info.source,
                active=False,
                entity_count=info.entity_count,
                counts=info.counts,
                files=[f.to_dict() for f in info.files],
                notes=list(info.notes),
            )
        )
        conn.execute(data_t.insert().values(version_id=info.version_id, encoding=ENCODING, payload=payload))
        conn.execute(
            update(versions_t).where(versions_t.c.active.is_(True)).values(active=False, superseded_at=info.loaded_at)
        )
        conn.execute(update(versions_t).where(versions_t.c.version_id == info.version_id).values(active=True))
    return info


def _info(row: Any) -> VersionInfo:
    loaded_at = row.loaded_at if row.loaded_at.tzinfo else row.loaded_at.replace(tzinfo=UTC)
    return VersionInfo(
        version_id=row.version_id,
        loaded_at=loaded_at,
        source=row.source,
        files=tuple(SourceFile.from_dict(f) for f in row.files),
        counts={str(k): int(v) for k, v in row.counts.items()},
        entity_count=row.entity_count,
        active=bool(row.active),
        notes=tuple(row.notes),
    )


def list_versions(engine: Engine) -> list[VersionInfo]:
    """Every stored version, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(versions_t).order_by(versions_t.c.loaded_at)).all()
    return [_info(r) for r in rows]


def active_version(engine: Engine) -> VersionInfo:
    with engine.connect() as conn:
        row = conn.execute(select(versions_t).where(versions_t.c.active.is_(True))).first()
    if row is None:
        raise NoActiveListsError("no list version is loaded yet: run `ictguard lists update`")
    return _info(row)


def get_version(engine: Engine, version_id: str) -> VersionInfo:
    with engine.connect() as conn:
        row = conn.execute(select(versions_t).where(versions_t.c.version_id == version_id)).first()
    if row is None:
        raise NotFoundError(f"no list version {version_id!r}")
    return _info(row)


def superseded_at(engine: Engine, version_id: str) -> datetime | None:
    with engine.connect() as conn:
        value = conn.execute(
            select(versions_t.c.superseded_at).where(versions_t.c.version_id == version_id)
        ).scalar_one_or_none()
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _snapshot(conn: Connection, url: str, version_id: str, loaded_at: datetime) -> ListSnapshot:
    key = (url, version_id)
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return cached
    payload = conn.execute(select(data_t.c.payload).where(data_t.c.version_id == version_id)).scalar_one()
    snapshot = ListSnapshot(version_id, loaded_at, decode_entities(payload))
    _CACHE[key] = snapshot
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return snapshot


def load_snapshot(engine: Engine, version_id: str) -> ListSnapshot:
    """The entities of one version (NotFoundError if there is no such version)."""
    info = get_version(engine, version_id)
    with engine.connect() as conn:
        return _snapshot(conn, engine.url.render_as_string(), version_id, info.loaded_at)


def load_active_snapshot(engine: Engine) -> ListSnapshot:
    """The active version's entities (NoActiveListsError if nothing was loaded yet)."""
    info = active_version(engine)
    with engine.connect() as conn:
        return _snapshot(conn, engine.url.render_as_string(), info.version_id, info.loaded_at)


def resolve_version_id(engine: Engine, ref: str) -> str:
    """A version id, or ``active`` / ``previous`` (the version active before the current one)."""
    if ref == "active":
        return active_version(engine).version_id
    if ref == "previous":
        versions = list_versions(engine)
        current = [i for i, v in enumerate(versions) if v.active]
        if not current or current[0] == 0:
            raise NotFoundError("there is no version before the active one")
        return versions[current[0] - 1].version_id
    return get_version(engine, ref).version_id


def diff_versions(engine: Engine, old: str, new: str) -> dict[str, Any]:
    return diff_snapshots(
        load_snapshot(engine, resolve_version_id(engine, old)), load_snapshot(engine, resolve_version_id(engine, new))
    )


def entities_as_of(engine: Engine, on: date, source: str | None = None) -> list[Entity]:
    """Entries in force on ``on`` across the version history (see ictguard.lists.history)."""
    versions = list_versions(engine)
    if not versions:
        raise NoActiveListsError("no list version is loaded yet: run `ictguard lists update`")
    active_at = next(v.loaded_at for v in versions if v.active)
    # Versions loaded after the active one (none, normally) are not part of the history in force.
    snapshots = [load_snapshot(engine, v.version_id) for v in versions if v.loaded_at <= active_at]
    return in_force_as_of(snapshots, on, source)
