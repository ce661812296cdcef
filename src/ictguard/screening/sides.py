"""One name's scoring side: its comparable tokens (legal forms aside) and their weights, built once per name.

Each token weighs by its kind (a distinctive word counts more than a business word, a legal form not at all) and,
when a list is loaded, by its rarity on that list. The flags feed the company-only features of :mod:`compare`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ictguard.screening.normalize import Kind, NormName, Token, is_chinese
from ictguard.screening.wordlist import is_ordinary

KIND_WEIGHT = {Kind.CORE: 1.0, Kind.GENERIC: 0.45, Kind.PLACE: 0.35, Kind.QUALIFIER: 0.8, Kind.NUMBER: 0.8}

Rarity = Callable[[str], float]


def no_rarity(_: str) -> float:
    return 1.0


@dataclass(frozen=True, slots=True)
class Side:
    tokens: tuple[Token, ...]
    texts: tuple[str, ...]
    numeric: tuple[bool, ...]
    weights: tuple[float, ...]
    total: float
    # A company's name (it has a business word or a legal form): persons' names never carry either, so the
    # company-only features below stay off for them.
    company_shaped: bool
    # One or two distinctive words, each an ordinary English word (SUNRISE, "Golden Star"): see wordlist.py.
    ordinary_words: bool
    chinese: bool  # see normalize.is_chinese: different pinyin words are then different names (pinyin.py)


def side_of(name: NormName, rarity: Rarity) -> Side:
    tokens = tuple(t for t in name.tokens if t.kind is not Kind.LEGAL)
    weights = tuple(
        KIND_WEIGHT[t.kind] * (rarity(t.text) if t.kind in (Kind.CORE, Kind.GENERIC) else 1.0) for t in tokens
    )
    core = [t.text for t in tokens if t.kind is Kind.CORE]
    shaped = any(t.kind in (Kind.GENERIC, Kind.LEGAL) for t in name.tokens)
    return Side(
        tokens,
        tuple(t.text for t in tokens),
        tuple(t.kind is Kind.NUMBER for t in tokens),
        weights,
        sum(weights),
        shaped,
        0 < len(core) <= 2 and all(is_ordinary(w) for w in core),
        is_chinese(name),
    )
