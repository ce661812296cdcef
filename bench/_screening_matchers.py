"""The matchers the screening bench compares, all as ``score(left, right, schema) -> 0..1`` on plain names."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from followthemoney import EntityProxy
from nomenklatura.matching import get_algorithm
from rapidfuzz import fuzz, utils

from ictguard.screening import DEFAULT_THRESHOLD, compare_names

Scorer = Callable[[str, str, str], float]
_ids = itertools.count()


def proxy(schema: str, names: list[str], entity_id: str | None = None) -> Any:
    """A FollowTheMoney entity with ``names``; a fresh id by default, since nomenklatura memoises name analysis
    per entity id (a reused id would return the first entity's analysis)."""
    eid = entity_id or f"bench-{next(_ids)}"
    return EntityProxy.from_dict({"id": eid, "schema": schema, "properties": {"name": names}})


def nomenklatura_scorer(algorithm: str) -> Scorer:
    algo = get_algorithm(algorithm)
    if algo is None:
        raise ValueError(f"unknown nomenklatura algorithm {algorithm}")

    def score(left: str, right: str, schema: str) -> float:
        # A fresh config per call: HeuristicAlgorithm.compare writes its defaults into the config it is given.
        result = algo.compare(proxy(schema, [left]), proxy(schema, [right]), algo.default_config())
        return float(result.score)

    return score


def ours(left: str, right: str, schema: str) -> float:
    return compare_names(left, right, schema)[0]


def wratio(left: str, right: str, schema: str) -> float:
    return float(fuzz.WRatio(left, right, processor=utils.default_process)) / 100.0


# name -> (scorer, default threshold, where the threshold comes from)
RAPIDFUZZ_THRESHOLD = 0.85  # rapidfuzz has no default; 85 is the cutoff commonly used with WRatio


def matchers() -> dict[str, tuple[Scorer, float, str]]:
    return {
        "ictguard compare_names": (ours, DEFAULT_THRESHOLD, "DEFAULT_THRESHOLD"),
        "nomenklatura logic-v2": (nomenklatura_scorer("logic-v2"), 0.7, "yente/nomenklatura default"),
        "nomenklatura name-based": (nomenklatura_scorer("name-based"), 0.7, "yente/nomenklatura default"),
        "nomenklatura regression-v1": (nomenklatura_scorer("regression-v1"), 0.7, "yente/nomenklatura default"),
        "rapidfuzz WRatio": (wratio, RAPIDFUZZ_THRESHOLD, "no default; common cutoff 85"),
    }
