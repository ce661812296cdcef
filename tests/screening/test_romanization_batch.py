"""Romanization rewrites a name's new words in one pass per scheme; that must equal rewriting each word alone. A
scheme runs only on words whose shape a target word has; that must not change any spelling found."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ictguard.lists.csl_csv import load_csl_csv
from ictguard.screening import romanization
from ictguard.screening.romanization import RomanizationTargets, load_romanizations, romanized_spellings, shape_of


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


def _csl_words(lists_dir: Path) -> list[str]:
    return sorted(
        {w for e in load_csl_csv(lists_dir / "consolidated.csv") for w in re.findall(r"[a-z]+", e.name.lower())}
    )


def test_a_rewrite_keeps_the_words_shape(lists_dir: Path) -> None:
    """What makes skipping a scheme safe: its rewrite of any word has the word's shape."""
    words = _csl_words(lists_dir)
    shaped = 0
    for scheme in load_romanizations():
        shape = shape_of(scheme)
        if shape is None:
            continue
        shaped += 1
        assert all(shape(scheme.apply(w)) == shape(w) for w in words), scheme.name
    assert shaped == len(load_romanizations())  # every shipped scheme is filtered


def test_targets_find_the_same_spellings_as_a_plain_lookup(lists_dir: Path) -> None:
    names = [e.name for e in load_csl_csv(lists_dir / "consolidated.csv")]
    # Targets: the words of the Russian entries' names, as the screener picks them (a sample is enough here).
    targets = {w for w in _csl_words(lists_dir) if len(w) >= 5 and w.endswith(("ov", "ev", "in", "sky", "zavod"))}
    assert len(targets) > 200
    with_shapes = RomanizationTargets(targets)
    found = 0
    for name in names + ["Kalaschnikow Konzern", "AO Iljuschin", "Iliouchine", "Kałasznikow"]:
        expected = romanized_spellings(name, targets.__contains__)
        assert romanized_spellings(name, with_shapes) == expected, name
        found += bool(expected)
    assert found > 10
