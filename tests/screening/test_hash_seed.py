"""Screening must not depend on the process's string hash seed: with the seed changing between runs (Python's
default), "Toga Limited" hit the family base's Toga Networks in some runs and not in others, because the index
summed a name's key weights, and a query's key scores, in set order (floats: another order, another last bit, and
another name in the capped candidate list)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import ictguard

_SCRIPT = """
import hashlib, json, sys
from ictguard.lists.snapshot import screening_entities
from ictguard.lists.update import prepare_load
from ictguard.screening import Screener
from ictguard.settings import Settings

entities = screening_entities(prepare_load(sys.argv[1], Settings(lists="")).entities)  # as the service screens
screener = Screener.from_entities(entities, "seed")
queries = json.loads(sys.argv[2])
print(json.dumps({
    "mass": hashlib.sha256(screener.index.inverse_mass.tobytes()).hexdigest(),
    "hits": [[(h.entity.id, h.score, h.matched_name) for h in screener.screen(q)] for q in queries],
}))
"""


def _run(seed: str, lists_dir: Path, queries: list[str]) -> dict[str, object]:
    # The child imports the same ictguard as this test (the checkout's src, not whatever is installed).
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(ictguard.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(lists_dir), json.dumps(queries)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_screening_does_not_depend_on_the_hash_seed(lists_dir: Path) -> None:
    queries = ["Toga Limited", "Huawei Technologies Co Ltd", "Shenzhen Trading Co", "Ahmed Mohamed", "Vision Tech"]
    first, second = _run("0", lists_dir, queries), _run("7", lists_dir, queries)
    assert first == second
