"""Legal forms at the ends of a company name (``data/rules/meta/legal_forms.yaml``).

The resolver drops them before the exact match, in every language the file knows, and compares them afterwards:
the same words under a different legal form (and, for the interchangeable English forms, another country) are a
different company until a reviewer says otherwise, so such a match is only possible, never exact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ictguard.errors import DataFileError
from ictguard.lists.curated import load_yaml
from ictguard.rules.instruments import META_DIR

MIN_CORE_WORDS = 1  # a name is never reduced to nothing but its legal form


@dataclass(frozen=True, slots=True)
class _Table:
    trailing: dict[tuple[str, ...], str]
    leading: dict[tuple[str, ...], str]
    longest: int
    common: frozenset[str]


@lru_cache(maxsize=1)
def _table() -> _Table:
    path = META_DIR / "legal_forms.yaml"
    data = load_yaml(path)
    trailing: dict[tuple[str, ...], str] = {}
    leading: dict[tuple[str, ...], str] = {}
    common: set[str] = set()
    for row in data.get("forms") or ():
        form, phrases = row.get("form"), row.get("phrases")
        if not isinstance(form, str) or not isinstance(phrases, list) or not phrases:
            raise DataFileError(f"{path}: each form needs `form` and a list of `phrases`: {row!r}")
        if row.get("family") == "common":
            common.add(form)
        for phrase in phrases:
            key = tuple(_join_initials(str(phrase).split()))
            if key in trailing and trailing[key] != form:
                raise DataFileError(f"{path}: phrase {phrase!r} belongs to two forms")
            trailing[key] = form
            if row.get("leading"):
                leading[key] = form
    return _Table(trailing, leading, max(len(k) for k in trailing), frozenset(common))


def _join_initials(words: list[str]) -> list[str]:
    """Runs of single letters are one word ("s r l" -> "srl"), as an abbreviated legal form is written."""
    out: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return out


def split_forms(words: list[str]) -> tuple[list[str], frozenset[str]]:
    """The name's words without the legal forms at its ends, and those forms (canonical)."""
    table = _table()
    core = _join_initials(words)
    forms: set[str] = set()
    for phrases, at_end in ((table.trailing, True), (table.leading, False)):
        while len(core) > MIN_CORE_WORDS:
            found = None
            for size in range(min(table.longest, len(core) - MIN_CORE_WORDS), 0, -1):
                key = tuple(core[-size:]) if at_end else tuple(core[:size])
                if key in phrases:
                    found = (size, phrases[key])
                    break
            if found is None:
                break
            forms.add(found[1])
            core = core[: -found[0]] if at_end else core[found[0] :]
    return core, frozenset(forms)


def form_conflict(
    party_forms: frozenset[str], entry_forms: frozenset[str], country: str | None, entry_countries: Iterable[str]
) -> str | None:
    """Why a party and a list entry of the same name may be different companies, or None."""
    if not party_forms or not entry_forms or party_forms & entry_forms:
        return None
    common = _table().common
    if party_forms <= common and entry_forms <= common:
        countries = {c.upper() for c in entry_countries if c}
        if not country or not countries or country.upper() in countries:
            return None
    theirs = ", ".join(sorted(entry_forms))
    where = f" in {country.upper()}" if country else ""
    return (
        f"the names agree only without their legal forms: the party is a {', '.join(sorted(party_forms))}"
        f"{where}, the listed entity a {theirs}"
    )
