"""The explanation unit every score carries, and the tuned operating threshold."""

from __future__ import annotations

from dataclasses import dataclass

# Tuned on list-derived pairs and the development data (see docs/benchmarks.md, "Screening accuracy").
DEFAULT_THRESHOLD = 0.7


@dataclass(frozen=True, slots=True)
class Feature:
    """One named contribution to a score: ``score`` is the feature's value (0..1, or the factor applied)."""

    feature: str
    score: float
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {"feature": self.feature, "score": round(self.score, 4), "detail": self.detail}
