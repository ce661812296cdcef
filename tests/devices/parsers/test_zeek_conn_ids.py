"""File-wide ids and classes of the distinct address and MAC values of a conn.log (zeek_conn_ids)."""

from __future__ import annotations

import pyarrow as pa

from ictguard.devices.flowgroups import Relevance
from ictguard.devices.lawdata import default_law_data
from ictguard.devices.parsers import zeek_conn_ids
from ictguard.devices.parsers.zeek_conn_ids import BAD, LOCAL, PUBLIC, PUBLIC_RELEVANT, UNSET, Addresses, Values


def test_values_get_stable_ids_across_dictionaries_and_blocks() -> None:
    values = Values()
    first, second = values.ids(pa.array([b"a", None, b"b"]), pa.array([b"b", b"c"]))
    assert first.tolist() == [1, 0, 2] and second.tolist() == [2, 3]  # null is id 0; b is looked up once
    (again,) = values.ids(pa.array([b"c", b"d", b"a"]))
    assert again.tolist() == [3, 4, 1] and values.raw == [None, b"a", b"b", b"c", b"d"]


def test_addresses_are_classified_once_as_the_row_reader_would() -> None:
    addresses = Addresses(Relevance(default_law_data(), []))
    raw = [b"10.0.0.1", b"8.8.8.8", b"114.114.114.114", b"-", b"10.0.0.999", b"fe80::1%eth0", None]
    (ids,) = addresses.ids(pa.array(raw))
    kinds = [int(addresses.kinds[i]) for i in ids]
    # 114.114.114.114 is in CN (iptocc), so a conversation touching it is kept whole
    assert kinds == [LOCAL, PUBLIC, PUBLIC_RELEVANT, UNSET, BAD, LOCAL, UNSET]
    assert [addresses.text[i] for i in ids] == [
        "10.0.0.1",
        "8.8.8.8",
        "114.114.114.114",
        None,
        "10.0.0.999",
        "fe80::1",
        None,
    ]


def test_text_of_replaces_bad_utf8_and_reads_unset_markers_as_none() -> None:
    assert zeek_conn_ids.text_of(b"\xff10") == "\ufffd10"
    assert zeek_conn_ids.text_of(b"(empty)") is None and zeek_conn_ids.text_of(None) is None
