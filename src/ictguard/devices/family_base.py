"""The device side's view of the covered-family knowledge base (``data/families``, read through
``ictguard.families``): one base for screening, ``decide`` and the device audit.

- ``FamilyNames.resolve``: a vendor or manufacturer name in any script or legal form ("华为技术有限公司",
  "Huawei Techs Co Ltd", "Хуавэй", "EZVIZ Inc.") → the family and member it names, normalised the way screening
  normalises names (``screening.normalize``: scripts, legal forms, abbreviations). A Chinese name must also carry
  the characters of one of the family's Chinese names: pinyin alone cannot tell 华为 from its homophone 华威.
- ``member_path``: the path a verdict prints ("EZVIZ → subsidiary of Hangzhou Hikvision … [source]; covered under
  …"), and whether the member belongs to the family on the audit date (a sold brand stops being covered on its
  sale date; the dates are the family base's, never repeated in the device data).
- ``check_device_families``: the load-time cross-check that keeps the two directories one base: every device
  family id is a family of ``data/families`` whose company it is, every member a record names exists there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ictguard.errors import DataFileError
from ictguard.families import Family, Member, default_families
from ictguard.families.coverage import member_coverage, path_text
from ictguard.screening.normalize import Kind, normalize
from ictguard.screening.script import has_han

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Chinese legal-form and group endings: a Chinese name's distinctive characters are what comes before them.
_HAN_LEGAL_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|公司|股份)+$")


@dataclass(frozen=True)
class FamilyName:
    """A spelling of the family base, and whom it names: the parent (``member`` None) or a member."""

    family: str
    member: str | None
    spelling: str
    source: str


@lru_cache(maxsize=1)
def _converter() -> object:
    import opencc  # the converter screening uses (screening/script.py)

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    return str(_converter().convert(text))  # type: ignore[attr-defined]


def _han_core(name: str) -> str:
    """The Han characters of a Chinese name, simplified, without its legal-form ending."""
    return _HAN_LEGAL_TAIL.sub("", "".join(_HAN.findall(_simplified(name))))


class FamilyNames:
    """Every name of the covered families the device vendors stand for, keyed the way screening normalises."""

    def __init__(self, families: dict[str, Family], family_ids: set[str]) -> None:
        self.families = {fid: families[fid] for fid in sorted(family_ids) if fid in families}
        self._by_key: dict[str, list[FamilyName]] = {}
        #: (family, member) -> the distinctive Han characters of its Chinese names
        self._han: dict[tuple[str, str | None], set[str]] = {}
        #: the core words of every key: an ASCII name containing none of them cannot normalise to a key, so it is
        #: not normalised at all (most organisation names an audit reads are not a family's)
        self._words: set[str] = set()
        self._word_re: re.Pattern[str] | None = None
        for family in self.families.values():
            parent = family.parent
            where = f"data/families/{family.id}.yaml"
            self._add(family.id, None, [(n, f"{where} (list name)") for n in (parent.name, *parent.list_names)])
            self._add(family.id, None, [(n.name, n.source) for n in parent.names])
            self._add(family.id, None, _screening_aliases(parent.list_names))
            for member in family.members:
                self._add(family.id, member.id, [(member.name, member.source)])
                self._add(family.id, member.id, [(n.name, n.source) for n in member.names])

    def _add(self, family: str, member: str | None, spellings: list[tuple[str, str]]) -> None:
        for spelling, source in spellings:
            normal = normalize(spelling)
            key = normal.key
            self._words.update([t.text for t in normal.tokens if t.kind is Kind.CORE] or key.split())
            if key:
                entries = self._by_key.setdefault(key, [])
                if all((e.family, e.member) != (family, member) for e in entries):
                    entries.append(FamilyName(family, member, spelling, source))
            if has_han(spelling):
                han = _han_core(spelling)
                if len(han) >= 2:
                    self._han.setdefault((family, member), set()).add(han)

    def han_confirms(self, value: str, family: str, member: str | None = None) -> bool:
        """Whether a Chinese ``value`` carries the characters of a Chinese name of the family (of ``member``
        when given, else of the parent or any member)."""
        text = _simplified(value)
        keys = [(family, member)] if member is not None else [k for k in self._han if k[0] == family]
        return any(core in text for key in keys for core in self._han.get(key, ()))

    @property
    def _core_words(self) -> re.Pattern[str]:
        if self._word_re is None:
            words = sorted(self._words, key=len, reverse=True)
            self._word_re = re.compile("|".join(re.escape(w) for w in words))
        return self._word_re

    def resolve(self, value: str) -> FamilyName | None:
        """The family name ``value`` spells (same normalised name), or None. Ambiguous spellings resolve to
        nothing rather than to a guess."""
        if value.isascii() and not self._core_words.search(value.casefold()):
            return None
        found = self._by_key.get(normalize(value).key, [])
        if has_han(value):
            found = [f for f in found if self.han_confirms(value, f.family, f.member)]
        if len(found) > 1:  # "EZVIZ" and "EZVIZ Inc." normalise alike: the one spelled exactly as written wins
            found = [f for f in found if f.spelling.casefold() == value.strip().casefold()]
        return found[0] if len(found) == 1 else None

    def member(self, family: str, member: str) -> Member | None:
        return next((m for m in self.families[family].members if m.id == member), None)


def _screening_aliases(list_names: tuple[str, ...]) -> list[tuple[str, str]]:
    """The cited aliases (data/screening/aliases.yaml) of the list entries spelled like the parent: the Chinese
    legal names screening attaches to them ("华为技术有限公司" to "Huawei Technologies Co., Ltd.")."""
    from ictguard.screening.datafiles import load_alias_groups

    keys = {normalize(n).key for n in list_names}
    return [
        (alias.name, f"data/screening/aliases.yaml: {alias.source}")
        for group in load_alias_groups()
        if any(normalize(n).key in keys for n in group.list_names)
        for alias in group.aliases
    ]


@dataclass(frozen=True)
class MemberPath:
    """A member's tie to its covered parent on a date, as a reviewer reads it."""

    family: str
    member: str
    name: str
    in_family: bool
    text: str


def member_path(family_id: str, member_id: str, on: date) -> MemberPath | None:
    """The member's path (``families.coverage.path_text``: relation, source, dates, the regimes that reach it),
    and whether it belongs to the family on ``on``."""
    from ictguard.lists.curated import default_regimes

    family = default_families().get(family_id)
    member = next((m for m in family.members if m.id == member_id), None) if family else None
    if family is None or member is None:
        return None
    text = path_text(family, member, member_coverage(family, member, default_regimes()))
    inside = member.in_family(on)
    if not inside:
        text += f"; not in the family on {on.isoformat()}, so not covered through it"
        if member.until and on >= member.until:
            text += " (equipment made before the sale may still be the parent's: check its manufacture date)"
    return MemberPath(family.id, member.id, member.name, inside, text)


def check_device_families(path: Path, family: str, members: list[tuple[str, int]]) -> None:
    """The device data of ``family`` (file ``path``) against the family base: the family exists there, is the
    family of that company, and every member a record names is one of its members."""
    families = default_families()
    found = families.get(family)
    if found is None or found.company != family:
        raise DataFileError(
            f"family {family!r} is not a family of data/families (one per covered company, keyed by its id)",
            file=path,
            field="family",
        )
    known = {m.id for m in found.members}
    for member, line in members:
        if member not in known:
            raise DataFileError(
                f"member {member!r} is not a member of data/families/{family}.yaml",
                file=path,
                line=line,
                field="member",
            )


def check_vendor_families(vendors: dict[str, str | None], path: Path) -> None:
    """Every vendor that names a family (vendors.yaml ``family``) names a family of data/families."""
    families = default_families()
    for name, family in vendors.items():
        if family is not None and (family not in families or families[family].company != family):
            raise DataFileError(
                f"vendor {name!r}: family {family!r} is not a family of data/families", file=path, field="family"
            )


@lru_cache(maxsize=1)
def default_family_names() -> FamilyNames:
    from ictguard.devices.fingerprints import default_vendors

    return FamilyNames(default_families(), {v.family for v in default_vendors().values() if v.family})
