"""The audit's remediation list: which action each finding calls for, who must take it, and for which devices.

Actions are data (data/devices/remediation.yaml), validated at load; this module only matches findings to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ictguard.devices.datafile import LINE_KEY, check_keys, data_dir, load_yaml, records, text, text_list
from ictguard.devices.findings import DeviceFinding
from ictguard.devices.lawdata import OUTCOMES
from ictguard.errors import DataFileError


@dataclass(frozen=True)
class Action:
    id: str
    priority: int
    audience: str
    when_rules: frozenset[str]
    when_outcomes: frozenset[str]
    action: str
    why: str
    citations: tuple[str, ...]

    def applies_to(self, finding: DeviceFinding) -> bool:
        return finding.outcome in self.when_outcomes and not self.when_rules.isdisjoint(finding.rules)


@lru_cache(maxsize=1)
def default_actions() -> tuple[Action, ...]:
    return load_actions(data_dir() / "remediation.yaml")


def load_actions(path: Path) -> tuple[Action, ...]:
    actions: list[Action] = []
    for rec in records(load_yaml(path), "actions", path):
        check_keys(
            rec,
            path,
            required=("id", "priority", "audience", "when_rules", "when_outcomes", "action", "why", "citations"),
        )
        line = rec[LINE_KEY]
        if rec["priority"] not in (1, 2, 3):
            raise DataFileError("priority must be 1, 2 or 3", file=path, line=line, field="priority")
        outcomes = text_list(rec, "when_outcomes", path)
        if not set(outcomes) <= set(OUTCOMES):
            raise DataFileError("unknown outcome", file=path, line=line, field="when_outcomes")
        if any(a.id == rec["id"] for a in actions):
            raise DataFileError("duplicate id", file=path, line=line, field="id")
        actions.append(
            Action(
                text(rec, "id", path),
                rec["priority"],
                text(rec, "audience", path),
                frozenset(text_list(rec, "when_rules", path)),
                frozenset(outcomes),
                " ".join(text(rec, "action", path).split()),
                " ".join(text(rec, "why", path).split()),
                text_list(rec, "citations", path),
            )
        )
    return tuple(actions)


def remediation_list(
    devices: Iterable[tuple[str, Sequence[DeviceFinding]]], actions: Iterable[Action] | None = None
) -> list[dict[str, Any]]:
    """One entry per action that some device's findings call for, most urgent and most widespread first.

    ``devices`` are (device id, its findings) pairs, in report order; each entry names the devices and the
    rules of theirs that called for the action.
    """
    devices = list(devices)
    entries: list[dict[str, Any]] = []
    for action in actions if actions is not None else default_actions():
        ids: list[str] = []
        rules: set[str] = set()
        for device_id, findings in devices:
            matched = [f for f in findings if action.applies_to(f)]
            if matched:
                ids.append(device_id)
                rules.update(r for f in matched for r in f.rules if r in action.when_rules)
        if ids:
            entries.append(
                {
                    "id": action.id,
                    "priority": action.priority,
                    "audience": action.audience,
                    "action": action.action,
                    "why": action.why,
                    "rules": sorted(rules),
                    "citations": list(action.citations),
                    "devices": ids,
                }
            )
    entries.sort(key=lambda e: (e["priority"], -len(e["devices"])))
    return entries
