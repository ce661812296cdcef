"""The one exception tree of ictguard, and the one table that maps it to CLI exit codes and HTTP statuses.

Every error a user can cause is an :class:`IctguardError`. Adapters (CLI, API, web) never format
errors themselves: they call :func:`exit_code_for` / :func:`http_status_for` and use ``str(error)``.

Tree::

    IctguardError                      generic failure                      exit 1, HTTP 500
    ├── InputError                     bad user input (file/line/field)     exit 2, HTTP 422
    │   ├── ListFormatError            a restriction-list file is malformed
    │   │   └── IncompleteSourceError  a list source lacks files/records or shrank implausibly
    │   ├── InputTooLargeError         a value, file or body over a documented limit (limits.py)
    │   │   └── PayloadTooLargeError   a request body over its route's cap        HTTP 413
    │   ├── DataFileError              a curated data file (rules, fingerprints) is invalid
    │   ├── TransactionError           a transaction document is invalid
    │   └── DeviceInputError           an inventory / scan / log file is invalid
    ├── SourceUnavailableError         a list source could not be fetched  exit 2, HTTP 502
    ├── NoActiveListsError             nothing loaded yet                   exit 2, HTTP 409
    ├── NotFoundError                  a named thing does not exist         exit 2, HTTP 404
    ├── ConflictError                  state forbids the action             exit 1, HTTP 409
    ├── AuthenticationError            missing / invalid credentials        exit 2, HTTP 401
    ├── PermissionDeniedError          role too low                         exit 2, HTTP 403
    ├── TooManyRequestsError           too many failed sign-ins from one client    HTTP 429
    └── CheckFailedError               a check ran and failed (e.g. audit)  exit 1, HTTP 409
"""

from __future__ import annotations

from pathlib import Path


class IctguardError(Exception):
    """Base of every error ictguard raises on purpose."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(IctguardError):
    """Input that cannot be used: names the file, line and field so a person can fix it."""

    code = "invalid_input"

    def __init__(
        self,
        reason: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
        parts = [p for p in (where, f"field {self.field!r}" if self.field else "") if p]
        prefix = ": ".join(parts)
        # One line only: a CLI prints this verbatim on stderr.
        reason = " ".join(self.reason.split())
        return f"{prefix}: {reason}" if prefix else reason


class ListFormatError(InputError):
    code = "list_format"


class IncompleteSourceError(ListFormatError):
    """A list source that parses but is not whole: a layout file missing, a file without records, or far
    fewer entries than the active version (refused so no list silently drops out of screening)."""

    code = "incomplete_source"


class InputTooLargeError(InputError):
    """A name, cell, file or request body over one of the documented limits (``ictguard.limits``)."""

    code = "too_large"


class PayloadTooLargeError(InputTooLargeError):
    """A request body over the cap of its route (checked before and while it is read)."""

    code = "payload_too_large"


class DataFileError(InputError):
    code = "data_file"


class TransactionError(InputError):
    code = "invalid_transaction"


class DeviceInputError(InputError):
    code = "invalid_device_input"


class SourceUnavailableError(IctguardError):
    code = "source_unavailable"


class NoActiveListsError(IctguardError):
    code = "no_active_lists"


class NotFoundError(IctguardError):
    code = "not_found"


class ConflictError(IctguardError):
    code = "conflict"


class AuthenticationError(IctguardError):
    code = "unauthenticated"


class PermissionDeniedError(IctguardError):
    code = "forbidden"


class TooManyRequestsError(IctguardError):
    """Too many failed sign-ins (wrong keys) from one client: wait and try again."""

    code = "too_many_requests"


class CheckFailedError(IctguardError):
    code = "check_failed"


# The one mapping table. Order matters: the first class an error is an instance of wins.
_MAPPING: tuple[tuple[type[IctguardError], int, int], ...] = (
    (PayloadTooLargeError, 2, 413),
    (InputError, 2, 422),
    (SourceUnavailableError, 2, 502),
    (NoActiveListsError, 2, 409),
    (NotFoundError, 2, 404),
    (ConflictError, 1, 409),
    (AuthenticationError, 2, 401),
    (PermissionDeniedError, 2, 403),
    (TooManyRequestsError, 2, 429),
    (CheckFailedError, 1, 409),
    (IctguardError, 1, 500),
)


def exit_code_for(error: BaseException) -> int:
    """CLI exit code for an error (contract: 1 = check failed, 2 = bad usage or unreadable input)."""
    for cls, exit_code, _status in _MAPPING:
        if isinstance(error, cls):
            return exit_code
    return 1


def http_status_for(error: BaseException) -> int:
    for cls, _exit_code, status in _MAPPING:
        if isinstance(error, cls):
            return status
    return 500


def error_body(error: BaseException) -> dict[str, object]:
    """The single JSON error shape used by the API everywhere."""
    code = error.code if isinstance(error, IctguardError) else "internal_error"
    body: dict[str, object] = {"error": {"code": code, "message": str(error), "status": http_status_for(error)}}
    if isinstance(error, InputError):
        detail = body["error"]
        assert isinstance(detail, dict)
        detail.update({"file": error.file, "line": error.line, "field": error.field})
    return body
