"""``audit --engine spark``: the conn logs (Zeek TSV/JSON, nfdump CSV) read and added up on Spark.

Each file is cut into byte ranges (conn_split.ConnFile.ranges); one task per range reads its lines with the
local streamed reader of the format, with the relevance broadcast (the adversary countries and the addresses
DNS/TLS names tie to vendor clouds; each executor places an address in its country with iptocc's range
table, as the local engine does). The tasks' flow groups and local hosts are added up per file and
conversation by Spark (groupBy), their rejected rows and counts go to the driver, and conn_split.combine
turns each file's parts into the observations its whole-file reader gives, so the audit report is the same as
the local engine's. The files must be readable at the same path on every executor (a shared mount).
"""

from __future__ import annotations

import functools
import pickle
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ictguard.devices.flowgroups import Relevance
from ictguard.devices.parsers.conn_split import RANGE_BYTES, ConnFile, Part, combine, conn_file, read_part
from ictguard.devices.records import FlowGroup, LocalHost
from ictguard.devices.streamed import Kind, Outcome, StreamEngine, guarded, read_streamed

_SCHEMA = (
    "kind string, file int, src string, dst string, src_mac string, dst_mac string, proto string, "
    "sport long, dport long, flows long, bytes_out long, bytes_in long, first double, last double, "
    "part binary"
)
_KEYS = ["file", "src", "dst", "src_mac", "dst_mac", "proto", "sport", "dport"]


def read_splits(splits: Iterator[tuple[int, ConnFile, int, int]], shared: Any) -> Iterator[tuple[Any, ...]]:
    """A task: each range's flow groups ("g"), local hosts ("h") and the rest of its part ("p", pickled)."""
    named, relevant = shared.value
    for index, file, begin, end in splits:
        try:
            part = read_part(file, begin, end, named, relevant)
        except Exception:  # the whole-file reader on the driver says what is wrong, as the local engine would
            part = Part(begin, whole_file=True)
        obs = part.observations
        for g in obs.flow_groups:
            yield (
                "g",
                index,
                g.src,
                g.dst,
                g.src_mac,
                g.dst_mac,
                g.proto,
                g.sport,
                g.dport,
                g.flows,
                g.bytes_out,
                g.bytes_in,
                g.first,
                g.last,
                None,
            )
        for h in obs.local_hosts:
            yield ("h", index, h.ip, None, h.mac, None, None, None, None, None, None, None, h.first, None, None)
        obs.flow_groups, obs.local_hosts = [], []
        yield (
            "p",
            index,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL),
        )


Added = tuple[dict[int, list[Part]], dict[int, list[FlowGroup]], dict[int, list[LocalHost]]]


def _aggregate(
    spark: Any, files: list[tuple[int, ConnFile]], named: frozenset[int], relevant: Relevance, range_bytes: int
) -> Added:
    """Per file: its parts (without groups and hosts), its flow groups and its local hosts added up."""
    from pyspark.sql import functions as F

    splits = [(index, file, begin, end) for index, file in files for begin, end in file.ranges(range_bytes)]
    sc = spark.sparkContext
    shared = sc.broadcast((named, relevant))
    rows = sc.parallelize(splits, len(splits)).mapPartitions(functools.partial(read_splits, shared=shared))
    frame = spark.createDataFrame(rows, _SCHEMA).persist()
    try:
        parts: dict[int, list[Part]] = defaultdict(list)
        for row in frame.where("kind = 'p'").select("file", "part").collect():
            parts[row.file].append(pickle.loads(row.part))
        groups: dict[int, list[FlowGroup]] = defaultdict(list)
        summed = (
            frame.where("kind = 'g'")
            .groupBy(*_KEYS)
            .agg(
                F.sum("flows").alias("flows"),
                F.sum("bytes_out").alias("bytes_out"),
                F.sum("bytes_in").alias("bytes_in"),
                F.min("first").alias("first"),
                F.max("last").alias("last"),
            )
        )
        for r in summed.collect():
            groups[r.file].append(
                FlowGroup(
                    r.src,
                    r.dst,
                    r.src_mac,
                    r.dst_mac,
                    r.proto,
                    r.sport,
                    r.dport,
                    r.flows,
                    r.bytes_out,
                    r.bytes_in,
                    r.first,
                    r.last,
                )
            )
        hosts: dict[int, list[LocalHost]] = defaultdict(list)
        earliest = frame.where("kind = 'h'").groupBy("file", "src", "src_mac").agg(F.min("first").alias("first"))
        for r in earliest.collect():
            hosts[r.file].append(LocalHost(r.src, r.src_mac, r.first))
    finally:
        frame.unpersist()
    return parts, groups, hosts


def spark_engine(master: str | None = None, range_bytes: int = RANGE_BYTES) -> StreamEngine:
    """The conn logs read on Spark (``master``: a URL, default local[*]); one outcome per file, as the local
    engine's."""

    def run(files: Sequence[tuple[Path, Kind]], named: frozenset[int], relevant: Relevance) -> list[Outcome]:
        from ictguard.spark.session import spark_session

        # A JSON array (nfdump -o json) cannot be cut at a line: such a file is read here, streamed.
        outcomes: list[Any] = [
            guarded(path, functools.partial(conn_file, path, kind))
            if kind != "nfdump-json"
            else guarded(path, functools.partial(read_streamed, path, kind, named, relevant))
            for path, kind in files
        ]
        ready = [(i, found) for i, found in enumerate(outcomes) if isinstance(found, ConnFile)]
        if ready:
            with spark_session(master, "ictguard audit") as spark:
                parts, groups, hosts = _aggregate(spark, ready, named, relevant, range_bytes)
            for i, file in ready:
                found = guarded(file.path, functools.partial(combine, file, parts[i], groups[i], hosts[i]))
                # None: a range only the whole-file reader reads right (a second #fields header …): read it here
                outcomes[i] = (
                    found
                    if found is not None
                    else guarded(file.path, functools.partial(read_streamed, file.path, file.kind, named, relevant))
                )
        return outcomes

    return run
