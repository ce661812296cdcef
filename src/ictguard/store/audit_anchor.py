"""Where the audit chain is anchored outside the database: the key that makes its hashes HMACs, and the
append-only receipts file (one signed ``{"seq", "hash", "mac"}`` line per committed audit row).

Neither is in the database, so someone who can only write the database can neither re-hash an edited chain
(no key) nor make a deleted last row disappear from the receipts. Receipts are written after the commit: a
crash in between leaves a row without a receipt (not a false alarm), never a receipt without its row.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from ictguard.cases.audit_chain import Receipt, receipt_mac
from ictguard.errors import IctguardError
from ictguard.settings import Settings, get_settings

_log = logging.getLogger(__name__)
_KEYS: dict[Path | str, bytes] = {}
PENDING_RECEIPTS = "ictguard_audit_receipts"  # conn.info key: rows appended in this transaction, not yet receipted


def audit_key(settings: Settings | None = None) -> bytes:
    """The audit key: ``ICTGUARD_AUDIT_KEY``, else the key file (32 random bytes, created 0600 on first use)."""
    settings = settings or get_settings()
    if settings.audit_key:
        return hashlib.sha256(b"ictguard-audit|" + settings.audit_key.encode()).digest()
    path = settings.audit_key_file or settings.data_dir / "audit" / "audit.key"
    cached = _KEYS.get(path)
    if cached is None:
        cached = _KEYS[path] = _read_or_create_key(path)
    return cached


def _read_or_create_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)  # atomic and never replaces: concurrent first writers agree on one key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        raise IctguardError(f"{path}: cannot read the audit key: {exc}") from None


def receipts_path(url: URL, settings: Settings | None = None) -> Path:
    """The receipts file of one database (named after its URL without the password, SQLite paths resolved)."""
    settings = settings or get_settings()
    if settings.audit_receipts is not None:
        return settings.audit_receipts
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        url = url.set(database=str(Path(url.database).resolve()))
    name = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return settings.data_dir / "audit" / f"receipts-{name}.jsonl"


def append_receipts(engine: Engine, rows: Iterable[tuple[int, str]]) -> None:
    """Append one signed line per committed row. Several processes (CLI runs, service nodes on one host) append
    to one file: O_APPEND puts each write at the end, and an exclusive flock keeps a reader (verify) from seeing
    half a line and a long write from being split by another's."""
    lines = [
        json.dumps({"seq": seq, "hash": digest, "mac": receipt_mac(audit_key(), seq, digest)}) + "\n"
        for seq, digest in rows
    ]
    if not lines:
        return
    path = receipts_path(engine.url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # released by close
            data = memoryview("".join(lines).encode())
            while data:
                data = data[os.write(fd, data) :]
        finally:
            os.close(fd)
    except OSError as exc:  # the row is committed: verify will report it as unanchored, not lose it
        _log.error("audit receipts not written to %s: %s", path, exc)


def read_receipts(engine: Engine) -> tuple[Path, list[Receipt] | None]:
    """(the receipts file, its receipts) — None when there is no file. A line that is not a receipt is kept with
    an empty MAC, so verify reports it as damaged rather than skipping it."""
    path = receipts_path(engine.url)
    try:
        with path.open("rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)  # no writer is half-way through a line
            text = handle.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return path, None
    except OSError as exc:
        raise IctguardError(f"{path}: cannot read the audit receipts: {exc.strerror or exc}") from None
    receipts = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            doc = json.loads(line)
            receipts.append(Receipt(int(doc["seq"]), str(doc["hash"]), str(doc["mac"]), number))
        except (ValueError, KeyError, TypeError):
            receipts.append(Receipt(0, "", "", number))
    return path, receipts
