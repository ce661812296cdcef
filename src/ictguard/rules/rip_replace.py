"""The rip-and-replace question: is a provider's covered equipment reimbursable under the Secure and Trusted
Communications Networks Reimbursement Program on a date, and which deadlines apply?

Input (JSON)::

    {"id": "rr-1", "date": "2021-12-01", "applied": "2021-12-01",
     "provider": {"name": "Prairie Rural Telephone Cooperative", "customers": 45000, "type": "provider"},
     "equipment": [{"description": "RAN", "manufacturer": "Huawei", "obtained": "2019-04-01", "removed": null}]}

Facts, rule ids and citations come from ``data/rules/meta/rip_replace.yaml`` (regime_rules.md R-SNA, R-FCC-RR,
R-FCC-54.9, R-FCC-54.10); a fact the answer needs and the question lacks gives ``flag`` naming it first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ictguard.errors import DataFileError, TransactionError
from ictguard.lists.curated import default_regimes, load_yaml
from ictguard.rules.facts import FactBuilder
from ictguard.rules.instruments import META_DIR, instruments
from ictguard.rules.resolver import PartyResolver
from ictguard.rules.transaction import IsoDate, _field_path

OUTCOMES = ("not_eligible", "flag", "eligible")  # strictest (least favourable) first


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Provider(_Open):
    name: str = Field(min_length=1)
    customers: int | None = Field(default=None, ge=0)
    type: Literal["provider", "educational", "health_care", "library"] = "provider"


class Equipment(_Open):
    description: str = ""
    manufacturer: str = Field(min_length=1)
    obtained: IsoDate | None = None
    removed: IsoDate | None = None


class RipReplaceQuestion(_Open):
    id: str = ""
    date: IsoDate
    applied: IsoDate | None = None
    provider: Provider
    equipment: tuple[Equipment, ...] = Field(min_length=1)


@dataclass
class Answer:
    subject: str
    outcome: str
    rules: list[str]
    citations: list[str]
    explanation: str
    settle: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "subject": self.subject,
            "outcome": self.outcome,
            "rules": self.rules,
            "citations": self.citations,
            "explanation": self.explanation,
        }
        if self.settle:
            out["settle"] = self.settle
        return out


@dataclass
class RipReplaceAnswer:
    question: str
    as_of: date
    outcome: str
    priority: dict[str, Any] | None
    findings: list[Answer]
    deadlines: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "kind": "rip_and_replace",
            "as_of": self.as_of.isoformat(),
            "outcome": self.outcome,
            "priority": self.priority,
            "findings": [f.to_dict() for f in self.findings],
            "deadlines": self.deadlines,
        }


def parse_question(data: Any, *, file: str | Path | None = None) -> RipReplaceQuestion:
    if not isinstance(data, dict):
        raise TransactionError("a rip-and-replace question must be a JSON object", file=file)
    try:
        return RipReplaceQuestion.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise TransactionError(first["msg"], file=file, field=_field_path(tuple(first["loc"])) or None) from None


@lru_cache(maxsize=2)
def programme_data(path: Path = META_DIR / "rip_replace.yaml") -> dict[str, Any]:
    """The programme's facts, checked for the keys the answer reads (each with its rule and citation)."""
    doc = load_yaml(path)
    need = {
        "programme",
        "covered_companies",
        "customer_limits",
        "obtained_by",
        "filing_window",
        "priorities",
        "funding",
        "bars",
    }
    if not isinstance(doc, dict) or need - set(doc):
        raise DataFileError(f"missing keys: {sorted(need - set(doc or {}))}", file=path)
    for key in ("programme", "covered_companies", "obtained_by", "filing_window"):
        if not {"rule", "citation"} <= set(doc[key]):
            raise DataFileError("needs rule and citation", file=path, field=key)
    for key in ("customer_limits", "funding", "bars"):
        for row in doc[key]:
            if not {"rule", "citation"} <= set(row):
                raise DataFileError("needs rule and citation", file=path, line=getattr(row, "line", None), field=key)
    return dict(doc)


def _in(row: dict[str, Any], on: date) -> bool:
    return bool(row["from"] <= on and (row["to"] is None or on <= row["to"]))


def answer(question: RipReplaceQuestion, *, resolver: PartyResolver, as_of: date | None = None) -> RipReplaceAnswer:
    """Answer the rip-and-replace question as the programme stood on ``as_of`` (default: the question's date)."""
    on = as_of or question.date
    data = programme_data()
    builder = FactBuilder(default_regimes(), resolver)
    found = [_provider(question, on, data), *(_equipment(e, on, data, builder) for e in question.equipment)]
    filing = _filing(question, on, data)
    found += [filing] if filing is not None else []
    known = instruments()
    for f in found:  # one id once; only instruments in force on the date are cited
        f.rules = list(dict.fromkeys(f.rules))
        f.citations = [c for c in f.citations if c not in known or known[c].effective <= on]
    # Each item answers for itself; the question's outcome is the provider's and application's, and the best
    # item's (eligible when at least one item is reimbursable).
    items = [f for f in found[1 : 1 + len(question.equipment)]]
    best_item = max((f.outcome for f in items), key=OUTCOMES.index)
    others = [f.outcome for f in found if f not in items]
    outcome = min([*others, best_item], key=OUTCOMES.index)
    return RipReplaceAnswer(question.id, on, outcome, _priority(question, data), found, _deadlines(on, data))


def _provider(q: RipReplaceQuestion, on: date, data: dict[str, Any]) -> Answer:
    prog = data["programme"]
    if on < prog["from"]:
        return Answer(
            q.provider.name,
            "not_eligible",
            [prog["rule"]],
            [],
            f"On {on.isoformat()} there was no reimbursement programme: the Secure and Trusted "
            f"Communications Networks Act was signed on {prog['from'].isoformat()}.",
        )
    limit = next(row for row in data["customer_limits"] if _in(row, on))
    rules, cites = [limit["rule"], "R-FCC-RR"], [limit["citation"]]
    if q.provider.customers is None:
        return Answer(
            q.provider.name,
            "flag",
            rules,
            cites,
            f"Missing fact: provider.customers. Providers with up to {limit['max_customers']:,} customers "
            "are eligible; the provider's size is not given.",
            ["provider.customers"],
        )
    ok = q.provider.customers <= limit["max_customers"]
    return Answer(
        q.provider.name,
        "eligible" if ok else "not_eligible",
        rules,
        cites,
        f"{q.provider.name} has {q.provider.customers:,} customers; on {on.isoformat()} the programme "
        f"reached providers with up to {limit['max_customers']:,}: "
        f"{'within' if ok else 'above'} the limit.",
    )


def _equipment(e: Equipment, on: date, data: dict[str, Any], builder: FactBuilder) -> Answer:
    covered, by = data["covered_companies"], data["obtained_by"]
    company = builder.company_of(e.manufacturer, None)
    subject = f"{e.description or 'equipment'} by {e.manufacturer}"
    removed = f" Removed on {e.removed.isoformat()}." if e.removed else " Not yet removed."
    if company is None or company[0].id not in covered["companies"]:
        return Answer(
            subject,
            "not_eligible",
            [covered["rule"]],
            [covered["citation"]],
            f"Only Huawei and ZTE equipment and services are reimbursable; {e.manufacturer} is neither "
            "(nor a subsidiary or affiliate ictguard knows of).",
        )
    rules, cites = [by["rule"], "R-FCC-54.9"], [by["citation"]]
    if e.obtained is None:
        return Answer(
            subject,
            "flag",
            rules,
            cites,
            f"Missing fact: equipment.obtained. {company[0].name} equipment is reimbursable only if obtained "
            f"on or before {by['date'].isoformat()}.{removed}",
            ["equipment.obtained"],
        )
    ok = e.obtained <= by["date"]
    verdict = "is reimbursable" if ok else "is not reimbursable (obtained after the cut-off)"
    return Answer(
        subject,
        "eligible" if ok else "not_eligible",
        rules,
        cites,
        f"{company[0].name} equipment obtained on {e.obtained.isoformat()} {verdict}: the programme "
        f"covers equipment obtained on or before {by['date'].isoformat()}.{removed}",
    )


def _filing(q: RipReplaceQuestion, on: date, data: dict[str, Any]) -> Answer | None:
    window = data["filing_window"]
    span = f"{window['from'].isoformat()} to {window['to'].isoformat()}"
    rules, cites = [window["rule"]], [window["citation"]]
    if q.applied is not None:
        ok = window["from"] <= q.applied <= window["to"]
        return Answer(
            "application",
            "eligible" if ok else "flag",
            rules,
            cites,
            f"Applied on {q.applied.isoformat()}: {'inside' if ok else 'outside'} the filing window "
            f"({span})."
            + ("" if ok else " regime_rules.md records no other window: a reviewer must check for a later one."),
        )
    if on > window["to"]:
        return Answer(
            "application",
            "flag",
            rules,
            cites,
            f"Missing fact: applied. The filing window ran {span}; whether the provider applied in it "
            "decides reimbursement.",
            ["applied"],
        )
    return None


def _priority(q: RipReplaceQuestion, data: dict[str, Any]) -> dict[str, Any] | None:
    for row in data["priorities"]:
        if "max_customers" in row and q.provider.customers is not None and q.provider.customers <= row["max_customers"]:
            return {"rank": row["rank"], "category": row["label"]}
        if q.provider.type in row.get("provider_types", []):
            return {"rank": row["rank"], "category": row["label"]}
        if "max_customers" not in row and "provider_types" not in row:
            return {"rank": row["rank"], "category": row["label"]} if q.provider.customers is not None else None
    return None


def _deadlines(on: date, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The programme's dates known on ``on`` (a window that has opened shows its closing day too)."""
    by, window = data["obtained_by"], data["filing_window"]
    rows = [
        {
            "date": by["date"],
            "what": "equipment must have been obtained on or before this day",
            "rule": by["rule"],
            "citation": by["citation"],
        },
        {"date": window["from"], "what": "filing window opens", "rule": window["rule"], "citation": window["citation"]},
        {"date": window["to"], "what": "filing window closes", "rule": window["rule"], "citation": window["citation"]},
    ]
    rows += [{"date": b["date"], "what": b["text"], "rule": b["rule"], "citation": b["citation"]} for b in data["bars"]]
    rows += [
        {"date": f["from"], "what": f"funding: {f['text']}", "rule": f["rule"], "citation": f["citation"]}
        for f in data["funding"]
    ]
    rows.append(
        {
            "date": None,
            "what": "removal and replacement deadline: not in regime_rules.md; check the FCC's "
            "current Reimbursement Program deadline",
            "rule": "R-FCC-RR",
            "citation": None,
        }
    )
    opened = window["from"] <= on
    dated = [r for r in rows[:-1] if r["date"] <= on or (opened and r["date"] == window["to"])]
    out = sorted(dated, key=lambda r: r["date"]) + [rows[-1]]
    return [{**r, "date": r["date"].isoformat() if r["date"] else None} for r in out]
