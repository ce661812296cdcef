"""Keeping the screener's long-lived objects out of the cyclic garbage collector's way: a lifecycle policy of the
long-running callers (the service's active screener, batch runs, batch workers), never of library code.

A loaded index is a few hundred thousand objects, and screening names never seen before adds hundreds of
thousands more to the per-name caches. A full collection walks all of them (0.4-0.7 s measured), and one comes
every few thousand screens. Frozen objects are skipped by the collector; reference counting still frees them.
Cyclic garbage that is frozen stays until :func:`thaw` (the service calls it when the list version changes).
A forked batch worker freezes everything it inherited at once (:func:`freeze_inherited`), so its collections
never touch, and copy, the parent's pages of the shared index.
"""

from __future__ import annotations

import gc

FREEZE_EVERY = 200  # screens between two freezes of what the caches kept


def freeze_all() -> None:
    """After building an index: collect everything once, then freeze the survivors."""
    gc.collect()
    gc.freeze()


def freeze_young() -> None:
    """Collect only the young generations (at most a few thousand objects, cheap), then freeze the survivors."""
    gc.collect(1)
    gc.freeze()


def freeze_inherited() -> None:
    """In a forked worker: freeze what the parent built without a collection (it was collected there)."""
    gc.freeze()


def thaw() -> None:
    gc.unfreeze()


class FreezeEvery:
    """Counts screens and freezes the young survivors every ``every`` of them."""

    def __init__(self, every: int = FREEZE_EVERY, *, first: bool = False) -> None:
        self.every = every
        self._count = every - 1 if first else 0  # first: the next tick freezes

    def tick(self) -> None:
        self._count += 1  # unlocked: a lost increment only delays a freeze
        if self._count >= self.every:
            self._count = 0
            freeze_young()
