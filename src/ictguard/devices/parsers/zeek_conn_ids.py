"""The distinct address values of one conn.log, each classified once and given an integer id.

The columnar reader (zeek_conn_agg) dictionary-encodes a block's address columns and looks the few distinct
values up here, so the per-row work after that is integer arithmetic on ids and classes (numpy), and strings
are decoded, validated and geolocated once per distinct value for the whole file, never per row.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ictguard.devices.flowgroups import Relevance
from ictguard.devices.parsers._common import clean, valid_ip
from ictguard.devices.traffic import is_global

# Classes of an address value: unset, not an IP address, local or public, relevant or not.
UNSET, BAD, LOCAL, PUBLIC, LOCAL_RELEVANT, PUBLIC_RELEVANT = range(6)


@lru_cache(maxsize=65536)
def text_of(value: bytes | None) -> str | None:
    """A raw value as the row reader sees it (bad UTF-8 replaced, unset markers None)."""
    return clean(value.decode("utf-8", "replace")) if value is not None else None


class Values:
    """The distinct raw values of some columns of one file; id = index in ``raw``, id 0 the unset (null) value.
    A block's distinct values (a dictionary) are looked up in pyarrow (index_in); only values never seen before
    reach Python."""

    def __init__(self) -> None:
        self.raw: list[bytes | None] = []
        self._known = pa.array([], pa.binary())
        self._new([None])

    def _new(self, values: list[bytes | None]) -> None:
        self.raw.extend(values)
        self._known = pa.array(self.raw, pa.binary())

    def ids(self, *dictionaries: pa.Array) -> list[npt.NDArray[np.int32]]:
        """The id of every entry of each dictionary (one lookup for all of them: it hashes the known values)."""
        values = pa.concat_arrays(list(dictionaries)) if len(dictionaries) > 1 else dictionaries[0]
        found = pc.index_in(values, value_set=self._known, skip_nulls=False)
        if found.null_count:
            self._new(pc.unique(values.filter(pc.is_null(found))).to_pylist())
            found = pc.index_in(values, value_set=self._known, skip_nulls=False)
        ids = found.to_numpy().astype(np.int32, copy=False)
        return list(np.split(ids, np.cumsum([len(d) for d in dictionaries])[:-1]))


class Addresses(Values):
    """Addresses, each also with its text (the normalised IP address) and its class in ``kinds``."""

    def __init__(self, relevant: Relevance) -> None:
        self.relevant = relevant
        self.text: list[str | None] = []
        self.kinds: npt.NDArray[np.int8] = np.zeros(0, np.int8)
        super().__init__()

    def _new(self, values: list[bytes | None]) -> None:
        kinds = []
        for raw in values:
            text = text_of(raw)
            ip = valid_ip(text) if text is not None else None
            if text is None:
                kind = UNSET
            elif ip is None:
                kind = BAD
            else:
                kind = (PUBLIC if is_global(ip) else LOCAL) + (2 if self.relevant(ip) else 0)
            self.text.append(ip if ip is not None else text)
            kinds.append(kind)
        self.kinds = np.concatenate([self.kinds, np.array(kinds, np.int8)])
        super()._new(values)
