from __future__ import annotations

from pathlib import Path

from ictguard.store.lists_codec import decode_entities, encode_entities
from tests.lists._mirror import prepared_mirror


def test_round_trip_of_the_whole_mirror(lists_dir: Path) -> None:
    entities = prepared_mirror(lists_dir).entities
    payload = encode_entities(entities)
    assert decode_entities(payload) == entities
    assert len(payload) < 3_000_000  # compact: ~1.4 MB for 13,459 entries
