"""Word alignment between two names' scoring sides: equal words, similar words (edit distance with swaps, sound),
words glued together on one side, and a bracketed acronym standing for the words it abbreviates."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour.text import metaphone

from ictguard.screening.normalize import Kind, NormName, Token
from ictguard.screening.pinyin import different_pinyin
from ictguard.screening.sides import Side

SKELETON_SIMILARITY = 0.8
PHONETIC_SIMILARITY = 0.85  # joined-string similarity below this is not used (spacing variants only)
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")


def token_similarity(a: Token, b: Token) -> float:
    if a.text == b.text:
        return 1.0
    if a.kind is Kind.NUMBER or b.kind is Kind.NUMBER:
        return 0.0
    return text_similarity(a.text, b.text)


@lru_cache(maxsize=1 << 18)
def text_similarity(a: str, b: str) -> float:
    la, lb = len(a), len(b)
    if min(la, lb) < 3:
        return 0.0
    spelled = _spelling_similarity(a, b)
    if spelled:
        return spelled
    # Pinyin syllables share metaphone codes too readily ("tiancheng" / "tianshenghua"): sound-alike words
    # must also be about the same length.
    if min(la, lb) >= 4 and a[0] == b[0] and abs(la - lb) <= 2 and OSA.normalized_similarity(a, b) >= 0.6:
        code = metaphone(a)
        if len(code) >= 3 and code == metaphone(b):
            return PHONETIC_SIMILARITY  # "dmitrii" / "dmitry", "telekom" / "telecom"
    if not _VOWELS.search(a) or not _VOWELS.search(b):
        # Arabic and Hebrew are written without short vowels: "mhmd" / "mohamed" agree on their consonants.
        skeleton = _skeleton(a)
        if len(skeleton) >= 3 and skeleton == _skeleton(b):
            return SKELETON_SIMILARITY
    return 0.0


def _spelling_similarity(a: str, b: str) -> float:
    """The spelling rules of :func:`text_similarity` (tried before sound): an abbreviation, or an edit distance
    with adjacent transpositions as one edit ("hauwei" / "huawei" is one typo, not two); 0.0 if neither."""
    la, lb = len(a), len(b)
    if min(la, lb) >= 4 and (a.startswith(b) or b.startswith(a)):
        return 0.8  # abbreviation: "tech" / "technology"
    if abs(la - lb) <= 0.4 * max(la, lb):
        sim = OSA.normalized_similarity(a, b)
        if sim >= (0.8 if min(la, lb) < 6 else 0.72):
            return sim
    return 0.0


def _skeleton(text: str) -> str:
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", text.replace("ou", "w").replace("ee", "i")))


def align_exact(q: Side, r: Side) -> list[tuple[int, int, float]]:
    """Pair identical tokens one-to-one."""
    result: list[tuple[int, int, float]] = []
    free_r = list(range(len(r.texts)))
    for i, text in enumerate(q.texts):
        for pos, j in enumerate(free_r):
            if r.texts[j] == text:
                result.append((i, j, 1.0))
                del free_r[pos]
                break
    return result


def align_fuzzy(q: Side, used_q: set[int], r: Side, used_r: set[int]) -> list[tuple[int, int, float]]:
    """Pair the remaining tokens by similarity, most similar first. In a Chinese name two different pinyin words
    are different names, however alike ("tiancheng" / "tianshenghua")."""
    chinese = q.chinese or r.chinese
    pairs = []
    for i in range(len(q.texts)):
        if i in used_q or q.numeric[i]:
            continue
        for j in range(len(r.texts)):
            if j not in used_r and not r.numeric[j]:
                sim = text_similarity(q.texts[i], r.texts[j])
                if sim > 0.0 and not (chinese and different_pinyin(q.texts[i], r.texts[j])):
                    pairs.append((sim, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    result = []
    for sim, i, j in pairs:
        if i not in used_q and j not in used_r:
            used_q.add(i)
            used_r.add(j)
            result.append((i, j, sim))
    return result


def glued(a: Side, used_a: set[int], b: Side, used_b: set[int]) -> list[tuple[int, list[int]]]:
    """Tokens of ``a`` equal to 2-3 adjacent unmatched tokens of ``b`` (missing spaces: "hikvision" / "hik vision")."""
    found: list[tuple[int, list[int]]] = []
    free_b = [j for j in range(len(b.tokens)) if j not in used_b]
    if len(free_b) < 2:
        return found
    for i, token in enumerate(a.tokens):
        if i in used_a:
            continue
        text = token.text
        for start in free_b:
            if not text.startswith(b.tokens[start].text):
                continue
            glued, span = b.tokens[start].text, [start]
            for j in range(start + 1, min(start + 3, len(b.tokens))):
                if j in used_b:
                    break
                glued += b.tokens[j].text
                span.append(j)
                if glued == text:
                    found.append((i, span))
                    used_a.add(i)
                    used_b.update(span)
                    break
                if not text.startswith(glued):
                    break
            if i in used_a:
                break
    return found


def acronym_for(
    acronym: str, side: Side, used: set[int], other: NormName, other_used: set[int]
) -> list[tuple[int, list[int]]]:
    """An unmatched word of ``side`` equal to ``other``'s acronym (its letters: "cetc" of "cetc14"), paired with the
    run of ``other``'s unmatched words whose initials spell it; business words and legal forms inside the run
    may be skipped ("China Electronics Technology Group Corporation" is CETC). Marks both as used."""
    letters = acronym.rstrip("0123456789")
    if len(letters) < 2:
        return []
    word = next((i for i, t in enumerate(side.texts) if i not in used and t == letters), None)
    if word is None:
        return []
    # Side positions of the other name's tokens (legal forms have none: they are not in its scoring side).
    positions: list[int | None] = []
    for t in other.tokens:
        positions.append(None if t.kind is Kind.LEGAL else sum(p is not None for p in positions))
    for start, first in enumerate(other.tokens):
        if first.text[0] != letters[0] or positions[start] in other_used:
            continue
        found, span = 0, []
        for token, position in zip(other.tokens[start:], positions[start:], strict=True):
            if found < len(letters) and token.text[0] == letters[found] and position not in other_used:
                found += 1
            elif token.kind not in (Kind.GENERIC, Kind.LEGAL) or found == len(letters):
                break
            if position is not None:
                span.append(position)
            if found == len(letters):
                break
        if found == len(letters) and span:
            used.add(word)
            other_used.update(span)
            return [(word, span)]
    return []


@lru_cache(maxsize=1 << 14)
def by_sound(a: str, b: str) -> bool:
    """Whether :func:`text_similarity` matched ``a`` and ``b`` by their phonetic code or consonant skeleton only,
    not by the spelling rules it tries first."""
    return not _spelling_similarity(a, b) and text_similarity(a, b) > 0.0
