"""In-process candidate index: every list name's keys (tokens, glued neighbours, phonetic and prefix keys) ->
the names carrying them. A query looks up its own keys, sums their IDF per name with numpy and keeps the best
few dozen names for full scoring, so no query is compared against every name."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rigour.text import metaphone

from ictguard.limits import MAX_PHONETIC_CHARS
from ictguard.screening.normalize import Kind, NormName

MAX_CANDIDATES = 12  # the best 12 (was 25): same recall on a development query mix, fewer false hits, faster
RELATIVE_CUTOFF = 0.4  # candidates whose key score is below this share of the best are not scored
# A query's glued key ("hik vision" -> "hikvision") stands for two words, each of which would bring its phonetic
# and prefix/suffix keys too: weighed once, the names sharing one half ("Shenzhen Vision") outrank the name
# that is the glued word ("Hikvision").
GLUED_KEY_WEIGHT = 3.0
# A query word carried by at most this many list names is its distinctive word: those names are always scored,
# whatever the other words bring ("Mahan Airlines": the many names with "airline" outrank "MAHAN AIR", which shares
# only "mahan", in the key sum).
RARE_POSTINGS = 4
# A query whose keys reach fewer than 1/SPARSE_SHARE of the names has its key scores summed over those names only.
SPARSE_SHARE = 8


_WORDLIKE = (Kind.CORE, Kind.GENERIC)


@lru_cache(maxsize=1 << 16)  # words recur across names and queries: their keys are built once
def _token_keys(text: str, wordlike: bool) -> tuple[str, ...]:
    """The phonetic and prefix/suffix keys of one token (``wordlike``: a core or generic word)."""
    keys: list[str] = []
    if wordlike and len(text) >= 4 and not text.isdigit():
        # rigour's metaphone is quadratic on long runs ("aaaa…": 64k letters, 0.4 s): key the first letters only.
        keys.append("~" + metaphone(text[:MAX_PHONETIC_CHARS]))
    if len(text) >= 6:
        keys.append("<" + text[:4])
        keys.append(">" + text[-4:])
    return tuple(keys)


def glued_keys(name: NormName) -> set[str]:
    """The keys of ``name`` that join neighbouring words (a subset of :func:`name_keys`)."""
    texts = [t.text for t in name.tokens if t.kind is not Kind.LEGAL]
    keys = {a + b for a, b in zip(texts, texts[1:], strict=False)}
    if len(texts) > 1:
        keys.add(name.joined)
    return keys


def name_keys(name: NormName) -> set[str]:
    """Lookup keys of one normalised name."""
    texts = [t.text for t in name.tokens if t.kind is not Kind.LEGAL]
    keys = set(texts)
    for a, b in zip(texts, texts[1:], strict=False):
        keys.add(a + b)  # missing space on the other side
    if len(texts) > 1:
        keys.add(name.joined)
    for t in name.tokens:
        keys.update(_token_keys(t.text, t.kind in _WORDLIKE))
    if name.acronym:
        keys.add(name.acronym)
    return keys


@dataclass
class NameIndex:
    size: int = 0
    # key -> (start, end, idf) into ``flat``: one array instead of 100k small ones pickles and loads fast
    postings: dict[str, tuple[int, int, float]] = field(default_factory=dict)
    flat: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    # 1/sqrt(sum of a name's key IDFs): among names sharing the query's keys, the shorter (closer) ones rank first
    inverse_mass: npt.NDArray[np.float32] = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
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
        flat: list[int] = []
        # In key order: a name's key weights are summed in that order, so its mass (a float) does not depend on the
        # process's string hash seed (set iteration order).
        for key, ids in sorted(lists.items()):
            index.postings[key] = (len(flat), len(flat) + len(ids), math.log((size + 1) / (len(ids) + 0.5)))
            flat.extend(ids)
        index.flat = np.asarray(flat, dtype=np.int32)
        mass = np.zeros(size, dtype=np.float64)
        for start, end, idf in index.postings.values():
            mass[index.flat[start:end]] += idf
        index.inverse_mass = (1.0 / np.sqrt(np.maximum(mass, 1e-6))).astype(np.float32)
        index.token_idf = {t: math.log((size + 1) / (df + 0.5)) for t, df in token_df.items()}
        index.rare_idf = math.log((size + 1) / 5.5)  # a word on <= 5 names counts fully
        return index

    def rarity(self, text: str) -> float:
        """Weight factor of a word by how rare it is on the list: 1.0 for rare words, down to 0.5 for common."""
        idf = self.token_idf.get(text)
        if idf is None:
            return 1.0
        return max(0.5, min(1.0, idf / self.rare_idf))

    def candidates(
        self,
        keys: Iterable[str],
        allowed: npt.NDArray[np.bool_] | None = None,
        limit: int = MAX_CANDIDATES,
        glued: set[str] | frozenset[str] = frozenset(),
    ) -> list[int]:
        """The best names sharing ``keys`` (``glued``: those of them that join two query words, weighed up)."""
        if glued:
            postings = [
                (p[0], p[1], p[2] * GLUED_KEY_WEIGHT if k in glued else p[2])
                for k, p in ((k, self.postings.get(k)) for k in sorted(keys))
                if p is not None
            ]
        else:
            postings = [p for p in map(self.postings.get, sorted(keys)) if p is not None]
        if not postings:
            return []
        # One bincount over all matching postings instead of one scattered add per key.
        ids = np.concatenate([self.flat[start:end] for start, end, _ in postings])
        weights = np.repeat(
            np.asarray([idf for _, _, idf in postings], dtype=np.float64), [end - start for start, end, _ in postings]
        )
        if ids.size * SPARSE_SHARE < self.size:
            # Most queries share keys with a few hundred names: summing over those names only (sorted, as below)
            # costs less than a list-long array. bincount adds each name's weights in the same order either way.
            order = ids.argsort(kind="stable")
            ids = ids[order]
            first = np.empty(ids.size, dtype=np.bool_)
            first[0] = True
            np.not_equal(ids[1:], ids[:-1], out=first[1:])
            hit = ids[first]
            sums = np.bincount(np.cumsum(first) - 1, weights=weights[order])
            positive = sums > 0
            hit, sums = hit[positive], sums[positive]
            if allowed is not None:
                keep_allowed = allowed[hit]
                hit, sums = hit[keep_allowed], sums[keep_allowed]
        else:
            scores = np.bincount(ids, weights=weights, minlength=self.size)
            # Only the names sharing a key are ranked, not the whole list (a boolean mask: flatnonzero on floats
            # is ten times slower); the length normalisation and the mask are applied to those names only.
            hit = (scores > 0).nonzero()[0]
            if allowed is not None:
                hit = hit[allowed[hit]]
            sums = scores[hit]
        if hit.size == 0:
            return []
        hit_scores = sums * self.inverse_mass[hit]
        if hit.size > limit:
            keep = np.argpartition(-hit_scores, limit)[:limit]
            hit, hit_scores = hit[keep], hit_scores[keep]
        order = np.argsort(-hit_scores, kind="stable")
        cut = RELATIVE_CUTOFF * float(hit_scores[order[0]])
        order = order[hit_scores[order] >= cut]
        return hit[order].tolist()  # type: ignore[no-any-return]

    def rare_word_names(self, words: Iterable[str], allowed: npt.NDArray[np.bool_] | None = None) -> list[int]:
        """The names carrying the query's rarest word as a word (not only as a glued or sound key), when at most
        ``RARE_POSTINGS`` names carry it."""
        best: tuple[int, int] | None = None
        for word in sorted(words):  # of two equally rare words, always the same one
            posting = self.postings.get(word)
            if posting is None or word not in self.token_idf:
                continue
            if posting[1] - posting[0] <= RARE_POSTINGS:
                if best is None or posting[1] - posting[0] < best[1] - best[0]:
                    best = (posting[0], posting[1])
        if best is None:
            return []
        ids = self.flat[best[0] : best[1]]
        if allowed is not None:
            ids = ids[allowed[ids]]
        return ids.tolist()  # type: ignore[no-any-return]
