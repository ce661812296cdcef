"""Pairwise name scoring with named features.

The name score is a weighted token alignment: each token weighs by its kind (a distinctive word counts more than
a business word, a legal form hardly at all) and, when a list is loaded, by its rarity on that list. Matched
weight over total weight gives the coverage of each side; the score leans on the better-covered side so a
short name finds the long legal name. Penalties then separate near-identical siblings: words on both sides
that have no counterpart (Steel Tubes / Steel Wires), different numbers (Shipping Three / Five), a country or
place inside one name only (… (Thailand) Co., Ltd.). Evidence and penalties are combined by the fitted logistic
model of :mod:`weights`: each feature adds ``weight * value`` to the logit, and the explanation lists them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel

from ictguard.limits import MAX_NAME_CHARS, check_text
from ictguard.screening.alignment import acronym_for, align_exact, align_fuzzy, by_sound, glued
from ictguard.screening.features import Feature
from ictguard.screening.normalize import Kind, NormName, normalize
from ictguard.screening.penalties import contribution, legal_form, legal_mismatch, penalties
from ictguard.screening.pinyin import different_pinyin
from ictguard.screening.sides import Rarity, Side, no_rarity, side_of
from ictguard.screening.weights import load_model

COVERAGE_BEST_SHARE = 0.6  # weight of the better-covered side; the other side gets the rest
JOINED_MIN = 0.86
RESIDUE_MIN = 0.6  # what exact matches leave over must be this alike for the joined strings to count
TYPO_MIN_LENGTH = 3  # one edit in a shorter leftover changes half of it
RESIDUE_MIN_LENGTH = 4  # shorter leftovers must be one typo apart
SPLIT_PIECE = 2  # leftover tokens this short on one side only are pieces of a split word ("l td"), not words
NEAR_EXACT = 0.8  # name scores above this feed the name_near_exact feature (a steeper slope near identity)

_NON_DIGIT = re.compile(r"[^0-9]+")
_MODEL = load_model()
_W = _MODEL.weights  # read on every pair: a plain dict lookup


def compare_norm(
    q: NormName,
    r: NormName,
    rarity: Rarity = no_rarity,
    r_side: Side | None = None,
    explain: bool = True,
    q_side: Side | None = None,
    floor: float = 0.0,
    values: dict[str, float] | None = None,
) -> tuple[float, list[Feature]]:
    """Score two normalised names: the score (0..1) and, if ``explain``, the features that produced it.

    The score is the fitted model's ``sigmoid(bias + sum(weight * feature value))`` (see :mod:`weights`); each
    feature of the explanation states its weight and contribution. With ``values`` the raw feature values are
    written into it (the fitting script reads them).

    With ``floor`` (and no explanation), a pair whose score is already below ``floor`` before the penalties
    returns that upper bound at once: penalty weights are non-positive, so the caller, which drops anything
    below ``floor``, gets the same result without paying for them.
    """
    model = _MODEL
    features: list[Feature] = []
    if q.acronym and q.acronym == r.joined or r.acronym and r.acronym == q.joined:
        # Scored as a full name match (every name feature at 1), less the acronym weight.
        z = model.bias + _W["name_score"] + _W["coverage_worst"] + _W["name_near_exact"] + _W["acronym"]
        if values is not None:
            values.update(
                dict.fromkeys(model.weights, 0.0), name_score=1.0, coverage_worst=1.0, name_near_exact=1.0, acronym=1.0
            )
        score = model.probability(z)
        if explain:
            full = _W["name_score"] + _W["coverage_worst"] + _W["name_near_exact"]
            features.append(
                Feature(
                    "acronym",
                    1.0,
                    "one name is the other's bracketed acronym: scored as a full "
                    f"name match ({full:+.2f}) with the acronym weight {_W['acronym']:+.2f}; "
                    f"contributes {full + _W['acronym']:+.2f}",
                )
            )
            features.append(_total(z, score))
        return score, features
    if values is None and q.key == r.key and q.key and _identical(q, r):
        # The same words of the same kinds (legal forms aside, unless both carry different ones): the model's
        # ceiling (0.96) would make a user's "exact matches only" threshold (say 0.97) find nothing.
        if explain:
            features.append(
                Feature(
                    "identical",
                    1.0,
                    f"'{q.key}' on both sides after normalisation (case, punctuation, script, legal form): score 1.0",
                )
            )
        return 1.0, features
    qs = side_of(q, rarity) if q_side is None else q_side
    rs = side_of(r, rarity) if r_side is None else r_side
    if not qs.tokens or not rs.tokens:
        if values is not None:
            values.update(dict.fromkeys(model.weights, 0.0))
        return 0.0, [Feature("name_tokens", 0.0, "a name has no comparable words")]
    aligned = align_exact(qs, rs)
    used_q = {i for i, _, _ in aligned}
    used_r = {j for _, j, _ in aligned}
    # Gluing needs an unmatched token on one side and at least two unmatched tokens on the other.
    free_q, free_r = len(qs.texts) - len(used_q), len(rs.texts) - len(used_r)
    glued_q = glued(qs, used_q, rs, used_r) if free_q >= 1 and free_r >= 2 else []
    free_q, free_r = len(qs.texts) - len(used_q), len(rs.texts) - len(used_r)
    glued_r = glued(rs, used_r, qs, used_q) if free_r >= 1 and free_q >= 2 else []
    # A word that is the other name's bracketed acronym stands for the words it abbreviates: "CSSC 709th Research
    # Institute" / "China State Shipbuilding Corporation, Limited (CSSC) 709th Research Institute".
    if r.acronym:
        glued_q += acronym_for(r.acronym, qs, used_q, r, used_r)
    if q.acronym:
        glued_r += acronym_for(q.acronym, rs, used_r, q, used_q)
    if len(used_q) < len(qs.texts) and len(used_r) < len(rs.texts):
        aligned += align_fuzzy(qs, used_q, rs, used_r)
    matched_q = sum(qs.weights[i] * s for i, _, s in aligned)
    matched_r = sum(rs.weights[j] * s for _, j, s in aligned)
    for i, span in glued_q:
        matched_q += qs.weights[i]
        matched_r += sum(rs.weights[j] for j in span)
    for j, span in glued_r:
        matched_r += rs.weights[j]
        matched_q += sum(qs.weights[i] for i in span)
    cov_q = min(1.0, matched_q / qs.total)
    cov_r = min(1.0, matched_r / rs.total)
    best, worst = max(cov_q, cov_r), min(cov_q, cov_r)
    name_score = COVERAGE_BEST_SHARE * best + (1 - COVERAGE_BEST_SHARE) * worst
    joined = Indel.normalized_similarity(q.joined, r.joined)
    # The joined strings detect spacing variants ("hik visoin" / "hikvision"); they must not bridge different
    # numbers ("shipping3" / "shipping5" are 89 % alike), nor different distinctive words between long shared
    # ones ("chengdu lanhai technology" / "chengdu huawei technology" are 87 % alike): what the exact matches
    # leave over must itself be alike.
    joined_used = (
        joined >= JOINED_MIN
        and joined > name_score
        and _NON_DIGIT.sub("", q.joined) == _NON_DIGIT.sub("", r.joined)
        and _residues_alike(qs, used_q, rs, used_r, aligned)
    )
    if joined_used:
        # The words left over are a spacing variant of each other: they count as matched, not as conflicts.
        name_score = joined
        worst = max(worst, joined)
    near = max(0.0, name_score - NEAR_EXACT) / (1 - NEAR_EXACT)
    z = model.bias + _W["name_score"] * name_score + _W["coverage_worst"] * worst + _W["name_near_exact"] * near
    if not explain and values is None and z < _floor_logit(floor):
        return model.probability(z), features  # an upper bound: the features below only lower it
    fuzzy = 0.0
    if matched_q > 0 and not joined_used and (_W["fuzzy_only"] or explain or values is not None):
        fuzzy = sum(qs.weights[i] * s for i, _, s in aligned if s < 1.0) / matched_q
    z += _W["fuzzy_only"] * fuzzy
    sound = _sound_alike_only(qs, rs, aligned, glued_q, glued_r) if qs.company_shaped and not joined_used else 0.0
    z += _W["sound_alike_only"] * sound
    only_q = [] if joined_used else [i for i in range(len(qs.tokens)) if i not in used_q]
    only_r = [] if joined_used else [j for j in range(len(rs.tokens)) if j not in used_r]
    if explain:
        details = [
            qs.tokens[i].text if s == 1.0 else f"{qs.tokens[i].text}~{rs.tokens[j].text}({s:.2f})"
            for i, j, s in aligned
        ]
        details += [f"{qs.tokens[i].text}=" + "+".join(rs.tokens[j].text for j in span) for i, span in glued_q]
        details += ["+".join(qs.tokens[i].text for i in span) + f"={rs.tokens[j].text}" for j, span in glued_r]
        detail = (
            f"matched [{', '.join(details)}]; query only [{' '.join(qs.tokens[i].text for i in only_q)}]; "
            f"list only [{' '.join(rs.tokens[j].text for j in only_r)}]; coverage {cov_q:.2f}/{cov_r:.2f}"
        )
        if joined_used:
            detail += f"; '{q.joined}' vs '{r.joined}' without spaces {joined:.2f} is used instead"
        features.append(Feature("name_tokens", name_score, detail + "; " + contribution("name_score", name_score)))
        if near > 0:
            features.append(
                Feature(
                    "name_near_exact",
                    near,
                    f"name score {name_score:.2f} is in its top band; " + contribution("name_near_exact", near),
                )
            )
        features.append(
            Feature(
                "coverage_worst", worst, "coverage of the less-covered name; " + contribution("coverage_worst", worst)
            )
        )
        if fuzzy > 0:
            features.append(
                Feature(
                    "fuzzy_only",
                    fuzzy,
                    "share of the matched weight only similar, not equal; " + contribution("fuzzy_only", fuzzy),
                )
            )
        if sound:
            features.append(
                Feature(
                    "sound_alike_only",
                    sound,
                    "the distinctive words agree only in sound "
                    "(phonetic or consonant key), none in spelling; " + contribution("sound_alike_only", sound),
                )
            )
    if values is not None:
        values.update(
            name_score=name_score,
            coverage_worst=worst,
            name_near_exact=near,
            fuzzy_only=fuzzy,
            sound_alike_only=sound,
            acronym=0.0,
        )
    if not only_q and not only_r and not explain and values is None:
        z += legal_form(q, r, None, None)
    else:
        z += penalties(qs, only_q, rs, only_r, q, r, features if explain else None, values)
    score = model.probability(z)
    if explain:
        features.append(_total(z, score))
    return score, features


def _identical(q: NormName, r: NormName) -> bool:
    if [t.kind for t in q.tokens if t.kind is not Kind.LEGAL] != [t.kind for t in r.tokens if t.kind is not Kind.LEGAL]:
        return False
    if q.acronym and r.acronym and q.acronym != r.acronym:
        return False
    return not legal_mismatch(q, r)


def _residues_alike(
    qs: Side, used_q: set[int], rs: Side, used_r: set[int], aligned: list[tuple[int, int, float]]
) -> bool:
    """The tokens not matched exactly (unmatched or only similar), joined on each side, are RESIDUE_MIN alike or
    one typo apart, and not two different pinyin names: "qods" / "qhod" (0.75) and "hik visoin" / "hikvision" are
    alike; "lanhai" / "huawei" (0.50) and, in a Chinese name, "hengxin" / "jingxin" are not."""
    fuzzy_q = {i for i, _, s in aligned if s < 1.0}
    fuzzy_r = {j for _, j, s in aligned if s < 1.0}
    rest_q = "".join(t for i, t in enumerate(qs.texts) if i not in used_q or i in fuzzy_q)
    rest_r = "".join(t for j, t in enumerate(rs.texts) if j not in used_r or j in fuzzy_r)
    if not rest_q or not rest_r:
        # Nothing left on one side: the other may hold only the pieces of a split word ("Co.,L td." -> "l", "td"),
        # never a word of its own ("Shenzhen SCH Technology").
        left = [t for i, t in enumerate(qs.texts) if i not in used_q or i in fuzzy_q] + [
            t for j, t in enumerate(rs.texts) if j not in used_r or j in fuzzy_r
        ]
        return len(left) >= 2 and all(len(t) <= SPLIT_PIECE for t in left)
    if (qs.chinese or rs.chinese) and different_pinyin(rest_q, rest_r):
        return False
    typos = OSA.distance(rest_q, rest_r)
    # One typo needs a leftover of TYPO_MIN_LENGTH letters: in a two-letter code it is another code ("FX" / "FJ
    # Technology" scored 0.92 on the IEEE registry names).
    if typos == 0 or (typos == 1 and min(len(rest_q), len(rest_r)) >= TYPO_MIN_LENGTH):
        return True
    # Short leftovers need the typo rule: "zte" / "tex" are 67 % alike.
    return (
        min(len(rest_q), len(rest_r)) >= RESIDUE_MIN_LENGTH
        and Indel.normalized_similarity(rest_q, rest_r) >= RESIDUE_MIN
    )


def _sound_alike_only(
    qs: Side,
    rs: Side,
    aligned: list[tuple[int, int, float]],
    glued_q: list[tuple[int, list[int]]],
    glued_r: list[tuple[int, list[int]]],
) -> float:
    """1.0 when the query's distinctive words matched only by sound: "siemen" ~ "siman" share a metaphone code
    but are different companies. A spelling match (equal, abbreviation, edit distance) on any of them, or a
    glued match, leaves it at 0."""
    if glued_q or glued_r:
        return 0.0
    core = [(qs.texts[i], rs.texts[j], s) for i, j, s in aligned if qs.tokens[i].kind is Kind.CORE]
    return 1.0 if core and all(s < 1.0 and by_sound(a, b) for a, b, s in core) else 0.0


@lru_cache(maxsize=64)
def _floor_logit(floor: float) -> float:
    return _MODEL.logit_of(floor)


def _total(z: float, score: float) -> Feature:
    return Feature("model", score, f"bias {_MODEL.bias:+.2f} + contributions = logit {z:+.2f} -> score {score:.3f}")


def pair_features(name1: str, name2: str, schema: str = "Company") -> dict[str, float]:
    """The raw feature values of a pure name comparison (what the model weighs): for fitting the weights."""
    values: dict[str, float] = {}
    schema = "Company" if schema in ("Organization", "LegalEntity", "") else schema
    compare_norm(normalize(name1, schema), normalize(name2, schema), explain=False, values=values)
    return values


def compare_names(name1: str, name2: str, schema: str = "Company") -> tuple[float, list[Feature]]:
    """Pure name comparison (no list): score 0..1 and its explanation."""
    check_text(name1, MAX_NAME_CHARS, field="name1")
    check_text(name2, MAX_NAME_CHARS, field="name2")
    schema = "Company" if schema in ("Organization", "LegalEntity", "") else schema
    return compare_norm(normalize(name1, schema), normalize(name2, schema))
