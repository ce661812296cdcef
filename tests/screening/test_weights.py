"""The fitted model file is validated at load, and every score is explained feature by feature."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.screening import DEFAULT_THRESHOLD, compare_names
from ictguard.screening import weights as weights_module
from ictguard.screening.datafiles import DATA_DIR
from ictguard.screening.weights import FEATURES, load_model


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    text = (DATA_DIR / "weights.yaml").read_text(encoding="utf-8")
    assert re.search(old, text, re.M), old
    (tmp_path / "weights.yaml").write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (r"^  conflicting_words: .*$", "  conflicting_words: 0.5", "weights.conflicting_words"),  # penalty > 0
        (r"^  name_score: .*$", "  name_score: -1.0", "weights.name_score"),  # evidence < 0
        (r"^  legal_form: .*$", "  legal_form: -0.5\n  made_up: 1.0", "weights.made_up"),
        (r"^  legal_form: .*\n", "", "weights.legal_form"),  # missing
        (r"^threshold: .*$", "threshold: 1.5", "threshold"),
        (r"^bias: .*$", "bias: high", "bias"),
        (r"^fitted: >-$", "fitted: ''\nunused: >-", "unused"),
    ],
)
def test_invalid_weights_file_names_the_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    with pytest.raises(DataFileError) as info:
        weights_module.load_model.__wrapped__(_copy(tmp_path, old, new))
    assert info.value.field == field


def test_shipped_model_is_the_threshold_and_has_every_feature() -> None:
    model = load_model()
    assert set(model.weights) == set(FEATURES)
    assert DEFAULT_THRESHOLD == model.threshold
    assert "dev" in model.fitted


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Huawei Device Co., Ltd.", "Huawei Technologies Co., Ltd."),
        ("Huawei Technologies Co., Ltd.", "Huawei Technologies (UK) Co., Ltd."),
        ("Shipping Three Co", "Shipping Five Co"),
        ("Hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd."),
        ("Semiconductor Manufacturing International Corporation (SMIC)", "SMIC"),
    ],
)
def test_explanation_contributions_add_up_to_the_score(a: str, b: str) -> None:
    """Each feature states its contribution to the logit; bias + contributions give the score."""
    score, features = compare_names(a, b)
    model = load_model()
    total = model.bias
    for f in features:
        if f.feature == "model":
            continue
        found = re.search(r"= ([+-]\d+\.\d+)$|contributes ([+-]\d+\.\d+)$", f.detail)
        assert found, f
        total += float(found.group(1) or found.group(2))
    assert features[-1].feature == "model"
    assert 1 / (1 + math.exp(-total)) == pytest.approx(score, abs=0.02)  # contributions are rounded to 0.01
