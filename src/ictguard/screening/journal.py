"""Resumable batch screening: every screened row is appended (and flushed) to a journal next to the output;
a re-run after a crash or Ctrl-C skips the rows already in the journal, so nothing is screened twice and
nothing is lost. The output CSV is written from the journal at the end, atomically, then the journal goes."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ictguard.errors import InputError

# Writes a header and rows to a text stream (reports.csv_safe.write_safe_csv: formula-safe cells).
RowWriter = Callable[[IO[str], Sequence[str], Iterable[Mapping[str, object]]], int]


def _unwritable(path: Path, exc: OSError) -> InputError:
    return InputError(f"cannot write: {exc.strerror or exc}", file=path, field="-o")


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_writable(out: Path) -> None:
    """InputError (one line, exit 2) unless a file can be written where ``out`` is to go."""
    if out.is_dir():
        raise InputError("is a directory, not a file to write", file=out, field="-o")
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.", suffix=".probe"):
            pass
    except OSError as exc:
        raise _unwritable(out, exc) from None


class Journal:
    def __init__(self, out: Path, input_digest: str, settings: dict[str, Any]) -> None:
        self.path = out.with_name(out.name + ".journal")
        self.done: dict[int, dict[str, str]] = {}
        header = {"input_sha256": input_digest, **settings}
        check_writable(out)
        # Opened before the first row is screened: an output that cannot be written fails now, in one line.
        try:
            if self.path.exists():
                self._load(header)
                self._handle = self.path.open("a", encoding="utf-8")
            else:
                self._handle = self.path.open("w", encoding="utf-8")
                self._write(header)
        except OSError as exc:
            raise _unwritable(out, exc) from None

    def _load(self, header: dict[str, Any]) -> None:
        with self.path.open(encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        try:
            first = json.loads(lines[0]) if lines else None
        except json.JSONDecodeError:
            first = None
        if first != header:
            raise InputError(
                "journal of an earlier run with another input or options; delete it to start over",
                file=self.path,
                line=1,
            )
        for line in lines[1:]:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by the crash: that row is screened again
            self.done[int(record["index"])] = record["out"]

    def _write(self, record: dict[str, Any]) -> None:
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def add(self, index: int, out: dict[str, str]) -> None:
        self.done[index] = out
        self._write({"index": index, "out": out})

    def flush(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def finish(self, out: Path, columns: list[str], count: int, *, write: RowWriter) -> None:
        """Write OUT (rows in input order, by ``write``) atomically, then remove the journal."""
        self.flush()
        self._handle.close()
        tmp = out.with_name(out.name + ".tmp")
        try:
            with tmp.open("w", encoding="utf-8", newline="") as handle:
                write(handle, columns, (self.done[index] for index in range(count)))
            os.replace(tmp, out)
        except OSError as exc:
            raise _unwritable(out, exc) from None
        self.path.unlink()

    def close(self) -> None:
        if not self._handle.closed:
            self.flush()
            self._handle.close()
