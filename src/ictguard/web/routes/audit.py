"""Device audit: upload inventories, scans and logs; results by site and vendor with charts, covered devices
with evidence, phone-home flows; the report as HTML, PDF and CSV.

Audits run the devices package's engine on the uploaded files; results stay in memory for this server
process (the uploaded files are the record).
"""

from __future__ import annotations

import io
import re
import tempfile
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from ictguard.cases.roles import require_owner
from ictguard.devices.audit import audit_paths
from ictguard.devices.report import report_dict
from ictguard.errors import DeviceInputError, NotFoundError
from ictguard.reports.csv_safe import write_safe_csv
from ictguard.reports.device_audit import audit_context
from ictguard.reports.evidence import sha256_hex
from ictguard.reports.filenames import attachment
from ictguard.service import evidence_docs
from ictguard.web import backend, evidence
from ictguard.web.auth import Principal, require
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)
# The roles file has no device permission; running an audit is a job like batch screening.
Runner = Annotated[Principal, Depends(require("jobs:write"))]
Reader = Annotated[Principal, Depends(require("jobs:read"))]
MAX_TOTAL = 50 * 1024 * 1024
KEEP = 50  # audits kept per server process
CSV_COLUMNS = (
    "site",
    "id",
    "hostname",
    "ips",
    "macs",
    "manufacturer",
    "model",
    "vendor",
    "covered",
    "basis",
    "confidence",
    "evidence",
    "sources",
)


class AuditStore:
    def __init__(self) -> None:
        self._audits: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def add(self, audit: dict[str, Any]) -> None:
        with self._lock:
            self._audits[audit["id"]] = audit
            while len(self._audits) > KEEP:
                self._audits.pop(next(iter(self._audits)))

    def get(self, audit_id: str) -> dict[str, Any]:
        with self._lock:
            audit = self._audits.get(audit_id)
        if audit is None:
            raise NotFoundError(f"no audit {audit_id!r} (audits are kept until the server restarts)")
        return audit

    def of(self, owner: str) -> list[dict[str, Any]]:
        with self._lock:
            return [a for a in reversed(self._audits.values()) if a["owner"] == owner]


def _store(request: Request) -> AuditStore:
    store = getattr(request.app.state, "web_audits", None)
    if store is None:
        store = request.app.state.web_audits = AuditStore()
    assert isinstance(store, AuditStore)
    return store


def _safe_name(name: str, index: int) -> str:
    # Keep the extension (format detection may use it), drop any path a browser sends.
    base = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name).name)[:100].lstrip(".")
    return base or f"upload-{index}"


def run_audit(uploads: list[tuple[str, bytes]]) -> dict[str, Any]:
    """The devices engine's report document for uploaded (name, content) files."""
    with tempfile.TemporaryDirectory(prefix="ictguard-audit-") as folder:
        paths = []
        for index, (name, data) in enumerate(uploads):
            path = Path(folder) / f"{index:02d}-{_safe_name(name, index)}"
            path.write_bytes(data)
            paths.append(path)
        document = report_dict(audit_paths(paths))
    # Show the names the person uploaded, not the temporary paths.
    renames = {str(Path(folder) / f"{i:02d}-{_safe_name(n, i)}"): n for i, (n, _d) in enumerate(uploads)}
    for entry in document.get("inputs", []):
        entry["file"] = renames.get(entry["file"], entry["file"])
    for row in [*document.get("rejected", []), *document.get("unread_inputs", [])]:
        row["file"] = renames.get(row["file"], row["file"])
    for device in document.get("devices", []):
        device["sources"] = [_rename(s, renames) for s in device.get("sources", [])]
    return document


def _rename(source: str, renames: dict[str, str]) -> str:
    for temporary, original in renames.items():
        if source.startswith(temporary):
            return original + source[len(temporary) :]
    return source


def _owned(request: Request, audit_id: str, user: Principal) -> dict[str, Any]:
    """An audit report is its owner's (an administrator may read all); anyone else gets 404."""
    audit = _store(request).get(audit_id)
    require_owner(audit["owner"], user.key_id, user.role, f"audit {audit_id!r}")
    return audit


@router.get("/ui/audit")
def audit_page(request: Request, user: Runner) -> Response:
    audits = _store(request).of(user.key_id)
    return templates.TemplateResponse(request, "audit.html", {"active": "audit", "audits": audits})


@router.post("/ui/audit")
def audit_upload(request: Request, user: Runner, files: list[UploadFile]) -> Response:
    uploads, total = [], 0
    for upload in files:
        data = upload.file.read(MAX_TOTAL + 1)
        total += len(data)
        if total > MAX_TOTAL:
            raise DeviceInputError(
                f"uploads larger than {MAX_TOTAL // (1024 * 1024)} MiB in total", file=upload.filename
            )
        uploads.append((upload.filename or "upload", data))
    document = run_audit(uploads)
    audit = {
        "id": uuid.uuid4().hex[:12],
        "owner": user.key_id,
        "files": [n for n, _d in uploads],
        "digests": {n: sha256_hex(d) for n, d in uploads},
        "created": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "document": document,
        "context": audit_context(document),
    }
    _store(request).add(audit)
    return RedirectResponse(f"/ui/audit/{audit['id']}", status_code=303)


@router.get("/ui/audit/{audit_id}")
def audit_result(request: Request, audit_id: str, user: Reader) -> Response:
    audit = _owned(request, audit_id, user)
    return templates.TemplateResponse(request, "audit_result.html", {"active": "audit", "audit": audit})


@router.get("/ui/audit/{audit_id}/report")
def audit_report(request: Request, audit_id: str, user: Reader, format: str = "html") -> Response:
    audit = _owned(request, audit_id, user)
    fmt = evidence.document_format(format)
    issued = evidence_docs.device_audit(
        backend.engine_of(request),
        audit["document"],
        issuer=evidence.issuer(user),
        fmt=fmt,
        input_digests=audit.get("digests"),
    )
    return evidence.document_response(issued, fmt, f"device-audit-{audit_id}")


@router.get("/ui/audit/{audit_id}/devices.csv")
def audit_csv(request: Request, audit_id: str, user: Reader) -> Response:
    audit = _owned(request, audit_id, user)
    rows = [
        {
            **d,
            "ips": " ".join(d.get("ips") or []),
            "macs": " ".join(d.get("macs") or []),
            "evidence": " | ".join(d.get("evidence") or []),
            "sources": " ".join(d.get("sources") or []),
        }
        for d in audit["context"]["devices"]
    ]
    out = io.StringIO()
    write_safe_csv(out, CSV_COLUMNS, rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(f"device-audit-{audit_id}.csv")},
    )
