"""Names cut short by a field width: vendor masters, bank messages and customs forms keep the first 30, 35 or 40
characters of a long name ("Joint Stock Company Information Sat" for the listed "Joint Stock Company Information
Satellite Systems Named After Academician M.F. Reshetnev"). Token scoring sees a few words and a stub against a
long name and scores it low; the query is instead looked up as the start of every listed spelling.

Only a long start counts (``MIN_PREFIX`` characters and ``MIN_WORDS`` words, case and punctuation folded), and only
when few entries share it: a start shared by many entries ("China Electronics Technology Group Corporation" before
each of its institutes) names none of them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MIN_PREFIX = 24  # characters of the folded query: shorter starts ("Shenzhen Technology Co") are too common
MIN_WORDS = 3
MAX_ENTRIES = 3  # more entries sharing the start: it is a common stem, not one name cut short
TRUNCATED_SCORE = 0.9  # above the threshold, below an exact or near-exact match of a whole name


@dataclass(frozen=True)
class PrefixTable:
    spellings: tuple[str, ...]  # sorted
    names: tuple[int, ...]  # list-name index of each spelling

    @classmethod
    def build(cls, spellings: Iterable[str]) -> PrefixTable:
        pairs = sorted((s, i) for i, s in enumerate(spellings))
        return cls(tuple(s for s, _ in pairs), tuple(i for _, i in pairs))

    def entries_starting(self, query: str, name_entity: npt.NDArray[np.int32]) -> list[tuple[int, str]]:
        """(list name, its spelling) of the entries whose listed spelling strictly starts with ``query`` (already
        folded); empty when the query is short, is itself a listed spelling, or starts too many entries."""
        if len(query) < MIN_PREFIX or query.count(" ") + 1 < MIN_WORDS:
            return []
        found: list[tuple[int, str]] = []
        entities: set[int] = set()
        pos = bisect_left(self.spellings, query)
        while pos < len(self.spellings) and self.spellings[pos].startswith(query):
            spelling, idx = self.spellings[pos], self.names[pos]
            if spelling == query:
                return []  # the whole name: ordinary scoring finds it
            entities.add(int(name_entity[idx]))
            if len(entities) > MAX_ENTRIES:
                return []
            found.append((idx, spelling))
            pos += 1
        return found
