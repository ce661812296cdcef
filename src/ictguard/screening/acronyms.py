"""Acronyms derived from the listed names themselves: "IPPI RAN" is the initials of the listed "Institut Problem
Peredachi Informatsii RAN", "CIAM" those of "Central Institute of Aviation Motors", "CAEP" those of "Chinese Academy
of Engineering Physics". Institutions are met by their acronym more often than the lists print it.

A query qualifies when it carries one word written in capitals of ``MIN_LETTERS``-``MAX_LETTERS`` letters (the
acronym; a Cyrillic one romanized first) and no digit: a listed organisation name whose first words' initials spell
it (legal forms left out; with or without its function words: "Institute of Physics" is IP or IOP) is a candidate
when the query also carries the name's remaining words ("IPPI RAN"). It is kept only when the acronym names at most
``MAX_ENTRIES`` entries and every other word of the query is a word of one of the entry's names or a place of the
entry's country ("CIAM Baranov"; "AEOI Tehran" needs an entry in Iran). An acronym alone, or with legal forms and
business words only, is no query for this: on the IEEE registry names such rules gave 35 and then 13 new hits on
real firms ("AKCP" ~ "AO Kraftway Corporation PSC", "CNET TECHNOLOGY, INC." ~ "Changsha NetForward Electronic
Technology", "ESAB AB"), so "CAEP" alone is left to the lists' own acronyms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from ictguard.screening.datafiles import DATA_DIR, check_keys, load_yaml

ACRONYM_SCORE = 0.85  # above the threshold, below a whole name's match
MIN_LETTERS, MAX_LETTERS = 3, 6
MAX_ENTRIES = 2  # an acronym that spells the start of more entries' names than this names none of them
MIN_WORDS = 3  # a listed name of fewer words has no acronym worth deriving
_WORD = re.compile(r"[^\W\d_]+")
_CAPS = re.compile(rf"^[A-Z]{{{MIN_LETTERS},{MAX_LETTERS}}}$")


def derived_acronyms(
    words: Sequence[str], function_words: frozenset[str], legal: Iterable[str]
) -> list[tuple[str, frozenset[str]]]:
    """Acronyms of a listed name (lower-case words): the initials of its first words, legal forms left out, with and
    without its function words; each with the name's words after them, which a query must carry beside the acronym
    ("Institut Problem Peredachi Informatsii RAN": "ippi" with {"ran"})."""
    legal_words = set(legal)
    content = [w for w in words if w not in legal_words]
    if len(content) < MIN_WORDS or any(not w.isalpha() for w in content):
        return []
    out: list[tuple[str, frozenset[str]]] = []
    for keep_function in (False, True):
        used = [w for w in content if keep_function or w not in function_words]
        for size in range(MIN_LETTERS, min(MAX_LETTERS, len(used)) + 1):
            after = frozenset(w for w in used[size:] if w not in function_words)
            out.append(("".join(w[0] for w in used[:size]), after))
    return out + _within_academy(content, function_words)


def _within_academy(words: list[str], function_words: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
    """An institute's acronym inside its academy: "Chinese Academy of Sciences, Institute of Physics" is IOP (or
    SIA for "… Shenyang Institute of Automation") *with* the academy ("IOP-CAS", "SIA, Chinese Academy of
    Sciences"): derived from the name without the academy's words and keyed with the academy ("iop@cas"), so only a
    query naming the academy looks it up (acronym_query) and only such names count towards ``MAX_ENTRIES``."""
    text = f" {' '.join(words)} "
    for forms in academy_groups():
        found = [f for f in forms if f" {f} " in text]
        if not found:
            continue
        for form in found:  # longest first
            text = text.replace(f" {form} ", " ")
        return [(f"{a}@{forms[-1]}", after) for a, after in derived_acronyms(text.split(), function_words, ())]
    return []


def printed_acronyms(original: str, bracketed: str | None) -> list[tuple[str, frozenset[str]]]:
    """Acronyms the lists print: a bracketed one ("… Research Institute (VNIIA)") or a one-word name in capitals
    ("KOMZ"); a query carries it with other words of the entry ("VNIIA Dukhov", "KOMZ Kazan")."""
    found = bracketed or (original if _CAPS.match(original.strip()) else None)
    if found is None or not MIN_LETTERS <= len(found) <= MAX_LETTERS or not found.isalpha():
        return []
    return [(found.lower(), frozenset())]


@lru_cache(maxsize=1)
def academy_groups(data_dir: Path = DATA_DIR) -> tuple[tuple[str, ...], ...]:
    """The science academies' forms (institution_names.yaml), longest first: "chinese academy of sciences", "cas"."""
    path = data_dir / "institution_names.yaml"
    doc = check_keys(load_yaml(path), path, {"groups"})
    groups = (tuple(" ".join(str(f).lower().split()) for f in g["forms"]) for g in doc["groups"])
    return tuple(tuple(sorted(g, key=len, reverse=True)) for g in groups if " academy " in f" {g[0]} ")


def capitals_words(name: str) -> list[str]:
    """The words of ``name`` that :func:`acronym_query` reads as acronyms (none in a name with a digit)."""
    if any(c.isdigit() for c in name):
        return []
    return [w for w in _WORD.findall(name) if _CAPS.match(w)]


def acronym_query(name: str) -> list[tuple[str, list[str]]]:
    """Each capitals word of ``name`` that may be an acronym, with the query's other words (lower case)."""
    if any(c.isdigit() for c in name):
        return []  # "IEEE 802.11", "CETC 14": a number is no part of an acronym's name
    words = _WORD.findall(name)
    if not any(_CAPS.match(w) for w in words):
        return []  # most names: no capitals word, nothing more to read
    text = f" {' '.join(words).lower()} "
    # the academies the query names: a long form in any case, a short one ("CAS", "RAS") in capitals only
    named = [g for g in academy_groups() if any(f" {f} " in text and (" " in f or f.upper() in words) for f in g)]
    out = []
    for i, word in enumerate(words):
        if _CAPS.match(word):
            rest = [w.lower() for j, w in enumerate(words) if j != i]
            out.append((word.lower(), rest))
            out += [(f"{word.lower()}@{g[-1]}", rest) for g in named if word.lower() not in g]
    return out


def words_of(names: Iterable[str]) -> set[str]:
    """The words of an entry's names, and every form of an academy they name ("cas" beside "chinese academy of …")."""
    words = {w.lower() for n in names for w in _WORD.findall(n)}
    text = f" {' '.join(sorted(words))} "
    for forms in academy_groups():
        if any(all(f" {w} " in text for w in form.split()) for form in forms):
            words.update(w for form in forms for w in form.split())
    return words
