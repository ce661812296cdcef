"""One function per evidence document kind: what the document is about (``Subject``), issued through
``evidence_repo.issue_document``. The CLI, API and web call these, so every adapter files the same record."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from ictguard.errors import InputError
from ictguard.reports.evidence import DocumentFormat, IssuedDocument, Issuer, Subject, sha256_hex
from ictguard.settings import get_settings
from ictguard.store.evidence_repo import issue_document, latest_entry, list_version_hash
from ictguard.store.records import SavedDetermination


def cli_issuer() -> Issuer:
    """The CLI has no API key: the operating-system account that ran it, with the role ``cli``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        user = "unknown"
    return Issuer(name=f"cli:{user}", role="cli")


def _signer(fmt: DocumentFormat) -> Any:
    if fmt != "pdf":
        return None
    from ictguard.reports.signing import signer_from_settings

    return signer_from_settings(get_settings())


def screening_evidence(
    engine: Engine,
    result: dict[str, Any],
    *,
    country: str | None,
    issuer: Issuer,
    fmt: DocumentFormat,
    reviews: list[dict[str, Any]] | None = None,
    run_id: int | None = None,
    alert_id: int | None = None,
    threshold: float | None = None,
) -> IssuedDocument:
    """Screening evidence for ``result`` (the ``screen --json`` document). A stored run or reviewed alert is
    cited as the audit entry the document corresponds to."""
    from ictguard.screening.features import DEFAULT_THRESHOLD

    cut = threshold if threshold is not None else (get_settings().screening_threshold or DEFAULT_THRESHOLD)
    now = datetime.now(UTC)
    context = {
        **result,
        "country": country or None,
        "reviews": reviews or [],
        "screened_at": result.get("screened_at") or now.strftime("%Y-%m-%d %H:%M UTC"),
        "result": result.get("result") or ("potential match" if result.get("hits") else "no match"),
        "threshold": cut,
    }
    source = None
    if alert_id is not None:
        source = latest_entry(engine, "alert", alert_id)
    if source is None and run_id is not None:
        source = latest_entry(engine, "screening_run", run_id)
    version = result.get("list_version")
    subject = Subject(
        list_version=version,
        list_content_hash=list_version_hash(engine, version),
        inputs={
            "query": result.get("query"),
            "country": country or None,
            "as_of": result.get("as_of"),
            "threshold": cut,
            "result": context["result"],
            "candidates": len(result.get("hits") or []),
        },
        source_entry=source,
    )
    return issue_document(engine, "screening_evidence", context, subject, issuer, fmt=fmt, sign=_signer(fmt))


def determination_memo(
    engine: Engine,
    saved: SavedDetermination,
    *,
    issuer: Issuer,
    fmt: DocumentFormat,
    author: str | None = None,
) -> IssuedDocument:
    """The memo of a saved determination (``determinations_repo.get``: id, input, output)."""
    output, transaction = saved.output, saved.input
    context = {"determination": output, "transaction": transaction, "author": author}
    version = output.get("list_version")
    subject = Subject(
        list_version=version,
        list_content_hash=list_version_hash(engine, version),
        inputs={
            "transaction": transaction.get("id"),
            "date": transaction.get("date"),
            "kind": transaction.get("kind"),
            "outcome": output.get("outcome"),
        },
        source_entry=latest_entry(engine, "determination", saved.id),
    )
    return issue_document(engine, "determination_memo", context, subject, issuer, fmt=fmt, sign=_signer(fmt))


def file_digests(paths: list[Path]) -> dict[str, str]:
    """Name → SHA-256 of each input file that can be read (the audit reports the others as unread)."""
    digests = {}
    for path in paths:
        try:
            digests[path.name] = sha256_hex(path.read_bytes())
        except OSError:
            digests[path.name] = "not readable"
    return digests


def device_audit(
    engine: Engine,
    document: dict[str, Any],
    *,
    issuer: Issuer,
    fmt: DocumentFormat,
    input_digests: dict[str, str] | None = None,
) -> IssuedDocument:
    """The device audit report of ``document`` (devices.report_dict); the law comes from the curated data.
    ``input_digests`` (file name → SHA-256) go into the record, so it names the exact inputs."""
    from ictguard.reports.device_audit import audit_context

    summary = document.get("summary") or {}
    hashed = [f"{name} sha256:{digest}" for name, digest in (input_digests or {}).items()]
    subject = Subject(
        list_version=None,
        list_content_hash=None,
        inputs={
            "inputs": "; ".join(hashed) or ", ".join(str(i.get("file")) for i in document.get("inputs") or []),
            "audit_generated_at": document.get("generated_at"),
            "devices": summary.get("devices"),
            "covered_devices": summary.get("covered_devices"),
        },
    )
    return issue_document(engine, "device_audit", audit_context(document), subject, issuer, fmt=fmt, sign=_signer(fmt))


def write(issued: IssuedDocument, path: Path) -> None:
    try:
        path.write_bytes(issued.data)
    except OSError as exc:
        raise InputError(f"cannot write the report: {exc.strerror}", file=path, field="-o") from exc


MAX_JOB_ROWS = 100  # audit rows about one job: create and finish


def _reviews(engine: Engine, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reviewer decisions recorded on alerts for the flagged (party name, listed entity) pairs."""
    from ictguard.store import alerts_repo, counterparties_repo

    wanted = {h["best_entity_id"] for h in hits if h["best_entity_id"]}
    if not wanted:
        return []
    decided = [
        a
        for a in alerts_repo.list_page(engine, status=None, limit=100_000).items
        if a.entity_id in wanted and a.status != "open"
    ]
    names: dict[int, str] = {}
    for alert in decided:
        party = alert.counterparty_id
        if party not in names:
            names[party] = counterparties_repo.get(engine, party).name
    return [
        {
            "name": names[a.counterparty_id],
            "entity_id": a.entity_id,
            "status": a.status,
            "reviewer": a.reviewer,
            "reason": a.reason,
            "reviewed_at": a.reviewed_at,
        }
        for a in decided
    ]


def _batch(
    engine: Engine,
    rows: list[dict[str, Any]],
    job: dict[str, Any],
    *,
    issuer: Issuer,
    fmt: DocumentFormat,
    source: Any = None,
) -> IssuedDocument:
    from ictguard.reports.batch_summary import REVIEW_DECISIONS, batch_context

    hits = [r for r in rows if r["decision"] in REVIEW_DECISIONS]
    context = batch_context(rows, job=job, reviews=_reviews(engine, hits))
    version = job.get("list_version")
    subject = Subject(
        list_version=version,
        list_content_hash=list_version_hash(engine, version),
        inputs={
            "job": job.get("id"),
            "input_file": job.get("file"),
            "threshold": job.get("threshold"),
            "as_of": job.get("as_of"),
            "rows": context["counts"]["rows"],
            "hits": context["counts"]["hits"],
            "result_sha256": job.get("result_sha256"),
        },
        source_entry=source,
    )
    return issue_document(engine, "batch_summary", context, subject, issuer, fmt=fmt, sign=_signer(fmt))


def stored_batch_summary(engine: Engine, job_id: str, *, issuer: Issuer, fmt: DocumentFormat) -> IssuedDocument:
    """The summary of a finished job of ``screen_jobs`` (API and web batch): the run's facts come from its
    ``job.create`` audit entry, and the document cites its ``job.finish`` entry."""
    from ictguard.errors import ConflictError
    from ictguard.reports.batch_summary import summary_row
    from ictguard.reports.evidence import canonical
    from ictguard.store import audit_repo, jobs_repo

    stored = jobs_repo.get_with_result(engine, job_id)
    if stored.status != "done" or stored.result is None:
        raise ConflictError(f"job {job_id} has not finished ({stored.status}): no summary yet")
    created = audit_repo.list_entries(engine, entity_type="screen_job", entity_id=job_id, limit=MAX_JOB_ROWS).items
    facts = next((dict(r["after"] or {}) for r in created if r["action"] == "job.create"), {})
    job = {
        "id": job_id,
        "file": facts.get("file"),
        "list_version": facts.get("list_version"),
        "threshold": facts.get("threshold"),
        "as_of": facts.get("as_of"),
        "started_at": stored.created_at,
        "finished_at": stored.finished_at,
        "result_sha256": sha256_hex(canonical(stored.result).encode("utf-8")),
    }
    rows = [
        summary_row(
            r,
            name_column=str(facts.get("name_column") or "name"),
            country_column=facts.get("country_column", "country"),
        )
        for r in stored.result
    ]
    return _batch(engine, rows, job, issuer=issuer, fmt=fmt, source=latest_entry(engine, "screen_job", job_id))


def file_batch_summary(
    engine: Engine,
    csv_path: Path,
    run: dict[str, Any],
    *,
    input_file: Path,
    name_column: str,
    country_column: str | None,
    issuer: Issuer,
    fmt: DocumentFormat,
) -> IssuedDocument:
    """The summary of ``screen-file``'s finished CSV; ``run`` holds its list version, threshold and as-of."""
    import csv

    from ictguard.reports.batch_summary import summary_row

    data = csv_path.read_bytes()
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = [summary_row(r, name_column=name_column, country_column=country_column) for r in csv.DictReader(handle)]
    job = {
        "file": input_file.name,
        "list_version": run.get("list_version"),
        "threshold": run.get("threshold"),
        "as_of": run.get("as_of"),
        "result_file": csv_path.name,
        "result_sha256": sha256_hex(data),
        "finished_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    return _batch(engine, rows, job, issuer=issuer, fmt=fmt)
