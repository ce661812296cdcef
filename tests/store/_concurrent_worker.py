"""A writer process for the cross-process tests: ``python -m tests.store._concurrent_worker MODE URL TAG N START``.

Waits until the wall-clock time START (so the processes begin together), then does N writes of MODE:
``activate`` (a new list version each time) or ``audit`` (an audited write: a counterparty created). Prints a
JSON summary; any error other than the expected ConflictError of a stale activation fails the process."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime

from ictguard.errors import ConflictError
from ictguard.lists.update import PreparedLoad
from ictguard.lists.version import SourceFile
from ictguard.model import Entity
from ictguard.store import counterparties_repo, lists_repo
from ictguard.store.db import make_engine


def make_load(tag: str, n: int) -> PreparedLoad:
    entity = Entity(id=f"el:{tag}-{n}", source="EL", name=f"{tag.title()} Telecom {n} Ltd")
    sha = f"{tag}{n}".encode().hex().ljust(64, "0")[:64]
    files = (SourceFile("consolidated.csv", f"race://{tag}/{n}", sha, 1, 1),)
    return PreparedLoad(f"race {tag} {n}", datetime.now(UTC), files, (entity,), ())


def main(mode: str, url: str, tag: str, count: int, start: float) -> None:
    engine = make_engine(url)
    time.sleep(max(0.0, start - time.time()))
    done, conflicts = 0, 0
    for n in range(count):
        if mode == "activate":
            try:
                lists_repo.activate(engine, make_load(tag, n))
                done += 1
            except ConflictError:  # the other process activated a load prepared after this one
                conflicts += 1
        else:
            counterparties_repo.create(engine, {"name": f"{tag} counterparty {n}", "kind": "customer"}, actor=tag)
            done += 1
    engine.dispose()
    sys.stdout.write(json.dumps({"done": done, "conflicts": conflicts}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
