"""The determination engine: a small interpreter that applies rule files to the cases of a transaction.

For each case (see facts.py) and regime: restriction rules whose condition holds and that are in force on
the date produce the strictest outcome; relief rules of the same regime may then authorize it; rules whose
condition holds but that are not (yet / any more) in force are reported as such; a condition that needs a
missing fact turns into a ``flag`` naming that fact. Info rules add independent findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ictguard.lists.curated import Window
from ictguard.rules.conditions import Missing, evaluate, facts_used
from ictguard.rules.facts import POLICY_RANK, Case, FactBuilder
from ictguard.rules.instruments import instruments
from ictguard.rules.ruleset import OUTCOME_RANK, Rule, RuleSet
from ictguard.rules.transaction import Transaction

DEFAULT_REGIME = {
    "export": "EAR",
    "reexport": "EAR",
    "transfer": "EAR",
    "ict_transaction": "ICTS",
    "procurement": "NDAA889",
    "federal_contract": "NDAA889",
    "federal_grant_purchase": "NDAA889",
    "usf_purchase": "FCC",
    "equipment_authorization": "FCC",
}
_PLACEHOLDER = re.compile(r"\{([a-z_.0-9]+)\}")
EAR_KINDS = frozenset({"export", "reexport", "transfer"})
LIST_REGIMES = ("EAR", "OFAC", "STATE")  # regimes whose findings also name a party's other lists
_JURISDICTION_FACTS = frozenset({"ear_jurisdiction", "ear_subject"})


@dataclass
class Finding:
    regime: str
    outcome: str
    rules: list[str]
    citations: list[str]
    explanation: str
    basis: str | None = None
    policy: str | None = None
    party: str | None = None
    matched_entity: str | None = None
    settle: list[str] = field(default_factory=list)
    status: str | None = None
    # Not serialized: a finding about another list a party is on (party_lists.yaml), and, for a rule not in
    # force on the date, the citation of the instrument whose date is the reason (kept whatever its date).
    names_list: bool = field(default=False, repr=False)
    reason_citation: str | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "regime": self.regime,
            "outcome": self.outcome,
            "basis": self.basis,
            "policy": self.policy,
            "rules": self.rules,
            "citations": self.citations,
            "party": self.party,
            "matched_entity": self.matched_entity,
            "explanation": self.explanation,
        }
        if self.settle:
            out["settle"] = self.settle
        if self.status:
            out["status"] = self.status
        return out


@dataclass
class Determination:
    transaction: str
    as_of: date
    list_version: str | None
    outcome: str
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "transaction": self.transaction,
            "as_of": self.as_of.isoformat(),
            "list_version": self.list_version,
            "outcome": self.outcome,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.notes:
            out["notes"] = self.notes
        if self.warnings:
            out["warnings"] = self.warnings
        return out


def _fmt(value: Any, name: str = "") -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and name.endswith(("_share", "_level")):
        return f"{value * 100:.4g} %"  # shares are stated as percentages ("60 %"), never as 0.6
    return "unknown" if value is None else str(value).replace("_", " ")


def render(template: str, values: dict[str, Any]) -> str:
    return _PLACEHOLDER.sub(lambda m: _fmt(values.get(m.group(1)), m.group(1)), template).strip()


def _render(template: str, case: Case, extra: dict[str, Any]) -> str:
    return render(template, {"party": case.party, "matched": case.matched, **case.facts, **extra})


@lru_cache(maxsize=256)
def _window_dates(window: Window) -> tuple[date, date | None]:
    cite = _SOURCE_TAGS.sub("", window.citation).strip()
    known = next((i for c, i in instruments().items() if cite == c or cite.startswith(c + " ")), None)
    if known is not None and known.valid_through is not None:
        return known.effective, known.valid_through
    return window.start, window.end


def _window_extra(window: Window) -> dict[str, Any]:
    """A window's dates for the text: a TGL notice's own effective and valid-through dates where known."""
    start, end = _window_dates(window)
    return {"window_start": start, "window_end": end}


_SOURCE_TAGS = re.compile(r"\s*\[[^\]]*\]")


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _cites(values: list[str], on: date | None = None) -> list[str]:
    """Citations without the research notes' source tags ("84 FR 23468 [S29]" -> "84 FR 23468"), once each,
    and (given the date) without instruments that took effect after it (data/rules/meta/instruments.yaml)."""
    cleaned = _unique([_SOURCE_TAGS.sub("", v).strip() for v in values])
    if on is None:
        return cleaned
    known = instruments()
    return [c for c in cleaned if c not in known or known[c].effective <= on]


class Interpreter:
    def __init__(self, rules: RuleSet, builder: FactBuilder) -> None:
        self.rules = rules
        self.builder = builder
        self._tests_jurisdiction = {
            id(r): bool(r.when and facts_used(r.when) & _JURISDICTION_FACTS) for r in rules.rules
        }

    def cases(self, txn: Transaction, on: date, regime: str) -> list[Case]:
        found: list[Case] = []
        if regime == "EAR":
            found = list(self.builder.ear_cases(txn, on)) if txn.kind in EAR_KINDS else []
        elif regime == "ICTS":
            found = list(self.builder.icts_cases(txn, on))
        elif regime in ("NDAA889", "FCC", "ONVIF"):
            found = list(self.builder.company_cases(txn, on, regime))
        if regime in LIST_REGIMES:
            found += self.builder.list_cases(txn, on, regime)
        return found

    def findings(self, txn: Transaction, on: date) -> list[Finding]:
        found: list[Finding] = []
        for regime in self.rules.regimes_for(txn.kind):
            for case in self.cases(txn, on, regime):
                these = self._restrictions(case, txn.kind, on) + self._info(case, txn.kind, on)
                possible = case.facts.get("_possible_match")
                found += [self._unconfirmed(case, f, possible) for f in these] if possible else these
        for f in found:  # only instruments in force on the date are cited (and the date-setting one of an idle rule)
            kept = _cites(f.citations, on)
            if f.reason_citation and f.reason_citation not in kept:
                kept.append(f.reason_citation)
            f.citations = kept
            excluded = self.builder.excluded.get(f.party or "")
            if excluded is not None:  # a brand exclusion shaped this finding: say so, with its source
                f.explanation += " " + excluded[0]
                f.citations = _unique([*f.citations, excluded[1]])
        unique: dict[tuple[Any, ...], Finding] = {}
        for f in found:  # the same conclusion reached through two parties (e.g. supplier and maker) is one
            unique.setdefault((f.regime, f.outcome, tuple(f.rules), f.matched_entity, f.basis, f.policy, f.status), f)
        return list(unique.values())

    @staticmethod
    def _unconfirmed(case: Case, finding: Finding, why: str) -> Finding:
        """A restriction that rests on a merely possible match (resolver.possible_match) is a ``flag``: neither a
        silent licence requirement nor a silent drop; the reviewer confirms who the party is."""
        finding.explanation = (
            f"Possible match: confirm the party's identity ({case.party} may be {why}). If it is that entity: "
            f"{finding.explanation}"
        )
        if OUTCOME_RANK[finding.outcome] < OUTCOME_RANK["flag"]:
            finding.outcome, finding.policy, finding.status = "flag", None, None
            finding.settle = ["party identity"]
        return finding

    def _also(self, rule: Rule, case: Case) -> list[str]:
        return [str(case.facts.get(a[1:]) or "") if a.startswith("@") else a for a in rule.also_rules]

    def _policy(self, rule: Rule, case: Case) -> str | None:
        if rule.policy and rule.policy.startswith("@"):
            value = case.facts.get(rule.policy[1:])
            return str(value) if value else None
        return rule.policy

    def _finding(self, case: Case, rule: Rule, outcome: str, text: str, **kw: Any) -> Finding:
        return Finding(
            regime=case.regime,
            outcome=outcome,
            party=case.party,
            matched_entity=case.matched,
            rules=kw.pop("rules"),
            citations=kw.pop("citations"),
            explanation=text,
            **kw,
        )

    def _restrictions(self, case: Case, kind: str, on: date) -> list[Finding]:
        active: list[tuple[Rule, Any]] = []
        idle: list[tuple[Rule, str, Any]] = []
        unknown: list[tuple[Rule, Missing]] = []
        idle_unknown: list[tuple[Rule, str, Any]] = []
        for rule in self.rules.for_kind(case.regime, kind, "restriction"):
            truth = evaluate(rule.when, case.facts) if rule.when is not None else True
            if truth is False:
                continue
            state, window = rule.window_on(on)
            if isinstance(truth, Missing):
                if state == "in_force":
                    if rule.unknown_flags:
                        unknown.append((rule, truth))
                elif rule.unknown_flags or truth.facts <= _JURISDICTION_FACTS:
                    # Not in force on the date, so the missing fact does not matter: report the rule as idle
                    # (an Entity List listing not yet in force, whatever the item's jurisdiction).
                    idle_unknown.append((rule, state, window))
            elif state == "in_force":
                active.append((rule, window))
            else:
                idle.append((rule, state, window))
        if active:
            decided = self._decide(case, kind, on, active)
            # A stricter rule that hinges on a missing fact is still worth a reviewer's look.
            stricter = [(r, m) for r, m in unknown if OUTCOME_RANK[r.outcome] < OUTCOME_RANK[decided.outcome]]
            return [decided] + [self._flag(case, r, m, r.citations) for r, m in stricter[:1]]
        if unknown:
            rule, missing = unknown[0]
            return [self._flag(case, rule, missing, rule.citations)]
        idle += idle_unknown
        if idle:
            rule, state, window = idle[0]
            own = _window_extra(window)
            extra = {"effective": own["window_start"], "end": own["window_end"]}
            note = rule.not_in_force or (
                f"{rule.id} takes effect on {window.start}."
                if state == "pending"
                else f"{rule.id} ended on {window.end}."
            )
            return [
                self._finding(
                    case,
                    rule,
                    "no_restriction",
                    _render(note, case, extra),
                    rules=_unique([r.id for r, _, _ in idle] + self._also(rule, case)),
                    citations=_cites(list(rule.citations) + [window.citation]),
                    reason_citation=_cites([window.citation])[0],
                )
            ]
        return []

    def _decide(self, case: Case, kind: str, on: date, active: list[tuple[Rule, Any]]) -> Finding:
        active.sort(key=lambda rw: OUTCOME_RANK[rw[0].outcome])
        rule, window = active[0]
        same = [r for r, _ in active if r.outcome == rule.outcome]
        policies = [p for p in (self._policy(r, case) for r in same) if p]
        policy = min(policies, key=lambda p: POLICY_RANK.get(p, 9)) if policies else None
        rules = _unique([r.id for r in same] + [a for r in same for a in self._also(r, case)])
        citations = _cites([c for r in same for c in r.citations] + [window.citation] + list(case.citations))
        extra = {"policy": policy, **_window_extra(window)}
        text = _render(rule.explanation, case, extra)
        basis = case.facts.get("_ear_basis")
        if basis is not None and self._tests_jurisdiction[id(rule)]:
            text += " " + _render(basis[0], case, extra)  # why the item is (or is not) subject to the EAR
            citations = _cites(citations + [basis[1]])
        idle_reliefs: dict[str, tuple[Rule, Any]] = {}
        mentions: dict[str, str] = {}
        # Nothing to relieve when the decided rule restricts nothing (e.g. an item not subject to the EAR).
        reliefs = self.rules.for_kind(case.regime, kind, "relief") if rule.outcome != "no_restriction" else ()
        for relief in reliefs:
            truth = evaluate(relief.when, case.facts) if relief.when is not None else True
            state, rwin = relief.window_on(on)
            if truth is False or (isinstance(truth, Missing) and not relief.unknown_flags):
                if (
                    state == "in_force"
                    and relief.mention_when is not None
                    and relief.id not in rules
                    and relief.id not in mentions
                    and evaluate(relief.mention_when, case.facts) is True
                ):
                    mentions[relief.id] = _render(relief.mention, case, _window_extra(rwin))
                continue
            if state != "in_force":
                # Report the relief that would have applied, nearest in time to the date (latest lapsed one).
                if truth is True and relief.id not in rules:
                    prior = idle_reliefs.get(relief.id)
                    if prior is None or (state == "lapsed" and rwin.start > prior[1].start):
                        idle_reliefs[relief.id] = (relief, rwin)
                continue
            lapsed = [r for r in idle_reliefs if r != relief.id]
            r_extra = {**extra, **_window_extra(rwin)}
            r_rules = _unique(rules + [relief.id] + self._also(relief, case))
            r_cites = _cites(citations + list(relief.citations) + [rwin.citation])
            if isinstance(truth, Missing):
                note = _render(relief.explanation, case, r_extra)
                return self._flag(
                    case,
                    relief,
                    truth,
                    r_cites,
                    prefix=f"{text} Possibly authorized: {note}",
                    rules=_unique(r_rules + lapsed),
                )
            return self._finding(
                case,
                relief,
                "authorized",
                f"{text} {_render(relief.explanation, case, r_extra)}",
                rules=_unique(r_rules + lapsed),
                citations=r_cites,
                basis=relief.basis,
                policy=policy,
            )
        for relief, rwin in idle_reliefs.values():
            note = relief.not_in_force or f"{relief.id} did not apply: in force {rwin.start} to {rwin.end or 'open'}."
            own = _window_extra(rwin)
            text += " " + _render(note, case, {"effective": own["window_start"], "end": own["window_end"]})
        for rule_id, note in mentions.items():
            if rule_id not in idle_reliefs:
                text += " " + note
        rules = _unique(rules + list(idle_reliefs) + [m for m in mentions if m not in idle_reliefs])
        return self._finding(
            case,
            rule,
            rule.outcome,
            text,
            rules=rules,
            citations=citations,
            policy=policy,
            status=rule.status,
            settle=list(rule.settles),
        )

    def _flag(
        self, case: Case, rule: Rule, missing: Missing, citations: Any, prefix: str = "", rules: list[str] | None = None
    ) -> Finding:
        settle = sorted(missing.facts)
        body = prefix or _render(rule.if_unknown or rule.explanation, case, {})
        text = f"Missing fact: {', '.join(settle)}. {body}"  # what is missing comes first
        return self._finding(
            case,
            rule,
            "flag",
            text,
            rules=rules or _unique([rule.id, *self._also(rule, case)]),
            citations=_cites(list(citations)),
            settle=settle,
        )

    def _info(self, case: Case, kind: str, on: date) -> list[Finding]:
        out = []
        for rule in self.rules.for_kind(case.regime, kind, "info"):
            truth = evaluate(rule.when, case.facts) if rule.when is not None else True
            state, window = rule.window_on(on)
            if truth is True and state == "in_force":
                extra = _window_extra(window)
                out.append(
                    self._finding(
                        case,
                        rule,
                        rule.outcome,
                        _render(rule.explanation, case, extra),
                        rules=_unique([rule.id, *self._also(rule, case)]),
                        citations=_cites([*rule.citations, window.citation]),
                        status=rule.status,
                        policy=self._policy(rule, case),
                        settle=list(rule.settles),
                        names_list="other_list" in case.facts,
                    )
                )
        return out


def input_warnings(txn: Transaction, on: date, list_current_to: date | None) -> list[str]:
    """Input that would otherwise give a silent answer: each is stated on the determination."""
    out = []
    if not txn.parties:
        out.append(
            "parties is empty: no party was screened, so no listed party can be found; the outcome "
            "covers the items alone."
        )
    lic = txn.context.specific_license
    if lic is not None and lic.granted is None:
        out.append(
            f"context.specific_license ({lic.number}) has no grant date: the licence cannot be dated, "
            "so it is not relied on (give context.specific_license.granted)."
        )
    if list_current_to is not None and on > list_current_to:
        out.append(
            f"the date {on.isoformat()} is after the list version's currency ({list_current_to.isoformat()}): "
            "parties listed since then are not known to this decision; update the lists and decide again."
        )
    return out


def determine(
    interpreter: Interpreter,
    txn: Transaction,
    as_of: date | None,
    list_version: str | None,
    notes: list[str] | None = None,
    list_current_to: date | None = None,
) -> Determination:
    on = as_of or txn.date
    findings = interpreter.findings(txn, on)
    if all(f.regime == "ONVIF" or f.names_list for f in findings):
        none = "No party or item matched a restriction of this regime on this date."
        if any(f.names_list for f in findings):
            none = (
                "No rule of this regime restricts the transaction on this date; the other lists named are for "
                "a reviewer."
            )
        findings += [
            Finding(regime=DEFAULT_REGIME[txn.kind], outcome="no_restriction", rules=[], citations=[], explanation=none)
        ]
    findings.sort(key=lambda f: (OUTCOME_RANK[f.outcome], f.regime))
    legal = [f for f in findings if f.regime != "ONVIF"] or findings
    outcome = min((f.outcome for f in legal), key=OUTCOME_RANK.__getitem__)
    notes = [*(notes or []), *interpreter.builder.exclusion_notes(txn)]
    return Determination(txn.id, on, list_version, outcome, findings, notes, input_warnings(txn, on, list_current_to))
