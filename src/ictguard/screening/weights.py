"""The fitted scoring model: one weight per named feature, a bias, and the operating threshold.

A pair's score is ``sigmoid(bias + sum(weight * value))`` over the features of :mod:`compare` (a logistic
regression), so every feature's contribution to a score is ``weight * value`` and shows in the explanation.
The weights live in ``ictguard/data/screening/weights.yaml``, written by ``bench/fit_screening_weights.py``
from development data only; they are validated here at load. The evidence features (name coverage) must have
non-negative weights and the penalty features non-positive ones: the scorer relies on that to stop early
(a score before the penalties is an upper bound).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ictguard.errors import DataFileError
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_yaml

# Feature name -> required sign of its weight (+1: evidence for a match, -1: evidence against).
FEATURES: dict[str, int] = {
    "name_score": 1,  # token coverage blend, or the joined-string similarity when that is higher
    "coverage_worst": 1,  # coverage of the worse-covered side
    "name_near_exact": 1,  # how far name_score is into its top band: max(0, name_score - 0.8) / 0.2
    "acronym": -1,  # one name is the other's bracketed acronym (scored as a full name match, less this)
    "conflicting_words": -1,  # weight of words unmatched on both sides (0..1)
    "conflict_present": -1,  # 1 when both sides keep an unmatched word (Huawei Device / Huawei Technologies)
    "fuzzy_only": -1,  # share of the matched weight that is only similar, not equal (typos, phonetic matches)
    "sound_alike_only": -1,  # companies: the distinctive words agree in sound only, none in spelling
    "unmatched_core": -1,  # distinctive (core) words one name has and the other lacks (max of the sides, <= 1)
    "number_mismatch": -1,  # different numbers on the two sides
    "number_one_side": -1,  # a number on one side only
    "single_word_list_name": -1,  # one-word list name inside a longer query with its own distinctive words
    "no_core_matched": -1,  # the list name's distinctive words all unmatched, and the query matched none of its own
    "ordinary_words_list_name": -1,  # companies: a list name of 1-2 ordinary English words inside a longer name
    "qualifier_mismatch": -1,  # a place/country inside one name only
    "qualifier_both": -1,  # ... inside both names, different
    "qualifier_only": -1,  # the place/country is the only difference: a country subsidiary ("... (UK) Co., Ltd.")
    "legal_form": -1,  # both names carry a legal form and they differ
}


@dataclass(frozen=True, slots=True)
class Model:
    bias: float
    weights: dict[str, float]
    threshold: float
    fitted: str  # how the weights were obtained (data, criterion), for the documentation

    def w(self, feature: str) -> float:
        return self.weights[feature]

    def probability(self, logit: float) -> float:
        return 1.0 / (1.0 + math.exp(-logit))

    def logit_of(self, probability: float) -> float:
        """The logit giving ``probability`` (clamped so 0 and 1 stay finite)."""
        p = min(max(probability, 1e-12), 1 - 1e-12)
        return math.log(p / (1 - p))


def _number(value: object, path: Path, line: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(float(value)):
        raise DataFileError(
            f"expected a finite number, got {value!r}",
            file=path,
            line=line if isinstance(line, int) else None,
            field=field,
        )
    return float(value)


@lru_cache(maxsize=1)
def load_model(data_dir: Path = DATA_DIR) -> Model:
    path = data_dir / "weights.yaml"
    doc = check_keys(load_yaml(path), path, {"bias", "weights", "threshold", "fitted", "script"}, {"dev_metrics"})
    line = doc.get("__line__")
    weights_doc = doc["weights"]
    if not isinstance(weights_doc, dict):
        raise DataFileError("expected a mapping of feature -> weight", file=path, field="weights")
    wline = weights_doc.get("__line__")
    weights: dict[str, float] = {}
    for name, value in weights_doc.items():
        if name == "__line__":
            continue
        if name not in FEATURES:
            raise DataFileError("unknown feature", file=path, line=wline, field=f"weights.{name}")
        weight = _number(value, path, wline, f"weights.{name}")
        if weight * FEATURES[name] < 0:
            sign = "non-negative" if FEATURES[name] > 0 else "non-positive"
            raise DataFileError(f"weight must be {sign}", file=path, line=wline, field=f"weights.{name}")
        weights[name] = weight
    missing = sorted(set(FEATURES) - set(weights))
    if missing:
        raise DataFileError("missing feature weight", file=path, line=wline, field=f"weights.{missing[0]}")
    threshold = _number(doc["threshold"], path, line, "threshold")
    if not 0.0 < threshold < 1.0:
        raise DataFileError("threshold must be between 0 and 1", file=path, line=line, field="threshold")
    return Model(_number(doc["bias"], path, line, "bias"), weights, threshold, str(doc["fitted"]).strip())
