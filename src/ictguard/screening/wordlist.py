"""Ordinary English words, for the ``ordinary_words_list_name`` feature.

A one- or two-word list name made of ordinary words (SUNRISE, PIONEER) met inside a longer company name
("Sunrise Software B.V.") is weak evidence: thousands of unrelated firms carry such words. A coined brand
(Hikvision, Huawei) met the same way is strong evidence. Which words are ordinary comes from the system word
list (Debian's ``wamerican``, ``/usr/share/dict/words``, installed by ``scripts/setup-dev.sh``); only its
lower-case entries count, so proper nouns it lists (Siemens, Cheng) are not ordinary.

The path is ``Settings.word_list`` (``ICTGUARD_WORD_LIST``). Where the file is absent the set is empty and the
feature never fires: screening still works, with more false hits on ordinary one-word names, and a warning is
logged once; ``word_list_status`` says which case applies (the bench prints it).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from ictguard.screening.script import to_ascii

MIN_LENGTH = 3  # "ma", "he" are words, but also pinyin syllables and initials
log = logging.getLogger(__name__)


def word_list_path() -> Path:
    from ictguard.settings import get_settings

    return get_settings().word_list


@lru_cache(maxsize=4)
def ordinary_words(path: Path | None = None) -> frozenset[str]:
    """The lower-case, letters-only entries of the word list, folded to ASCII like names are; empty when the
    file cannot be read."""
    source = path or word_list_path()
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        log.warning("word list %s not readable (%s): ordinary-word names are not recognised", source, exc)
        return frozenset()
    words = set()
    for line in text.splitlines():
        word = line.strip()
        if len(word) >= MIN_LENGTH and word.isalpha() and word.islower():
            words.add(to_ascii(word))
    return frozenset(words)


def is_ordinary(word: str) -> bool:
    """An ordinary English word (a plural or an ``-ies`` plural of one counts too: tokens are stemmed)."""
    if len(word) < MIN_LENGTH:
        return False
    words = ordinary_words()
    return word in words or word + "s" in words or word.endswith("y") and word[:-1] + "ies" in words


def word_list_status() -> str:
    path = word_list_path()
    count = len(ordinary_words())
    return f"{path}: {count} ordinary words" if count else f"{path}: not available (feature off)"
