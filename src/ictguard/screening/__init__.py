"""Screening: find listed entities from any spelling of a party name, explain why, stay quiet otherwise.

Public API (used by rules, the API and the CLI)::

    Screener.from_entities(entities, version_id="") -> Screener
    Screener.screen(name, *, country=None, as_of=None, threshold=None, limit=10, schema=None) -> list[Hit]
    Screener.screen_many([(name, country), ...], ...) -> list[list[Hit]]
    compare_names(name1, name2, schema="Company") -> (score, [Feature])
    screener_for(snapshot) -> Screener   # cached per list version, in memory and on disk
"""

from ictguard.screening.cache import screener_for
from ictguard.screening.compare import compare_names
from ictguard.screening.features import DEFAULT_THRESHOLD, Feature
from ictguard.screening.screener import Hit, Screener

__all__ = ["DEFAULT_THRESHOLD", "Feature", "Hit", "Screener", "compare_names", "screener_for"]
