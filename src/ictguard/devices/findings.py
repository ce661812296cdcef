"""One device finding: what the law says about one audited device, from the rules engine to the report.

Three sources make findings — a scenario the rules engine decided (``from_rule``), a fact template of
data/devices/findings.yaml (``from_template``) and observed traffic to a foreign adversary (``audit``) — and all
three are this one type; ``to_dict`` is the finding's shape in the ``ictguard audit`` JSON report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ictguard.devices.lawdata import FindingTemplate, Scenario
    from ictguard.rules.engine import Finding


@dataclass(frozen=True)
class DeviceFinding:
    id: str  # "<scenario id>:<regime>" for a decided scenario, the template's or the traffic rule's id otherwise
    scenario: str | None  # the legal question the rules engine answered; None for a fact or observed traffic
    regime: str
    outcome: str  # the rules engine's vocabulary: prohibited, flag, no_restriction, ...
    rules: tuple[str, ...]
    citations: tuple[str, ...]
    explanation: str
    settles: str  # what a reviewer must establish to settle the finding

    @classmethod
    def from_rule(cls, scenario: Scenario, finding: Finding) -> DeviceFinding:
        return cls(
            id=f"{scenario.id}:{finding.regime.lower()}",
            scenario=scenario.question,
            regime=finding.regime,
            outcome=finding.outcome,
            rules=tuple(finding.rules),
            citations=tuple(finding.citations),
            explanation=finding.explanation or "",
            settles=", ".join(finding.settle),
        )

    @classmethod
    def from_template(cls, template: FindingTemplate) -> DeviceFinding:
        return cls(
            id=template.id,
            scenario=None,
            regime=template.regime,
            outcome=template.outcome,
            rules=template.rules,
            citations=template.citations,
            explanation=template.explanation,
            settles=template.settles,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scenario": self.scenario,
            "regime": self.regime,
            "outcome": self.outcome,
            "rules": list(self.rules),
            "citations": list(self.citations),
            "explanation": self.explanation,
            "settles": self.settles,
        }
