"""The Screener: list entities + curated aliases -> normalised names -> candidate index -> scored hits."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from ictguard.families.entities import (
    FAMILY_MIN_SCORE,
    FAMILY_SOURCE,
    el_spellings_of,
    entity_list_status,
    is_local_subsidiary,
    parent_alias_groups,
)
from ictguard.limits import MAX_NAME_CHARS, check_text
from ictguard.model import Entity, EntityType
from ictguard.screening.acronyms import (
    ACRONYM_SCORE,
    MAX_ENTRIES,
    acronym_query,
    capitals_words,
    derived_acronyms,
    printed_acronyms,
    words_of,
)
from ictguard.screening.brand_forms import family_forms, from_family_base
from ictguard.screening.compare import compare_norm
from ictguard.screening.cyrillic_short import short_cyrillic
from ictguard.screening.datafiles import load_alias_groups, load_vocabulary
from ictguard.screening.features import DEFAULT_THRESHOLD, Feature
from ictguard.screening.index import NameIndex, glued_keys, name_keys
from ictguard.screening.local_subsidiary import (
    LocalSubsidiaryMatcher,
    listed_local_companies,
    local_matcher,
    place_name,
)
from ictguard.screening.normalize import Kind, NormName, Token, normalize, normalize_schemas, without_domicile_tag
from ictguard.screening.place_tail import listed_places, place_tail_hits
from ictguard.screening.places import country_tail, place_spellings
from ictguard.screening.romanization import RomanizationTargets, romanized_spellings
from ictguard.screening.script import has_han
from ictguard.screening.sides import side_of
from ictguard.screening.spellings import lone_abbreviation_spelling, query_spellings, romanize_bgn
from ictguard.screening.truncation import TRUNCATED_SCORE, PrefixTable

COUNTRY_MATCH_BONUS = 0.03
# A covered family's name plus the place of one of its listed companies ("Huawei Technologies Cuba" / "Huawei
# Cuba"): that company, short of an exact spelling (also what `decide` relies on: its screener floor is 0.90).
LISTED_LOCAL_SCORE = 0.9
_RUSSIAN_COUNTRIES = {"RU", "BY"}  # whose names other languages romanize from Russian
# A query read with one abbreviation written out is a guess: only a near match of that reading counts ("IoT Tech
# Limited" read as "IoT Technology" met "Shandong Maojia IOT Technology Co." at 0.67 on the IEEE registry names).
LONE_ABBREVIATION_MIN = 0.85
RARE_WORD_MIN = 0.75  # see _screen_spelling: a rare shared word alone must be backed by a clear score
# Words of a Russian institution's honorific ("Institute ... named after P.I. Baranov", "N.A.", "im."): not initials.
_NAMED_AFTER = frozenset({"named", "after", "im", "imeni", "n", "na"})
RUSSIAN_SHARE = 2  # a word in up to this many other names per Russian one is still a Russian name's word
COUNTRY_MISMATCH_FACTOR = 0.85
_IDENT_CLEAN = re.compile(r"[^A-Z0-9]")
_IDENT_SPLIT = re.compile(r"[\s,;:]+")
# Identifier types that identify (CSL "ids" also carry gender, websites, remarks …).
_IDENT_SKIP = (
    "gender",
    "website",
    "email",
    "additional sanctions",
    "secondary sanctions",
    "executive order",
    "transactions prohibited",
    "aircraft model",
    "vessel type",
    "vessel flag",
    "phone",
)


def schema_of(entity_type: EntityType) -> str:
    return {EntityType.PERSON: "Person", EntityType.VESSEL: "Vessel"}.get(entity_type, "Company")


@dataclass(frozen=True)
class Hit:
    entity: Entity
    matched_name: str
    score: float
    explanation: list[Feature]
    # Order among equal scores (lower first): minus how close a listed spelling is to the query's. Not serialised.
    rank: float = field(default=0.0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        e = self.entity
        return {
            "entity_id": e.id,
            "name": e.name,
            "matched_name": self.matched_name,
            "source": e.source,
            "score": round(self.score, 4),
            "explanation": [f.to_dict() for f in self.explanation],
            "federal_register_notice": "; ".join(e.federal_register_notices) or None,
            "license_requirement": e.license_requirement,
            "license_policy": e.license_policy,
            # The date the as-of filter uses (Entity.in_force: the effective date when the list states one, e.g.
            # 2019-05-16 for the Huawei listing published 2019-05-21), and the date as published beside it.
            "start_date": begins.isoformat() if (begins := e.effective_date or e.start_date) else None,
            "publication_date": e.start_date.isoformat() if e.start_date else None,
        }


@dataclass(frozen=True, slots=True)
class _ListName:
    entity: int
    name: NormName
    citation: str | None  # source of a curated alias; None for names the list itself carries


def _list_names(entities: list[Entity]) -> list[_ListName]:
    curated: dict[str, list[tuple[str, str]]] = {}
    for group in load_alias_groups():
        for list_name in group.list_names:
            # By spelling (case and punctuation aside), so "HUAWEI TECHNOLOGIES CO., LTD." on another list gets
            # the aliases too, but the Hanoi "Huawei Technology Co. Ltd." (equal once normalised) does not.
            curated.setdefault(_spelling(list_name), []).extend((a.name, a.source) for a in group.aliases)
    for list_names, aliases in parent_alias_groups():  # the family base's parent names (scripts, spellings)
        for list_name in list_names:
            curated.setdefault(_spelling(list_name), []).extend(aliases)
    out: list[_ListName] = []
    for idx, entity in enumerate(entities):
        if is_local_subsidiary(entity):
            continue  # its name describes it; it is reached through screening/local_subsidiary.py only
        schema = schema_of(entity.type)
        seen: set[str] = set()
        extra: list[tuple[str, str]] = []
        for position, name in enumerate(entity.names):
            norm = normalize(name, schema)
            if position and _one_business_word(norm):
                continue  # an alias "and Technology" (a fragment on the list) would be every technology firm's hit
            if norm.key and norm.key not in seen:
                seen.add(norm.key)
                out.append(_ListName(idx, norm, None))
            if schema == "Company":
                extra.extend(curated.get(_spelling(name), ()))
            if norm.acronym and norm.acronym not in seen:
                seen.add(norm.acronym)
                out.append(_ListName(idx, normalize(norm.acronym, schema), None))
        for alias, source in extra:
            norm = normalize(alias, schema)
            if norm.key and norm.key + "|" + alias not in seen:
                seen.add(norm.key + "|" + alias)
                out.append(_ListName(idx, norm, source))
    return out


@dataclass
class Screener:
    version_id: str
    entities: list[Entity]
    names: list[_ListName]
    index: NameIndex
    identifiers: dict[str, list[int]]
    name_entity: npt.NDArray[np.int32]
    _masks: dict[tuple[date | None, str | None], npt.NDArray[np.bool_]] = field(default_factory=dict, repr=False)
    _schemas: list[str] = field(default_factory=list, repr=False)  # per list name: its entity's schema
    # Per list name: the first list name with the same tokens and acronym. Such names score alike against any
    # query (the list carries one party under several programmes), so a query scores each of them once.
    _same: list[int] = field(default_factory=list, repr=False)
    _sides: dict[int, Any] = field(default_factory=dict, repr=False)  # keyed by the ``_same`` name
    # Listed spelling (case and punctuation folded) -> its list names: a query spelled like a listed name or
    # curated alias always has that name among its candidates, however many names tie on the index keys.
    _spelled: dict[str, list[int]] = field(default_factory=dict, repr=False)
    # Normalised key -> its list names (built with ``_spelled``): names identical to a query once normalised.
    _keyed: dict[str, list[int]] = field(default_factory=dict, repr=False)
    # Spellings of the Entity List entries, for the family-base path of a FAMILY hit (built on first use).
    _el_spellings: frozenset[str] | None = field(default=None, repr=False)
    # Words printed mostly in the names of Russian and Belarusian entries ("kalashnikov", not "vision"): what a
    # German/French/Polish romanization of a Russian name may be rewritten into (romanization.py; on first use).
    _russian_words: RomanizationTargets | None = field(default=None, repr=False)
    # The presumed local subsidiaries' matcher and their entities by family id (on first use).
    _local: (
        tuple[LocalSubsidiaryMatcher, dict[str, int], dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]]] | None
    ) = field(default=None, repr=False)
    # Listed spellings sorted, with their list names: a query cut short by a vendor master's field width is found
    # as a prefix of them (truncation.py; built on first use).
    _prefixes: PrefixTable | None = field(default=None, repr=False)
    # Acronym of a listed name's first words -> its entries (acronyms.py; built on first use).
    _acronyms: dict[str, dict[int, list[frozenset[str]]]] | None = field(default=None, repr=False)
    _acronym_heads: frozenset[str] = field(default=frozenset(), repr=False)  # the table's acronyms before any "@"

    def __getstate__(self) -> dict[str, Any]:
        """Pickle compactly: names as plain tuples, entities left out (``attach`` puts them back)."""
        names = [
            (
                n.entity,
                n.name.original,
                tuple((t.text, t.kind.value) for t in n.name.tokens),
                n.name.acronym,
                n.citation,
            )
            for n in self.names
        ]
        return {
            "version_id": self.version_id,
            "entity_ids": [e.id for e in self.entities],
            "names": names,
            "index": self.index,
            "identifiers": self.identifiers,
            "name_entity": self.name_entity,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.version_id = state["version_id"]
        self.entities = []
        self._entity_ids = state["entity_ids"]
        self.names = [
            _ListName(e, NormName(orig, tuple(Token(t, Kind(k)) for t, k in toks), acr), cit)
            for e, orig, toks, acr, cit in state["names"]
        ]
        self.index, self.identifiers, self.name_entity = state["index"], state["identifiers"], state["name_entity"]
        self._masks, self._sides, self._schemas, self._same, self._spelled = {}, {}, [], [], {}
        self._keyed = {}
        self._russian_words = None
        self._local = None
        self._prefixes = None
        self._acronyms = None
        self._acronym_heads = frozenset()

    def attach(self, entities: Iterable[Entity]) -> bool:
        """After unpickling: put the version's entities back; False if they are not the ones indexed."""
        ents = list(entities)
        if [e.id for e in ents] != getattr(self, "_entity_ids", None):
            return False
        self.entities = ents
        self._schemas = []
        self._russian_words = None
        self._el_spellings = None
        self._local = None
        self._prefixes = None
        self._acronyms = None
        self._acronym_heads = frozenset()
        return True

    @classmethod
    def from_entities(cls, entities: Iterable[Entity], version_id: str = "") -> Screener:
        ents = list(entities)
        names = _list_names(ents)
        identifiers: dict[str, list[int]] = {}
        for idx, entity in enumerate(ents):
            for ident in entity.identifiers:
                value = _IDENT_CLEAN.sub("", ident.value.upper())
                if (
                    len(value) >= 6
                    and any(c.isdigit() for c in value)
                    and not ident.type.lower().startswith(_IDENT_SKIP)
                ):
                    identifiers.setdefault(value, []).append(idx)
        return cls(
            version_id,
            ents,
            names,
            NameIndex.build(n.name for n in names),
            identifiers,
            np.asarray([n.entity for n in names], dtype=np.int32),
        )

    def _mask(self, as_of: date | None, schema: EntityType | None) -> npt.NDArray[np.bool_] | None:
        if as_of is None and schema is None:
            return None
        key = (as_of, schema.value if schema else None)
        mask = self._masks.get(key)
        if mask is None:
            ok = np.asarray(
                [(as_of is None or e.in_force(as_of)) and (schema is None or e.type == schema) for e in self.entities],
                dtype=np.bool_,
            )
            mask = ok[self.name_entity]
            self._masks[key] = mask
        return mask

    def screen(
        self,
        name: str,
        *,
        country: str | None = None,
        as_of: date | None = None,
        threshold: float | None = None,
        limit: int = 10,
        schema: EntityType | None = None,
    ) -> list[Hit]:
        """Listed entities matching ``name``, best first, only those scoring at least ``threshold``.

        Library code: no process-wide state. A long-running caller keeps the index and the per-name caches out
        of the cyclic collector's way itself (``ictguard.service.gc_policy``).
        """
        check_text(name, MAX_NAME_CHARS, field="name")  # comparison cost grows faster than the name's length
        cut = DEFAULT_THRESHOLD if threshold is None else threshold
        hits = self._screen_spelling(name, country, as_of, cut, limit, schema)
        self._identifier_hits(name, hits, as_of, schema)
        self._truncated_hits(name, hits, as_of, schema, cut)
        if self._russian_words is None:
            russian = {i for i, e in enumerate(self.entities) if _RUSSIAN_COUNTRIES & set(e.countries)}
            # A word counts as Russian when other names print it at most twice as often as Russian/Belarusian ones
            # ("shvabe": 2 Russian names, 3 of its Chinese joint ventures; "vision", "systems": mostly elsewhere).
            counts: tuple[Counter[str], Counter[str]] = (Counter(), Counter())  # (other names, Russian names)
            for n in self.names:
                counts[n.entity in russian].update({t.text for t in n.name.tokens})
            self._russian_words = RomanizationTargets(
                (w for w, c in counts[1].items() if counts[0][w] <= RUSSIAN_SHARE * c), printed=counts[0]
            )
        known = self._russian_words
        # A Cyrillic or pinyin query also as translated/romanized; a German/French/Polish romanization of a
        # Russian name also in BGN/PCGN letters; "Foreign Trade Bank of DPRK" also with the country's other names;
        # "China Mobile Ltd (HK)" also without its listing tag.
        untagged = without_domicile_tag(name)
        more = (untagged,) if untagged else ()
        rewrites = (*query_spellings(name), *romanized_spellings(name, known), *place_spellings(name), *more)
        # "中兴通讯股份"; "A d/b/a B", "HiLook by Hikvision": hits for the family base's entities only (brand_forms.py).
        completed, family_only = family_forms(name)
        rewrites += (*completed, *family_only)
        compared = {_normalised_forms(name)} if rewrites else set()
        for spelling in rewrites:
            # A rewrite may be the start of a listed name too ("University of Electronic Science and Technology").
            if spelling not in family_only:
                self._truncated_hits(spelling, hits, as_of, schema, cut)
            # A rewrite that normalises like a spelling already compared scores the same names the same (a third
            # of rewrites: accents dropped, 科技 read as normalisation already reads it): not compared again.
            forms = _normalised_forms(spelling)
            if forms in compared:
                continue
            compared.add(forms)
            for e, hit in self._screen_spelling(spelling, country, as_of, cut, limit, schema).items():
                if spelling in family_only and not from_family_base(hit.entity):
                    continue
                if e not in hits or hit.score > hits[e].score:
                    note = Feature(
                        "spelling",
                        1.0,
                        f"compared as {spelling!r} (cyrillic/chinese terms, romanizations, domicile tag)",
                    )
                    hits[e] = Hit(hit.entity, hit.matched_name, hit.score, [*hit.explanation, note], hit.rank)
        self._lone_abbreviation_hits(name, hits, country, as_of, cut, limit, schema)
        self._country_tail_hits(name, hits, country, as_of, cut, limit, schema)
        if (places := getattr(self, "_listed_places", None)) is None:  # "Intellifusion Shenzhen": place_tail.py
            places = self._listed_places = listed_places(self.entities)
        place_tail_hits(
            name, hits, places, self.entities, lambda h: self._screen_spelling(h, country, as_of, cut, limit, schema)
        )
        self._acronym_hits(name, hits, as_of, cut, schema)
        if cut <= LISTED_LOCAL_SCORE and schema in (None, EntityType.ORGANIZATION):
            self._local_subsidiary_hits(name, hits, as_of, cut)
        order = sorted(hits, key=lambda e: (-hits[e].score, hits[e].rank, hits[e].entity.id))
        return [hits[e] for e in order[:limit]]

    def _screen_spelling(
        self,
        name: str,
        country: str | None,
        as_of: date | None,
        cut: float,
        limit: int,
        schema: EntityType | None,
    ) -> dict[int, Hit]:
        """The best ``limit`` hits of one spelling, by entity index."""
        queries = normalize_schemas(name)
        keys: set[str] = set()
        glued: set[str] = set()
        for q in {id(q): q for q in queries.values()}.values():
            keys |= name_keys(q)
            glued |= glued_keys(q)
        mask = self._mask(as_of, schema)
        q_sides: dict[int, Any] = {}  # by id of the query form: equal forms are one object (normalize_schemas)
        # Below this a pair cannot become a hit, even with the country bonus: the scorer may stop early.
        floor = cut - COUNTRY_MATCH_BONUS if country else cut
        best: dict[int, tuple[float, int]] = {}
        if len(self._schemas) != len(self.names):  # after unpickling or attach: entity types are known only now
            self._schemas = [schema_of(self.entities[n.entity].type) for n in self.names]
        if len(self._same) != len(self.names):
            self._same = _first_of_same(self.names)
            self._spelled, self._keyed = {}, {}
            for i, n in enumerate(self.names):
                self._spelled.setdefault(_spelling(n.name.original), []).append(i)
                self._keyed.setdefault(n.name.key, []).append(i)
        schemas, names, entities, sides, same, rarity = (
            self._schemas,
            self.names,
            self.entities,
            self._sides,
            self._same,
            self.index.rarity,
        )
        scored: dict[tuple[int, str], float] = {}
        spelled = _spelling(name)
        # Closeness is judged on the query with its vendor abbreviations written out ("Huawei Techs Co Ltd" is
        # closest to "Huawei Technologies Co., Ltd.", not to "Huawei Tech. Investment").
        written_out = _written_out(spelled)
        # A query in another script is compared with the listed spellings in its normalised form (the lists are
        # in Latin script).
        ascii_query = spelled.isascii()
        q_text = "" if ascii_query else " ".join(t.text for t in queries["Company"].tokens)
        closeness: dict[int, float] = {}
        # A name with a legal form ("Sunrise Logistics LLC") is a company's, never a ship's: vessels' one-word
        # names (SUNRISE, PIONEER, ALPHA) are not compared with it.
        company_query = any(t.kind is Kind.LEGAL for t in queries["Vessel"].tokens)
        candidates = self.index.candidates(keys, mask, glued=glued)
        # Names reached only through the query's rarest word must score RARE_WORD_MIN: sharing one rare word is
        # how the listed "MAHAN AIR" is found from "Mahan Airlines", and also how unrelated firms named after the
        # same place or syllable meet ("Jiangsu Zhongxun Electronic" ~ "Beijing Zhongxun Technology").
        words = {t.text for q in queries.values() for t in q.tokens if t.kind is Kind.CORE and len(t.text) >= 4}
        rare = [
            i
            for i in self.index.rare_word_names(words, mask)
            if i not in candidates and any(t.text in words for t in names[i].name.tokens)  # as a word, not glued
        ]
        candidates += rare
        # Names equal to the query once normalised are always scored too: with hundreds of names sharing its words
        # ("Huawei Technologies"), the index's capped candidate list may leave out the very entry it names.
        same_key = sorted({k for q in queries.values() if (k := q.key)})
        exact = [
            i
            for i in dict.fromkeys(
                (
                    *self._spelled.get(spelled, ()),
                    *(self._spelled.get(written_out, ()) if written_out != spelled else ()),
                    *(i for k in same_key for i in self._keyed.get(k, ())),
                )
            )
            if mask is None or mask[i]
        ]
        for idx in (candidates + [i for i in exact if i not in candidates]) if exact else candidates:
            listed = names[idx]
            query_schema = schemas[idx]
            if company_query and query_schema == "Vessel":
                continue
            first = same[idx]
            score = scored.get((first, query_schema), -1.0)
            if score < 0.0:
                side = sides.get(first)
                if side is None:
                    side = sides[first] = side_of(listed.name, rarity)
                query = queries[query_schema]
                q_side = q_sides.get(id(query))
                if q_side is None:
                    q_side = q_sides[id(query)] = side_of(query, rarity)
                score, _ = compare_norm(query, listed.name, rarity, side, explain=False, q_side=q_side, floor=floor)
                scored[(first, query_schema)] = score
            if country:
                score = _country(score, None, country, entities[listed.entity])
            if rare and score < RARE_WORD_MIN and idx in rare:
                continue
            previous = best.get(listed.entity)
            # On a tie the list's own name wins over a curated alias (it is the better evidence).
            if (
                previous is None
                or score > previous[0]
                or (score == previous[0] and names[previous[1]].citation and not listed.citation)
            ):
                best[listed.entity] = (score, idx)
            if score >= cut and (previous is None or score >= previous[0]):
                # Equal scores (names equal after normalisation: "Huawei Technologies Co., Ltd." and the Hanoi
                # affiliate "Huawei Technology Co. Ltd.") are ordered by how close a listed spelling of the entry
                # (its own names or a curated alias) is to the query's.
                # The entry's own name counts too: its hit may come through a curated alias of the same
                # normalised form (华为技术有限公司 for "Huawei Technologies Co., Ltd.") when many names tie.
                near = max(
                    Indel.normalized_similarity(written_out, _spelling(listed.name.original)),
                    Indel.normalized_similarity(written_out, _spelling(entities[listed.entity].name)),
                )
                if not ascii_query:
                    # First the normalised forms ("中國移動有限公司" reads "china mobile ltd": the listed "China
                    # Mobile Ltd" before "China Mobile"), then a listed spelling in the query's own script.
                    tokens = " ".join(t.text for t in listed.name.tokens)
                    near = Indel.normalized_similarity(q_text, tokens) + 1e-3 * near
                if previous is None or score > previous[0] or near > closeness.get(listed.entity, 0.0):
                    closeness[listed.entity] = near
        # Only the hits that will be returned are explained (the explanation re-scores the pair in full).
        ranked = sorted(
            (
                (score, entities[e].id, e, idx)
                for e, (score, idx) in best.items()
                if score >= cut and (score >= FAMILY_MIN_SCORE or entities[e].source != FAMILY_SOURCE)
            ),
            key=lambda t: (-t[0], -closeness[t[2]], t[1]),
        )
        return {
            e: self._explain(queries, idx, score, country, q_sides, -closeness[e])
            for score, _, e, idx in ranked[:limit]
        }

    def _explain(
        self,
        queries: dict[str, NormName],
        idx: int,
        score: float,
        country: str | None,
        q_sides: dict[int, Any],
        rank: float = 0.0,
    ) -> Hit:
        listed = self.names[idx]
        entity = self.entities[listed.entity]
        query = queries[schema_of(entity.type)]
        _, features = compare_norm(
            query, listed.name, self.index.rarity, self._sides[self._same[idx]], q_side=q_sides[id(query)]
        )
        if listed.citation is not None:
            features.append(Feature("curated_alias", 1.0, f"alias from ictguard data: {listed.citation}"))
        if entity.source == FAMILY_SOURCE and entity.remarks:
            # Not a published list: the family base's path says why the name matters and what does not follow,
            # with what this version's Entity List says (its spellings gathered once, on the first family hit).
            el = getattr(self, "_el_spellings", None)
            if el is None:
                el = el_spellings_of(self.entities)
                self._el_spellings = el
            features.append(Feature("family", 1.0, f"{entity.remarks}; {entity_list_status(entity, el)}"))
        _country(score, features, country, entity)
        return Hit(entity, listed.name.original, score, features, rank)

    def _local_subsidiary_hits(self, name: str, hits: dict[int, Hit], as_of: date | None, cut: float) -> None:
        """A covered family's name plus a place ("Huawei Technologies Cuba", "Hikvision Europe B.V."), when no hit
        is as strong: the list entry that is the family's company in that place ("Huawei Cuba"), else the family's
        presumed local subsidiary."""
        if any(hit.score >= FAMILY_MIN_SCORE for hit in hits.values()):
            return  # a listed entry or a known member spelled like the name is the better evidence
        if self._local is None:
            matcher, entity_of = local_matcher(self.entities)
            self._local = matcher, entity_of, listed_local_companies(matcher, self.entities, date.today())
        matcher, entity_of, listed = self._local
        on = as_of or date.today()
        for anchor, places in matcher.match(name, on):
            where = ", ".join(place_name(p) for p in places)
            same_place = [
                (i, n) for i, n in listed.get((anchor.family_id, places), ()) if self.entities[i].in_force(on)
            ]
            for idx, listed_name in same_place:
                if idx not in hits or hits[idx].score < LISTED_LOCAL_SCORE:
                    why = (
                        f"the name is {anchor.name!r} plus {where}, and this entry is that family's company listed "
                        f"as {listed_name!r}: the same place"
                    )
                    feature = Feature("listed_local_company", 1.0, why)
                    hits[idx] = Hit(self.entities[idx], listed_name, LISTED_LOCAL_SCORE, [feature], 0.0)
            presumed = entity_of.get(anchor.family_id)
            if same_place or presumed is None or presumed in hits or cut > FAMILY_MIN_SCORE:
                continue
            if not self.entities[presumed].in_force(on):
                continue
            entity = self.entities[presumed]
            el = self._el_spellings
            if el is None:
                el = self._el_spellings = el_spellings_of(self.entities)
            features = [
                Feature(
                    "local_subsidiary",
                    1.0,
                    f"the name is {anchor.name!r} plus {where}: presumed its local "
                    "subsidiary or branch (unverified: confirm the ownership)",
                ),
                Feature("family", 1.0, f"{entity.remarks}; {entity_list_status(entity, el)}"),
            ]
            hits[presumed] = Hit(entity, anchor.name, FAMILY_MIN_SCORE, features, 0.0)

    def _lone_abbreviation_hits(
        self,
        name: str,
        hits: dict[int, Hit],
        country: str | None,
        as_of: date | None,
        cut: float,
        limit: int,
        schema: EntityType | None,
    ) -> None:
        """One ambiguous abbreviation written out, kept only against listed names that carry the full word."""
        lone = lone_abbreviation_spelling(name) if name.isascii() else None
        if lone is None:
            return
        spelling, words = lone
        for e, hit in self._screen_spelling(spelling, country, as_of, cut, limit, schema).items():
            # singular or plural alike ("Sys" -> "Systems" against the listed "Security System Alliance")
            listed = {w.removesuffix("s") for w in _spelling(hit.matched_name).split()}
            if (
                hit.score < LONE_ABBREVIATION_MIN
                or not {w.removesuffix("s") for w in words} <= listed
                or (e in hits and hits[e].score >= hit.score)
            ):
                continue
            note = Feature("spelling", 1.0, f"compared as {spelling!r} (one abbreviation written out)")
            hits[e] = Hit(hit.entity, hit.matched_name, hit.score, [*hit.explanation, note], hit.rank)

    def _country_tail_hits(
        self,
        name: str,
        hits: dict[int, Hit],
        country: str | None,
        as_of: date | None,
        cut: float,
        limit: int,
        schema: EntityType | None,
    ) -> None:
        """A name ending in ", <country or city>" ("Myanmar Economic Corporation, Burma"): the name before the comma,
        kept only against entries of that country (the place is an address tail, not a subsidiary's qualifier)."""
        tail = country_tail(name)
        if tail is None:
            return
        head, codes = tail
        for e, hit in self._screen_spelling(head, country, as_of, cut, limit, schema).items():
            if not codes & {c.upper() for c in hit.entity.countries} or (e in hits and hits[e].score >= hit.score):
                continue
            note = Feature("spelling", 1.0, f"compared as {head!r} (the place after the name is the entry's country)")
            hits[e] = Hit(hit.entity, hit.matched_name, hit.score, [*hit.explanation, note], hit.rank)

    def _acronym_hits(
        self, name: str, hits: dict[int, Hit], as_of: date | None, cut: float, schema: EntityType | None
    ) -> None:
        """An acronym of a listed name's first words ("IPPI RAN", "CAEP"): screening/acronyms.py."""
        if ACRONYM_SCORE < cut or schema not in (None, EntityType.ORGANIZATION):
            return
        latin = romanize_bgn(short_cyrillic(name) or name) if not name.isascii() else name  # ИППИ им. … РАН
        capitals = capitals_words(latin)
        if not capitals:
            return  # most names: no capitals word
        if self._acronyms is None:
            function_words = frozenset(load_vocabulary().stopwords) | _NAMED_AFTER
            legal = load_vocabulary().legal_forms
            table: dict[str, dict[int, list[frozenset[str]]]] = {}
            for n in self.names:
                if n.citation is None and self.entities[n.entity].type is EntityType.ORGANIZATION:
                    derived = derived_acronyms(_spelling(n.name.original).split(), function_words, legal)
                    for acronym, after in [*derived, *printed_acronyms(n.name.original, n.name.acronym)]:
                        table.setdefault(acronym, {}).setdefault(n.entity, []).append(after)
            self._acronyms = {a: es for a, es in table.items() if len(es) <= MAX_ENTRIES}
            self._acronym_heads = frozenset(a.split("@")[0] for a in self._acronyms)
        # A capitals word that starts no acronym of the table ("SUNRISE LOGISTICS INC") finds nothing: the query's
        # readings (each word with the rest of the name) are not built.
        if not any(w.lower() in self._acronym_heads for w in capitals):
            return
        found = acronym_query(latin)
        mask = self._mask(as_of, schema)
        legal = load_vocabulary().legal_forms
        generic = load_vocabulary().generic_words
        for acronym, rest in found:
            rest = [w for w in rest if len(w) > 1 and w not in legal]  # "S.FAC, Inc": no word besides FAC
            if all(w in generic for w in rest):
                continue  # an acronym with legal forms or business words only ("ESAB AB", "IRT Technologies")
            for e, afters in self._acronyms.get(acronym, {}).items():
                if not any(after <= set(rest) for after in afters):  # the listed name's words after the acronym
                    continue
                entity = self.entities[e]
                if mask is not None and not mask[self._first_name_of(e)]:
                    continue
                if not all(w in words_of(entity.names) or _place_of(w, entity) for w in rest):
                    continue
                if e in hits and hits[e].score >= ACRONYM_SCORE:
                    continue
                feature = Feature("acronym", ACRONYM_SCORE, f"{acronym.upper()!r} is the initials of a listed name")
                hits[e] = Hit(entity, entity.name, ACRONYM_SCORE, [feature], 0.0)

    def _first_name_of(self, entity: int) -> int:
        return int(np.argmax(self.name_entity == entity))

    def _truncated_hits(
        self, name: str, best: dict[int, Hit], as_of: date | None, schema: EntityType | None, cut: float
    ) -> None:
        """A query that is the start of listed spellings, cut at a field width ("Joint Stock Company Information
        Sat"): those entries score ``TRUNCATED_SCORE`` unless they already score more."""
        if self._prefixes is None:
            self._prefixes = PrefixTable.build(_spelling(n.name.original) for n in self.names)
        found = self._prefixes.entries_starting(_spelling(name), self.name_entity)
        mask = self._mask(as_of, schema)
        for idx, listed in found:
            entity = self.entities[self.name_entity[idx]]
            e = int(self.name_entity[idx])
            if (mask is not None and not mask[idx]) or TRUNCATED_SCORE < cut:
                continue
            if e in best and best[e].score >= TRUNCATED_SCORE:
                continue
            feature = Feature("truncated", TRUNCATED_SCORE, f"the query is the start of the listed {listed!r}")
            best[e] = Hit(entity, self.names[idx].name.original, TRUNCATED_SCORE, [feature], 0.0)

    def _identifier_hits(self, name: str, best: dict[int, Hit], as_of: date | None, schema: EntityType | None) -> None:
        for word in _IDENT_SPLIT.split(name.upper()):
            if len(word) < 6:  # cleaning only removes characters: too short for an identifier already
                continue
            value = _IDENT_CLEAN.sub("", word)
            for idx in self.identifiers.get(value, ()) if len(value) >= 6 else ():
                entity = self.entities[idx]
                if (as_of and not entity.in_force(as_of)) or (schema and entity.type != schema):
                    continue
                feature = Feature("identifier", 1.0, f"identifier {value} is on the list entry")
                best[idx] = Hit(entity, entity.name, 1.0, [feature], -1.0)

    def prepare(self) -> None:
        """Build now what screening otherwise builds on first use: the version's lazily built tables (acronyms, the
        Russian entries' words, prefixes, presumed local subsidiaries, the Entity List's spellings), the data files
        each script's first name reads and ICU's transliterator. A service calls it after a build, so that its first
        requests do not pay for them (about two seconds on the full lists, measured). Screening results are the
        same with or without it."""
        for probe in _PREPARE_PROBES:
            self.screen(probe)

    def screen_many(
        self,
        names: Iterable[tuple[str, str | None]],
        *,
        as_of: date | None = None,
        threshold: float | None = None,
        limit: int = 10,
        schema: EntityType | None = None,
    ) -> list[list[Hit]]:
        """Batch form of :meth:`screen`: one hit list per (name, country) pair, in order.

        A party file repeats names (one supplier on many rows): each distinct pair is screened once."""
        done: dict[tuple[str, str | None], list[Hit]] = {}
        out: list[list[Hit]] = []
        for pair in names:
            hits = done.get(pair)
            if hits is None:
                hits = done[pair] = self.screen(
                    pair[0], country=pair[1], as_of=as_of, threshold=threshold, limit=limit, schema=schema
                )
            out.append(list(hits))
        return out


# One name of each kind that reaches a lazily built table or data file (see Screener.prepare).
_PREPARE_PROBES = (
    "Huawei Technologies Co., Ltd.",  # the index, family paths, legal forms
    "华为技术有限公司",  # Chinese readings and heads
    "中科院计算所",  # Chinese short forms
    "АО «Концерн Калашников»",  # Cyrillic terms, BGN/PCGN, short forms
    "ИППИ им. А.А. Харкевича РАН",  # Russian institutions' short forms, academies
    "Kalaschnikow Konzern",  # German/French/Polish romanizations
    "Soukhoï Iliouchine",  # accents stripped, ICU's transliterator
    "조선대성은행",  # Korean
    "المصرف التجاري السوري",  # Arabic/Persian
    "IPPI RAN",  # acronyms
    "Foreign Trade Bank of DPRK",  # other place names
    "Myanmar Economic Corp, Burma",  # a place after the last comma
    "Huawei Technologies Cuba",  # presumed local subsidiaries
    "JSC Tupolev Moscow",  # a place after the name
    "HiLook by Hikvision",  # brand forms
    "Acme Trading LLC d/b/a Huawei Device USA",  # second names
    "Joint Stock Company Information Sat",  # truncation
    "China Mobile Ltd (HK)",  # domicile tags
)


def _one_business_word(name: NormName) -> bool:
    words = [t for t in name.tokens if t.kind is not Kind.LEGAL]
    return len(words) == 1 and words[0].kind is Kind.GENERIC


def _written_out(spelled: str) -> str:
    words = spelled.split()
    table = load_vocabulary().abbreviations
    if len(words) < 2 or not any(w in table for w in words):
        return spelled
    return " ".join(table.get(w, w) for w in words)


def _normalised_forms(name: str) -> tuple[tuple[tuple[Token, ...], str | None], ...]:
    """What scoring sees of a name: its tokens and acronym under each schema."""
    return tuple((q.tokens, q.acronym) for q in normalize_schemas(name).values())


def _spelling(name: str) -> str:
    return _SPELLING_NOISE.sub(" ", name.casefold()).strip()


_SPELLING_NOISE = re.compile(r"[\W_]+")


def _first_of_same(names: list[_ListName]) -> list[int]:
    """Each name's first equal name: equal names share one scoring side and one score per query. Equal means what
    scoring reads: the tokens, the acronym and whether the name is written in Chinese (a side's ``chinese`` flag
    reads the original: "华为技术有限公司" and "Huawei Technologies Co., Ltd." normalise alike but are not scored
    alike; grouped together, a query's score depended on which of them an earlier query had scored first)."""
    first: dict[tuple[tuple[Token, ...], str | None, bool], int] = {}
    return [
        first.setdefault((n.name.tokens, n.name.acronym, has_han(n.name.original)), idx) for idx, n in enumerate(names)
    ]


def _country(score: float, features: list[Feature] | None, country: str | None, entity: Entity) -> float:
    if not country or not entity.countries:
        return score
    wanted = country.strip().upper()
    if wanted in entity.countries:
        if features is not None:
            features.append(Feature("country_match", COUNTRY_MATCH_BONUS, f"{wanted} is a country of the entry"))
        return min(1.0, score + COUNTRY_MATCH_BONUS)
    if features is not None:
        features.append(
            Feature(
                "country_mismatch",
                COUNTRY_MISMATCH_FACTOR,
                f"{wanted} not among the entry's countries {', '.join(entity.countries)}",
            )
        )
    return score * COUNTRY_MISMATCH_FACTOR


def _place_of(word: str, entity: Entity) -> bool:
    """``word`` names a place (a country, region or city rigour knows) of one of ``entity``'s countries."""
    from rigour.territories import lookup_territory

    if len(word) < 4:  # ISO codes rigour also knows ("de", "co", "ran")
        return False
    territory = lookup_territory(word)
    return territory is not None and territory.code.split("-")[0].upper() in {c.upper() for c in entity.countries}
