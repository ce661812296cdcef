"""Presumed local subsidiaries: a covered family's name plus a place ("Hikvision Europe B.V.").

§889(f)(3) and the FCC Covered List reach "any subsidiary or affiliate" of the companies they name
(regime_rules.md R-889-DEF, R-FCC-COVLIST), and covered vendors trade through a company per country or region
("Dahua Technology Italy S.r.l.", "Huawei Technologies Co., Ltd. Egypt Branch"). No knowledge base lists them
all, so a name that is a family's parent or member name plus a place is reported as a presumed member: the
family's one ``local_subsidiary`` entity, marked unverified, so a reviewer confirms ownership. Only families a
§889 or Covered List entry reaches get one; the Entity List is never extended this way.

This module holds the data side (which names anchor the presumption, and the entity a hit points to); the
comparison that needs the screening normaliser is ``ictguard.screening.local_subsidiary``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ictguard.families.coverage import member_coverage, path_text
from ictguard.families.model import Family, Member
from ictguard.lists.curated import RegimeData

LOCAL_MEMBER_ID = "local_subsidiary"
_SOURCE = (
    "presumed from the name (the family's name plus a country, region or city); §889(f)(3) and the FCC Covered "
    "List reach subsidiaries and affiliates; confirm the ownership"
)
# ISO 3166 keeps "ZZ" for an unknown territory: a presumed member's country is whatever place its name carries.
_UNKNOWN_COUNTRY = "ZZ"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A family name a presumed local subsidiary's name is built on, with the days it counts."""

    family_id: str
    name: str
    since: date | None = None
    until: date | None = None  # first day it no longer counts (a sold brand)

    def counts_on(self, on: date) -> bool:
        return (self.since is None or self.since <= on) and (self.until is None or on < self.until)


def local_member(family: Family) -> Member:
    """The family's one presumed member: "local subsidiary or branch of <parent>", unverified."""
    return Member(
        id=LOCAL_MEMBER_ID,
        name=f"Local subsidiary or branch of {family.parent.name}",
        relation="subsidiary",
        country=_UNKNOWN_COUNTRY,
        source=_SOURCE,
        unverified=True,
    )


def reaches_subsidiaries(family: Family, regimes: RegimeData) -> bool:
    """True when a §889 or Covered List entry reaches the family's subsidiaries (its parent is such a company)."""
    return bool(member_coverage(family, local_member(family), regimes))


def anchors(families: dict[str, Family], regimes: RegimeData) -> list[Anchor]:
    """Every Latin-script name of the parent and of each member (with the member's dates) of the families a §889
    or Covered List entry reaches. Former names and brands count like the rest: "EZVIZ Europe" is EZVIZ's."""
    result: list[Anchor] = []
    for family in families.values():
        if not reaches_subsidiaries(family, regimes):
            continue
        parent_names = (family.parent.name, *family.parent.list_names)
        parent_names += tuple(n.name for n in family.parent.names if n.script in ("en", "latin"))
        result.extend(Anchor(family.id, name) for name in dict.fromkeys(parent_names))
        for member in family.members:
            names = (member.name, *(n.name for n in member.names if n.script in ("en", "latin")))
            result.extend(Anchor(family.id, name, member.since, member.until) for name in dict.fromkeys(names))
    return result


def local_path_text(family: Family, regimes: RegimeData) -> str:
    member = local_member(family)
    return path_text(family, member, member_coverage(family, member, regimes))
