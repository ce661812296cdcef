"""The explanation unit every score carries, and the tuned operating threshold."""

from __future__ import annotations

from dataclasses import dataclass

from ictguard.screening.weights import load_model

# Chosen on the development pairs by bench/fit_screening_weights.py (criterion and figures in weights.yaml and
# docs/benchmarks.md, "Screening accuracy"); every call can override it.
DEFAULT_THRESHOLD = load_model().threshold


@dataclass(frozen=True, slots=True)
class Feature:
    """One named contribution to a score: ``score`` is the feature's value (0..1, or the factor applied)."""

    feature: str
    score: float
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {"feature": self.feature, "score": round(self.score, 4), "detail": self.detail}
