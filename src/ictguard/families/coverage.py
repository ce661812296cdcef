"""Which regime reaches a family member, from when, and the path that explains it.

§889(f)(3) and the FCC Covered List reach "any subsidiary or affiliate" of the named companies (regime_rules.md
R-889-DEF, R-FCC-COVLIST), so a member is covered by them while it belongs to the family and the regime is in
force. The Entity List is different: it binds what it lists, plus (R-EL-AFFILIATES) firms at least 50 % owned
by listed parties while that rule is in force; a member is never reported as listed because its parent is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ictguard.families.model import Family, Member
from ictguard.lists.curated import RegimeData

# FAR interim rule 84 FR 40216: §889(a)(1)(A) effective 2019-08-13 (regime_rules.md R-889A).
NDAA889_START = date(2019, 8, 13)
RELATION_WORDS = {
    "subsidiary": "subsidiary",
    "brand": "brand",
    "affiliate": "affiliate",
    "joint_venture": "joint venture",
    "former_name": "former name",
}


@dataclass(frozen=True, slots=True)
class Coverage:
    regime: str  # "NDAA889" or "FCC-COVERED"
    start: date
    end: date | None  # last covered day (inclusive); None = open
    citation: str

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    def text(self) -> str:
        span = f"from {self.start.isoformat()}" + (f" to {self.end.isoformat()}" if self.end else "")
        return f"{self.citation} {span}"


def member_coverage(family: Family, member: Member, regimes: RegimeData) -> list[Coverage]:
    """The §889 and Covered List coverage of ``member`` (empty for a family whose parent is on neither)."""
    company = regimes.companies.get(family.company) if family.company else None
    if company is None:
        return []
    result: list[Coverage] = []
    begin = member.since
    end = member.last_day
    if company.ndaa889_limb:
        start = max(begin or NDAA889_START, NDAA889_START)
        qualified = " when used for the listed security purposes" if company.purpose_qualified else ""
        if end is None or start <= end:
            result.append(
                Coverage(
                    "NDAA889",
                    start,
                    end,
                    f"NDAA §889(f)(3)({company.ndaa889_limb}) (subsidiary or affiliate){qualified}",
                )
            )
    for entry in regimes.covered_list:
        if entry.company != company.id:
            continue
        start = max(begin or entry.added, entry.added)
        if end is None or start <= end:
            result.append(
                Coverage(
                    "FCC-COVERED", start, end, f"FCC Covered List entry {entry.number} (subsidiaries and affiliates)"
                )
            )
    return result


def path_text(family: Family, member: Member, coverage: list[Coverage]) -> str:
    """One line a reviewer reads: the member, its tie to the parent with the source, and what covers it (the
    Entity List part, which depends on the list version, is ``el_text``)."""
    tie = RELATION_WORDS[member.relation]
    if member.share is not None:
        tie += f" ({member.share:.0%} owned)" if member.share < 1 else " (wholly owned)"
    dates = ""
    if member.since or member.until:
        dates = (
            " ["
            + (f"from {member.since.isoformat()}" if member.since else "")
            + (
                f"{' ' if member.since else ''}until {member.until.isoformat()} (not in the family from that day)"
                if member.until
                else ""
            )
            + f"; {member.dates_source}]"
        )
    flag = " (unverified)" if member.unverified else ""
    parts = [f"{member.name} → {tie} of {family.parent.name} [{member.source}]{flag}{dates}"]
    if coverage:
        parts.append("covered under " + " and ".join(c.text() for c in coverage))
    else:
        parts.append("not a §889 or FCC Covered List company")
    if member.note:
        parts.append(member.note)
    return "; ".join(parts)


def el_text(member: Member, *, listed: bool | None, parent_listed: bool) -> str:
    """The Entity List part of the path: a member is never reported as listed because its parent is."""
    if listed is True:
        return "also on the Entity List under its own entry"
    if listed is None:
        return "Entity List status not checked (no Entity List entries loaded)"
    if member.relation == "brand":
        return "a brand, not itself on the Entity List" + (
            " (its owner is: the owner's entry applies when the owner is a party to the transaction)"
            if parent_listed
            else ""
        )
    text = "not itself on the Entity List"
    if parent_listed:
        share = "" if member.share is None else f"; recorded share {member.share:.0%}"
        text += (
            " (its parent is; the Affiliates Rule, R-EL-AFFILIATES, reaches a firm ≥50 % owned by listed "
            f"parties only while that rule is in force{share})"
        )
    return text
