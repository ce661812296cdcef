"""A draft of the FAR 52.204-24 / 52.204-26 representations (NDAA §889) from a screened supplier list and a
device audit, with the evidence behind each answer.

Suppliers (what the offeror provides to the Government) are resolved to the §889 companies, subsidiaries and
affiliates included, and screened against the lists; the device audit (``devices.report.report_dict`` shape)
says what the offeror itself uses. A purpose-qualified company (Hytera, Hikvision, Dahua) is covered only when
its equipment is used for a security purpose: with that fact not given the answer is ``undetermined`` and says
so first. Representations are asked for only from their clause's effective date (data/rules/meta).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ictguard.errors import TransactionError
from ictguard.lists.curated import Record, default_regimes, load_yaml, records
from ictguard.rules.facts import FactBuilder
from ictguard.rules.instruments import META_DIR
from ictguard.rules.resolver import PartyResolver
from ictguard.rules.transaction import Category, _field_path

COVERED_CATEGORIES = frozenset({"telecom_equipment", "video_surveillance", "services"})


class Supplier(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    name: str = Field(min_length=1)
    country: str | None = None
    provides: str = ""
    category: Category | None = None


@dataclass(frozen=True)
class Clause:
    id: str
    clause: str
    subject: str
    effective: date
    question: str
    covered: str
    clear: str
    rules: tuple[str, ...]
    citations: tuple[str, ...]


@dataclass
class Evidence:
    source: str  # supplier | device
    name: str
    company: str | None
    covered: bool | None  # None: purpose-qualified and the purpose is not given
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "name": self.name,
            "company": self.company,
            "covered": self.covered,
            "detail": self.detail,
        }


@dataclass
class Representation:
    id: str
    clause: str
    question: str
    answer: str | None  # the clause's words ("will not", "does" …), or None when undetermined / not yet asked
    status: str  # answered | undetermined | not_yet_required
    rules: list[str]
    citations: list[str]
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)
    settle: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "clause": self.clause,
            "question": self.question,
            "answer": self.answer,
            "status": self.status,
            "rules": self.rules,
            "citations": self.citations,
            "explanation": self.explanation,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.settle:
            out["settle"] = self.settle
        return out


@dataclass
class RepresentationDraft:
    offeror: str
    as_of: date
    representations: list[Representation]
    suppliers_screened: int
    devices_audited: int
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "section_889_representation",
            "offeror": self.offeror,
            "as_of": self.as_of.isoformat(),
            "suppliers_screened": self.suppliers_screened,
            "devices_audited": self.devices_audited,
            "representations": [r.to_dict() for r in self.representations],
            "notes": self.notes,
            "disclaimer": "Draft for the offeror's review; not legal advice. The offeror signs the "
            "representation after its own reasonable inquiry.",
        }


@lru_cache(maxsize=2)
def clauses(path: Path = META_DIR / "far_representations.yaml") -> tuple[Clause, ...]:
    out = []
    for raw in records(load_yaml(path), "representations", path):
        rec = Record(raw, path, {"id", "clause", "subject", "effective", "question", "answers", "rules", "citations"})
        answers = Record(rec.get("answers"), path, {"covered", "clear"}, where="answers")
        subject = rec.text("subject")
        if subject not in ("provide", "use"):
            raise rec.error("subject", f"expected provide or use, got {subject!r}")
        effective = rec.day("effective")
        assert effective is not None
        out.append(
            Clause(
                rec.text("id"),
                rec.text("clause"),
                subject,
                effective,
                rec.text("question"),
                answers.text("covered"),
                answers.text("clear"),
                rec.str_list("rules", required=True),
                rec.str_list("citations", required=True),
            )
        )
    return tuple(out)


def parse_suppliers(data: Any, *, file: str | Path | None = None) -> list[Supplier]:
    """A JSON list of suppliers (or ``{"suppliers": [...]}``); errors name the entry and field."""
    rows = data.get("suppliers") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise TransactionError("expected a list of suppliers", file=file, field="suppliers")
    out = []
    for i, row in enumerate(rows):
        try:
            out.append(Supplier.model_validate(row))
        except ValidationError as exc:
            first = exc.errors()[0]
            path = _field_path(tuple(first["loc"]))
            raise TransactionError(first["msg"], file=file, field=f"[{i}].{path}" if path else f"[{i}]") from None
    return out


def draft_representation(
    offeror: str,
    on: date,
    suppliers: list[Supplier],
    devices: list[dict[str, Any]],
    *,
    resolver: PartyResolver,
    security_purpose: bool | None = None,
) -> RepresentationDraft:
    """The draft as of ``on``. ``devices``: the ``devices`` of an audit report (``report_dict``)."""
    builder = FactBuilder(default_regimes(), resolver)
    provide = [_supplier_evidence(s, builder, on, security_purpose) for s in suppliers]
    use = [e for d in devices if (e := _device_evidence(d, builder, security_purpose)) is not None]
    notes = []
    if not suppliers:
        notes.append("no suppliers were given: the 'provide' answers rest on an empty list")
    if not devices:
        notes.append("no device audit was given: the 'use' answers rest on no inquiry")
    checked = {"provide": len(suppliers), "use": len(devices)}
    reps = [_represent(c, on, provide if c.subject == "provide" else use, checked[c.subject]) for c in clauses()]
    return RepresentationDraft(offeror, on, reps, len(suppliers), len(devices), notes)


def _covered(company_purpose_qualified: bool, security_purpose: bool | None) -> bool | None:
    if not company_purpose_qualified:
        return True
    return security_purpose  # None: not given


def _supplier_evidence(s: Supplier, builder: FactBuilder, on: date, purpose: bool | None) -> Evidence:
    company = builder.company_of(s.name, s.country)
    listed = sorted(
        {
            h.entity.source
            for h in builder.resolve(s.name, s.country)
            if h.entity.source not in ("NDAA889", "FCC-COVERED") and h.entity.in_force(on)
        }
    )
    lists = f" Also on: {', '.join(listed)}." if listed else ""
    if company is None or company[0].ndaa889_limb is None:
        return Evidence("supplier", s.name, None, False, f"Not a §889 covered company (screened).{lists}")
    c, basis = company
    if s.category is not None and s.category not in COVERED_CATEGORIES:
        return Evidence(
            "supplier",
            s.name,
            c.name,
            False,
            f"{c.name} (by {basis}), but {s.category} is not telecommunications or video "
            f"surveillance equipment or a service.{lists}",
        )
    covered = _covered(c.purpose_qualified, purpose)
    what = s.provides or s.category or "its products"
    return Evidence(
        "supplier",
        s.name,
        c.name,
        covered,
        f"{c.name} (resolved by {basis}) supplies {what}."
        + (" Covered only if used for a security purpose." if c.purpose_qualified else "")
        + lists,
    )


def _device_evidence(d: dict[str, Any], builder: FactBuilder, purpose: bool | None) -> Evidence | None:
    if not d.get("covered"):
        return None
    name = str(d.get("covered_company") or d.get("vendor") or "")
    company = builder.company_of(name, None) if name else None
    label = f"device {d.get('id')} ({d.get('manufacturer') or d.get('vendor')} {d.get('model') or ''})".strip()
    basis = f"identified by {d.get('basis')}, confidence {float(d.get('confidence') or 0) * 100:.0f} %"
    if company is None or company[0].ndaa889_limb is None:
        return Evidence("device", label, name or None, False, f"{name}: not a §889 company ({basis}).")
    c = company[0]
    return Evidence(
        "device",
        label,
        c.name,
        _covered(c.purpose_qualified, purpose),
        f"{c.name} equipment, {basis}."
        + (" Covered only if used for a security purpose." if c.purpose_qualified else ""),
    )


def _represent(c: Clause, on: date, evidence: list[Evidence], checked: int) -> Representation:
    rules, cites = list(c.rules), list(c.citations)
    if on < c.effective:
        return Representation(
            c.id,
            c.clause,
            c.question,
            None,
            "not_yet_required",
            rules,
            [],
            f"Not yet required on {on.isoformat()}: {c.clause} applies from {c.effective.isoformat()}.",
        )
    relevant = [e for e in evidence if e.covered is not False]
    if any(e.covered for e in relevant):
        names = ", ".join(sorted({e.company or e.name for e in relevant if e.covered}))
        return Representation(
            c.id,
            c.clause,
            c.question,
            c.covered,
            "answered",
            rules,
            cites,
            f'Draft answer "{c.covered}": covered equipment or services of {names} '
            "(evidence below); identify them in the representation's disclosure.",
            relevant,
        )
    if relevant:
        names = ", ".join(sorted({e.company or e.name for e in relevant}))
        return Representation(
            c.id,
            c.clause,
            c.question,
            None,
            "undetermined",
            rules,
            cites,
            f"Missing fact: security_purpose. {names} equipment is covered only when used for "
            "public safety, government-facility security, critical-infrastructure surveillance "
            f'or national security: "{c.covered}" if so, "{c.clear}" otherwise.',
            relevant,
            ["security_purpose"],
        )
    source = "supplier list" if c.subject == "provide" else "device audit"
    if not checked:  # nothing was inquired into: no answer rests on it
        fact = "suppliers" if c.subject == "provide" else "devices"
        return Representation(
            c.id,
            c.clause,
            c.question,
            None,
            "undetermined",
            rules,
            cites,
            f"Missing fact: {fact}. The {source} is empty, so it supports neither answer.",
            [],
            [fact],
        )
    return Representation(
        c.id,
        c.clause,
        c.question,
        c.clear,
        "answered",
        rules,
        cites,
        f'Draft answer "{c.clear}": no covered equipment or services in the {source} ({checked} item(s) checked).',
        evidence,
    )
