"""Evidence documents from web pages: who issues them (the signed-in key) and how they are sent."""

from __future__ import annotations

from typing import cast

from fastapi import Response

from ictguard.errors import InputError
from ictguard.reports.evidence import DocumentFormat, IssuedDocument, Issuer
from ictguard.reports.filenames import attachment
from ictguard.web import backend
from ictguard.web.auth import Principal


def issuer(user: Principal) -> Issuer:
    """The key behind the session, named as the audit log names it (``key:<id>:<name>``), and its role."""
    return Issuer(backend.actor(user), user.role)


def document_format(value: str) -> DocumentFormat:
    if value not in ("html", "pdf"):
        raise InputError("format is html or pdf", field="format")
    return cast(DocumentFormat, value)


def document_response(issued: IssuedDocument, fmt: DocumentFormat, stem: str) -> Response:
    """The issued bytes as they are recorded (``evidence.file``): a PDF as a download, HTML inline."""
    headers = {"X-Ictguard-Evidence-Digest": issued.content_digest}
    if fmt == "pdf":
        headers["Content-Disposition"] = attachment(f"{stem}.pdf")
        return Response(issued.data, media_type="application/pdf", headers=headers)
    headers["Content-Disposition"] = "inline" + attachment(f"{stem}.html").removeprefix("attachment")
    return Response(issued.data, media_type="text/html; charset=utf-8", headers=headers)
