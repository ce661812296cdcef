"""A list load without the database: fetch every file, parse and validate all of it, merge, apply the
cited effective dates and stated relations. Only a complete, valid :class:`PreparedLoad` ever reaches the
store (``ictguard.store.lists_repo.activate``), so a bad source can never half-replace the active version."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from ictguard.lists import effective_dates, stated_dates
from ictguard.lists.completeness import check_layout, check_records
from ictguard.lists.csl_csv import parse_csl_csv
from ictguard.lists.csl_json import parse_csl_json
from ictguard.lists.merge import merge_sources
from ictguard.lists.ofac import OfacFiles, parse_ofac
from ictguard.lists.relations import add_stated_relations
from ictguard.lists.source import FetchedFile, fetch
from ictguard.lists.version import SourceFile
from ictguard.model import Entity
from ictguard.settings import Settings

_OFAC_GROUPS = (
    ("sdn", "ofac/sdn.csv", "ofac/add.csv", "ofac/alt.csv", "ofac/sdn_comments.csv"),
    ("cons", "ofac/cons_prim.csv", "ofac/cons_add.csv", "ofac/cons_alt.csv", "ofac/cons_comments.csv"),
)


@dataclass(frozen=True)
class PreparedLoad:
    source: str
    loaded_at: datetime
    files: tuple[SourceFile, ...]
    entities: tuple[Entity, ...]
    notes: tuple[str, ...]

    @property
    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(e.source for e in self.entities).items()))

    @property
    def version_id(self) -> str:
        digest = hashlib.sha256("".join(f.sha256 for f in self.files).encode()).hexdigest()[:8]
        return f"{self.loaded_at:%Y%m%dT%H%M%S%fZ}-{digest}"


def prepare_load(source: str | None, settings: Settings) -> PreparedLoad:
    """Fetch and fully validate a load (raises ListFormatError / SourceUnavailableError, changes nothing)."""
    described, fetched = fetch(source, settings)
    return build_load(described, fetched)


def build_load(described: str, fetched: list[FetchedFile]) -> PreparedLoad:
    """Parse, validate and merge ``fetched``; raises IncompleteSourceError unless the layout is whole."""
    check_layout((f.name for f in fetched), described)
    by_name = {f.name: f for f in fetched}
    rows: dict[str, int] = {}
    notes: list[str] = []
    csl: list[Entity] = []
    for name, parser in (("consolidated.csv", parse_csl_csv), ("consolidated.json", parse_csl_json)):
        if name in by_name:
            parsed = parser(by_name[name].data, by_name[name].url)
            rows[name] = len(parsed)
            csl.extend(parsed)
    ofac: list[Entity] = []
    for kind, *names in _OFAC_GROUPS:
        present = [by_name.get(n) for n in names]
        if present[0] is None:  # check_layout: the OFAC files are all there or none is
            continue
        blobs = [(f.url, f.data) if f is not None else None for f in present]
        result = parse_ofac(OfacFiles(kind, blobs[0], *blobs[1:]))  # type: ignore[arg-type]
        ofac.extend(result.entities)
        notes.extend(result.notes)
        url_to_name = {f.url: f.name for f in present if f is not None}
        rows.update({url_to_name[u]: n for u, n in result.rows.items()})
    files = tuple(
        SourceFile(f.name, f.url, hashlib.sha256(f.data).hexdigest(), len(f.data), rows.get(f.name, 0)) for f in fetched
    )
    check_records(files)  # also: no list entries at all
    entities = merge_sources(ofac, csl, notes)
    entities = add_stated_relations(effective_dates.apply(stated_dates.apply(entities)))
    return PreparedLoad(described, datetime.now(UTC), files, tuple(entities), tuple(notes))
