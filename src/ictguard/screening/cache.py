"""``screener_for``: one Screener per list version, kept in memory and pickled under ``settings.data_dir`` so
that a CLI call does not rebuild the index (about 5 s for the full mirror) every time."""

from __future__ import annotations

import logging
import os
import pickle
import re
import tempfile
from pathlib import Path

from ictguard.lists.snapshot import ListSnapshot
from ictguard.screening.datafiles import data_fingerprint
from ictguard.screening.screener import Screener

INDEX_FORMAT = 4  # bump when the pickled layout or the scoring of list names changes (4: word-list features)
_MEMORY: dict[str, Screener] = {}
log = logging.getLogger(__name__)


def _cache_path(key: str) -> Path:
    from ictguard.settings import get_settings

    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", key)[:100] or "unversioned"
    return get_settings().data_dir / "screening" / f"{safe}-{data_fingerprint()}-v{INDEX_FORMAT}.pickle"


def screener_for(snapshot: ListSnapshot) -> Screener:
    """The Screener of ``snapshot``, built once per cache key (in memory, then on disk).

    The key is the version id plus what else went into the snapshot (``ListSnapshot.extra``: the curated
    entities), so the screener of a version with the curated entities and one without are never confused.
    """
    key = snapshot.cache_key
    cached = _MEMORY.get(key)
    if cached is not None and key and len(cached.entities) == len(snapshot.entities):
        return cached
    path = _cache_path(key) if key else None
    screener: Screener | None = None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as handle:
                loaded = pickle.load(handle)
            same = isinstance(loaded, Screener) and loaded.version_id == snapshot.version_id
            if same and loaded.attach(snapshot.entities):
                screener = loaded
        except Exception as exc:  # a damaged cache file is rebuilt, never fatal
            log.warning("ignoring unreadable screening cache %s: %s", path, exc)
    if screener is None:
        screener = Screener.from_entities(snapshot.entities, version_id=snapshot.version_id)
        if path is not None:
            _write(path, screener)
    if key:
        _MEMORY.clear()  # one active version at a time is enough; keeps memory bounded
        _MEMORY[key] = screener
    return screener


def _write(path: Path, screener: Screener) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(screener, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new one
    except OSError as exc:
        log.warning("could not write screening cache %s: %s", path, exc)
