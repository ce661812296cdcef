"""Check an evidence document (HTML or PDF file) against the audit log it was issued into.

The checks, each reported with what it compared:

- ``content digest``: the embedded record and content hash to the digest the document states;
- ``issue entry``: the log holds an ``evidence.issue`` row with that digest, at the number and hash the
  document prints, and that row names the same issuer, list version, inputs and source entry;
- ``file``: the log holds an ``evidence.file`` row for the SHA-256 of these exact bytes (so the page, not
  only the embedded record, is the one issued);
- ``source entry``: the business event the document cites (screening run, determination …) is in the log
  with the number and hash printed;
- ``audit chain``: the log itself verifies;
- ``signature`` (signed PDFs): the PDF signature covers the whole file and is intact.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ictguard.errors import InputError
from ictguard.reports.evidence import (
    ATTACHMENT_NAME,
    FILE_ACTION,
    FILE_TYPE,
    FORMAT,
    ISSUE_ACTION,
    ISSUE_TYPE,
    SCRIPT_ID,
    content_digest,
    sha256_hex,
)


class EvidenceLookup(Protocol):
    """Read access to the audit log (store.evidence_repo implements it)."""

    def entries(self, entity_type: str, entity_id: str) -> list[dict[str, Any]]:
        """Rows about one entity: dicts with ``seq``, ``hash``, ``action``, ``after``."""
        ...

    def chain(self) -> tuple[bool, str]:
        """(intact, what was checked or the first problem)."""
        ...


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Verdict:
    file: str
    content_digest: str | None = None
    kind: str | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "matches": self.matches,
            "kind": self.kind,
            "content_digest": self.content_digest,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
        }


_SCRIPT = re.compile(rf'<script type="application/json" id="{SCRIPT_ID}">(?P<json>.*?)</script>', re.DOTALL)


def read_embedded(data: bytes, *, name: str) -> dict[str, Any]:
    """The evidence JSON embedded in a PDF (attached file) or HTML (script element); InputError otherwise."""
    if data.startswith(b"%PDF-"):
        raw = _pdf_attachment(data, name=name)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("neither a PDF nor a UTF-8 HTML document", file=name) from exc
        found = _SCRIPT.search(text)
        if found is None:
            raise InputError(
                "no ictguard evidence record in this document (not issued by ictguard, or an "
                "export from before evidence records)",
                file=name,
            )
        raw = found.group("json").encode("utf-8")
    try:
        document = json.loads(raw)
    except ValueError as exc:
        raise InputError(f"the evidence record is not JSON: {exc}", file=name, field=ATTACHMENT_NAME) from exc
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("record"), dict)
        or document["record"].get("format") != FORMAT
    ):
        raise InputError(f"the evidence record is not in the {FORMAT} format", file=name, field=ATTACHMENT_NAME)
    return document


def _pdf_attachment(data: bytes, *, name: str) -> bytes:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        attachments = PdfReader(io.BytesIO(data)).attachments
        found = attachments.get(ATTACHMENT_NAME)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the PDF: {exc}", file=name) from exc
    if not found:
        raise InputError(f"no {ATTACHMENT_NAME} attached: not an ictguard evidence document", file=name)
    return bytes(found[0])


def verify_document(
    data: bytes,
    lookup: EvidenceLookup,
    *,
    name: str,
    signature_check: Callable[[bytes], Check | None] | None = None,
) -> Verdict:
    """Every check above, on the file's bytes; raises InputError only when no record can be read."""
    document = read_embedded(data, name=name)
    record, content = document["record"], document.get("content")
    stated = str(document.get("content_digest") or "")
    verdict = Verdict(file=name, content_digest=stated, kind=str(record.get("kind")))
    actual = content_digest(record, content if isinstance(content, dict) else {})
    verdict.checks.append(
        Check(
            "content digest",
            actual == stated,
            f"recomputed {actual}" + ("" if actual == stated else f", document states {stated}"),
        )
    )
    verdict.checks.append(_issue_check(document, record, stated, lookup))
    verdict.checks.append(_file_check(data, stated, lookup))
    if record.get("source_entry"):
        verdict.checks.append(_entry_check("source entry", record["source_entry"], lookup))
    intact, detail = lookup.chain()
    verdict.checks.append(Check("audit chain", intact, detail))
    if signature_check is not None:
        signed = signature_check(data)
        if signed is not None:
            verdict.checks.append(signed)
    return verdict


def _issue_check(document: dict[str, Any], record: dict[str, Any], digest: str, lookup: EvidenceLookup) -> Check:
    cited = document.get("issue_entry") or {}
    rows = [r for r in lookup.entries(ISSUE_TYPE, digest) if r.get("action") == ISSUE_ACTION]
    if not rows:
        return Check("issue entry", False, f"no {ISSUE_ACTION} entry for digest {digest} in the audit log")
    row = next((r for r in rows if r.get("seq") == cited.get("seq")), rows[0])
    problems = []
    if row.get("seq") != cited.get("seq") or row.get("hash") != cited.get("hash"):
        problems.append(
            f"document cites #{cited.get('seq')} {cited.get('hash')}, log has #{row.get('seq')} {row.get('hash')}"
        )
    after = row.get("after") or {}
    for key in ("issued_by", "list_version", "inputs", "source_entry"):
        if _plain(after.get(key)) != _plain(record.get(key)):
            problems.append(f"{key.replace('_', ' ')} differs from the log")
    if problems:
        return Check("issue entry", False, "; ".join(problems))
    return Check("issue entry", True, f"#{row['seq']} {row['hash']} at {row.get('at', '?')} by {row.get('actor', '?')}")


def _file_check(data: bytes, digest: str, lookup: EvidenceLookup) -> Check:
    file_sha = sha256_hex(data)
    rows = [r for r in lookup.entries(FILE_TYPE, file_sha) if r.get("action") == FILE_ACTION]
    if any((r.get("after") or {}).get("content_digest") == digest for r in rows):
        return Check("file", True, f"SHA-256 {file_sha} is the file issued")
    return Check(
        "file",
        False,
        f"SHA-256 {file_sha} is not a file ictguard issued for this record: the file was "
        "changed after issue (or re-saved by another program)",
    )


def _entry_check(label: str, cited: dict[str, Any], lookup: EvidenceLookup) -> Check:
    rows = lookup.entries(str(cited.get("entity_type")), str(cited.get("entity_id")))
    row = next((r for r in rows if r.get("seq") == cited.get("seq")), None)
    if row is None:
        return Check(
            label, False, f"no audit entry #{cited.get('seq')} for {cited.get('entity_type')} {cited.get('entity_id')}"
        )
    if row.get("hash") != cited.get("hash") or row.get("action") != cited.get("action"):
        return Check(
            label,
            False,
            f"entry #{row['seq']} is {row.get('action')} {row.get('hash')}; the document "
            f"cites {cited.get('action')} {cited.get('hash')}",
        )
    return Check(label, True, f"#{row['seq']} {row.get('action')} {row.get('hash')}")


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, sort_keys=True, default=str))
