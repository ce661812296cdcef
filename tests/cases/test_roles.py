from __future__ import annotations

import pytest

from ictguard.cases.roles import parse_roles, require, role_permissions
from ictguard.errors import DataFileError, PermissionDeniedError


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        ("viewer", "alerts:read", True),
        ("viewer", "screen:run", False),
        ("analyst", "screen:run", True),
        ("analyst", "alerts:review", False),
        ("reviewer", "alerts:review", True),
        ("reviewer", "licences:decide", True),
        ("reviewer", "keys:manage", False),
        ("admin", "keys:manage", True),
        ("admin", "alerts:read", True),
        ("nobody", "alerts:read", False),
    ],
)
def test_shipped_role_table(role: str, permission: str, allowed: bool) -> None:
    if allowed:
        require(role, permission)
    else:
        with pytest.raises(PermissionDeniedError):
            require(role, permission)


def test_roles_include_lower_roles_permissions() -> None:
    perms = role_permissions()
    assert perms["viewer"] < perms["analyst"] < perms["reviewer"] < perms["admin"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("roles: {a: {includes: [], permissions: [], color: red}}", "roles.a"),
        ("roles: {a: {permissions: []}}", "roles.a"),
        ("roles: {a: {includes: [b], permissions: []}}", "roles.a.includes"),
        ("roles: {a: {includes: [b], permissions: []}, b: {includes: [a], permissions: []}}", "roles.a"),
        ("other: 1", "roles"),
    ],
)
def test_invalid_role_files_name_the_field(text: str, field: str) -> None:
    with pytest.raises(DataFileError) as err:
        parse_roles(text, file="roles.yaml")
    assert err.value.field == field
    assert err.value.file == "roles.yaml"


def test_results_are_their_owners() -> None:
    from ictguard.cases.roles import key_id_of, require_owner
    from ictguard.errors import NotFoundError

    require_owner("3", 3, "viewer", "job j")
    require_owner(None, 9, "admin", "job j")  # an administrator reads anyone's
    for owner, caller, role in (("3", 4, "reviewer"), (None, 4, "analyst")):
        with pytest.raises(NotFoundError, match="job j does not exist"):
            require_owner(owner, caller, role, "job j")
    assert key_id_of("key:12:Alice") == "12" and key_id_of("cli") is None and key_id_of("key:x:y") is None
