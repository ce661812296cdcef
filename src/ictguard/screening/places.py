"""Other names of the country or city a query names (place_names.yaml): "DPRK" / "Democratic People's Republic of
Korea" / "North Korea", "Burma" / "Myanmar", "Rangoon" / "Yangon"; and of a science academy (institution_names.yaml:
"RAS" / "Russian Academy of Sciences"). The query is also compared with each other form of the group it names; the
list names keep their own words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ictguard.errors import DataFileError
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_vocabulary, load_yaml
from ictguard.screening.name_forms import words as plain_words

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
MAX_PLACES = 3  # "Shenzhen, Guangdong, P.R. China": a city, its province, its country
MAX_CITY_WORDS = 3  # "City of Industry CA", "Macquarie Park NSW": a city rigour does not know, before its region
_PUNCT = "()[].,:;"  # around a word, for comparing it with the legal forms
_OUTER = "()[],:;"  # around a place's word ("P.R." keeps its points)


def country_tail(name: str) -> tuple[str, frozenset[str]] | None:
    """The name before an address tail, and the ISO codes (upper case) of the countries the tail can name: either
    ", <place>" naming a country or one of its regions or cities ("Myanmar Economic Corporation, Burma",
    "Delta Engineering Concern FZE, Sharjah UAE"), or places after the legal form ("ZTE USA Inc Richardson TX",
    "Huawei Technologies Co Ltd Shenzhen Guangdong China"). A query-side rewrite: screening keeps its hits only for
    entries of one of those countries, so a tail never makes another firm of the same name a match."""
    return _after_legal_form(name) or _after_comma(name)


def _after_comma(name: str) -> tuple[str, frozenset[str]] | None:
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
            return head.strip(), frozenset({territory.code.split("-")[0].upper()})
    return None


def _after_legal_form(name: str) -> tuple[str, frozenset[str]] | None:
    """Places after a legal form, optionally with a city rigour does not know before the first of them."""
    # Cheap gate (bytes methods only): most names end with their legal form or carry none.
    plain, legal_bytes = plain_words(name), _legal_bytes()
    if len(plain) < 3 or plain[-1] in legal_bytes or legal_bytes.isdisjoint(plain):
        return None
    words = name.replace(",", " ").replace(";", " ").split()
    last = words[-1].strip(_OUTER)
    if last not in region_codes() and not (len(last) <= 3 and last.isupper()) and not _is_last_place_word(last):
        return None  # the last word ends no place name: no lookup at all
    legal = _legal_words()
    folded = [w.strip(_PUNCT).lower() for w in words]
    words = [w.strip(_OUTER) for w in words]
    end, places = len(words), list[frozenset[str]]()
    while end > 0 and len(places) < MAX_PLACES and folded[end - 1] not in legal:
        size = next((n for n in (3, 2, 1) if n <= end and _place_countries(tuple(words[end - n : end]))), 0)
        if not size:
            break
        places.append(_place_countries(tuple(words[end - size : end])))
        end -= size
    if not places:
        return None
    countries = frozenset.intersection(*places)
    for city in range(min(MAX_CITY_WORDS, end - 2) + 1):
        head = words[: end - city]
        if countries and folded[end - city - 1] in legal and _ends_with_legal_form(" ".join(head)):
            return " ".join(head), countries
    return None


@lru_cache(maxsize=1)
def _legal_words() -> frozenset[str]:
    return frozenset(w for phrase in load_vocabulary().legal_forms for w in phrase.split())


@lru_cache(maxsize=1)
def _legal_bytes() -> frozenset[bytes]:
    return frozenset(w.encode() for w in _legal_words())


def _ends_with_legal_form(text: str) -> bool:
    from ictguard.screening.normalize import Kind, normalize

    tokens = normalize(text, "Company").tokens
    return len(tokens) > 1 and tokens[-1].kind is Kind.LEGAL


@lru_cache(maxsize=8192)
def _place_countries(words: tuple[str, ...]) -> frozenset[str]:
    """The countries (ISO, upper case) a place written as ``words`` can be in: a region code of
    address_places.yaml in capitals, a Chinese province or city of vocabulary.yaml, a country, region or city
    rigour knows (a form of four letters or fewer only in capitals: "UK", "PRC"; not "co", "de")."""
    from rigour.territories import lookup_territory

    text = " ".join(words)
    found = set(region_codes().get(text, ())) if len(words) == 1 else set()
    if text.lower().replace(".", "") in _chinese_places():
        found.add("CN")
    if len(text) > SHORT_FORM or text.isupper():
        territory = lookup_territory(text)
        if territory is not None and territory.code != "zz":
            found.add(territory.code.split("-")[0].upper())
    return frozenset(found)


def _is_last_place_word(word: str) -> bool:
    return _fold(word) in _last_place_words()


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode().strip(".")


@lru_cache(maxsize=1)
def _last_place_words() -> frozenset[str]:
    """The last word of every country, subdivision and place name rigour has, and of the Chinese places: a tail
    whose last word is none of these names no place (a cheap check before any lookup)."""
    from rigour.territories import get_territories

    names = [n for t in get_territories() for n in (t.name, t.full_name, *t.places) if n]
    try:  # every name lookup_territory reads ("Russian Federation", "Madrid"): rigour's own index, when it has one
        from rigour.territories.lookup import _get_territory_names

        names += list(_get_territory_names())
    except ImportError:  # pragma: no cover - another rigour: the public names alone
        pass
    return frozenset(_fold(n.split()[-1]) for n in [*names, *load_vocabulary().places] if n.split())


@lru_cache(maxsize=1)
def _chinese_places() -> frozenset[str]:
    return frozenset(load_vocabulary().places)


_CODE = re.compile(r"[A-Z]{2,3}")


@lru_cache(maxsize=1)
def region_codes(path: Path = DATA_DIR / "address_places.yaml") -> dict[str, frozenset[str]]:
    """address_places.yaml: each region code and the countries that use it ("WA": Washington and Western
    Australia)."""
    from rigour.territories import get_territory

    doc = check_keys(load_yaml(path), path, {"codes"})
    found: dict[str, set[str]] = {}
    for entry in doc["codes"]:
        entry = check_keys(entry, path, {"country", "source", "codes"})
        country, line = entry["country"], entry["__line__"]
        territory = get_territory(country.lower()) if isinstance(country, str) else None
        if not _CODE.fullmatch(str(country)) or territory is None or territory.code != country.lower():
            raise DataFileError(f"not an ISO country code: {country!r}", file=path, line=line, field="country")
        codes = entry["codes"]
        if not isinstance(codes, list) or not all(isinstance(c, str) and _CODE.fullmatch(c) for c in codes):
            raise DataFileError("expected codes of two or three capitals (quote ON, NO)", file=path, line=line)
        if len(set(codes)) != len(codes):
            raise DataFileError("a code twice", file=path, line=line, field="codes")
        for code in codes:
            found.setdefault(code, set()).add(country)
    return {code: frozenset(countries) for code, countries in found.items()}
