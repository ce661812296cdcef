"""Role -> permission table, read from ``data/service/roles.yaml`` and validated at load."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from ictguard.errors import DataFileError, NotFoundError, PermissionDeniedError
from ictguard.yamlfile import parse_yaml

ROLES_FILE = "data/service/roles.yaml"
ROLE_KEYS = {"includes", "permissions"}


def parse_roles(text: str, *, file: str = ROLES_FILE) -> dict[str, frozenset[str]]:
    """Resolve ``includes`` so every role maps to its full permission set."""
    document = parse_yaml(text, file)
    if not isinstance(document, dict) or set(document) != {"roles"} or not isinstance(document["roles"], dict):
        raise DataFileError("expected exactly one top-level key 'roles' holding a mapping", file=file, field="roles")
    raw: dict[str, Any] = document["roles"]
    for name, spec in raw.items():
        if not isinstance(spec, dict):
            raise DataFileError("role must be a mapping", file=file, field=f"roles.{name}")
        unknown = set(spec) - ROLE_KEYS
        if unknown:
            raise DataFileError(f"unknown keys {sorted(unknown)}", file=file, field=f"roles.{name}")
        missing = ROLE_KEYS - set(spec)
        if missing:
            raise DataFileError(f"missing keys {sorted(missing)}", file=file, field=f"roles.{name}")
        for included in spec["includes"]:
            if included not in raw:
                raise DataFileError(f"includes unknown role {included!r}", file=file, field=f"roles.{name}.includes")

    def resolve(name: str, seen: tuple[str, ...]) -> frozenset[str]:
        if name in seen:
            raise DataFileError(f"include cycle {' -> '.join((*seen, name))}", file=file, field=f"roles.{name}")
        spec = raw[name]
        perms = set(spec["permissions"])
        for included in spec["includes"]:
            perms |= resolve(included, (*seen, name))
        return frozenset(perms)

    return {name: resolve(name, ()) for name in raw}


@lru_cache(maxsize=1)
def role_permissions() -> dict[str, frozenset[str]]:
    text = resources.files("ictguard").joinpath(ROLES_FILE).read_text(encoding="utf-8")
    return parse_roles(text)


def role_names() -> list[str]:
    return list(role_permissions())


def allows(role: str, permission: str) -> bool:
    return permission in role_permissions().get(role, frozenset())


def require(role: str, permission: str) -> None:
    """Raise PermissionDeniedError unless ``role`` holds ``permission``."""
    if not allows(role, permission):
        raise PermissionDeniedError(f"role {role!r} may not {permission}")


OWNER_BYPASS = "keys:manage"  # an administrator may open anyone's results (support, audits of the system)


def require_owner(owner_key_id: str | int | None, caller_key_id: str | int, role: str, what: str) -> None:
    """Results fetched by id (batch jobs, device-audit reports) are their creator's: anyone else gets the same
    NotFoundError as for an id that does not exist, so ids cannot be probed; an administrator may read all."""
    if allows(role, OWNER_BYPASS):
        return
    if owner_key_id is None or str(owner_key_id) != str(caller_key_id):
        raise NotFoundError(f"{what} does not exist")


def key_id_of(actor: str) -> str | None:
    """The key id in an audit actor ``key:<id>:<name>`` (None for ``cli``, ``system`` …)."""
    parts = actor.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == "key" and parts[1].isdigit() else None
