"""In-process candidate index: every list name's keys (tokens, glued neighbours, phonetic and prefix keys) ->
the names carrying them. A query looks up its own keys, sums their IDF per name with numpy and keeps the best
few dozen names for full scoring, so no query is compared against every name."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rigour.text import metaphone

from ictguard.screening.normalize import Kind, NormName

MAX_CANDIDATES = 25
RELATIVE_CUTOFF = 0.4  # candidates whose key score is below this share of the best are not scored


def name_keys(name: NormName) -> set[str]:
    """Lookup keys of one normalised name."""
    texts = [t.text for t in name.tokens if t.kind is not Kind.LEGAL]
    keys = set(texts)
    for a, b in zip(texts, texts[1:], strict=False):
        keys.add(a + b)  # missing space on the other side
    if len(texts) > 1:
        keys.add(name.joined)
    for t in name.tokens:
        if t.kind in (Kind.CORE, Kind.GENERIC) and len(t.text) >= 4 and not t.text.isdigit():
            keys.add("~" + metaphone(t.text))
        if len(t.text) >= 6:
            keys.add("<" + t.text[:4])
            keys.add(">" + t.text[-4:])
    if name.acronym:
        keys.add(name.acronym)
    return keys


@dataclass
class NameIndex:
    size: int = 0
    postings: dict[str, npt.NDArray[np.int32]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    token_idf: dict[str, float] = field(default_factory=dict)
    rare_idf: float = 1.0

    @classmethod
    def build(cls, names: Iterable[NormName]) -> NameIndex:
        lists: dict[str, list[int]] = defaultdict(list)
        token_df: dict[str, int] = defaultdict(int)
        size = 0
        for idx, name in enumerate(names):
            size = idx + 1
            for key in name_keys(name):
                lists[key].append(idx)
            for text in {t.text for t in name.tokens}:
                token_df[text] += 1
        index = cls(size=size)
        for key, ids in lists.items():
            index.postings[key] = np.asarray(ids, dtype=np.int32)
            index.idf[key] = math.log((size + 1) / (len(ids) + 0.5))
        index.token_idf = {t: math.log((size + 1) / (df + 0.5)) for t, df in token_df.items()}
        index.rare_idf = math.log((size + 1) / 5.5)  # a word on <= 5 names counts fully
        return index

    def rarity(self, text: str) -> float:
        """Weight factor of a word by how rare it is on the list: 1.0 for rare words, down to 0.5 for common."""
        idf = self.token_idf.get(text)
        if idf is None:
            return 1.0
        return max(0.5, min(1.0, idf / self.rare_idf))

    def candidates(self, keys: Iterable[str], allowed: npt.NDArray[np.bool_] | None = None,
                   limit: int = MAX_CANDIDATES) -> list[int]:
        scores = np.zeros(self.size, dtype=np.float32)
        for key in keys:
            ids = self.postings.get(key)
            if ids is not None:
                scores[ids] += self.idf[key]
        if allowed is not None:
            scores *= allowed
        count = int(np.count_nonzero(scores))
        if count == 0:
            return []
        if count > limit:
            top = np.argpartition(-scores, limit)[:limit]
        else:
            top = np.flatnonzero(scores)
        best = float(scores[top].max())
        ordered = top[np.argsort(-scores[top], kind="stable")]
        return [int(i) for i in ordered if scores[i] >= RELATIVE_CUTOFF * best]
