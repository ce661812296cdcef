"""The penalty features of a name pair: what separates near-identical siblings once the words are aligned.

Words on both sides with no counterpart (Steel Tubes / Steel Wires), different numbers (Shipping Three / Five), a
country or place inside one name only (… (Thailand) Co., Ltd.), a one-word or ordinary-word list name inside a
longer name, no distinctive word matched, different legal forms. Each weight is <= 0 (weights.py), so a score
before the penalties is an upper bound (compare.compare_norm stops early on it).
"""

from __future__ import annotations

from ictguard.screening.features import Feature
from ictguard.screening.normalize import KINDS, Kind, NormName
from ictguard.screening.sides import Side
from ictguard.screening.weights import load_model

_MODEL = load_model()
_W = _MODEL.weights  # read on every pair: a plain dict lookup


def contribution(feature: str, value: float) -> str:
    weight = _W[feature]
    return f"weight {weight:+.2f} x {value:.2f} = {weight * value:+.2f}"


def _left_by_kind(side: Side, idx: list[int]) -> dict[Kind, float]:
    """Weight of the unmatched tokens ``idx`` per kind, in one pass."""
    left = dict.fromkeys(KINDS, 0.0)
    for i in idx:
        left[side.tokens[i].kind] += side.weights[i]
    return left


def _texts(side: Side, idx: list[int], kinds: tuple[Kind, ...]) -> str:
    return " ".join(side.tokens[i].text for i in idx if side.tokens[i].kind in kinds) or "-"


def penalties(
    qs: Side,
    only_q: list[int],
    rs: Side,
    only_r: list[int],
    q: NormName,
    r: NormName,
    features: list[Feature] | None,
    values: dict[str, float] | None,
) -> float:
    """Sum of the penalty features' contributions to the logit (each weight is <= 0)."""
    words = (Kind.CORE, Kind.GENERIC)
    q_left, r_left = _left_by_kind(qs, only_q), _left_by_kind(rs, only_r)
    conflict = min(q_left[Kind.CORE] + q_left[Kind.GENERIC], r_left[Kind.CORE] + r_left[Kind.GENERIC], 1.0)
    present = 1.0 if conflict > 0 else 0.0
    core = min(1.0, max(q_left[Kind.CORE], r_left[Kind.CORE]))
    q_num, r_num = q_left[Kind.NUMBER] > 0, r_left[Kind.NUMBER] > 0
    number_both = 1.0 if q_num and r_num else 0.0
    number_one = 1.0 if q_num != r_num else 0.0
    # "Sunrise Plumbing Inc." is not the listed SUNRISE: a single listed word met inside another company's
    # name is weak evidence, unlike a short query that meets a long legal name ("Hikvision").
    single = 1.0 if len(rs.tokens) == 1 and not only_r and q_left[Kind.CORE] > 0 else 0.0
    # ... and when the listed words are ordinary ones, even extra business words do not make it the listed firm
    # ("Sunrise Software B.V." / SUNRISE), unlike a coined brand ("Hikvision Digital Technology" / Hikvision).
    # A list name whose distinctive words all went unmatched, met by a query without a distinctive word of its
    # own that matched: only business words and places agree ("Shenzhen Technology Co Ltd" / "Corad Technology
    # (Shenzhen) Ltd.").
    left_r, left_q = set(only_r), set(only_q)
    list_core = [j for j, t in enumerate(rs.tokens) if t.kind is Kind.CORE]
    query_core_met = any(t.kind is Kind.CORE and i not in left_q for i, t in enumerate(qs.tokens))
    no_core = 1.0 if list_core and all(j in left_r for j in list_core) and not query_core_met else 0.0
    ordinary = (
        1.0
        if rs.ordinary_words
        and qs.company_shaped
        and q_left[Kind.CORE] + q_left[Kind.GENERIC] > 0
        and not any(rs.tokens[j].kind is Kind.CORE for j in only_r)
        else 0.0
    )
    q_qual, r_qual = q_left[Kind.QUALIFIER] > 0, r_left[Kind.QUALIFIER] > 0
    qualifier = 1.0 if q_qual or r_qual else 0.0
    qualifier_both = 1.0 if q_qual and r_qual else 0.0
    words_left = q_left[Kind.CORE] + q_left[Kind.GENERIC] + r_left[Kind.CORE] + r_left[Kind.GENERIC]
    qualifier_only = 1.0 if qualifier and not words_left else 0.0
    z = (
        _W["conflicting_words"] * conflict
        + _W["conflict_present"] * present
        + _W["unmatched_core"] * core
        + _W["number_mismatch"] * number_both
        + _W["number_one_side"] * number_one
        + _W["single_word_list_name"] * single
        + _W["ordinary_words_list_name"] * ordinary
        + _W["no_core_matched"] * no_core
        + _W["qualifier_mismatch"] * qualifier
        + _W["qualifier_both"] * qualifier_both
        + _W["qualifier_only"] * qualifier_only
    )
    if values is not None:
        values.update(
            conflicting_words=conflict,
            conflict_present=present,
            unmatched_core=core,
            qualifier_only=qualifier_only,
            number_mismatch=number_both,
            number_one_side=number_one,
            single_word_list_name=single,
            ordinary_words_list_name=ordinary,
            no_core_matched=no_core,
            qualifier_mismatch=qualifier,
            qualifier_both=qualifier_both,
        )
    if features is not None:
        num, qual = (Kind.NUMBER,), (Kind.QUALIFIER,)
        if conflict > 0:
            amount = _W["conflicting_words"] * conflict + _W["conflict_present"]
            features.append(
                Feature(
                    "conflicting_words",
                    conflict,
                    f"{_texts(qs, only_q, words)} vs "
                    f"{_texts(rs, only_r, words)}; weights {_W['conflict_present']:+.2f} (any) "
                    f"{_W['conflicting_words']:+.2f} x {conflict:.2f} = {amount:+.2f}",
                )
            )
        if core > 0:
            features.append(
                Feature(
                    "unmatched_core",
                    core,
                    f"distinctive words in one name only: "
                    f"{_texts(qs, only_q, (Kind.CORE,))} vs {_texts(rs, only_r, (Kind.CORE,))}; "
                    + contribution("unmatched_core", core),
                )
            )
        if number_both or number_one:
            name = "number_mismatch" if number_both else "number_one_side"
            features.append(
                Feature(
                    name, 1.0, f"{_texts(qs, only_q, num)} vs {_texts(rs, only_r, num)}; " + contribution(name, 1.0)
                )
            )
        if single:
            features.append(
                Feature(
                    "single_word_list_name",
                    1.0,
                    f"list name '{rs.tokens[0].text}' is one word; "
                    f"query also has {_texts(qs, only_q, (Kind.CORE,))}; " + contribution("single_word_list_name", 1.0),
                )
            )
        if no_core:
            features.append(
                Feature(
                    "no_core_matched",
                    1.0,
                    "no distinctive word of the list name "
                    f"({_texts(rs, only_r, (Kind.CORE,))}) is in the query, which matched only "
                    "business words and places; " + contribution("no_core_matched", 1.0),
                )
            )
        if ordinary:
            listed = " ".join(t.text for t in rs.tokens if t.kind is Kind.CORE)
            features.append(
                Feature(
                    "ordinary_words_list_name",
                    1.0,
                    f"list name's distinctive words '{listed}' "
                    f"are ordinary English words, and the query has more: "
                    f"{_texts(qs, only_q, words)}; " + contribution("ordinary_words_list_name", 1.0),
                )
            )
        if qualifier:
            name = "qualifier_both" if qualifier_both else "qualifier_only" if qualifier_only else "qualifier_mismatch"
            amount = (
                _W["qualifier_mismatch"] + _W["qualifier_both"] * qualifier_both + _W["qualifier_only"] * qualifier_only
            )
            features.append(
                Feature(
                    name,
                    1.0,
                    f"place/country inside a name: {_texts(qs, only_q, qual)} vs "
                    f"{_texts(rs, only_r, qual)}; contributes {amount:+.2f}",
                )
            )
    return z + legal_form(q, r, features, values)


def legal_forms(name: NormName) -> set[str]:
    return {t.text for t in name.tokens if t.kind is Kind.LEGAL}


def legal_mismatch(q: NormName, r: NormName) -> bool:
    """Both names carry a legal form and none is shared (GmbH / Ltd); one side without any is no mismatch."""
    q_legal, r_legal = legal_forms(q), legal_forms(r)
    return bool(q_legal and r_legal and not q_legal & r_legal)


def legal_form(q: NormName, r: NormName, features: list[Feature] | None, values: dict[str, float] | None) -> float:
    mismatch = 1.0 if legal_mismatch(q, r) else 0.0
    if values is not None:
        values["legal_form"] = mismatch
    if mismatch and features is not None:
        features.append(
            Feature(
                "legal_form",
                1.0,
                f"{' '.join(sorted(legal_forms(q)))} vs "
                f"{' '.join(sorted(legal_forms(r)))}; " + contribution("legal_form", 1.0),
            )
        )
    return _MODEL.w("legal_form") * mismatch
