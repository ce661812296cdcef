"""Pydantic models of one family file. Every fact carries its source; dated facts their window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Relation = Literal["subsidiary", "brand", "affiliate", "joint_venture", "former_name"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NameFact(_Strict):
    """One spelling users meet, with where it is attested."""

    name: str = Field(min_length=1)
    script: Literal["en", "zh-Hans", "zh-Hant", "ru", "latin", "other"] = "en"
    source: str = Field(min_length=3)
    # True when this session could not check the spelling against the cited source: shown in every explanation.
    unverified: bool = False


class Parent(_Strict):
    name: str = Field(min_length=1)
    # Spellings of the parent as printed on the lists / curated regime data: the parent's other names attach to
    # every list entry spelled like one of these (case and punctuation aside), like data/screening/aliases.yaml.
    list_names: tuple[str, ...] = Field(min_length=1)
    names: tuple[NameFact, ...] = ()


class Member(_Strict):
    """A brand, subsidiary, affiliate or joint venture of the parent, in the family from ``since`` until the day
    before ``until`` (a sale or spin-off date: not covered from that day on)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1)
    relation: Relation
    country: str = Field(pattern=r"^[A-Z]{2}$")
    names: tuple[NameFact, ...] = ()
    share: float | None = Field(default=None, ge=0.0, le=1.0)  # the parent's ownership, where published
    since: date | None = None
    until: date | None = None
    source: str = Field(min_length=3)
    dates_source: str | None = None
    unverified: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _dates(self) -> Member:
        if self.since and self.until and self.until <= self.since:
            raise ValueError("until must be after since")
        if (self.since or self.until) and not self.dates_source:
            raise ValueError("a dated member needs dates_source (the citation for its dates)")
        return self

    @property
    def last_day(self) -> date | None:
        """The last day the member belongs to the family (the day before ``until``)."""
        return self.until - timedelta(days=1) if self.until else None

    def in_family(self, on: date) -> bool:
        return (self.since is None or self.since <= on) and (self.until is None or on < self.until)

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *(n.name for n in self.names))


class Family(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    # The id in data/regimes/companies.yaml when the parent is a §889 / Covered List company (None for families
    # whose parent is only on the Entity List: members are reached there only through the Affiliates Rule).
    company: str | None = None
    parent: Parent
    members: tuple[Member, ...] = ()

    @field_validator("members")
    @classmethod
    def _unique(cls, members: tuple[Member, ...]) -> tuple[Member, ...]:
        seen: set[str] = set()
        for m in members:
            if m.id in seen:
                raise ValueError(f"duplicate member id {m.id!r}")
            seen.add(m.id)
        return members


__all__ = ["Family", "Member", "NameFact", "Parent", "Relation"]
