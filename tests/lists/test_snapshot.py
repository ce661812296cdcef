"""The entity set screen, screen-file, the API, re-screening and decide share: the list version + curated."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ictguard.lists.curated import curated_entities
from ictguard.lists.snapshot import ListSnapshot, screening_entities, screening_snapshot
from ictguard.model import Entity
from ictguard.rules import resolver_for_entities

LISTED = Entity(id="csl:1", source="EL", name="Acme Telecom Ltd.")


def _snapshot(version: str = "v1") -> ListSnapshot:
    return ListSnapshot(version, datetime(2026, 1, 1, tzinfo=UTC), (LISTED,))


def test_screening_snapshot_adds_the_curated_entities_and_keeps_the_version() -> None:
    screened = screening_snapshot(_snapshot())
    ids = [e.id for e in screened.entities]
    assert ids[0] == "csl:1" and {"ndaa889:zte", "fcc-covered:zte", "ndaa889:huawei"} <= set(ids)
    # Issue 14: the family base's brands and subsidiaries are part of the one entity set too (source FAMILY).
    families = [e for e in screened.entities if e.source == "FAMILY"]
    assert {"family:hikvision:ezviz", "family:dahua:lorex", "family:huawei:futurewei"} <= {e.id for e in families}
    assert len(ids) == len(set(ids)) == 1 + len(curated_entities()) + len(families)
    assert screened.version_id == "v1"  # the list version people see and diff is unchanged
    assert screening_snapshot(screened) == screened  # idempotent: never added twice


@pytest.mark.parametrize(
    ("snapshot", "key"),
    [(_snapshot(), "v1"), (_snapshot(""), ""), (screening_snapshot(_snapshot("")), "")],
)
def test_cache_key_without_curated_data(snapshot: ListSnapshot, key: str) -> None:
    assert snapshot.cache_key == key


def test_cache_key_names_the_curated_data() -> None:
    key = screening_snapshot(_snapshot()).cache_key
    assert key.startswith("v1+curated-") and key != _snapshot().cache_key


def test_curated_hits_name_their_list_and_citation() -> None:
    zte = {e.source: e for e in curated_entities() if e.name == "ZTE Corporation"}
    assert set(zte) == {"NDAA889", "FCC-COVERED"}
    assert "§889" in zte["NDAA889"].source_name and "Covered List" in zte["FCC-COVERED"].source_name
    assert any("889" in n for n in zte["NDAA889"].federal_register_notices)


def test_decide_resolves_the_same_entities_screen_screens() -> None:
    resolver = resolver_for_entities([LISTED], "v1")
    screened = {e.id for e in screening_snapshot(_snapshot()).entities}
    assert {e.id for e in screening_entities([LISTED])} == screened
    assert {"ndaa889:zte", "fcc-covered:zte"} <= {p.entity.id for p in resolver.resolve("ZTE Corporation")}


def test_screener_cache_keeps_screeners_with_and_without_curated_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ictguard.screening import cache
    from ictguard.settings import get_settings

    monkeypatch.setenv("ICTGUARD_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    cache._MEMORY.clear()
    try:
        plain = cache.screener_for(_snapshot("v-cache"))
        with_curated = cache.screener_for(screening_snapshot(_snapshot("v-cache")))
        # list + curated + family members (issue 14)
        full = len(screening_snapshot(_snapshot("v-cache")).entities)
        assert len(plain.entities) == 1 and len(with_curated.entities) == full
        assert plain.version_id == with_curated.version_id == "v-cache"
        cache._MEMORY.clear()  # from disk now: each key its own pickle
        assert len(cache.screener_for(screening_snapshot(_snapshot("v-cache"))).entities) > 1
        assert len(cache.screener_for(_snapshot("v-cache")).entities) == 1
        assert len(list((tmp_path / "screening").glob("*.pickle"))) == 2
        assert cache.screener_for(screening_snapshot(_snapshot("v-cache"))).screen("ZTE Corporation")
    finally:
        cache._MEMORY.clear()
        get_settings.cache_clear()
