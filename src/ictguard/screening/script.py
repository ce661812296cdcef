"""Bring any script to lower-case ASCII words: Chinese via term translation + joined pinyin, the rest via
diacritic stripping or rigour's transliteration (Cyrillic, Greek, Arabic, Hebrew, Georgian, Armenian …)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ictguard.screening.datafiles import load_chinese_terms

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


@lru_cache(maxsize=2)
def _converter(config: str = "t2s") -> object:
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def _term_table() -> tuple[dict[str, str], dict[str, int]]:
    """Chinese terms -> English, and the longest term per first character (most characters start none)."""
    terms = {t.zh: t.en for t in load_chinese_terms()}
    longest: dict[str, int] = {}
    for zh in terms:
        longest[zh[0]] = max(longest.get(zh[0], 0), len(zh))
    return terms, longest


@lru_cache(maxsize=1 << 14)  # runs repeat (place names, common words); pypinyin is slow (~30 us a call)
def _pinyin_joined(chars: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(chars))


@lru_cache(maxsize=1)
def _alt_table() -> dict[str, str]:
    """Chinese terms with a second English reading (科技 "science and technology", 研究院 "academy")."""
    return {t.zh: t.alt for t in load_chinese_terms() if t.alt}


def han_to_latin(run: str, alternative: bool = False) -> str:
    """One run of Han characters -> words: known terms translated, the characters between them as joined pinyin.

    ``华为技术有限公司`` -> ``huawei technology co ltd``; ``杭州海康威视`` -> ``hangzhou hikvision``.
    Place names fall out of the pinyin run splitting: a term boundary ends a run.
    Traditional text is converted character by character (t2s) and also with Taiwan phrases turned into mainland
    ones (tw2sp: 資訊 -> 信息, 數位 -> 数字, 網路 -> 网络); the reading with more characters inside known terms wins,
    the character one on a tie (tw2sp also rewrites inside brand names: 中興通訊 -> 中兴通信).
    """
    simplified: str = _converter().convert(run)  # type: ignore[attr-defined]
    words, covered = _segment(simplified, alternative)
    if not run.isascii() and simplified != run:  # traditional characters: try the phrase conversion too
        phrased: str = _converter("tw2sp").convert(run)  # type: ignore[attr-defined]
        if phrased != simplified:
            other, other_covered = _segment(phrased, alternative)
            if other_covered > covered:
                words = other
    return " ".join(words)


def _segment(simplified: str, alternative: bool = False) -> tuple[list[str], int]:
    """Longest-match term translation; the words, and how many characters fell inside a term. ``alternative``
    reads every term that has a second reading in that reading (one rewrite, not one per combination)."""
    terms, longest = _term_table()
    alts = _alt_table() if alternative else {}
    words: list[str] = []
    pending = ""
    covered = 0
    i = 0
    while i < len(simplified):
        for size in range(min(longest.get(simplified[i], 0), len(simplified) - i), 0, -1):
            term = terms.get(simplified[i : i + size])
            if term is not None:
                term = alts.get(simplified[i : i + size], term)
                if pending:
                    words.append(_split_places(pending))
                    pending = ""
                words.append(term)
                covered += size
                i += size
                break
        else:
            pending += simplified[i]
            i += 1
    if pending:
        words.append(_split_places(pending))
    return words, covered


# Two-character prefixes of an unknown run that are province/city names: split them off so that
# "杭州海康" reads "hangzhou haikang" rather than one token. Pinyin of the place is checked against the
# place vocabulary, so no Chinese place table needs to be maintained twice.
def _split_places(chars: str) -> str:
    from ictguard.screening.datafiles import load_vocabulary

    places = set(load_vocabulary().places)
    out: list[str] = []
    rest = chars
    while len(rest) > 2:
        head = _pinyin_joined(rest[:2])
        if head not in places:
            break
        out.append(head)
        rest = rest[2:]
        if rest[:1] == "市":  # "city" suffix of a place name
            rest = rest[1:]
    if rest:
        out.append(_pinyin_joined(rest))
    return " ".join(out)


_HAN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000}
_HAN_ORDINAL = re.compile(r"第([零〇一二两三四五六七八九十百千]+)")


def chinese_number(numeral: str) -> int:
    """A Chinese numeral up to the thousands -> its value: 十四 14, 二十 20, 七〇九 709, 七百零九 709."""
    if not any(c in _HAN_UNITS for c in numeral):  # digit by digit: 七〇九
        return int("".join(str(_HAN_DIGITS[c]) for c in numeral))
    total, digit = 0, 0
    for c in numeral:
        if c in _HAN_UNITS:
            total += (digit or 1) * _HAN_UNITS[c]
            digit = 0
        else:
            digit = _HAN_DIGITS[c]
    return total + digit


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def to_ascii(text: str, alternative: bool = False) -> str:
    """Any text -> ASCII (Latin letters, digits, punctuation). Fast path for text that is already ASCII.
    ``alternative``: Chinese terms in their second reading (see ``han_to_latin``)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    if has_han(text):
        # Ordinals first: 第十四研究所 is "14 research institute", a different institute from 第十一 (11).
        text = _HAN_ORDINAL.sub(lambda m: f" {chinese_number(m.group(1))} ", text)
        text = _HAN.sub(lambda m: f" {han_to_latin(m.group(0), alternative)} ", text)
    stripped = _strip_marks(text)
    # Special Latin letters that NFKD does not decompose.
    stripped = stripped.translate(_LATIN_EXTRA)
    if stripped.isascii():
        return stripped
    from rigour.text import ascii_text

    result: str = ascii_text(stripped)
    return result


_LATIN_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ð": "d",
        "«": '"',
        "»": '"',
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)
