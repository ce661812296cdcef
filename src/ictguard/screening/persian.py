"""Persian and Arabic-script names -> one Latin spelling: business words translated, other words romanized letter by
letter (persian_terms.yaml). The lists print Iranian and Syrian parties in English or romanized ("CASPIAN
AIRLINES", "BANK KARGOSHAEE"); rigour's generic transliteration writes "hwapymayy kaspyn" for هواپیمایی کاسپین,
which shares nothing with either, while this spelling reads "airlines kaspin"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ictguard.screening.datafiles import DATA_DIR, check_keys, cited_map, load_yaml

_ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel: not letters
_ZWNJ = "\u200c"  # Persian half-space inside a word ("می‌شود"): the word's parts are one word
_VAV = "و"
_YE = ("ی", "ي", "ى")
_VOWEL_LETTERS = set("اآأإ") | {_VAV, *_YE}


@dataclass(frozen=True)
class PersianTables:
    letters: dict[str, str]
    terms: dict[str, str]


@lru_cache(maxsize=1)
def load_persian_terms(data_dir: Path = DATA_DIR) -> PersianTables:
    path = data_dir / "persian_terms.yaml"
    doc = check_keys(load_yaml(path), path, {"letters", "terms"})
    expected = "expected an Arabic-script key -> its Latin form"
    tables = [
        cited_map(doc[section], path, lambda k: _ARABIC_WORD.fullmatch(k) is not None, expected)
        for section in ("letters", "terms")
    ]
    return PersianTables(*tables)


def has_arabic_script(text: str) -> bool:
    return _ARABIC_WORD.search(text) is not None


def _romanize_word(word: str, letters: dict[str, str]) -> str:
    out: list[str] = []
    for i, char in enumerate(word):
        if char == _VAV:
            # A consonant at the word's start or after a vowel letter ("وحید" vahid), a vowel inside ("اوین" avin).
            out.append("v" if i == 0 or word[i - 1] in _VOWEL_LETTERS else "o")
        elif char in _YE:
            out.append("y" if i == 0 or (i + 1 < len(word) and word[i - 1] in _VOWEL_LETTERS) else "i")
        elif char == "ه" and i == len(word) - 1 and i > 0:
            out.append("e")  # the silent final he of Persian ("توسعه" tose'e)
        else:
            out.append(letters.get(char, char))
    return "".join(out)


def persian_spelling(name: str) -> str | None:
    """``name`` with its Arabic-script words translated or romanized; None when it has none or no business word
    of the table."""
    if not has_arabic_script(name):
        return None
    tables = load_persian_terms()
    text = _MARKS.sub("", name.replace(_ZWNJ, ""))

    translated = False

    def word(match: re.Match[str]) -> str:
        nonlocal translated
        found = match.group(0)
        term = tables.terms.get(found)
        if term is None and found.startswith("ال") and len(found) > 3:  # the Arabic article: "al-" + the word
            term = tables.terms.get(found[2:])
        if term is None and found.startswith("لل") and len(found) > 3:  # li- + al-: "للطيران" for the airline
            term = tables.terms.get(found[2:])
        translated = translated or term is not None
        return f" {term} " if term is not None else f" {_romanize_word(found, tables.letters)} "

    spelling = " ".join(_ARABIC_WORD.sub(word, text).split())
    # Without a business word it is most often a person's name, which the default transliteration already covers:
    # one more screening would buy little.
    return spelling if translated else None
