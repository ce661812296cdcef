"""Builders for transactions in the decisions.md schema (tests only)."""

from __future__ import annotations

from typing import Any

US_EXPORTER = {"role": "exporter", "name": "Acme Networks Inc.", "country": "US"}


def party(role: str, name: str, country: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"role": role, "name": name, **extra}
    if country:
        out["country"] = country
    return out


def item(category: str, description: str = "goods", eccn: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"description": description, "category": category, **extra}
    if eccn:
        out["eccn"] = eccn
    return out


def txn(
    day: str, kind: str, parties: list[dict[str, Any]], items: list[dict[str, Any]], **context: Any
) -> dict[str, Any]:
    return {"id": f"{kind}-{day}", "date": day, "kind": kind, "parties": parties, "items": items, "context": context}


def export_to(
    day: str, name: str, it: dict[str, Any] | None = None, country: str = "CN", **context: Any
) -> dict[str, Any]:
    end_user = party("end_user", name, country)
    return txn(day, "export", [US_EXPORTER, end_user], [it or item("software", "software", "EAR99")], **context)


def owned_export(day: str, owner: str = "Huawei Technologies Co., Ltd.", share: float = 0.6) -> dict[str, Any]:
    buyer = party(
        "end_user", "Pertama Teknologi Sdn Bhd", "MY", owners=[{"name": owner, "country": "CN", "share": share}]
    )
    return txn(day, "export", [US_EXPORTER, buyer], [item("other", "goods", "EAR99")])
