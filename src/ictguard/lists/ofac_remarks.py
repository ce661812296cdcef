"""Split an OFAC legacy "Remarks" value into structured facts (the way the CSL does it).

Items are separated by ``"; "``. Known items become DOBs, POBs, nationalities, citizenships, identifiers,
weak aliases (``a.k.a. 'X'``) and ``Linked To:`` relations; everything else stays in ``remarks`` so no
text is lost. Identifier labels come from the data file ``data/lists/ofac_id_types.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources

from ictguard.errors import DataFileError
from ictguard.model import Identifier, Relation, RelationKind
from ictguard.yamlfile import read_yaml

_ID_TYPES_FILE = "ofac_id_types.yaml"
_COUNTRIES_FILE = "ofac_countries.yaml"
_ALIAS = re.compile(r"^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.*)'\.?$", re.IGNORECASE)
_TRAILING_COUNTRY = re.compile(r"^(?P<value>.*?)\s*\((?P<country>[^()]+)\)\s*(?P<rest>.*)$")
# Labels worth a territory lookup; "undetermined", "Region: Gaza", "possibly Palestinian" stay text (as in the CSL).
_COUNTRY_LIKE = re.compile(r"^(?!undetermined$|possibly |Region:)[A-Z][A-Za-z .,'-]{1,40}$")
_ABBREVIATION_END = re.compile(r"(?:^|[ .])[A-Za-z]\.$")
_PREFIXES = (
    ("DOB ", "dob"),
    ("POB ", "pob"),
    ("nationality ", "nationality"),
    ("citizen ", "citizen"),
    ("Linked To: ", "linked"),
)


@dataclass
class RemarkFacts:
    dates_of_birth: list[str] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def id_types() -> tuple[str, ...]:
    """Identifier labels, longest first (so "Passport" does not shadow "Diplomatic Passport")."""
    path = resources.files("ictguard.data") / "lists" / _ID_TYPES_FILE
    doc = read_yaml(path)
    if not isinstance(doc, dict) or set(doc) != {"citation", "id_types"}:
        raise DataFileError("expected keys citation, id_types", file=str(path), line=1)
    if not isinstance(doc["id_types"], list) or not all(isinstance(t, str) and t for t in doc["id_types"]):
        raise DataFileError("id_types must be a list of non-empty strings", file=str(path), field="id_types")
    return tuple(sorted(doc["id_types"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    path = resources.files("ictguard.data") / "lists" / _COUNTRIES_FILE
    doc = read_yaml(path)
    if not isinstance(doc, dict) or set(doc) != {"citation", "countries"} or not isinstance(doc["countries"], dict):
        raise DataFileError("expected keys citation, countries (a mapping)", file=str(path), line=1)
    table = {str(k): str(v) for k, v in doc["countries"].items()}
    bad = [k for k, v in table.items() if len(v) != 2 or not v.isupper()]
    if bad:
        raise DataFileError(f"not an ISO2 code for {bad[0]!r}", file=str(path), field="countries")
    return table


@lru_cache(maxsize=4096)
def country_code(text: str, fallback: bool = True) -> str:
    """ISO2 code for an OFAC country label; labels that are not countries are kept as text.

    The curated table answers the labels OFAC uses; only an unseen label pays for rigour's (slow to
    build) territory index, and only when ``fallback`` is set.
    """
    label = text.strip()
    known = _country_table().get(label)
    if known is not None or not fallback or not _COUNTRY_LIKE.match(label):
        return known or label
    from rigour.territories import lookup_territory

    territory = lookup_territory(label)
    if territory is None or territory.ftm_country is None:
        return label
    return str(territory.ftm_country).upper()


def iso_date(text: str) -> str:
    """``01 Jan 1982`` -> ``1982-01-01``; partial or ranged dates (``circa 1960``, ``Apr 1961``) as written."""
    try:
        return datetime.strptime(text.strip(), "%d %b %Y").date().isoformat()
    except ValueError:
        return text.strip()


@lru_cache(maxsize=1)
def _id_pattern() -> re.Pattern[str]:
    labels = "|".join(re.escape(t) for t in id_types())
    return re.compile(rf"^(?P<label>{labels})(?: (?P<rest>.*))?$", re.DOTALL)


def _identifier(item: str) -> Identifier | None:
    m = _id_pattern().match(item)
    if m is None:
        return None
    rest = (m.group("rest") or "").strip()
    country: str | None = None
    tail = _TRAILING_COUNTRY.match(rest)
    if tail and not tail.group("rest"):
        code = country_code(tail.group("country"), fallback=False)
        if len(code) == 2:
            rest, country = tail.group("value"), code
    return Identifier(type=m.group("label").rstrip(":").strip(), value=rest, country=country)


def parse_remarks(text: str, title: str | None = None) -> RemarkFacts:
    facts = RemarkFacts()
    body = text.strip()
    # The closing "." ends the remarks, unless it belongs to an abbreviation ("… Linked To: R D I S.A.").
    if body.endswith(".") and not _ABBREVIATION_END.search(body):
        body = body[:-1]
    for raw in body.split("; "):
        item = raw.strip()
        if not item:
            continue
        alias = _ALIAS.match(item)
        if alias:
            facts.aliases.append(alias.group(1).strip())
            continue
        bare = item[5:] if item.startswith("alt. ") else item
        for prefix, kind in _PREFIXES:
            if bare.startswith(prefix):
                value = bare[len(prefix) :].strip()
                _add(facts, kind, value)
                break
        else:
            identifier = _identifier(bare)
            if identifier is not None:
                facts.identifiers.append(identifier)
            elif title is None or item.rstrip(".") != title.strip():
                facts.remarks.append(item)
    return facts


def _add(facts: RemarkFacts, kind: str, value: str) -> None:
    if kind == "dob":
        facts.dates_of_birth.append(iso_date(value))
    elif kind == "pob":
        facts.places_of_birth.append(value)
    elif kind == "nationality":
        facts.nationalities.append(country_code(value))
    elif kind == "citizen":
        facts.citizenships.append(country_code(value))
    else:
        facts.relations.append(Relation(kind=RelationKind.LINKED_TO, target_name=value, source="remarks: Linked To"))
