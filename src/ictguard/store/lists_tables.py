"""Tables of the list registry: one row per loaded version, and the version's entities as one compressed
JSON blob (loading a snapshot is then one read and one ``json.loads``, well under a second)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    text,
)

from ictguard.store.meta import metadata

list_versions = Table(
    "list_versions",
    metadata,
    Column("version_id", String(64), primary_key=True),
    Column("loaded_at", DateTime(timezone=True), nullable=False, index=True),
    Column("source", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=False, index=True),
    Column("entity_count", Integer, nullable=False),
    Column("counts", JSON, nullable=False),  # {list code: entities}
    Column("files", JSON, nullable=False),  # [{name, url, sha256, size, rows}]
    Column("notes", JSON, nullable=False),  # [str]
    # Set when a later version became active: an entity absent from that later version is out of force
    # from this time on (the "version history" part of the as-of view).
    Column("superseded_at", DateTime(timezone=True), nullable=True),
)

# At most one active version, whichever process writes (migration 0003): unique over the active rows only.
Index(
    "uq_list_versions_one_active",
    list_versions.c.active,
    unique=True,
    postgresql_where=text("active"),
    sqlite_where=text("active"),
)

list_version_data = Table(
    "list_version_data",
    metadata,
    Column(
        "version_id",
        String(64),
        ForeignKey("list_versions.version_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("encoding", String(16), nullable=False),  # "json+zlib"
    Column("payload", LargeBinary, nullable=False),
)
