"""Accuracy section of the screening bench: the same labelled pairs scored by every matcher in one run."""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np

from bench._screening_matchers import Scorer, matchers
from bench._screening_pairs import ANCHORS, Pair, list_pairs, nomenklatura_pairs, watchman_pairs, yente_pairs
from ictguard.model import Entity


def build_pairs(entities: list[Entity]) -> list[Pair]:
    pairs = [*list_pairs(entities), *yente_pairs(), *watchman_pairs(), *nomenklatura_pairs()]
    return pairs


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC as the Mann-Whitney statistic (ties count one half): P(score of a positive > score of a negative)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=np.float64)
    sorted_scores = scores[order]
    # average ranks over runs of equal scores
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(avg, counts)
    pos = int(labels.sum())
    neg = len(labels) - pos
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def _metrics(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[str, str, str]:
    area = f"{auc(scores, labels):.3f}" if 0 < labels.sum() < len(labels) else "n/a"
    predicted = scores >= threshold
    tp = int((predicted & labels).sum())
    precision = f"{tp / predicted.sum():.3f}" if predicted.sum() else "n/a"
    recall = f"{tp / labels.sum():.3f}" if labels.sum() else "n/a"
    return area, precision, recall


def accuracy_section(entities: list[Entity]) -> str:
    pairs = build_pairs(entities)
    labels = np.asarray([p.label for p in pairs], dtype=bool)
    scored: dict[str, np.ndarray] = {}
    timings: dict[str, float] = {}
    all_matchers = matchers()
    for name, (scorer, _, _) in all_matchers.items():
        t0 = time.perf_counter()
        scored[name] = np.asarray([scorer(p.left, p.right, p.schema) for p in pairs], dtype=np.float64)
        timings[name] = time.perf_counter() - t0
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        groups[(p.dataset, p.split)].append(i)
        groups[("all", p.split)].append(i)
    lines = [
        "| dataset | split | pairs (pos/neg) | matcher | AUC | precision @ default | recall @ default |",
        "|---|---|---|---|---|---|---|",
    ]
    order = sorted(groups, key=lambda k: (k[0] == "all", k[0], k[1] != "test"))
    for key in order:
        idx = np.asarray(groups[key])
        lab = labels[idx]
        size = f"{len(idx)} ({int(lab.sum())}/{int((~lab).sum())})"
        for name, (_, threshold, _) in all_matchers.items():
            auc, precision, recall = _metrics(scored[name][idx], lab, threshold)
            lines.append(f"| {key[0]} | {key[1]} | {size} | {name} | {auc} | {precision} | {recall} |")
    lines += [
        "",
        "Default thresholds: " + "; ".join(f"{n} {t:.2f} ({src})" for n, (_, t, src) in all_matchers.items()),
        "",
        "Scoring time for all pairs (one process, same pairs): "
        + "; ".join(f"{n} {timings[n]:.1f} s" for n in all_matchers),
        "",
        _anchors(all_matchers),
    ]
    return "\n".join(lines)


def _anchors(all_matchers: dict[str, tuple[Scorer, float, str]]) -> str:
    head = "| query | list name | expected | " + " | ".join(all_matchers) + " |"
    lines = [
        "Anchor cases (issue 3 and reference study §6.3), pure name comparison:",
        "",
        head,
        "|" + "---|" * (3 + len(all_matchers)),
    ]
    for query, listed, expected in ANCHORS:
        cells = [f"{all_matchers[n][0](query, listed, 'Company'):.3f}" for n in all_matchers]
        lines.append(f"| {query} | {listed} | {'match' if expected else 'no'} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
