"""The 'decide a transaction' form: its choices with help text (decisions.md), and form fields -> transaction.

Pure: no web imports, so the conversion is tested on its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any, get_args

from ictguard.errors import TransactionError
from ictguard.rules.transaction import Category, Role

KINDS = {
    "export": "Export from the US (EAR / Entity List, foreign direct product rules)",
    "reexport": "Reexport of US-origin items from one foreign country to another",
    "transfer": "Transfer (in-country) abroad of US-origin items",
    "ict_transaction": "Acquisition, import, installation or use of ICTS in the US (EO 13873 / ICTS rule)",
    "procurement": "A federal agency buys or obtains equipment or services (§889 Part A)",
    "federal_contract": "A federal agency contracts with an entity that itself uses equipment (§889 Part B)",
    "federal_grant_purchase": "Purchase with federal grant or loan funds (2 CFR 200.216)",
    "usf_purchase": "Purchase with Universal Service Fund support (FCC 54.9 / 54.10)",
    "equipment_authorization": "FCC equipment authorization, or import / marketing of a new model",
}
ROLES: tuple[str, ...] = get_args(Role)
CATEGORIES: tuple[str, ...] = get_args(Category)
CHOICES: dict[str, tuple[str, ...]] = {
    "tgl_prong": ("existing_networks", "existing_handsets", "cybersecurity_research", "standards_5g", "consumer_cpe"),
    "waiver": ("agency", "dni"),
    "exception": ("backhaul_roaming_interconnection", "no_user_data_access"),
}
DATE_FACTS = ("contract_date", "product_public_release", "production_started")
BOOL_FACTS = ("security_purpose", "new_agreement", "model_authorized_before")
PARTY_ROWS = 4
ITEM_ROWS = 2


def _text(form: Mapping[str, str], key: str) -> str:
    return (form.get(key) or "").strip()


def _date(form: Mapping[str, str], key: str) -> str | None:
    value = _text(form, key)
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise TransactionError("use a date YYYY-MM-DD", field=key) from exc


def transaction_from_form(form: Mapping[str, str], *, today: date) -> dict[str, Any]:
    """The decisions.md transaction the form describes. A pasted JSON document wins over the fields."""
    pasted = _text(form, "json")
    if pasted:
        try:
            document = json.loads(pasted)
        except json.JSONDecodeError as exc:
            raise TransactionError(exc.msg, file="pasted JSON", line=exc.lineno, field="json") from exc
        if not isinstance(document, dict):
            raise TransactionError("paste one transaction object, not a list", field="json")
        return document
    kind = _text(form, "kind")
    if kind not in KINDS:
        raise TransactionError(f"choose a kind ({', '.join(KINDS)})", field="kind")
    transaction: dict[str, Any] = {
        "id": _text(form, "id") or f"web-{today.isoformat()}",
        "date": _date(form, "date") or today.isoformat(),
        "kind": kind,
        "parties": _parties(form),
        "items": _items(form),
    }
    if not transaction["parties"]:
        raise TransactionError("name at least one party", field="party0_name")
    if _text(form, "purpose"):
        transaction["purpose"] = _text(form, "purpose")
    context = _context(form)
    if context:
        transaction["context"] = context
    return transaction


def _parties(form: Mapping[str, str]) -> list[dict[str, Any]]:
    parties = []
    for index in range(PARTY_ROWS):
        name = _text(form, f"party{index}_name")
        if not name:
            continue
        role = _text(form, f"party{index}_role")
        if role not in ROLES:
            raise TransactionError(f"choose a role for {name!r}", field=f"party{index}_role")
        party: dict[str, Any] = {"role": role, "name": name}
        country = _text(form, f"party{index}_country").upper()
        if country:
            party["country"] = country
        parties.append(party)
    return parties


def _items(form: Mapping[str, str]) -> list[dict[str, Any]]:
    items = []
    for index in range(ITEM_ROWS):
        description = _text(form, f"item{index}_description")
        category = _text(form, f"item{index}_category")
        if not description and not category:
            continue
        if category and category not in CATEGORIES:
            raise TransactionError(f"unknown category {category!r}", field=f"item{index}_category")
        item: dict[str, Any] = {"description": description, "category": category or "other"}
        for key in ("eccn", "manufacturer", "model"):
            if _text(form, f"item{index}_{key}"):
                item[key] = _text(form, f"item{index}_{key}")
        item["produced_abroad_with_us_tech"] = _text(form, f"item{index}_fdp") == "yes"
        items.append(item)
    return items


def _context(form: Mapping[str, str]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for key, allowed in CHOICES.items():
        value = _text(form, key)
        if value:
            if value not in allowed:
                raise TransactionError(f"one of {', '.join(allowed)}", field=key)
            context[key] = value
    for key in DATE_FACTS:
        day = _date(form, key)
        if day:
            context[key] = day
    for key in BOOL_FACTS:
        value = _text(form, key)
        if value in ("yes", "no"):
            context[key] = value == "yes"
    if _text(form, "funding"):
        context["funding"] = _text(form, "funding")
    if _text(form, "model_year"):
        try:
            context["model_year"] = int(_text(form, "model_year"))
        except ValueError as exc:
            raise TransactionError("a year such as 2024", field="model_year") from exc
    if _text(form, "license_number"):
        context["specific_license"] = {
            "number": _text(form, "license_number"),
            "granted": _date(form, "license_granted"),
        }
    return context
