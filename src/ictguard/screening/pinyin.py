"""Romanised Chinese: is a word a run of Hanyu Pinyin syllables, and which?

Pinyin is a standard spelling: two Chinese names whose pinyin differs in a syllable (beyond a one-letter variant)
are written with different characters, so "hengxin" / "jingxin" or "tiancheng" / "tianshenghua" are different
names, however alike the strings are — unlike transliterations from Persian or Russian ("qods" / "qhods"), where
spellings vary for one name. The comparison uses this to refuse string similarity between such pinyin words.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

from ictguard.errors import DataFileError
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_yaml

LONGEST = 6  # "zhuang", "shuang", "chuang"
MIN_SYLLABLES = 2  # one syllable ("ana", "bo") is too often another language's word


@lru_cache(maxsize=1)
def syllables(data_dir: Path = DATA_DIR) -> frozenset[str]:
    path = data_dir / "pinyin.yaml"
    doc = check_keys(load_yaml(path), path, {"source", "syllables"})
    values = str(doc["syllables"]).split()
    bad = next((s for s in values if not (s.isascii() and s.isalpha() and s.islower() and len(s) <= LONGEST)), None)
    if bad is not None or not values:
        raise DataFileError(f"not a pinyin syllable: {bad!r}", file=path, line=doc.get("__line__"), field="syllables")
    return frozenset(values)


@lru_cache(maxsize=1 << 14)
def split_pinyin(word: str) -> tuple[str, ...] | None:
    """``word`` as pinyin syllables, fewest syllables first ("xian" is one, not "xi an"), or None if it is not
    pinyin through and through or has fewer than MIN_SYLLABLES."""
    table = syllables()
    # Linear: per end position only the fewest syllables and where the last one starts (not whole tuples, whose
    # copying made a 10,000-letter word take seconds).
    count: list[int | None] = [0] + [None] * len(word)
    start = [0] * (len(word) + 1)
    for end in range(1, len(word) + 1):
        for size in range(1, min(LONGEST, end) + 1):
            before = count[end - size]
            if before is not None and word[end - size : end] in table:
                current = count[end]
                if current is None or before + 1 < current:
                    count[end], start[end] = before + 1, end - size
    if count[len(word)] is None or (count[len(word)] or 0) < MIN_SYLLABLES:
        return None
    found: list[str] = []
    end = len(word)
    while end:
        found.append(word[start[end] : end])
        end = start[end]
    return tuple(reversed(found))


def different_pinyin(a: str, b: str) -> bool:
    """Both words are pinyin and name different characters: another number of syllables, or a syllable more than
    one letter from its counterpart. One letter is a spelling variant the lists themselves carry for one company
    ("beizhan" / "beizhang", "haiheng" / "heiheng", "pengxinxu" / "pingxinxu"); "hengxin" / "jingxin" and
    "tiancheng" / "tianshenghua" are other names."""
    if OSA.distance(a, b) <= 1:
        return False  # one typo ("huwaei" / "huawei") is never another name, whatever its syllables
    sa = split_pinyin(a)
    sb = split_pinyin(b) if sa is not None else None
    if sa is None or sb is None:
        return False
    return len(sa) != len(sb) or any(OSA.distance(x, y) > 1 for x, y in zip(sa, sb, strict=True))
