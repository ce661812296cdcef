"""Fit the screening model's feature weights and operating threshold on development pairs only.

    .venv/bin/python bench/fit_screening_weights.py [--lists ../shared/data/lists] [--write]

Data: the ``dev`` split of the bench pairs (bench/_screening_pairs.py): list-derived pairs (an entry's name vs
its aliases = matches; vs a different entry sharing its rarest word = non-matches) and the development data in
``../shared/data/matching/``. The held-out ``test`` split is never read here.

Model: logistic regression over the raw feature values of ``compare_names`` (ictguard.screening.compare,
``pair_features``), L2-regularised, with sign constraints (evidence weights >= 0, penalty weights <= 0, so the
scorer's early exit stays exact), fitted by Newton's method with an active set for the constraints.
Matches with no shared word or acronym (former names, translations: a name score of 0) are left out of the fit.
Sample weights: within each dataset the two classes weigh the same, and each dataset weighs in proportion to the
square root of its size, so the large list files do not drown the small ones and no single file dominates.

Threshold: the highest one whose weighted F1 (F1 with the sample weights above) on the same dev pairs is within
0.005 of the best: F1 is flat over a wide band, and its upper end gives fewer false hits for the same F1.
With ``--write`` the result replaces ``src/ictguard/data/screening/weights.yaml``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._screening_accuracy import auc, build_pairs
from bench._screening_pairs import retrieved_negatives
from ictguard.lists.update import prepare_load
from ictguard.screening.compare import pair_features
from ictguard.screening.weights import FEATURES
from ictguard.settings import Settings

DEFAULT_LISTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"
OUT = Path(__file__).resolve().parents[1] / "src" / "ictguard" / "data" / "screening" / "weights.yaml"
L2 = 1e-3  # per unit of total sample weight
F1_TOLERANCE = 0.005  # the threshold is the highest one whose weighted F1 is this close to the best
NAMES = list(FEATURES)

Array = npt.NDArray[np.float64]


def sample_weights(datasets: list[str], labels: npt.NDArray[np.bool_]) -> Array:
    sizes = Counter(datasets)
    per_class = Counter(zip(datasets, labels.tolist(), strict=True))
    w = np.empty(len(datasets))
    for i, (d, y) in enumerate(zip(datasets, labels.tolist(), strict=True)):
        w[i] = np.sqrt(sizes[d]) / 2 / per_class[(d, y)]
    return w * len(w) / w.sum()


def fit(x: Array, y: Array, w: Array, signs: Array) -> tuple[float, Array]:
    """Weighted L2 logistic regression, sign-constrained (active set: a weight pushed past 0 is fixed at 0)."""
    n, k = x.shape
    design = np.hstack([np.ones((n, 1)), x])
    free = np.ones(k + 1, dtype=bool)
    beta = np.zeros(k + 1)
    reg = np.full(k + 1, L2 * w.sum())
    reg[0] = 0.0  # no penalty on the bias
    for _ in range(20):  # active-set rounds
        for _ in range(50):  # Newton steps on the free weights
            p = 1 / (1 + np.exp(-(design @ beta)))
            grad = design.T @ (w * (p - y)) + reg * beta
            hess = (design * (w * p * (1 - p))[:, None]).T @ design + np.diag(reg)
            idx = np.flatnonzero(free)
            step = np.linalg.solve(hess[np.ix_(idx, idx)] + 1e-9 * np.eye(len(idx)), grad[idx])
            beta[idx] -= step
            if np.abs(step).max() < 1e-8:
                break
        wrong = [j for j in range(k) if free[j + 1] and beta[j + 1] * signs[j] < 0]
        if not wrong:
            break
        for j in wrong:
            free[j + 1] = False
            beta[j + 1] = 0.0
    return float(beta[0]), beta[1:]


def best_threshold(scores: Array, y: npt.NDArray[np.bool_], w: Array) -> tuple[float, float, float, float]:
    """The operating threshold and its weighted (F1, precision, recall): the highest threshold whose weighted F1
    is within F1_TOLERANCE of the best. Weighted F1 is flat over a wide band (0.76 from 0.32 to 0.52 in the
    2026-12-03 fit); its arg-max inside that band is noise, and the upper end of the band gives fewer false hits
    for the same F1."""
    rows = []
    for t in np.round(np.arange(0.05, 0.96, 0.01), 2):
        pred = scores >= t
        tp = float(w[pred & y].sum())
        fp = float(w[pred & ~y].sum())
        fn = float(w[~pred & y].sum())
        if tp == 0:
            continue
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        rows.append((float(t), 2 * precision * recall / (precision + recall), precision, recall))
    best_f1 = max(r[1] for r in rows)
    return max(r for r in rows if r[1] >= best_f1 - F1_TOLERANCE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--curve", action="store_true", help="print weighted F1, precision, recall by threshold")
    args = parser.parse_args()
    entities = list(prepare_load(str(args.lists), Settings(lists="")).entities)
    # The held-out test split is never read: dev bench pairs plus retrieved list negatives of dev entries only.
    pairs = [p for p in build_pairs(entities) if p.split == "dev"] + list(retrieved_negatives(entities, "dev"))
    x = np.asarray([[pair_features(p.left, p.right, p.schema)[f] for f in NAMES] for p in pairs])
    labels = np.asarray([p.label for p in pairs], dtype=bool)
    # Matches that share nothing a name comparison sees (no token, no acronym: former names, translations) are
    # left out of the fit: no weight can score them, and they would only teach it that overlap does not matter.
    blind = labels & (x[:, NAMES.index("name_score")] == 0) & (x[:, NAMES.index("acronym")] == 0)
    print(f"left out: {int(blind.sum())} of {int(labels.sum())} matches share no word")
    pairs = [p for p, b in zip(pairs, blind, strict=True) if not b]
    x, labels = x[~blind], labels[~blind]
    datasets = [p.dataset for p in pairs]
    w = sample_weights(datasets, labels)
    bias, beta = fit(x, labels.astype(np.float64), w, np.asarray([FEATURES[f] for f in NAMES], dtype=np.float64))
    scores = 1 / (1 + np.exp(-(bias + x @ beta)))
    threshold, f1, precision, recall = best_threshold(scores, labels, w)
    if args.curve:
        for t in np.round(np.arange(0.30, 0.80, 0.02), 2):
            pred = scores >= t
            tp, fp = float(w[pred & labels].sum()), float(w[pred & ~labels].sum())
            fn = float(w[~pred & labels].sum())
            print(
                f"curve {t:.2f} F1 {2 * tp / (2 * tp + fp + fn):.4f} precision {tp / (tp + fp):.3f} "
                f"recall {tp / (tp + fn):.3f}"
            )
    lines = [f"dev pairs {len(pairs)} ({int(labels.sum())} matches); bias {bias:+.3f}"]
    lines += [f"  {f}: {b:+.3f}" for f, b in zip(NAMES, beta, strict=True)]
    lines.append(f"threshold {threshold:.2f}: weighted F1 {f1:.3f}, precision {precision:.3f}, recall {recall:.3f}")
    per_dataset = []
    for d in sorted(set(datasets)):
        idx = np.asarray([i for i, name in enumerate(datasets) if name == d])
        lab, sc = labels[idx], scores[idx]
        pred = sc >= threshold
        tp = int((pred & lab).sum())
        prec = tp / pred.sum() if pred.sum() else float("nan")
        area = auc(sc, lab) if 0 < lab.sum() < len(lab) else float("nan")
        per_dataset.append(f"{d}: AUC {area:.3f}, precision {prec:.3f}, recall {tp / max(1, lab.sum()):.3f}")
    lines += ["dev per dataset at the threshold:", *("  " + p for p in per_dataset)]
    print("\n".join(lines))
    if args.write:
        weights = "\n".join(f"  {f}: {round(float(b), 4)}" for f, b in zip(NAMES, beta, strict=True))
        metrics = "\n".join(f'  - "{p}"' for p in per_dataset)
        OUT.write_text(
            "# Screening model: logistic regression over the named features of ictguard.screening.compare.\n"
            "# Written by bench/fit_screening_weights.py --write; do not edit by hand (refit instead).\n"
            f"fitted: >-\n  Weighted L2 logistic regression (L2 {L2} per unit sample weight; evidence weights >= 0,\n"
            "  penalty weights <= 0) on the dev split only of the bench pairs: list-derived pairs from the mirror\n"
            "  (an entry's name vs its aliases = matches, vs a different entry sharing its rarest word =\n"
            "  non-matches; and vs the names the candidate index retrieves for it from other dev entries, and one\n"
            "  random name = non-matches) plus the dev split of ../shared/data/matching (yente, watchman,\n"
            "  nomenklatura). Matches sharing no word or acronym (former names, translations) are left out.\n"
            "  Classes balanced within each dataset, datasets weighted by the square root of their size.\n"
            f"  {len(pairs)} dev pairs. Threshold: the highest whose weighted F1 on the same dev pairs is within\n"
            f"  {F1_TOLERANCE} of the best (F1 is flat over a wide band; its upper end gives fewer false hits)\n"
            f"  (F1 {f1:.3f}, precision {precision:.3f}, recall {recall:.3f}).\n"
            "script: bench/fit_screening_weights.py\n"
            f"bias: {round(bias, 4)}\nthreshold: {threshold:.2f}\nweights:\n{weights}\n"
            "# On the fit set itself (dev, without the matches that share no word): not comparable with the bench.\n"
            f"dev_metrics:\n{metrics}\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
