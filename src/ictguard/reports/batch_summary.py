"""The one-document summary of a finished batch screening, filed beside its CSV.

The CLI (``screen-file``), the API's jobs and the web's batch page name their columns and decisions
differently; ``summary_row`` reads each into one shape, and ``batch_context`` counts decisions, lists the
rows that need review (best candidate, list, score) and the reviewer decisions recorded on them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

#: every adapter's word for "a person must look at this row"
REVIEW_DECISIONS = frozenset({"match", "review", "potential_match"})
MAX_LISTED = 1000  # hits listed in the document; the CSV holds every row


def _score(value: object) -> float | None:
    try:
        return float(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def summary_row(
    row: Mapping[str, Any], *, name_column: str = "name", country_column: str | None = "country"
) -> dict[str, Any]:
    """One output row (screen-file CSV, API job row or web batch row) in the summary's shape."""

    def first(*keys: str) -> str:
        return next((str(row[k]) for k in keys if row.get(k) not in (None, "")), "")

    return {
        "name": str(row.get(name_column) or ""),
        "country": str(row.get(country_column) or "") if country_column else "",
        "best_name": first("best_hit_name", "best_name", "best_hit"),
        "best_entity_id": first("best_hit_id", "best_entity_id", "best_hit_entity_id"),
        "best_source": first("best_hit_source", "best_hit_list"),
        "score": _score(row.get("score")),
        "decision": str(row.get("decision") or ""),
        "status": str(row.get("status") or ""),
    }


def batch_context(
    rows: Iterable[Mapping[str, Any]],
    *,
    job: Mapping[str, Any],
    reviews: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The batch_summary template's context: ``job`` describes the run (id, file, list version, threshold,
    as of, started and finished, result digest); ``reviews`` are reviewer decisions on the flagged parties
    (name, entity_id, status, reviewer, reason, reviewed_at)."""
    listed = list(rows)
    decisions = Counter(r["decision"] or "not screened" for r in listed)
    hits = sorted((r for r in listed if r["decision"] in REVIEW_DECISIONS), key=lambda r: -(r["score"] or 0.0))
    by_party = {(str(v.get("name", "")).casefold(), str(v.get("entity_id", ""))): v for v in reviews}
    shown = [{**h, "review": by_party.get((h["name"].casefold(), h["best_entity_id"]))} for h in hits[:MAX_LISTED]]
    sources = Counter(h["best_source"] or "?" for h in hits)
    return {
        "job": dict(job),
        "counts": {
            "rows": len(listed),
            "hits": len(hits),
            "by_decision": sorted(decisions.items()),
            "reviewed": sum(1 for h in shown if h["review"]),
            "errors": decisions.get("error", 0),
        },
        "hits": shown,
        "hits_not_listed": max(0, len(hits) - MAX_LISTED),
        "by_source": sources.most_common(),
    }
