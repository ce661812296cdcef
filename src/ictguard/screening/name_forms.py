"""Other spellings of a company name that carries a second name or is cut short (name_forms.yaml):
- "A d/b/a B", "A (formerly B)", "A f/k/a B": A and B, each a name of the same company;
- a Chinese registered name cut inside its legal form ("中兴通讯股份", "华为技术有限"): the form written out.
Each is one more spelling compared (best score counts); names without such a marker get none, after a cheap check.
A second name's hits count only for the family base's entities (screener): "Linc Technology Corporation dba
Data-Linc Group" must not reach a listed "Leon Technology" through one of its halves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ictguard.errors import DataFileError
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_yaml

MIN_CUT = 2  # characters of a Chinese legal form left at the end ("有限"): a lone "有" may be a word's own
_EDGES = re.compile(r"^[\s,;:–-]+|[\s,;:–-]+$")


@dataclass(frozen=True, slots=True)
class NameForms:
    brand_connectors: frozenset[str]
    markers: re.Pattern[str]  # "A <marker> B"
    marker_words: frozenset[bytes]  # a marker's first word, if longer than a letter (the cheap check)
    marker_strings: tuple[str, ...]  # else a string it contains: "/" (d/b/a, f/k/a), "d.b.a."
    chinese_legal_forms: tuple[str, ...]


@lru_cache(maxsize=1)
def name_forms(path: Path = DATA_DIR / "name_forms.yaml") -> NameForms:
    doc = check_keys(load_yaml(path), path, {"brand_connectors", "other_name_markers", "chinese_legal_forms"})
    connectors = check_keys(doc["brand_connectors"], path, {"source", "words"})
    markers = check_keys(doc["other_name_markers"], path, {"source", "phrases"})
    chinese = check_keys(doc["chinese_legal_forms"], path, {"source", "forms"})
    for entry, key in ((connectors, "words"), (markers, "phrases"), (chinese, "forms")):
        values = entry[key]
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() == v and v for v in values):
            raise DataFileError("expected a list of non-empty strings", file=path, line=entry["__line__"], field=key)
    phrases = sorted((str(p).lower() for p in markers["phrases"]), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    pattern = re.compile(rf"(?<![\w/.])(?:{body})(?![\w/])", re.IGNORECASE)
    lettered = [p for p in phrases if len(words(p)[0]) == 1]  # "d/b/a", "d.b.a.": "d" is in too many names
    hints = frozenset(words(p)[0] for p in phrases if p not in lettered)  # "trading as" -> "trading"
    strings = tuple(dict.fromkeys("/" if "/" in p else p for p in lettered))
    return NameForms(
        frozenset(str(w).lower() for w in connectors["words"]),
        pattern,
        hints,
        strings,
        tuple(str(f) for f in chinese["forms"]),
    )


def has_marker(name: str, plain: list[bytes]) -> bool:
    """``name`` (its ``words``) may carry a second name's marker: a cheap check before the regular expression."""
    forms = name_forms()
    return not forms.marker_words.isdisjoint(plain) or any(map(name.lower().__contains__, forms.marker_strings))


def other_names(name: str) -> tuple[str, ...]:
    """ "A d/b/a B" -> (A, B); "A (formerly B)" -> (A, B); else ()."""
    if not has_marker(name, words(name)):
        return ()
    match = name_forms().markers.search(name)
    if match is None:
        return ()
    first, second = _trim(name[: match.start()]), _trim(name[match.end() :])
    if not first or not second:
        return ()  # "DBA Systems Inc": the marker is the name's own word
    return (first, second)


_PUNCTUATION = b"()[]{}.,;:/&'\"-"
_SPACES = bytes.maketrans(_PUNCTUATION, b" " * len(_PUNCTUATION))


def words(name: str) -> list[bytes]:
    """Lower-case words as UTF-8 bytes, punctuation as spaces: the cheap checks' view of a name (bytes methods
    are several times faster than a regular expression or a str translation here)."""
    return name.lower().encode("utf-8", "ignore").translate(_SPACES).split()


def _trim(part: str) -> str:
    """A part without the separators and the bracket the marker stood in ("A (formerly B)")."""
    part = _EDGES.sub("", part)
    while part and part[-1] in "([" or (part.endswith(")") and part.count("(") < part.count(")")):
        part = _EDGES.sub("", part[:-1])
    while part and part[0] in ")]" or (part.startswith("(") and part.count("(") > part.count(")")):
        part = _EDGES.sub("", part[1:])
    return part


def completed_legal_form(name: str) -> tuple[str, ...]:
    """A Chinese name ending inside a legal form ("海能达通信股份有") with each form it can be the start of."""
    if not name or not "\u3400" <= name[-1] <= "\u9fff":
        return ()
    out: list[str] = []
    for form in name_forms().chinese_legal_forms:
        for cut in range(len(form) - 1, MIN_CUT - 1, -1):
            if name.endswith(form[:cut]) and len(name) > cut:
                out.append(name + form[cut:])
                break
    return tuple(dict.fromkeys(out))
