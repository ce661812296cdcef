"""A brand or member named together with its own family's parent: "HiLook by Hikvision", "Nubia by ZTE",
"Dahua Imou", "Hikvision HiWatch". The query is also compared as the member's name ("HiLook"), so the member's
family-base hit and its path come back.

Read from the family base (data/families): a query reads so only when it carries every distinctive word of a
parent's name, and its other words, connectors aside ("by", "powered by", "series": name_forms.yaml), are the
words of one of that parent's own members, all its distinctive words included. A firm that only shares a word
with a member, or names a member of another family, reads as nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ictguard.families.entities import FAMILY_SOURCE, spelling
from ictguard.families.load import default_families
from ictguard.families.model import Family
from ictguard.model import Entity
from ictguard.screening.name_forms import completed_legal_form, has_marker, name_forms, other_names, words
from ictguard.screening.normalize import Kind, normalize

MIN_PARENT_WORD = 3  # "sz" of "SZ DJI Technology" is no parent word of its own
_BRACKETS = re.compile(r"[()\[\]]")  # "HiLook (Hikvision)": the bracket holds the parent, not an acronym


@dataclass(frozen=True, slots=True)
class _MemberName:
    spelling: str
    words: frozenset[str]  # every word but legal forms
    core: frozenset[str]  # its distinctive words


@dataclass(frozen=True, slots=True)
class _Parent:
    words: frozenset[str]
    members: tuple[_MemberName, ...]


def _words(name: str) -> tuple[frozenset[str], frozenset[str]]:
    tokens = [t for t in normalize(_BRACKETS.sub(" ", name), "Company").tokens if t.kind is not Kind.LEGAL]
    return frozenset(t.text for t in tokens), frozenset(t.text for t in tokens if t.kind is Kind.CORE)


def _parent(family: Family) -> _Parent | None:
    """The words every Latin name of the parent shares (Hikvision's "hikvision"), and its members' names."""
    shared: frozenset[str] | None = None
    for name in (family.parent.name, *family.parent.list_names):
        if name.isascii():
            core = frozenset(w for w in _words(name)[1] if len(w) >= MIN_PARENT_WORD)
            shared = core if shared is None else shared & core
    if not shared:
        return None
    members = []
    for member in family.members:
        for written in member.spellings:
            words, core = _words(written)
            if core and not core & shared:  # "Huawei Device USA" names the parent itself: no brand reading
                members.append(_MemberName(written, words, core))
    return _Parent(shared, tuple(members))


@lru_cache(maxsize=1)
def _parents() -> tuple[dict[str, tuple[_Parent, ...]], frozenset[str]]:
    """The parents by each of their words (the cheap check is one lookup per query word)."""
    by_word: dict[str, list[_Parent]] = {}
    for family in default_families().values():
        parent = _parent(family)
        if parent is not None:
            for word in parent.words:
                by_word.setdefault(word, []).append(parent)
    return {w: tuple(ps) for w, ps in by_word.items()}, frozenset(by_word)


@lru_cache(maxsize=1)
def _parent_words() -> frozenset[bytes]:
    return frozenset(w.encode() for w in _parents()[1])


def family_forms(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Other spellings of ``name``: (those compared like any spelling: a Chinese legal form written out; those whose
    hits count for the family base's entities only: a second name after "d/b/a", a brand named with its parent).
    One pass of string methods decides for most names that there are none."""
    completed = completed_legal_form(name) if "\u3400" <= name[-1:] <= "\u9fff" else ()
    plain = words(name)
    others = other_names(name) if has_marker(name, plain) else ()
    brands = () if _parent_words().isdisjoint(plain) else brand_spellings(name)
    return completed, (*others, *brands)


def brand_spellings(name: str) -> tuple[str, ...]:
    """The names of the members ``name`` names together with their parent (usually none)."""
    by_word, parent_words = _parents()
    if parent_words.isdisjoint([t.text for t in normalize(name, "Company").tokens]):
        return ()  # most names: no parent's word at all
    words, _ = _words(name)
    found: dict[str, int] = {}  # each member spelling read, with the words it has beyond the query's
    for word in words & parent_words:
        for parent in by_word[word]:
            if not parent.words <= words:
                continue
            rest = words - parent.words - name_forms().brand_connectors
            for m in parent.members:
                if rest and m.core <= rest <= m.words:
                    found[m.spelling] = len(m.words - rest)
    fewest = min(found.values(), default=0)  # "EZVIZ", not also "Hangzhou EZVIZ Network Co., Ltd."
    return tuple(s for s, extra in found.items() if extra == fewest)


@lru_cache(maxsize=1)
def _parent_spellings() -> frozenset[str]:
    return frozenset(spelling(n) for f in default_families().values() for n in f.parent.list_names)


def from_family_base(entity: Entity) -> bool:
    """A family member's entity, or a list entry spelled like a family parent's list name."""
    return entity.source == FAMILY_SOURCE or any(spelling(n) in _parent_spellings() for n in entity.names)
