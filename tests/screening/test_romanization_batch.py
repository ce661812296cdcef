"""Romanization rewrites a name's new words in one pass per scheme; that must equal rewriting each word alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ictguard.lists.csl_csv import load_csl_csv
from ictguard.screening import romanization
from ictguard.screening.romanization import load_romanizations


def test_words_rewritten_together_as_each_alone(lists_dir: Path) -> None:
    words = sorted(
        {w for e in load_csl_csv(lists_dir / "consolidated.csv") for w in re.findall(r"[a-z]+", e.name.lower())}
    )
    assert len(words) > 5_000
    romanization._REWRITTEN.clear()
    together = romanization._word_rewrites(words)
    alone = [tuple(scheme.apply(w) for scheme in load_romanizations()) for w in words]
    assert together == alone


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["kalaschnikow", "konzern"], [("kalashnikov", "kontsern")]),
        (["soukhoi", "jakowlew"], []),
    ],
)
def test_a_cached_word_and_a_new_one_in_one_name(words: list[str], expected: list[tuple[str, ...]]) -> None:
    romanization._REWRITTEN.clear()
    first = romanization._word_rewrites(words[:1])
    both = romanization._word_rewrites(words)
    assert both[0] == first[0]
    assert both == [tuple(s.apply(w) for s in load_romanizations()) for w in words]
    if expected:
        german = [s.name for s in load_romanizations()].index("german")
        assert (both[0][german], both[1][german]) == expected[0]
