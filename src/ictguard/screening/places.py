"""Other names of the country or city a query names (place_names.yaml): "DPRK" / "Democratic People's Republic of
Korea" / "North Korea", "Burma" / "Myanmar", "Rangoon" / "Yangon"; and of a science academy (institution_names.yaml:
"RAS" / "Russian Academy of Sciences"). The query is also compared with each other form of the group it names; the
list names keep their own words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ictguard.errors import DataFileError
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_vocabulary, load_yaml

SHORT_FORM = 4  # "uk", "hk", "prc", "dprk": such a form counts only when written in capitals
MAX_GROUPS = 2  # rewrites of at most this many groups named in one query (each rewrite is one more screening)


@lru_cache(maxsize=1)
def load_place_groups(data_dir: Path = DATA_DIR) -> tuple[tuple[str, ...], ...]:
    """The groups of place_names.yaml and institution_names.yaml (academies' acronyms), each form in one group."""
    groups: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for path in (data_dir / "place_names.yaml", data_dir / "institution_names.yaml"):
        _read_groups(path, groups, seen)
    return tuple(groups)


def _read_groups(path: Path, groups: list[tuple[str, ...]], seen: set[str]) -> None:
    doc = check_keys(load_yaml(path), path, {"groups"})
    for entry in doc["groups"]:
        entry = check_keys(entry, path, {"forms", "source"})
        forms = tuple(" ".join(str(f).lower().split()) for f in entry["forms"])
        if len(forms) < 2 or seen & set(forms):
            raise DataFileError("expected two forms or more, each in one group", file=path, line=entry["__line__"])
        seen |= set(forms)
        groups.append(forms)


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, int]]:
    forms = [form for group in load_place_groups() for form in group]
    group_of = {_key(form): i for i, group in enumerate(load_place_groups()) for form in group}
    alternatives = sorted(forms, key=len, reverse=True)  # the longest form first
    body = "|".join(re.escape(f).replace(r"\ ", r"[\s\-]+").replace("'", "[’']?") for f in alternatives)
    return re.compile(rf"(?<![\w'’])(?:{body})(?![\w'’])", re.IGNORECASE), group_of


@lru_cache(maxsize=1)
def _starts() -> frozenset[str] | None:
    """The first three letters of every form's first word (apostrophes dropped; a shorter first word whole), or None
    when a form does not start with a letter or digit. A name none of whose words starts like this names no form."""
    starts = set()
    for group in load_place_groups():
        for form in group:
            word = _FIRST_WORD.match(form.replace("'", "").replace("’", ""))
            if word is None:
                return None
            starts.add(word.group(0)[:3])
    return frozenset(starts)


_FIRST_WORD = re.compile(r"\w+")


def _may_name_a_form(name: str) -> bool:
    """False only when ``name`` cannot name a form: checked on ASCII names (their case folds letter by letter, as the
    pattern's does), by the first letters of each word, with and without apostrophes (a form's "people's" is also
    matched as "peoples")."""
    starts = _starts()
    if starts is None or not name.isascii():
        return True
    lowered = name.lower()
    words = _FIRST_WORD.findall(lowered) + _FIRST_WORD.findall(lowered.replace("'", ""))
    return any(w[:3] in starts for w in words)


def place_spellings(name: str) -> tuple[str, ...]:
    """``name`` with a place form it names replaced by each other form of its group (often none)."""
    if not _may_name_a_form(name):  # most names: one set lookup a word instead of the pattern's scan
        return ()
    pattern, group_of = _pattern()
    out: list[str] = []
    groups_done: set[int] = set()
    canonical: list[tuple[int, int, str]] = []  # each named form's span and its group's first form
    for match in pattern.finditer(name):
        text = match.group(0)
        form = _key(text)
        group = group_of.get(form)
        if group is None or group in groups_done or (len(form) <= SHORT_FORM and not text.isupper()):
            continue
        others = re.findall(r"\w+", (name[: match.start()] + " " + name[match.end() :]).lower())
        if all(w in load_vocabulary().legal_forms for w in others):
            continue  # the form is the whole name ("CAS Corp."): a firm's name, not an academy or a country
        groups_done.add(group)
        canonical.append((match.start(), match.end(), load_place_groups()[group][0]))
        for other in load_place_groups()[group]:
            if _key(other) != form:
                out.append(name[: match.start()] + other + name[match.end() :])
        if len(groups_done) >= MAX_GROUPS:
            break
    if len(canonical) > 1:  # "... SB RAS": every named form in its group's first form at once
        spelling = name
        for start, end, first in reversed(canonical):
            spelling = spelling[:start] + first + spelling[end:]
        out.append(spelling)
    return tuple(dict.fromkeys(out))


def _key(form: str) -> str:
    return re.sub(r"[\s\-]+", " ", form.lower()).replace("’", "").replace("'", "")


MAX_TAIL_WORDS = 3  # ", Sharjah UAE", ", North Korea": more words after the last comma are no place


def country_tail(name: str) -> tuple[str, str] | None:
    """A name that ends with ", <place>" naming a country or one of its regions or cities ("Myanmar Economic
    Corporation, Burma", "Delta Engineering Concern FZE, Sharjah UAE"): the name before the comma and the country's
    ISO code (upper case). A query-side rewrite: screening keeps its hits only for entries of that country."""
    from rigour.territories import lookup_territory

    head, comma, tail = name.rpartition(",")
    words = tail.split()
    if not comma or not head.strip() or not 0 < len(words) <= MAX_TAIL_WORDS:
        return None
    for size in range(len(words), 0, -1):  # the whole tail, else its last words ("Sharjah UAE" -> "UAE")
        place = " ".join(words[-size:])
        if len(place) <= SHORT_FORM and not place.isupper():
            continue  # "co", "de": ISO codes rigour also knows
        territory = lookup_territory(place)
        if territory is not None and territory.code != "zz":
            return head.strip(), territory.code.split("-")[0].upper()
    return None
