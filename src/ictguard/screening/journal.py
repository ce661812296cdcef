"""Resumable batch screening: every screened row is appended (and flushed) to a journal next to the output;
a re-run after a crash or Ctrl-C skips the rows already in the journal, so nothing is screened twice and
nothing is lost. The output CSV is written from the journal at the end, atomically, then the journal goes."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ictguard.errors import InputError


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Journal:
    def __init__(self, out: Path, input_digest: str, settings: dict[str, Any]) -> None:
        self.path = out.with_name(out.name + ".journal")
        self.done: dict[int, dict[str, str]] = {}
        header = {"input_sha256": input_digest, **settings}
        if self.path.exists():
            self._load(header)
            self._handle = self.path.open("a", encoding="utf-8")
        else:
            self._handle = self.path.open("w", encoding="utf-8")
            self._write(header)

    def _load(self, header: dict[str, Any]) -> None:
        with self.path.open(encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        try:
            first = json.loads(lines[0]) if lines else None
        except json.JSONDecodeError:
            first = None
        if first != header:
            raise InputError("journal of an earlier run with another input or options; delete it to start over",
                             file=self.path, line=1)
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

    def finish(self, out: Path, columns: list[str], count: int) -> None:
        """Write OUT (rows in input order) atomically, then remove the journal."""
        self.flush()
        self._handle.close()
        tmp = out.with_name(out.name + ".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for index in range(count):
                writer.writerow(self.done[index])
        os.replace(tmp, out)
        self.path.unlink()

    def close(self) -> None:
        if not self._handle.closed:
            self.flush()
            self._handle.close()
