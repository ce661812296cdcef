"""Korean (Hangul) names -> Latin spellings: business words translated, other syllables romanized (korean_terms.yaml).

The lists print North Korean parties in English or in McCune-Reischauer without diacritics ("KOREA RYONBONG GENERAL
CORPORATION", "CHONGCH'AL CH'ONGGUK"); a Hangul query shares no letter with either. Korean is written without
spaces between a name's words, so each run of syllables is cut into the table's terms (longest first) and the
syllables between them, which are romanized as one word. Only a query with Hangul pays for any of this.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ictguard.screening.datafiles import DATA_DIR, check_keys, cited_map, load_yaml

_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_FIRST, _LAST = 0xAC00, 0xD7A3
# Jamo of a syllable block (Unicode 3.12: block = 0xAC00 + (initial * 21 + vowel) * 28 + final).
_INITIAL_MR = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h")
_INITIAL_RR = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_VOICED = {0: "g", 3: "d", 7: "b", 12: "j"}  # McCune-Reischauer: ㄱ ㄷ ㅂ ㅈ voiced after a vowel, n, m, ng or l
_VOWEL = (
    *("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo"),
    *("u", "wo", "we", "wi", "yu", "u", "ui", "i"),
)
_FINAL = (
    *("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l"),
    *("p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"),
)
_VOICING_FINALS = {"", "n", "m", "ng", "l"}


@lru_cache(maxsize=1)
def load_korean_terms(data_dir: Path = DATA_DIR) -> dict[str, str]:
    path = data_dir / "korean_terms.yaml"
    doc = check_keys(load_yaml(path), path, {"terms"})
    return cited_map(
        doc["terms"], path, lambda k: _HANGUL.fullmatch(k) is not None, "expected a Hangul key -> its English"
    )


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def romanize_hangul(word: str, *, revised: bool = False) -> str:
    """One run of syllables: McCune-Reischauer without diacritics (revised: the Revised Romanization's initials)."""
    out: list[str] = []
    previous_final: str | None = None
    for char in word:
        code = ord(char)
        if not _FIRST <= code <= _LAST:
            out.append(char)
            previous_final = None
            continue
        index = code - _FIRST
        initial, vowel, final = index // 588, (index % 588) // 28, index % 28
        if revised:
            lead = _INITIAL_RR[initial]
        elif previous_final in _VOICING_FINALS and initial in _VOICED:
            lead = _VOICED[initial]
        else:
            lead = _INITIAL_MR[initial]
        out.append(lead + _VOWEL[vowel] + _FINAL[final])
        previous_final = _FINAL[final]
    return "".join(out)


def _segments(run: str, terms: dict[str, str]) -> list[tuple[str, bool]]:
    """``run`` cut into the table's terms (longest first; one syllable only at the end) and the text between."""
    longest = max(map(len, terms), default=1)
    out: list[tuple[str, bool]] = []
    rest = ""
    i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            piece = run[i : i + size]
            if piece in terms and (size > 1 or i + size == len(run)):
                if rest:
                    out.append((rest, False))
                    rest = ""
                out.append((piece, True))
                i += size
                break
        else:
            rest += run[i]
            i += 1
    if rest:
        out.append((rest, False))
    return out


def korean_spellings(name: str) -> tuple[str, ...]:
    """``name`` with its Hangul words translated or romanized, in McCune-Reischauer and in Revised Romanization
    initials; () when it has no Hangul."""
    if not has_hangul(name):
        return ()
    terms = load_korean_terms()
    out = []
    for revised in (False, True):

        def word(match: re.Match[str], revised: bool = revised) -> str:
            parts = _segments(match.group(0), terms)
            words = (terms[p] if known else romanize_hangul(p, revised=revised) for p, known in parts)
            return " " + " ".join(words) + " "

        out.append(" ".join(_HANGUL.sub(word, name).split()))
    return tuple(dict.fromkeys(out))
