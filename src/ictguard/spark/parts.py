"""A Spark run's staging directory (``OUT.spark-parts/``): what makes a crashed run resumable.

The driver writes ``manifest.json`` first (the inputs' SHA-256, the options, the list version, the pieces);
each task writes its piece's screened rows as one Parquet part file, committed by an atomic rename, so a part
file is there whole or not at all. Re-running the same command reads the manifest: when it still describes
the run (same inputs, options and list version) only the pieces without a part file (or read with the wrong
skip) run again; otherwise the directory is emptied and the run starts over. The output is assembled from the
part files in piece order, then the directory goes.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ictguard.errors import InputError
from ictguard.spark.pieces import Piece

MANIFEST = "manifest.json"
_META = b"ictguard"


@dataclass(frozen=True)
class PartMeta:
    """What a part file says about its piece: the skip it was read with, its lines, where the next record is."""

    piece: int
    skip: int
    lines: int
    exit: int
    rows: int
    errors: int


def staging_dir(out: Path) -> Path:
    return out.with_name(out.name + ".spark-parts")


def part_path(staging: Path, number: int) -> Path:
    return staging / f"part-{number:05d}.parquet"


def open_staging(staging: Path, key: dict[str, Any]) -> list[Piece] | None:
    """The pieces of an earlier run of the same ``key`` (inputs, options, list version), else None after
    emptying the directory (an earlier run of something else: its parts cannot be used)."""
    manifest = staging / MANIFEST
    try:
        stored = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = None
    if isinstance(stored, dict) and stored.get("key") == key:
        return [Piece(*p) for p in stored["pieces"]]
    if staging.exists():
        print(f"ictguard: {staging}: parts of a run with other inputs or options, removed", file=sys.stderr)
        shutil.rmtree(staging)
    return None


def write_manifest(staging: Path, key: dict[str, Any], pieces: Sequence[Piece]) -> None:
    try:
        staging.mkdir(parents=True, exist_ok=True)
        tmp = staging / f".{MANIFEST}.{uuid.uuid4().hex}"
        document = {"key": key, "pieces": [[p.number, p.file, p.begin, p.end] for p in pieces]}
        tmp.write_text(json.dumps(document), encoding="utf-8")
        os.replace(tmp, staging / MANIFEST)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=staging, field="-o") from None


class PartWriter:
    """One piece's rows (line in the piece, output cells) written as they come, a batch at a time (memory flat
    in the piece's size); ``commit`` adds the piece's metadata and renames the file into place when whole."""

    BATCH = 5_000

    def __init__(self, staging: Path, names: Sequence[str], piece: int) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.staging, self.piece, self.width = staging, piece, len(names)
        fields = [("line", pa.int64()), *((f"c{i}", pa.string()) for i in range(len(names)))]
        self.schema = pa.schema(fields)
        self.tmp = staging / f".part-{piece:05d}.{uuid.uuid4().hex}.tmp"
        self.writer = pq.ParquetWriter(self.tmp, self.schema)
        self.lines: list[int] = []
        self.cells: list[list[str]] = [[] for _ in names]

    def add(self, line: int, cells: Sequence[str]) -> None:
        self.lines.append(line)
        for column, value in zip(self.cells, cells, strict=True):
            column.append(value)
        if len(self.lines) == self.BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        arrays = [pa.array(self.lines, pa.int64()), *(pa.array(c, pa.string()) for c in self.cells)]
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.lines, self.cells = [], [[] for _ in range(self.width)]

    def commit(self, meta: PartMeta) -> None:
        self._flush()
        self.writer.add_key_value_metadata({_META: json.dumps(asdict(meta)).encode()})
        self.writer.close()
        with self.tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self.tmp, part_path(self.staging, self.piece))


def read_metas(staging: Path, pieces: Sequence[Piece]) -> dict[int, PartMeta]:
    """The committed part files' metadata, by piece; a part file that cannot be read is removed (run again)."""
    import pyarrow.parquet as pq

    found: dict[int, PartMeta] = {}
    for piece in pieces:
        path = part_path(staging, piece.number)
        if not path.exists():
            continue
        try:
            meta = PartMeta(**json.loads((pq.read_metadata(path).metadata or {})[_META]))
        except Exception:  # a damaged part file: its piece runs again
            path.unlink()
            continue
        found[piece.number] = meta
    for stray in staging.glob(".part-*.tmp"):  # a write the crash cut short
        stray.unlink(missing_ok=True)
    return found


def expected_skips(pieces: Sequence[Piece], metas: dict[int, PartMeta]) -> dict[int, int]:
    """The skip each piece must be read with, for the pieces whose earlier pieces (in its file) are all read
    right: 0 for a file's first piece; then what the record running on from the piece before took."""
    skips: dict[int, int] = {}
    file, carry = -1, 0
    for piece in pieces:
        if piece.file != file:
            file, carry = piece.file, 0
        if carry < 0:
            continue
        skips[piece.number] = carry
        meta = metas.get(piece.number)
        carry = meta.exit - meta.lines - 1 if meta is not None and meta.skip == carry else -1
    return skips


def pending(pieces: Sequence[Piece], metas: dict[int, PartMeta]) -> list[tuple[Piece, int]]:
    """The pieces to (re)run and the skip to read each with (0 while the pieces before it are not read)."""
    skips = expected_skips(pieces, metas)
    out = []
    for piece in pieces:
        meta, skip = metas.get(piece.number), skips.get(piece.number)
        if meta is None or (skip is not None and meta.skip != skip):
            out.append((piece, skip or 0))
    return out


def assembled_rows(
    staging: Path, pieces: Sequence[Piece], metas: dict[int, PartMeta], first_lines: Sequence[int]
) -> Iterator[tuple[int, int, list[str]]]:
    """(file, line in the file, output cells) of every row, in piece order. ``first_lines``: per file, the
    line its first piece starts on."""
    import pyarrow.parquet as pq

    file, base = -1, 0
    for piece in pieces:
        if piece.file != file:
            file, base = piece.file, first_lines[piece.file] - 1
        for batch in pq.ParquetFile(part_path(staging, piece.number)).iter_batches():
            lines = batch.column(0).to_pylist()
            cells = [batch.column(i).to_pylist() for i in range(1, batch.num_columns)]
            for at, line in enumerate(lines):
                yield file, base + line, [column[at] for column in cells]
        base += metas[piece.number].lines
