"""Pairwise name scoring with named features.

The name score is a weighted token alignment: each token weighs by its kind (a distinctive word counts more than
a business word, a legal form hardly at all) and, when a list is loaded, by its rarity on that list. Matched
weight over total weight gives the coverage of each side; the score leans on the better-covered side so a
short name finds the long legal name. Penalties then separate near-identical siblings: words on both sides
that have no counterpart (Steel Tubes / Steel Wires), different numbers (Shipping Three / Five), a country or
place inside one name only (… (Thailand) Co., Ltd.).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel, Levenshtein
from rigour.text import metaphone

from ictguard.screening.features import Feature
from ictguard.screening.normalize import Kind, NormName, Token, normalize

KIND_WEIGHT = {Kind.CORE: 1.0, Kind.GENERIC: 0.45, Kind.PLACE: 0.35, Kind.QUALIFIER: 0.8, Kind.NUMBER: 0.8}
COVERAGE_BEST_SHARE = 0.6  # weight of the better-covered side; the other side gets the rest
CONFLICT_PENALTY = 0.6  # per unit of weight unmatched on both sides (capped at 1 unit)
NUMBER_MISMATCH_FACTOR = 0.3
QUALIFIER_FACTOR = 0.65
LEGAL_MISMATCH_FACTOR = 0.96
JOINED_MIN = 0.86
SKELETON_SIMILARITY = 0.8
SINGLE_WORD_FACTOR = 0.8  # a one-word list name inside a longer query with its own distinctive words
PHONETIC_SIMILARITY = 0.85  # joined-string similarity below this is not used (spacing variants only)

Rarity = Callable[[str], float]


def _no_rarity(_: str) -> float:
    return 1.0


@dataclass(frozen=True, slots=True)
class _Side:
    tokens: tuple[Token, ...]
    texts: tuple[str, ...]
    numeric: tuple[bool, ...]
    weights: tuple[float, ...]
    total: float


def side_of(name: NormName, rarity: Rarity) -> _Side:
    tokens = tuple(t for t in name.tokens if t.kind is not Kind.LEGAL)
    weights = tuple(
        KIND_WEIGHT[t.kind] * (rarity(t.text) if t.kind in (Kind.CORE, Kind.GENERIC) else 1.0) for t in tokens
    )
    return _Side(tokens, tuple(t.text for t in tokens), tuple(t.kind is Kind.NUMBER for t in tokens), weights,
                 sum(weights))


def token_similarity(a: Token, b: Token) -> float:
    if a.text == b.text:
        return 1.0
    if a.kind is Kind.NUMBER or b.kind is Kind.NUMBER:
        return 0.0
    return _text_similarity(a.text, b.text)


@lru_cache(maxsize=1 << 18)
def _text_similarity(a: str, b: str) -> float:
    la, lb = len(a), len(b)
    if min(la, lb) < 3:
        return 0.0
    if min(la, lb) >= 4 and (a.startswith(b) or b.startswith(a)):
        return 0.8  # abbreviation: "tech" / "technology"
    if abs(la - lb) <= 0.4 * max(la, lb):
        sim = Levenshtein.normalized_similarity(a, b)
        if sim >= (0.8 if min(la, lb) < 6 else 0.72):
            return sim
        if min(la, lb) >= 4 and a[0] == b[0] and sim >= 0.6:
            code = metaphone(a)
            if len(code) >= 3 and code == metaphone(b):
                return PHONETIC_SIMILARITY  # "dmitrii" / "dmitry", "telekom" / "telecom"
    if not _VOWELS.search(a) or not _VOWELS.search(b):
        # Arabic and Hebrew are written without short vowels: "mhmd" / "mohamed" agree on their consonants.
        skeleton = _skeleton(a)
        if len(skeleton) >= 3 and skeleton == _skeleton(b):
            return SKELETON_SIMILARITY
    return 0.0


_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")


def _skeleton(text: str) -> str:
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", text.replace("ou", "w").replace("ee", "i")))


def _align_exact(q: _Side, r: _Side) -> list[tuple[int, int, float]]:
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


def _align_fuzzy(q: _Side, used_q: set[int], r: _Side, used_r: set[int]) -> list[tuple[int, int, float]]:
    """Pair the remaining tokens by similarity, most similar first."""
    pairs = []
    for i in range(len(q.texts)):
        if i in used_q or q.numeric[i]:
            continue
        for j in range(len(r.texts)):
            if j not in used_r and not r.numeric[j]:
                sim = _text_similarity(q.texts[i], r.texts[j])
                if sim > 0.0:
                    pairs.append((sim, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    result = []
    for sim, i, j in pairs:
        if i not in used_q and j not in used_r:
            used_q.add(i)
            used_r.add(j)
            result.append((i, j, sim))
    return result


def _glued(a: _Side, used_a: set[int], b: _Side, used_b: set[int]) -> list[tuple[int, list[int]]]:
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


def compare_norm(q: NormName, r: NormName, rarity: Rarity = _no_rarity, r_side: _Side | None = None,
                 explain: bool = True, q_side: _Side | None = None, floor: float = 0.0) -> tuple[float, list[Feature]]:
    """Score two normalised names: the score (0..1) and, if ``explain``, the features that produced it.

    With ``floor`` (and no explanation), a pair whose name score is already below ``floor`` before the penalties
    returns that upper bound at once: the penalties only lower a score, so the caller, which drops anything
    below ``floor``, gets the same result without paying for them.
    """
    if q.acronym and q.acronym == r.joined or r.acronym and r.acronym == q.joined:
        return 0.9, [Feature("acronym", 0.9, "one name is the other's bracketed acronym")]
    qs = side_of(q, rarity) if q_side is None else q_side
    rs = side_of(r, rarity) if r_side is None else r_side
    if not qs.tokens or not rs.tokens:
        return 0.0, [Feature("name_tokens", 0.0, "a name has no comparable words")]
    aligned = _align_exact(qs, rs)
    used_q = {i for i, _, _ in aligned}
    used_r = {j for _, j, _ in aligned}
    # Gluing needs an unmatched token on one side and at least two unmatched tokens on the other.
    free_q, free_r = len(qs.texts) - len(used_q), len(rs.texts) - len(used_r)
    glued_q = _glued(qs, used_q, rs, used_r) if free_q >= 1 and free_r >= 2 else []
    free_q, free_r = len(qs.texts) - len(used_q), len(rs.texts) - len(used_r)
    glued_r = _glued(rs, used_r, qs, used_q) if free_r >= 1 and free_q >= 2 else []
    if len(used_q) < len(qs.texts) and len(used_r) < len(rs.texts):
        aligned += _align_fuzzy(qs, used_q, rs, used_r)
    matched_q = sum(qs.weights[i] * s for i, _, s in aligned)
    matched_r = sum(rs.weights[j] * s for _, j, s in aligned)
    for i, span in glued_q:
        matched_q += qs.weights[i]
        matched_r += sum(rs.weights[j] for j in span)
    for j, span in glued_r:
        matched_r += rs.weights[j]
        matched_q += sum(qs.weights[i] for i in span)
    cov_q = matched_q / qs.total
    cov_r = matched_r / rs.total
    best, worst = max(cov_q, cov_r), min(cov_q, cov_r)
    name_score = COVERAGE_BEST_SHARE * best + (1 - COVERAGE_BEST_SHARE) * worst
    only_q = [i for i in range(len(qs.tokens)) if i not in used_q]
    only_r = [j for j in range(len(rs.tokens)) if j not in used_r]
    features: list[Feature] = []
    if explain:
        details = [qs.tokens[i].text if s == 1.0 else f"{qs.tokens[i].text}~{rs.tokens[j].text}({s:.2f})"
                   for i, j, s in aligned]
        details += [f"{qs.tokens[i].text}=" + "+".join(rs.tokens[j].text for j in span) for i, span in glued_q]
        details += ["+".join(qs.tokens[i].text for i in span) + f"={rs.tokens[j].text}" for j, span in glued_r]
        detail = (f"matched [{', '.join(details)}]; query only [{' '.join(qs.tokens[i].text for i in only_q)}]; "
                  f"list only [{' '.join(rs.tokens[j].text for j in only_r)}]; coverage {cov_q:.2f}/{cov_r:.2f}")
        features.append(Feature("name_tokens", name_score, detail))
    joined = Indel.normalized_similarity(q.joined, r.joined)
    if joined >= JOINED_MIN and joined > name_score:
        if explain:
            features.append(Feature("name_joined", joined, f"'{q.joined}' vs '{r.joined}' without spaces"))
        name_score = joined
    if not explain and name_score < floor:
        return name_score, features
    if not only_q and not only_r and not explain:
        factor = _legal_factor(q, r, None)
    else:
        factor = _penalties(qs, only_q, rs, only_r, q, r, features if explain else None)
    return max(0.0, min(1.0, name_score * factor)), features


def _left_by_kind(side: _Side, idx: list[int]) -> dict[Kind, float]:
    """Weight of the unmatched tokens ``idx`` per kind, in one pass."""
    left = dict.fromkeys(Kind, 0.0)
    for i in idx:
        left[side.tokens[i].kind] += side.weights[i]
    return left


def _texts(side: _Side, idx: list[int], kinds: tuple[Kind, ...]) -> str:
    return " ".join(side.tokens[i].text for i in idx if side.tokens[i].kind in kinds) or "-"


def _penalties(qs: _Side, only_q: list[int], rs: _Side, only_r: list[int], q: NormName, r: NormName,
               features: list[Feature] | None) -> float:
    factor = 1.0
    words = (Kind.CORE, Kind.GENERIC)
    q_left, r_left = _left_by_kind(qs, only_q), _left_by_kind(rs, only_r)
    conflict = min(q_left[Kind.CORE] + q_left[Kind.GENERIC], r_left[Kind.CORE] + r_left[Kind.GENERIC], 1.0)
    if conflict > 0:
        f = 1.0 - CONFLICT_PENALTY * conflict
        if features is not None:
            detail = f"{_texts(qs, only_q, words)} vs {_texts(rs, only_r, words)}"
            features.append(Feature("conflicting_words", f, detail))
        factor *= f
    num = (Kind.NUMBER,)
    q_num, r_num = q_left[Kind.NUMBER] > 0, r_left[Kind.NUMBER] > 0
    if q_num or r_num:
        f = NUMBER_MISMATCH_FACTOR if q_num and r_num else (1 + NUMBER_MISMATCH_FACTOR) / 2
        if features is not None:
            features.append(Feature("number_mismatch", f, f"{_texts(qs, only_q, num)} vs {_texts(rs, only_r, num)}"))
        factor *= f
    if len(rs.tokens) == 1 and not only_r and q_left[Kind.CORE] > 0:
        # "Sunrise Plumbing Inc." is not the listed SUNRISE: a single listed word met inside another company's
        # name is weak evidence, unlike a short query that meets a long legal name ("Hikvision").
        if features is not None:
            features.append(Feature("single_word_list_name", SINGLE_WORD_FACTOR,
                                    f"list name '{rs.tokens[0].text}' is one word; query also has "
                                    f"{_texts(qs, only_q, (Kind.CORE,))}"))
        factor *= SINGLE_WORD_FACTOR
    qual = (Kind.QUALIFIER,)
    q_qual, r_qual = q_left[Kind.QUALIFIER] > 0, r_left[Kind.QUALIFIER] > 0
    if q_qual or r_qual:
        f = QUALIFIER_FACTOR * (QUALIFIER_FACTOR if q_qual and r_qual else 1.0)
        if features is not None:
            features.append(Feature("qualifier_mismatch", f, "place/country in one name only: "
                                    f"{_texts(qs, only_q, qual)} vs {_texts(rs, only_r, qual)}"))
        factor *= f
    return factor * _legal_factor(q, r, features)


def _legal_factor(q: NormName, r: NormName, features: list[Feature] | None) -> float:
    q_legal = {t.text for t in q.tokens if t.kind is Kind.LEGAL}
    r_legal = {t.text for t in r.tokens if t.kind is Kind.LEGAL}
    if q_legal and r_legal and not q_legal & r_legal:
        if features is not None:
            features.append(Feature("legal_form", LEGAL_MISMATCH_FACTOR, f"{' '.join(q_legal)} vs {' '.join(r_legal)}"))
        return LEGAL_MISMATCH_FACTOR
    return 1.0


def compare_names(name1: str, name2: str, schema: str = "Company") -> tuple[float, list[Feature]]:
    """Pure name comparison (no list): score 0..1 and its explanation."""
    schema = "Company" if schema in ("Organization", "LegalEntity", "") else schema
    return compare_norm(normalize(name1, schema), normalize(name2, schema))
