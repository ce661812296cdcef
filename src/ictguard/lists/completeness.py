"""Is a list source complete, and is it plausible next to the active version?

A source that parses can still be incomplete: a mirror without ``consolidated.csv`` drops the Entity List,
DPL and MEU; an OFAC group with its primary file missing silently loses the SDN records; a file cut at a
record boundary parses cleanly but holds fewer entries. Loading such a source would quietly stop screening
against whole lists, so it is refused before anything is stored:

* **layout** — the CSL (``consolidated.csv`` or ``consolidated.json``) is always required (it alone carries
  EL, DPL and MEU); the OFAC files come as a whole: if any of them is present, all eight must be;
* **records** — every file of the layout holds at least one record (empty and header-only files are refused);
* **plausibility** — against the active version, no list code and no file may shrink by more than
  ``max_shrink`` of its entries (and more than :data:`SHRINK_SLACK`, so a small list may lose a delisting or
  two); a list code or file that disappears counts as a full drop. ``--allow-shrink`` accepts a real shrink.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ictguard.errors import IncompleteSourceError
from ictguard.lists.source import CSL_NAMES, OFAC_NAMES
from ictguard.lists.version import SourceFile, VersionInfo

SHRINK_SLACK = 5  # entries a list or file may lose whatever its size (a small list's delistings)


def check_layout(names: Iterable[str], where: str) -> None:
    """Raise IncompleteSourceError unless ``names`` (layout names fetched) make a complete layout."""
    present = set(names)
    if not present & set(CSL_NAMES):
        raise IncompleteSourceError(
            "incomplete source: consolidated.csv (or consolidated.json) is missing; without it the Entity "
            "List, DPL and MEU would drop out of screening",
            file=where,
        )
    ofac = [n for n in OFAC_NAMES if n in present]
    if ofac and len(ofac) != len(OFAC_NAMES):
        missing = [n for n in OFAC_NAMES if n not in present]
        raise IncompleteSourceError(
            f"incomplete source: {', '.join(missing)} missing (the OFAC files are read as a whole: all of "
            f"{len(OFAC_NAMES)} or none)",
            file=where,
        )


def check_records(files: Iterable[SourceFile]) -> None:
    """Every fetched file holds at least one record (an empty or header-only file is a broken download)."""
    for f in files:
        if f.rows <= 0:
            what = "empty file" if f.size == 0 else "no records (empty or header only)"
            raise IncompleteSourceError(f"incomplete source: {what}", file=f.url, line=1)


def check_plausible(
    counts: Mapping[str, int], files: Iterable[SourceFile], active: VersionInfo | None, max_shrink: float
) -> None:
    """Refuse a load whose list codes or files shrank by more than ``max_shrink`` against ``active``."""
    if active is None:
        return
    rows = {_role(f.name): f.rows for f in files}
    url = {_role(f.name): f.url for f in files}
    checks: list[tuple[str, int, int, str | None]]
    checks = [(f"list {code}", old, counts.get(code, 0), None) for code, old in sorted(active.counts.items())]
    checks += [
        (f"file {f.name}", f.rows, rows.get(_role(f.name), 0), url.get(_role(f.name))) for f in active.files if f.rows
    ]
    for label, old, new, where in checks:
        drop = old - new
        if drop > SHRINK_SLACK and drop > max_shrink * old:
            raise IncompleteSourceError(
                f"implausible shrink: {label} has {new} entries, the active version {active.version_id} has "
                f"{old} (-{drop / old:.0%}, more than the {max_shrink:.0%} allowed); if the lists really "
                "shrank, run again with --allow-shrink",
                file=where,
            )


def _role(name: str) -> str:
    """The CSL as CSV or as JSON is one file role (switching format is not a shrink)."""
    return "consolidated" if name in CSL_NAMES else name
