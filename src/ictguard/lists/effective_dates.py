"""Legal effective dates of list rules, from the cited data file ``data/lists/effective_dates.yaml``.

The CSL ``start_date`` is the Federal Register publication date; some rules took effect earlier (the
Huawei listing, 84 FR 22961, was effective 2019-05-16 but published 2019-05-21). ``apply`` sets
``Entity.effective_date`` where an entry's first FR citation lies inside such a rule.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from ictguard.errors import DataFileError
from ictguard.model import Entity
from ictguard.yamlfile import parse_yaml

FILE = "effective_dates.yaml"
_KEYS = {"rule", "pages", "published", "effective", "sources", "citation"}
_CITATION = re.compile(r"^\s*(\d+)\s*F\.?\s*R\.?\s*(\d+)")


@dataclass(frozen=True, slots=True)
class EffectiveRule:
    rule: str
    volume: int
    first_page: int
    last_page: int
    published: date
    effective: date
    sources: frozenset[str]
    citation: str


def parse_rules(text: str, file: str) -> tuple[EffectiveRule, ...]:
    doc = parse_yaml(text, file)
    if not isinstance(doc, dict) or set(doc) != {"rules"} or not isinstance(doc["rules"], list):
        raise DataFileError("expected one key 'rules' holding a list", file=file, line=1)
    out: list[EffectiveRule] = []
    for i, item in enumerate(doc["rules"]):
        where = f"rules[{i}]"
        if not isinstance(item, dict):
            raise DataFileError("not a mapping", file=file, field=where)
        unknown, missing = set(item) - _KEYS, _KEYS - set(item)
        if unknown or missing:
            what = f"unknown keys {sorted(unknown)}" if unknown else f"missing keys {sorted(missing)}"
            raise DataFileError(what, file=file, field=where)
        m = _CITATION.match(str(item["rule"]))
        pages = item["pages"]
        if m is None:
            raise DataFileError("rule is not an 'NN FR NNNNN' citation", file=file, field=f"{where}.rule")
        if not (isinstance(pages, list) and len(pages) == 2 and all(isinstance(p, int) for p in pages)):
            raise DataFileError("pages must be [first, last]", file=file, field=f"{where}.pages")
        for key in ("published", "effective"):
            if not isinstance(item[key], date):
                raise DataFileError("not a date (YYYY-MM-DD)", file=file, field=f"{where}.{key}")
        if not str(item["citation"]).strip():
            raise DataFileError("empty citation", file=file, field=f"{where}.citation")
        sources = frozenset(map(str, item["sources"]))
        out.append(
            EffectiveRule(
                str(item["rule"]),
                int(m.group(1)),
                pages[0],
                pages[1],
                item["published"],
                item["effective"],
                sources,
                str(item["citation"]),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def default_rules() -> tuple[EffectiveRule, ...]:
    path = resources.files("ictguard.data") / "lists" / FILE
    return parse_rules(path.read_text(encoding="utf-8"), str(path))


def rule_for(entity: Entity, rules: Iterable[EffectiveRule]) -> EffectiveRule | None:
    if not entity.federal_register_notices:
        return None
    m = _CITATION.match(entity.federal_register_notices[0])
    if m is None:
        return None
    volume, page = int(m.group(1)), int(m.group(2))
    for rule in rules:
        if entity.source in rule.sources and rule.volume == volume and rule.first_page <= page <= rule.last_page:
            return rule
    return None


def apply(entities: Iterable[Entity], rules: tuple[EffectiveRule, ...] | None = None) -> list[Entity]:
    """Entities with ``effective_date`` set from the rules (entries no rule covers are unchanged)."""
    active = default_rules() if rules is None else rules
    out: list[Entity] = []
    for entity in entities:
        rule = rule_for(entity, active)
        if rule is not None and entity.effective_date != rule.effective:
            entity = dataclasses.replace(entity, effective_date=rule.effective)
        out.append(entity)
    return out
