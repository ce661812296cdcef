from __future__ import annotations

import pytest

from ictguard.errors import (
    AuthenticationError,
    CheckFailedError,
    IctguardError,
    InputError,
    ListFormatError,
    NotFoundError,
    PermissionDeniedError,
    error_body,
    exit_code_for,
    http_status_for,
)


@pytest.mark.parametrize(
    ("error", "exit_code", "status"),
    [
        (ListFormatError("bad", file="a.csv", line=3), 2, 422),
        (NotFoundError("x"), 2, 404),
        (AuthenticationError("x"), 2, 401),
        (PermissionDeniedError("x"), 2, 403),
        (CheckFailedError("x"), 1, 409),
        (IctguardError("x"), 1, 500),
        (ValueError("x"), 1, 500),
    ],
)
def test_mapping(error: Exception, exit_code: int, status: int) -> None:
    assert exit_code_for(error) == exit_code
    assert http_status_for(error) == status


def test_input_error_names_file_line_field_on_one_line() -> None:
    err = InputError("expected 29 fields,\n found 3", file="lists/x.csv", line=12, field="name")
    assert str(err) == "lists/x.csv:12: field 'name': expected 29 fields, found 3"
    body = error_body(err)["error"]
    assert isinstance(body, dict)
    assert body["line"] == 12 and body["field"] == "name" and body["status"] == 422
