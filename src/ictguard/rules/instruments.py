"""Support data of the rule files (``data/rules/meta/*.yaml``), validated at load.

* ``instruments.yaml``: when each cited instrument took effect, so a finding cites only what was in force on
  its date, and the TGL notices' own validity, so a finding states each notice's dates.
* ``ear_jurisdiction.yaml``: whether an item is subject to the EAR at all (US location or origin, de minimis),
  each basis with the reviewer's sentence and its citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ictguard.errors import DataFileError
from ictguard.lists.curated import Record, load_yaml, records

META_DIR = Path(__file__).resolve().parents[1] / "data" / "rules" / "meta"
# A Federal Register citation names its volume and page ("84 FR 22961"); an internal file row is no citation.
_FR_VOLUME = re.compile(r"\b\d+ FR\b(?! \d+)")
BASES = frozenset({"in_us", "us_origin", "above_de_minimis", "below_de_minimis", "foreign_produced", "assumed"})
_FILE_ROW = re.compile(r"\.(csv|ya?ml|json)\b|\brow \d+", re.IGNORECASE)


def citation_problem(text: str) -> str | None:
    """Why ``text`` is not an acceptable citation, or None."""
    if _FR_VOLUME.search(text):
        return f"Federal Register citation without a page: {text!r}"
    if _FILE_ROW.search(text):
        return f"an internal file row is not a citation: {text!r}"
    return None


@dataclass(frozen=True, slots=True)
class Instrument:
    cite: str
    effective: date
    valid_through: date | None


@dataclass(frozen=True, slots=True)
class Basis:
    id: str
    subject: bool
    citation: str
    text: str


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    general_level: float
    general_citation: str
    strict_level: float
    strict_countries: frozenset[str]
    strict_citation: str
    bases: dict[str, Basis]


@lru_cache(maxsize=4)
def instruments(directory: Path = META_DIR) -> dict[str, Instrument]:
    path = directory / "instruments.yaml"
    out: dict[str, Instrument] = {}
    for raw in records(load_yaml(path), "instruments", path):
        rec = Record(raw, path, {"cite", "effective", "valid_through", "note"})
        cite = rec.text("cite")
        effective = rec.day("effective")
        assert effective is not None
        through = rec.day("valid_through", required=False)
        if through is not None and through < effective:
            raise rec.error("valid_through", "valid_through before effective")
        if cite in out:
            raise rec.error("cite", f"duplicate instrument {cite!r}")
        out[cite] = Instrument(cite, effective, through)
    return out


@lru_cache(maxsize=4)
def jurisdiction(directory: Path = META_DIR) -> Jurisdiction:
    path = directory / "ear_jurisdiction.yaml"
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise DataFileError("expected a mapping", file=path)
    top = Record(doc, path, {"de_minimis", "bases"})
    levels = Record(top.get("de_minimis"), path, {"general", "strict"}, where="de_minimis")
    general = Record(levels.get("general"), path, {"level", "citation"}, where="de_minimis.general")
    strict = Record(levels.get("strict"), path, {"level", "countries", "citation"}, where="de_minimis.strict")
    for rec in (general, strict):
        level = rec.get("level")
        if not isinstance(level, float) or not 0 < level < 1:
            raise rec.error("level", "expected a share between 0 and 1")
    bases: dict[str, Basis] = {}
    for raw in records(doc, "bases", path):
        rec = Record(raw, path, {"id", "subject", "citation", "text"})
        basis = Basis(rec.text("id"), rec.flag("subject"), rec.citation(), rec.text("text"))
        if (problem := citation_problem(basis.citation)) is not None:
            raise rec.error("citation", problem)
        bases[basis.id] = basis
    missing = sorted(BASES - set(bases))
    if missing:
        raise DataFileError(f"missing jurisdiction bases: {', '.join(missing)}", file=path, field="bases")
    return Jurisdiction(
        float(general.get("level")),
        general.citation(),
        float(strict.get("level")),
        frozenset(strict.str_list("countries", required=True)),
        strict.citation(),
        bases,
    )
