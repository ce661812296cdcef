"""Legal forms at the ends of a company name (``data/rules/meta/legal_forms.yaml``).

The resolver drops them before the exact match, in every language the file knows, and compares them afterwards:
the same words under a different legal form (and, for the interchangeable English forms, another country) are a
different company until a reviewer says otherwise, so such a match is only possible, never exact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ictguard.errors import DataFileError
from ictguard.lists.curated import Record, load_yaml, records
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
    return read_table(META_DIR / "legal_forms.yaml")


def read_table(path: Path) -> _Table:
    """The legal-form table of one file; every error names the file, the row's line and the field."""
    trailing: dict[tuple[str, ...], str] = {}
    leading: dict[tuple[str, ...], str] = {}
    common: set[str] = set()
    for row in records(load_yaml(path), "forms", path):
        rec = Record(row, path, {"form", "family", "leading", "phrases"}, where="forms[]")
        form = rec.text("form")
        family = rec.get("family")
        if family is not None and family != "common":
            raise rec.error("family", f"only `common` is known, not {family!r}")
        if family == "common":
            common.add(form)
        for phrase in rec.str_list("phrases", required=True):
            # Phrases are compared with normalised (lower-case) names: another spelling would never match.
            if not phrase.strip() or phrase != phrase.lower():
                raise rec.error("phrases", f"phrase {phrase!r} must be non-empty and lower-case")
            key = tuple(_join_initials(phrase.split()))
            if key in trailing and trailing[key] != form:
                raise rec.error("phrases", f"phrase {phrase!r} belongs to two forms ({trailing[key]} and {form})")
            trailing[key] = form
            if rec.flag("leading"):
                leading[key] = form
    if not trailing:
        raise DataFileError("no legal forms", file=path, field="forms")
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
