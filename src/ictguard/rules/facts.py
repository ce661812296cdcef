"""Facts: what the rules' conditions can look at, computed for each case (a subject of a transaction).

A *case* is one party (or item manufacturer) paired with one item, seen by one regime: an Entity List party
of an export, a foreign-adversary supplier of an ICT transaction, a §889 / Covered List company. The rule
files only name facts from :data:`FACTS`; every fact here is documented there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ictguard.families.model import Family, Member
from ictguard.lists.brand_exclusions import BrandExclusion
from ictguard.lists.curated import CoveredListEntry, CuratedCompany, ElListing, RegimeData
from ictguard.model import Entity
from ictguard.rules import families
from ictguard.rules.exclusions import BrandExclusions, exclusion_note
from ictguard.rules.jurisdiction import jurisdiction_facts, stated_origin
from ictguard.rules.party_lists import other_list_cases, other_lists
from ictguard.rules.resolver import PartyResolver, ResolvedParty, form_doubt, normalize_name
from ictguard.rules.transaction import Item, Owner, Party, Transaction

FACTS: dict[str, str] = {
    "date": "the day the rules are applied (transaction date or --as-of)",
    "kind": "transaction kind",
    "purpose": "transaction purpose text",
    "role": "the subject party's role ('manufacturer' for an item's maker)",
    "supply_side": "the subject supplies, makes, carries or provides (not a buyer or agency)",
    "company": "curated §889 / Covered List company id of the subject (subsidiaries included)",
    "company_basis": "how the company was resolved: name, ownership, brand, listing, family (knowledge base)",
    "purpose_qualified": "the company is covered only for security purposes (Hytera, Hikvision, Dahua)",
    "listing": "special Entity List listing id of the matched entry (EL-HUAWEI-1 …), or EL-GEN",
    "listing_effective": "legal effective date of the matched Entity List entry",
    "listing_policy": "licence review policy of the matched entry for this item",
    "footnote1": "the matched entry carries the Huawei footnote 1 (FDP rule) designation",
    "listed_owner_share": "aggregate share held by Entity List owners in force (unlisted subject)",
    "us_person": "the subject party is a US person (organised or located in the US): the Affiliates Rule "
    "reaches foreign entities only",
    "party.owners": "names of the subject party's owners, as stated (parties[].owners); absent when none given",
    "company_listed": "the company the subject belongs to (by name, brand or family) is itself on the Entity "
    "List on the date",
    "owner_policy": "strictest review policy among those listed owners",
    "owner_rule": "rule id of the listed owner's entry",
    "fa_country": "foreign adversary (15 CFR 791.4) the subject is linked to on the date",
    "fa_basis": "how: country (organised or resident there), ownership (>= 50 %), control (a recorded finding that "
    "the company is owned and controlled from there: data/regimes/companies.yaml controlled_from), name",
    "eo_country": "country of concern for the period before the ICTS list existed",
    "fa_unverified": "a foreign adversary listing the subject's country falls under that is unverified [U] and "
    "off by configuration (Macau)",
    "covlist_number": "FCC Covered List entry number matched",
    "covlist_added": "date the matched Covered List entry was added",
    "covlist_bar_start": "first day of the 47 CFR 54.10 subsidy bar (added + 60 days)",
    "covlist_purpose_qualified": "the Covered List entry is purpose-qualified",
    "covlist_equipment": "the item is equipment (not a service) under the matched entry",
    "license_covers": "a specific licence is in context and its stated scope covers this case",
    "context.tgl_prong": "",
    "context.contract_date": "",
    "context.product_public_release": "",
    "context.specific_license": "a specific licence is given",
    "context.license_granted": "",
    "context.license_expires": "",
    "context.waiver": "",
    "context.security_purpose": "",
    "context.exception": "",
    "context.funding": "",
    "context.new_agreement": "",
    "context.model_year": "",
    "context.production_started": "",
    "context.model_authorized_before": "",
    "item.description": "",
    "item.eccn": "",
    "item.category": "",
    "item.manufacturer": "",
    "item.produced_abroad_with_us_tech": "",
    "item.origin_country": "where the item was produced, as stated in the transaction (never guessed)",
    "item.maker_country": "the item maker's country (the maker party's, or the named company's)",
    "item.us_content_share": "share (0..1) of controlled US-origin content by value, as stated",
    "item.below_de_minimis": "the exporter's own de minimis finding, as stated",
    "item.huawei_design": "the foreign-made item was produced from a Huawei (footnote 1 entity) design",
    "ear_jurisdiction": "why the item is or is not subject to the EAR (data/rules/meta/ear_jurisdiction.yaml); "
    "absent when a foreign-made item's US content is not given",
    "ear_subject": "the item is subject to the EAR apart from the foreign direct product rules",
    "de_minimis_level": "the de minimis level for the destinations (15 CFR 734.4)",
    "listing_rule": "rule id of the matched Entity List entry's listing (R-EL-GEN for an ordinary entry)",
    "other_list": "code of a list other than the Entity List that the subject is on (DPL, MEU, UVL, SDN …)",
    "other_list_name": "that list's published name",
    "other_list_programs": "the entry's programmes, as listed",
    "covlist_foreign_only": "the matched Covered List entry covers only items produced in a foreign country",
    "covlist_origin_unknown": "number of a categorical Covered List entry the item may fall under, its "
    "production country not being given",
    "covlist_category": "the categorical Covered List entry's category",
}

EAR_ROLES = frozenset({"consignee", "end_user", "intermediate", "purchaser"})
# US persons for the Affiliates Rule: entities organised in the US or its territories (EO 13873 §3 definition).
US_COUNTRIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM"})
SUPPLY_ROLES = frozenset({"supplier", "manufacturer", "exporter", "carrier", "contractor", "applicant", "intermediate"})
EQUIPMENT_CATEGORIES = frozenset({"telecom_equipment", "video_surveillance", "drone", "semiconductors", "other"})
_POLICY_WORDS = (
    ("presumption of denial", "presumption_of_denial"),
    ("case-by-case", "case_by_case"),
    ("case by case", "case_by_case"),
    ("presumption of approval", "presumption_of_approval"),
)
POLICY_RANK = {"presumption_of_denial": 0, "case_by_case": 1, "presumption_of_approval": 2}
_EAR99_NOTE_TERMS = ("1a995", "chemical", "biological", "cb-protection", "cb protection")
# How a categorical Covered List entry's category reads in a sentence (the entries' own words).
_CATEGORY_LABELS = {"foreign_uas": "UAS and UAS critical components", "foreign_routers": "routers"}


@dataclass
class Case:
    regime: str
    party: str | None
    matched: str | None
    facts: dict[str, Any] = field(default_factory=dict)
    # What the facts rest on beyond the rule's own citations (a Covered List notice, a family fact), cited with
    # the finding.
    citations: tuple[str, ...] = ()


def _owners_key(owners: tuple[Owner, ...]) -> tuple[Any, ...]:
    """What of an ownership chain company_of looks at, as a hashable key."""
    if not owners:
        return ()
    return tuple((o.name, o.country, o.share, _owners_key(o.owners)) for o in owners)


def _policy_text(text: str | None) -> str | None:
    low = (text or "").lower()
    for words, policy in _POLICY_WORDS:
        if words in low:
            return policy
    return None


class FactBuilder:
    """Builds the cases of one transaction (resolving names through the resolver, cached)."""

    def __init__(self, regimes: RegimeData, resolver: PartyResolver, *, macau: bool = False) -> None:
        self.regimes = regimes
        self.resolver = resolver
        self.macau = macau
        self._brands = [(c, c.brand_tokens) for c in regimes.companies.values() if c.brand_tokens]
        self._exclusions = BrandExclusions(regimes)
        # Names a brand exclusion kept from a company -> why, with its citation (said in the determination).
        self.excluded: dict[str, tuple[str, str]] = {}
        self._company_by_name = {normalize_name(n): c for c in regimes.companies.values() for n in (c.name, *c.aliases)}
        # Per-batch memos: a batch repeats its counterparties and makers, and each is looked at by several
        # regimes; what a name resolves to does not change within one batch (one list version).
        self._el_memo: dict[tuple[str, str | None], tuple[tuple[Entity, str], ...]] = {}
        self._company_memo: dict[tuple[Any, ...], tuple[CuratedCompany, str] | None] = {}
        self._maker_country_memo: dict[str, str | None] = {}
        # Names that resolved through the family knowledge base -> (family, member): dated per case.
        self._members: dict[tuple[str, str | None], tuple[Family, Member]] = {}
        # Names whose only matches are possible ones (resolver.possible_match) -> the entity and why.
        self._possible: dict[tuple[str, str | None], str] = {}
        # Names whose Entity List entry was reached only through a curated alias of another legal form (Entity List
        # findings about them ask for the party's identity; the company's other regimes are unaffected).
        self._el_doubt: dict[tuple[str, str | None], str] = {}
        self._list_memo: dict[tuple[str, str | None], tuple[Entity, ...]] = {}
        self._list_cases_for: Transaction | None = None
        self._list_cases_on: date | None = None
        self._list_cases: dict[str, list[Case]] = {}

    # ---------- resolution ----------
    def resolve(self, name: str, country: str | None) -> list[ResolvedParty]:
        """A name's entries; a merely possible match (resolver.possible_match) only when nothing surer matched,
        and then remembered, so the findings about that party ask for its identity (engine: Possible match)."""
        hits, used = self._exclusions.kept(name, self.resolver.resolve(name, country, None))
        for company, exclusion in used:
            self._exclude(name, company, exclusion)
        if not any(h.possible for h in hits):
            return hits
        sure = [h for h in hits if not h.possible]
        if sure:
            return sure
        self._possible[(name, country)] = f"{hits[0].entity.name}: {hits[0].possible}"
        return hits

    def possible_match(self, party: Party, owners: bool = False) -> str | None:
        """Why the subject party (or, for a conclusion drawn from its ownership, one of its stated owners) is only
        possibly the entry it resolved to."""
        self.company_of(party.name, party.country, party.owners)  # resolves the name (and owners), memoised
        stated = [(o.name, o.country) for o in party.owners] if owners else []
        for key in ((party.name, party.country), *stated):
            if key in self._possible:
                return self._possible[key]
        return None

    def el_matches(self, name: str, country: str | None) -> tuple[tuple[Entity, str], ...]:
        """Entity List entries for a name, one per listing; a curated alias reaches the company's own entry."""
        key = (name, country)
        memo = self._el_memo.get(key)
        if memo is None:
            memo = self._el_memo[key] = tuple(self._el_matches(name, country))
        return memo

    def _el_matches(self, name: str, country: str | None) -> list[tuple[Entity, str]]:
        hits = self.resolve(name, country)
        found = [(h.entity, h.matched_name) for h in hits if h.entity.source == "EL"]
        if not found:
            for h in hits:
                company = self.regimes.companies.get(h.entity.id.split(":", 1)[-1])
                if h.entity.source in ("NDAA889", "FCC-COVERED") and company is not None:
                    for x in self.resolve(company.name, None):
                        if x.entity.source != "EL":
                            continue
                        found.append((x.entity, x.matched_name))
                        # A curated alias that is another legal entity of the company (Kaspersky Lab, Inc., a US
                        # corporation, beside the listed AO Kaspersky Lab) is that entry only possibly.
                        doubt = form_doubt(name, country, x.entity)
                        if doubt is not None:
                            self._el_doubt.setdefault((name, country), f"{x.entity.name}: {doubt}")
        if not found:
            found = self._el_by_member_spellings(hits)
        key = normalize_name(name)
        found.sort(key=lambda p: normalize_name(p[0].name) != key)  # exact names first
        best: dict[str, tuple[Entity, str]] = {}
        for entity, matched in found:
            listing = self.regimes.listing_for(entity)
            best.setdefault(listing.id if listing else entity.id, (entity, matched))
        return list(best.values())

    def _el_by_member_spellings(self, hits: list[ResolvedParty]) -> list[tuple[Entity, str]]:
        """A name that resolves to a family member is the Entity List entry that one of the member's own recorded
        spellings names exactly, in the member's country: the family record says the spellings are one company
        (華為技術日本株式会社 is Huawei Technologies Japan, listed as Huawei Technologies Japan K.K.). Only an exact
        match without a legal-form doubt counts, so another company of the family is never reached this way."""
        found = families.member_in(hits)
        if found is None:
            return []
        member = found[1]
        out: list[tuple[Entity, str]] = []
        for spelling in member.spellings:
            for x in self.resolver.resolve(spelling, member.country, None):
                same_country = not x.entity.countries or member.country in x.entity.countries
                if x.entity.source == "EL" and x.score >= 1.0 and x.possible is None and same_country:
                    out.append((x.entity, x.matched_name))
        return out

    def company_of(
        self, name: str, country: str | None, owners: tuple[Owner, ...] = ()
    ) -> tuple[CuratedCompany, str] | None:
        memo_key = (name, country, _owners_key(owners))
        if memo_key not in self._company_memo:
            self._company_memo[memo_key] = self._company_of(name, country, owners)
        return self._company_memo[memo_key]

    def _company_of(
        self, name: str, country: str | None, owners: tuple[Owner, ...]
    ) -> tuple[CuratedCompany, str] | None:
        key = normalize_name(name)
        if key in self._company_by_name:
            return self._company_by_name[key], "name"
        hits = self.resolve(name, country)
        for hit in hits:
            if hit.entity.source in ("NDAA889", "FCC-COVERED"):
                return self.regimes.companies[hit.entity.id.split(":", 1)[1]], "name"
            listing = self.regimes.listing_for(hit.entity)
            if listing is not None and listing.company:
                return self.regimes.companies[listing.company], "listing"
        member = families.member_in(hits)
        if member is not None:
            self._members[(name, country)] = member
            company = families.member_company(member, self.regimes)
            if company is not None:
                return company, "family"
        # The production screener covers the list entities only: a Chinese or other spelling of a named company
        # (海康威视) reaches the company through the list entry it resolved to, whose name is the company's.
        for hit in hits:
            for listed_name in hit.entity.names:
                company = self._company_by_name.get(normalize_name(listed_name))
                if company is not None:
                    return company, "name"
        tokens = set(key.split())
        excluded = {c.id: e for c, e in self._exclusions.applying(name)}
        for company, brands in self._brands:
            if tokens & set(brands):
                if company.id in excluded:  # a cited namesake sharing the brand word (lists/brand_exclusions.py)
                    self._exclude(name, company, excluded[company.id])
                    continue
                return company, "brand"
        for owner in owners:
            found = self.company_of(owner.name, owner.country, owner.owners)
            if found is not None and owner.share >= 0.5:
                return found[0], "ownership"
        return None

    def _exclude(self, name: str, company: CuratedCompany, exclusion: BrandExclusion) -> None:
        self.excluded.setdefault(name, (exclusion_note(name, company, exclusion), exclusion.citation))

    def exclusion_notes(self, txn: Transaction) -> list[str]:
        """What the brand exclusions kept from a company for this transaction's parties and makers."""
        names = [p.name for p in txn.parties] + [i.manufacturer for i in txn.items if i.manufacturer]
        return list(dict.fromkeys(self.excluded[n][0] for n in names if n in self.excluded))

    def company_on(self, party: Party, on: date) -> tuple[CuratedCompany, str] | None:
        """``company_of`` on a date: a brand or subsidiary counts only while it belongs to the family (a sold
        brand stops being covered from its sale date; a bought one starts)."""
        found = self.company_of(party.name, party.country, party.owners)
        if found is not None and found[1] == "family":
            member = self._members.get((party.name, party.country))
            if member is not None and not member[1].in_family(on):
                return None
        return found

    def family_member(self, party: Party) -> tuple[Family, Member] | None:
        self.company_of(party.name, party.country, party.owners)
        return self._members.get((party.name, party.country))

    # ---------- base facts ----------
    def base_facts(self, txn: Transaction, on: date, item: Item | None) -> dict[str, Any]:
        ctx = txn.context
        lic = ctx.specific_license
        facts: dict[str, Any] = {
            "date": on,
            "kind": txn.kind,
            "purpose": txn.purpose,
            "context.specific_license": lic is not None,
            "context.license_granted": lic.granted if lic else None,
            "context.license_expires": lic.expires if lic else None,
        }
        for name in (
            "tgl_prong",
            "contract_date",
            "product_public_release",
            "waiver",
            "security_purpose",
            "exception",
            "funding",
            "new_agreement",
            "model_year",
            "production_started",
            "model_authorized_before",
        ):
            facts[f"context.{name}"] = getattr(ctx, name)
        if item is not None:
            for name in (
                "description",
                "eccn",
                "category",
                "manufacturer",
                "produced_abroad_with_us_tech",
                "us_content_share",
                "below_de_minimis",
                "huawei_design",
            ):
                facts[f"item.{name}"] = getattr(item, name)
            facts["item.origin_country"] = self.stated_origin(item)
            facts["item.maker_country"] = self._maker_origin(txn, item)
        return facts

    stated_origin = staticmethod(stated_origin)

    def _maker_origin(self, txn: Transaction, item: Item) -> str | None:
        if item.manufacturer:
            for party in txn.parties:
                if party.name == item.manufacturer and party.country:
                    return party.country.upper()
            if item.manufacturer not in self._maker_country_memo:
                self._maker_country_memo[item.manufacturer] = self._maker_country(item.manufacturer)
            return self._maker_country_memo[item.manufacturer]
        return None

    def _maker_country(self, maker: str) -> str | None:
        found = self.company_of(maker, None)
        if found is not None:
            return found[0].country
        for hit in self.resolve(maker, None):
            if hit.entity.countries:
                return hit.entity.countries[0]
        return None

    # ---------- subjects ----------
    def subjects(self, txn: Transaction, item: Item | None, roles: frozenset[str] | None) -> Iterator[Party]:
        for party in txn.parties:
            if roles is None or party.role in roles:
                yield party
        if item is not None and item.manufacturer:
            yield Party(role="manufacturer", name=item.manufacturer)

    def items(self, txn: Transaction) -> tuple[Item | None, ...]:
        return txn.items or (None,)

    # ---------- EAR ----------
    def ear_cases(self, txn: Transaction, on: date) -> Iterator[Case]:
        for item in self.items(txn):
            base = self.base_facts(txn, on, item)
            base["license_covers"] = self._license_covers(txn, item)
            base.update(self.jurisdiction_facts(txn, item))
            for party in txn.parties:
                if party.role not in EAR_ROLES:
                    continue
                matches = self.el_matches(party.name, party.country)
                company = self.company_on(party, on)
                subject = {
                    **base,
                    "role": party.role,
                    "company": company[0].id if company else None,
                    "us_person": (party.country or "").upper() in US_COUNTRIES,
                    "party.owners": tuple(o.name for o in party.owners) or None,
                    "company_listed": self._company_listed(company[0], on) if company else False,
                    "_possible_match": self.possible_match(party) or self._el_doubt.get((party.name, party.country)),
                }
                for entity, _alias in matches:
                    yield Case("EAR", party.name, entity.name, {**subject, **self._listing_facts(entity, item)})
                if not matches:
                    member = None if party.owners else self.family_member(party)
                    owners = families.member_owners(member, on) if member is not None else party.owners
                    owner = self._owner_facts(owners, on, item)
                    if owner or company:
                        shown = company[0].name if company else None
                        unsure = self.possible_match(party, owners=True)
                        yield Case("EAR", party.name, shown, {**subject, **owner, "_possible_match": unsure})

    def _company_listed(self, company: CuratedCompany, on: date) -> bool:
        """Is the company (the parent a brand or subsidiary belongs to) itself on the Entity List on ``on``?"""
        for entity, _ in self.el_matches(company.name, company.country):
            effective = self._listing_facts(entity, None)["listing_effective"]
            if effective is None or effective <= on:
                return True
        return False

    def jurisdiction_facts(self, txn: Transaction, item: Item | None) -> dict[str, Any]:
        """Is the item subject to the EAR apart from the FDP rules? (rules/jurisdiction.py)"""
        return jurisdiction_facts(txn, item, EAR_ROLES)

    def _listing_facts(self, entity: Entity, item: Item | None) -> dict[str, Any]:
        listing = self.regimes.listing_for(entity)
        if listing is None:
            return {
                "listing": "EL-GEN",
                "listing_effective": entity.effective_date or entity.start_date,
                "listing_policy": _policy_text(entity.license_policy),
                "footnote1": False,
                "listing_rule": "R-EL-GEN",
            }
        return {
            "listing": listing.id,
            "listing_effective": listing.effective,
            "listing_policy": self._listing_policy(listing, item),
            "footnote1": listing.footnote1_from is not None,
            "listing_rule": listing.rule,
        }

    @staticmethod
    def _listing_policy(listing: ElListing, item: Item | None) -> str:
        if item is not None and listing.case_by_case_eccns:
            eccn = (item.eccn or "").strip()
            if eccn in listing.case_by_case_eccns:
                return "case_by_case"
            text = f"{eccn} {item.description}".lower()
            if eccn.upper().startswith("EAR99") and any(t in text for t in _EAR99_NOTE_TERMS):
                return "case_by_case"  # EAR99 items described in the Note to ECCN 1A995
        return listing.policy

    def _owner_facts(self, owners: tuple[Owner, ...], on: date, item: Item | None) -> dict[str, Any]:
        share, policies, rules = 0.0, [], []
        for owner in owners:
            listed = [self._listing_facts(e, item) for e, _ in self.el_matches(owner.name, owner.country)]
            listed = [f for f in listed if f["listing_effective"] is None or f["listing_effective"] <= on]
            # An owner's own owners: as stated, else its parent's stake from the family base ("directly or
            # indirectly": 70 % held by Dahua Europe B.V., itself wholly Dahua's, is 70 % indirect Dahua ownership).
            above = () if listed else owner.owners or self._family_stake(owner, on)
            if above:
                nested = self._owner_facts(above, on, item)
                if nested.get("listed_owner_share", 0.0) >= 0.5:
                    listed = [{"listing_policy": nested["owner_policy"], "listing": nested["owner_rule"]}]
            if listed:
                share += owner.share
                policies += [f["listing_policy"] for f in listed if f["listing_policy"]]
                rules += [self._rule_of(f["listing"]) for f in listed]
        if not share:
            return {}
        policy = min(policies, key=POLICY_RANK.__getitem__) if policies else None
        return {"listed_owner_share": round(share, 6), "owner_policy": policy, "owner_rule": rules[0]}

    def _family_stake(self, owner: Owner, on: date) -> tuple[Owner, ...]:
        member = families.member_in(self.resolve(owner.name, owner.country))
        return families.parent_stake(member, on) if member is not None else ()

    def _rule_of(self, listing_id: str) -> str:
        for listing in self.regimes.listings:
            if listing.id == listing_id:
                return listing.rule
        return listing_id if listing_id.startswith("R-") else "R-EL-GEN"

    def _license_covers(self, txn: Transaction, item: Item | None) -> bool | None:
        lic = txn.context.specific_license
        if lic is None:
            return None
        extra = lic.model_extra or {}
        eccns = extra.get("eccns")
        if isinstance(eccns, list) and item is not None and item.eccn not in eccns:
            return False
        return True

    # ---------- ICTS ----------
    def icts_cases(self, txn: Transaction, on: date) -> Iterator[Case]:
        for item in self.items(txn):
            base = self.base_facts(txn, on, item)
            for party in self.subjects(txn, item, SUPPLY_ROLES):
                # A merely possible match is not relied on here: the ICTS link then rests on the stated facts.
                company = None if self.possible_match(party) else self.company_on(party, on)
                fa = self._fa_link(party, company[0] if company else None, on)
                facts = {**base, "role": party.role, "company": company[0].id if company else None, **fa}
                control = company[0].control_citation if company and fa["fa_basis"] == "control" else None
                cited = (control,) if control else ()
                yield Case("ICTS", party.name, company[0].name if company else None, facts, cited)

    def _fa_codes(self, on: date) -> dict[str, str]:
        codes: dict[str, str] = {}
        for fa in self.regimes.foreign_adversaries:
            if fa.start > on or (fa.config_flag and not self.macau):
                continue
            codes[fa.code] = fa.code
            for sub in fa.includes:
                codes[sub] = fa.code
        if self.macau:
            codes.setdefault("MO", "CN")
        return codes

    def _fa_link(self, party: Party, company: CuratedCompany | None, on: date) -> dict[str, Any]:
        codes = self._fa_codes(on)
        eo = set(self.regimes.eo_period_countries)
        countries = [(party.country or "").upper(), company.country if company else ""]
        if not party.country:
            countries += [c for h in self.resolve(party.name, None) for c in h.entity.countries[:1]]
        owned = [o.country.upper() for o in party.owners if o.country and o.share >= 0.5]
        controlled = [company.controlled_from] if company and company.controlled_from else []
        facts: dict[str, Any] = {"fa_country": None, "fa_basis": None, "eo_country": None, "fa_unverified": None}
        named = self._fa_person(party.name, on)
        if named is not None:  # a foreign adversary that is a person (the Maduro Regime), not a country
            facts["fa_country"], facts["fa_basis"] = named, "name"
        for fa in self.regimes.foreign_adversaries:
            if fa.config_flag and not self.macau and fa.start <= on and {fa.code, *fa.includes} & set(countries):
                facts["fa_unverified"] = fa.name
        for basis, candidates in (("country", countries), ("ownership", owned), ("control", controlled)):
            for code in candidates:
                if code in codes and facts["fa_country"] is None:
                    facts["fa_country"], facts["fa_basis"] = codes[code], basis
                if code in eo and facts["eo_country"] is None:
                    facts["eo_country"] = code
        return facts

    def _fa_person(self, name: str, on: date) -> str | None:
        """The code of a listed foreign adversary that is a person or regime (a code that is no country code,
        e.g. VE-MADURO) whose name, or its parenthesised short form, is contained in ``name``."""
        tokens = set(normalize_name(name).split())
        for fa in self.regimes.foreign_adversaries:
            if len(fa.code) == 2 or fa.start > on:
                continue
            for part in fa.name.replace(")", "").split("("):
                words = set(normalize_name(part).split())
                if words and words <= tokens:
                    return fa.code
        return None

    # ---------- §889, FCC, ONVIF: cases about a named company or a Covered List category ----------
    def company_cases(self, txn: Transaction, on: date, regime: str) -> Iterator[Case]:
        for item in self.items(txn):
            base = self.base_facts(txn, on, item)
            seen: set[tuple[str, str, int | None]] = set()
            for party in self.subjects(txn, item, None):
                company = self.company_on(party, on)
                if company is None:
                    continue
                member = self._members.get((party.name, party.country)) if company[1] == "family" else None
                facts = {
                    **base,
                    "role": party.role,
                    "supply_side": party.role in SUPPLY_ROLES,
                    "company": company[0].id,
                    "company_basis": company[1],
                    "purpose_qualified": company[0].purpose_qualified,
                    "_possible_match": self.possible_match(party, owners=company[1] == "ownership"),
                }
                entries = [e for e in self.regimes.covered_list if e.company == company[0].id]
                matched: list[CoveredListEntry | None] = [*self._covering(entries, item)] if regime == "FCC" else []
                for entry in matched or [None]:
                    key = (company[0].id, party.role, entry.number if entry else None)
                    if key not in seen:
                        seen.add(key)
                        cited = self._entry_citations(entry, on)
                        if member is not None:  # the family base's fact is part of the reasoning: cite it
                            cited = (*cited, families.citation(member))
                        extra = self._entry_facts(entry, item, on)
                        yield Case(regime, party.name, company[0].name, {**facts, **extra}, cited)
            if regime == "FCC" and item is not None:
                yield from self._category_cases(base, item, on)

    def _category_cases(self, base: dict[str, Any], item: Item, on: date) -> Iterator[Case]:
        """Categorical Covered List entries (foreign-made routers, drones): only the stated production country
        settles "produced in a foreign country". A foreign maker's items are taken as made abroad (said so); a
        US or unknown maker's item without a stated production country is a ``flag`` naming that fact."""
        categories = [e for e in self.regimes.covered_list if e.category is not None]
        for entry in self._covering(categories, item):
            origin, maker_country = base["item.origin_country"], base["item.maker_country"]
            facts = {**base, "role": "manufacturer", "supply_side": True, "company": None}
            label = f"Covered List entry {entry.number} ({entry.category})"
            if entry.foreign_produced_only and origin is None and maker_country in (None, "US"):
                facts.update(
                    {
                        "covlist_origin_unknown": entry.number,
                        "covlist_category": _CATEGORY_LABELS.get(entry.category or "", entry.category),
                        "covlist_added": entry.added,
                    }
                )
                yield Case("FCC", item.manufacturer, label, facts)
                continue
            if entry.foreign_produced_only and (origin or maker_country) == "US":
                continue
            if entry.foreign_produced_only and origin is None:
                label += f", produced abroad assumed from the maker's country {maker_country} (item.origin_country)"
            yield Case(
                "FCC",
                item.manufacturer,
                label,
                {**facts, **self._entry_facts(entry, item, on)},
                self._entry_citations(entry, on),
            )

    # ---------- lists other than the Entity List (DPL, MEU, UVL, SDN …): rules/party_lists.py ----------
    def list_cases(self, txn: Transaction, on: date, regime: str) -> list[Case]:
        """One case per party and other list it is on, for that list's regime (computed once per transaction)."""
        if self._list_cases_for is not txn or self._list_cases_on != on:
            self._list_cases_for, self._list_cases_on = txn, on
            self._list_cases = other_list_cases(txn, on, self._other_lists)
        return self._list_cases.get(regime, [])

    def _other_lists(self, name: str, country: str | None) -> tuple[Entity, ...]:
        key = (name, country)
        memo = self._list_memo.get(key)
        if memo is None:
            memo = self._list_memo[key] = other_lists(self.resolve(name, country))
        return memo

    @staticmethod
    def _covering(entries: list[CoveredListEntry], item: Item | None) -> list[CoveredListEntry]:
        result = []
        for entry in entries:
            if item is not None and item.category is not None and item.category not in entry.covers:
                continue
            if entry.terms and (item is None or not any(t in item.description.lower() for t in entry.terms)):
                continue
            result.append(entry)
        return result

    @staticmethod
    def _entry_facts(entry: CoveredListEntry | None, item: Item | None, on: date) -> dict[str, Any]:
        if entry is None:
            return {}
        category = item.category if item is not None else None
        return {
            "covlist_number": entry.number,
            "covlist_added": entry.added,
            "covlist_bar_start": entry.added + timedelta(days=60),
            "covlist_purpose_qualified": entry.purpose_qualified,
            "covlist_foreign_only": entry.foreign_produced_only,
            "covlist_equipment": category in EQUIPMENT_CATEGORIES if category else None,
        }

    @staticmethod
    def _entry_citations(entry: CoveredListEntry | None, on: date) -> tuple[str, ...]:
        # The entry's notice is cited only once it exists (a 2020 finding never cites the 2021 list).
        return (entry.citation,) if entry is not None and entry.added <= on else ()
