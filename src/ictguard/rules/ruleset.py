"""Rule files (``ictguard/data/rules/*.yaml``): schema, validation and the in-force test.

One entry is one legal rule (or one variant of it, e.g. a TGL prong): its id, regime, the transaction kinds
it reads, a stage, its authority and citations, when it is in force (``effective``/``end`` or a named window
set from the regime data), a condition over facts, and the outcome it produces.

Stages: ``restriction`` (imposes an outcome), ``relief`` (authorizes what a restriction of the same case
imposed: TGL, licence, waiver, exception, transition), ``info`` (an independent finding: ONVIF, ZTE status).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ictguard.errors import DataFileError
from ictguard.lists.curated import Record, RegimeData, Window, load_yaml, records
from ictguard.rules.conditions import Condition, parse_condition
from ictguard.rules.facts import FACTS
from ictguard.rules.instruments import citation_problem

RULES_DIR = Path(__file__).resolve().parents[1] / "data" / "rules"

OUTCOMES = ("prohibited", "license_required", "reviewable", "flag", "authorized", "no_restriction")
OUTCOME_RANK = {o: i for i, o in enumerate(OUTCOMES)}
# OFAC and STATE name the Treasury and State Department lists a party is on (data/rules/party_lists.yaml).
REGIMES = ("EAR", "ICTS", "NDAA889", "FCC", "ONVIF", "OFAC", "STATE")
STAGES = ("restriction", "relief", "info")
BASES = ("tgl", "specific_license", "exception", "waiver", "transition", "authorization")
POLICIES = ("presumption_of_denial", "case_by_case", "presumption_of_approval")
KINDS = (
    "export",
    "reexport",
    "transfer",
    "ict_transaction",
    "procurement",
    "federal_contract",
    "federal_grant_purchase",
    "usf_purchase",
    "equipment_authorization",
)
_FIELDS = {
    "id",
    "variant",
    "regime",
    "kinds",
    "stage",
    "authority",
    "citations",
    "effective",
    "end",
    "windows",
    "when",
    "outcome",
    "basis",
    "policy",
    "also_rules",
    "explanation",
    "not_in_force",
    "unknown",
    "status",
    "confidence",
    "mention_when",
    "mention",
    "settles",
    "if_unknown",
}
_RULE_ID = re.compile(r"^R-[A-Z0-9.\-]+$")
_PLACEHOLDER = re.compile(r"\{([a-z_.0-9]+)\}")
TEMPLATE_NAMES = {"party", "matched", "policy", "window_end", "window_start", "effective", "end"}


@dataclass(frozen=True)
class Rule:
    id: str
    variant: str
    regime: str
    kinds: frozenset[str]
    stage: str
    authority: str
    citations: tuple[str, ...]
    windows: tuple[Window, ...]
    when: Condition | None
    mention_when: Condition | None  # relief only: when it was considered but did not apply, say so
    outcome: str
    basis: str | None
    policy: str | None  # a literal policy, or "@fact"
    also_rules: tuple[str, ...]  # literal ids, or "@fact"
    explanation: str
    if_unknown: str  # the text of a flag for a missing fact, where the explanation would assert that fact
    not_in_force: str
    mention: str
    unknown_flags: bool
    settles: tuple[str, ...]  # a flag rule: the facts that would settle it (named first in the finding)
    status: str | None
    confidence: str
    file: str
    line: int | None

    def window_on(self, on: date) -> tuple[str, Window]:
        """("in_force", w), ("pending", first window) or ("lapsed", last window ended before ``on``)."""
        for window in self.windows:
            if window.contains(on):
                return "in_force", window
        past = [w for w in self.windows if w.end is not None and w.end < on]
        if past:
            return "lapsed", past[-1]
        return "pending", self.windows[0]


def _templates_ok(rec: Record, key: str) -> str:
    text = rec.text(key, required=key == "explanation")
    for name in _PLACEHOLDER.findall(text):
        if name not in FACTS and name not in TEMPLATE_NAMES:
            raise rec.error(key, f"unknown placeholder {{{name}}}")
    return text


def _rule(raw: Any, file: Path, regimes: RegimeData) -> Rule:
    rec = Record(raw, file, _FIELDS)
    rule_id = rec.text("id")
    if not _RULE_ID.match(rule_id):
        raise rec.error("id", f"rule id must look like R-XXX, got {rule_id!r}")

    def choice(key: str, allowed: tuple[str, ...], required: bool = True) -> str | None:
        value = rec.get(key)
        if value is None and not required:
            return None
        if value not in allowed:
            raise rec.error(key, f"expected one of {', '.join(allowed)}, got {value!r}")
        return str(value)

    regime, stage, outcome = choice("regime", REGIMES), choice("stage", STAGES), choice("outcome", OUTCOMES)
    kinds = rec.str_list("kinds", required=True)
    for kind in kinds:
        if kind not in KINDS:
            raise rec.error("kinds", f"unknown kind {kind!r}")
    citations = rec.str_list("citations", required=True)
    for cite in citations:
        if (problem := citation_problem(cite)) is not None:
            raise rec.error("citations", problem)
    settles = rec.str_list("settles")
    for fact in settles:
        if fact not in FACTS:
            raise rec.error("settles", f"unknown fact {fact!r}")
    if settles and outcome != "flag":
        raise rec.error("settles", "only a flag rule names the facts that would settle it")
    basis = choice("basis", BASES, required=stage == "relief")
    if stage == "relief" and outcome != "authorized":
        raise rec.error("outcome", "a relief rule authorizes: outcome must be 'authorized'")
    policy = rec.get("policy")
    if policy is not None and policy not in POLICIES and not (isinstance(policy, str) and policy[1:] in FACTS):
        raise rec.error("policy", f"expected a policy or @fact, got {policy!r}")
    also = rec.str_list("also_rules")
    for other in also:
        if not (_RULE_ID.match(other) or other[1:] in FACTS):
            raise rec.error("also_rules", f"not a rule id or @fact: {other!r}")
    windows = _windows(rec, citations, regimes)
    when = None
    if rec.get("when") is not None:
        when = parse_condition(rec.get("when"), facts=FACTS, file=file, line=rec.line_of("when"), where="when")
    mention_when = None
    if rec.get("mention_when") is not None:
        mention_when = parse_condition(
            rec.get("mention_when"), facts=FACTS, file=file, line=rec.line_of("mention_when"), where="mention_when"
        )
        if stage != "relief" or not rec.get("mention"):
            raise rec.error("mention_when", "only relief rules mention, and they need a 'mention' text")
    unknown = choice("unknown", ("flag", "ignore"), required=False) or "ignore"
    assert regime and stage and outcome
    return Rule(
        id=rule_id,
        variant=rec.text("variant", required=False),
        regime=regime,
        kinds=frozenset(kinds),
        stage=stage,
        authority=rec.text("authority"),
        citations=citations,
        windows=windows,
        when=when,
        mention_when=mention_when,
        mention=_templates_ok(rec, "mention"),
        outcome=outcome,
        basis=basis,
        policy=policy,
        also_rules=also,
        explanation=_templates_ok(rec, "explanation"),
        if_unknown=_templates_ok(rec, "if_unknown"),
        not_in_force=_templates_ok(rec, "not_in_force"),
        unknown_flags=unknown == "flag",
        settles=settles,
        status=rec.text("status", required=False) or None,
        confidence=rec.text("confidence", required=False) or "V",
        file=str(file),
        line=rec.line,
    )


def _windows(rec: Record, citations: tuple[str, ...], regimes: RegimeData) -> tuple[Window, ...]:
    name = rec.get("windows")
    if name is not None:
        if rec.get("effective") is not None or rec.get("end") is not None:
            raise rec.error("windows", "give either windows or effective/end, not both")
        if name not in regimes.windows:
            raise rec.error("windows", f"unknown window set {name!r}")
        for window in regimes.windows[name]:
            if (problem := citation_problem(window.citation)) is not None:
                raise rec.error("windows", f"window set {name!r}: {problem}")
        return regimes.windows[name]
    effective = rec.day("effective")
    assert effective is not None
    end = rec.day("end", required=False)

    if end is not None and end < effective:
        raise rec.error("end", "rule ends before it takes effect")
    return (Window(effective, end, citations[0]),)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    # Pre-selected once at load: the interpreter asks for (regime, kind, stage) for every case of a batch.
    _by_key: dict[tuple[str, str, str], tuple[Rule, ...]] = field(init=False, repr=False, compare=False)
    _regimes: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[tuple[str, str, str], list[Rule]] = {}
        for rule in self.rules:
            for kind in rule.kinds:
                by_key.setdefault((rule.regime, kind, rule.stage), []).append(rule)
        object.__setattr__(self, "_by_key", {k: tuple(v) for k, v in by_key.items()})
        object.__setattr__(
            self,
            "_regimes",
            {kind: tuple(g for g in REGIMES if any((g, kind, s) in by_key for s in STAGES)) for kind in KINDS},
        )

    def for_kind(self, regime: str, kind: str, stage: str) -> tuple[Rule, ...]:
        return self._by_key.get((regime, kind, stage), ())

    def regimes_for(self, kind: str) -> tuple[str, ...]:
        return self._regimes.get(kind, ())


def load_rules(regimes: RegimeData, directory: Path | None = None) -> RuleSet:
    """Load and validate every ``*.yaml`` rule file of ``directory`` (default: the packaged rules)."""
    base = directory or RULES_DIR
    rules: list[Rule] = []
    seen: dict[tuple[str, str], str] = {}
    for path in sorted(base.glob("*.yaml")):
        for raw in records(load_yaml(path), "rules", path):
            rule = _rule(raw, path, regimes)
            key = (rule.id, rule.variant)
            if key in seen:
                raise DataFileError(
                    f"duplicate rule {rule.id} variant {rule.variant!r} (first in {seen[key]})",
                    file=path,
                    line=rule.line,
                    field="variant",
                )
            seen[key] = path.name
            rules.append(rule)
    if not rules:
        raise DataFileError("no rules found", file=base)
    return RuleSet(tuple(rules))
