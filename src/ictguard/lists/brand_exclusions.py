"""Brand exclusions: unrelated firms and product lines that share a covered company's brand word.

A company's ``brand_tokens`` (data/regimes/companies.yaml) let a subsidiary named after the brand resolve to it;
a real namesake (Autel Intelligent Technology, the car-diagnostics firm independent of the drone maker Autel
Robotics) must not. Each exclusion is cited data: who the namesake is, regular expressions over the name as
:func:`exclusion_text` writes it, and real example names each pattern must match (checked at load, with the
rule that no pattern matches the company's own name or aliases), so a broken record names its file, line and field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ictguard.lists.curated import Record

_NOISE = re.compile(r"[\W_]+")
FIELDS = {"namesake", "patterns", "examples", "citation"}


def exclusion_text(name: str) -> str:
    """The form patterns are written against: NFKC, casefolded, punctuation and spaces as one space."""
    return _NOISE.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


@dataclass(frozen=True, slots=True)
class BrandExclusion:
    namesake: str  # who the unrelated firm or product line is, as the explanation names it
    patterns: tuple[re.Pattern[str], ...]
    examples: tuple[str, ...]
    citation: str

    def matches(self, name: str) -> bool:
        text = exclusion_text(name)
        return any(p.search(text) for p in self.patterns)


def _compile(rec: Record, value: str) -> re.Pattern[str]:
    try:
        return re.compile(value)
    except re.error as exc:
        raise rec.error("patterns", f"not a regular expression: {value!r} ({exc})") from exc


def parse_exclusions(rec: Record, file: Path, own_names: tuple[str, ...]) -> tuple[BrandExclusion, ...]:
    """The ``brand_exclusions`` of one company record, validated (``own_names``: the company's name and aliases)."""
    from ictguard.lists.curated import Record

    raw: Any = rec.get("brand_exclusions")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise rec.error("brand_exclusions", "expected a non-empty list of exclusions")
    result = []
    for item in raw:
        sub = Record(item, file, FIELDS, "brand_exclusions")
        patterns = tuple(_compile(sub, p) for p in sub.str_list("patterns", required=True))
        exclusion = BrandExclusion(
            namesake=sub.text("namesake"),
            patterns=patterns,
            examples=sub.str_list("examples", required=True),
            citation=sub.citation(),
        )
        for example in exclusion.examples:
            if not exclusion.matches(example):
                raise sub.error("examples", f"no pattern matches the example {example!r}")
        for own in own_names:
            if exclusion.matches(own):
                raise sub.error("patterns", f"a pattern matches the company's own name {own!r}")
        result.append(exclusion)
    return tuple(result)
