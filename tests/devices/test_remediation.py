"""The remediation list: actions are valid data citing real rule ids, and each follows from a device's findings."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from ictguard.devices.audit import ICTS_RULES, audit_observations
from ictguard.devices.findings import DeviceFinding
from ictguard.devices.records import Flow, Observations, Sighting
from ictguard.devices.remediation import default_actions, load_actions, remediation_list
from ictguard.devices.report import report_dict
from ictguard.errors import DataFileError

DATA = Path(str(resources.files("ictguard") / "data"))


def _known_rule_ids() -> set[str]:
    ids = set(ICTS_RULES)
    for path in (DATA / "rules").glob("*.yaml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            ids.add(rule["id"])
            ids.update(rule.get("also_rules") or ())
    for template in yaml.safe_load((DATA / "devices" / "findings.yaml").read_text(encoding="utf-8"))["findings"]:
        ids.update(template["rules"])
    return ids


def test_every_action_is_triggered_by_rules_that_exist() -> None:
    known = _known_rule_ids()
    for action in default_actions():
        assert action.when_rules <= known, action.id
        assert action.citations and action.audience and action.why


def _document(manufacturer: str, on: date, *, phone_home: bool = False) -> dict[str, Any]:
    obs = Observations(sightings=[Sighting(source="inv", ip="10.0.0.5", manufacturer=manufacturer)])
    if phone_home:
        obs.flows.append(Flow("10.0.0.5", "120.55.10.20", 40000, 443, "tcp", 5000, 100, None, None))
    return report_dict(audit_observations(obs, as_of=on))


def _actions(document: dict[str, Any]) -> list[tuple[int, str]]:
    return [(r["priority"], r["id"]) for r in document["remediation"]]


@pytest.mark.parametrize(
    ("manufacturer", "on", "phone_home", "expected"),
    [
        (
            "Hangzhou Hikvision Digital Technology Co., Ltd.",
            date(2026, 12, 1),
            True,
            [
                (1, "isolate-phone-home"),
                (1, "replace-for-federal-contracts"),
                (2, "no-federal-supply"),
                (2, "no-grant-funds"),
                (2, "no-fcc-subsidies"),
                (3, "no-new-models"),
            ],
        ),
        (
            "Huawei Technologies Co., Ltd.",
            date(2026, 12, 1),
            False,
            [
                (1, "replace-for-federal-contracts"),
                (2, "no-federal-supply"),
                (2, "no-grant-funds"),
                (2, "no-fcc-subsidies"),
                (3, "claim-rip-and-replace"),
                (3, "no-new-models"),
            ],
        ),
        # Before Part B (2020-08-13), the Covered List (2021-03-12) and the FCC freeze (2022-11-11): Part A only.
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", date(2019, 9, 1), False, [(2, "no-federal-supply")]),
        ("Axis Communications AB", date(2026, 12, 1), True, [(1, "isolate-phone-home")]),
        ("Axis Communications AB", date(2026, 12, 1), False, []),
    ],
)
def test_actions_follow_from_the_findings_on_the_audit_date(
    manufacturer: str, on: date, phone_home: bool, expected: list[tuple[int, str]]
) -> None:
    document = _document(manufacturer, on, phone_home=phone_home)
    assert _actions(document) == expected
    for entry in document["remediation"]:
        assert entry["devices"] == ["10.0.0.5"] and entry["rules"]


def test_entries_name_every_device_and_sort_by_priority_then_reach() -> None:
    def finding(outcome: str, rule: str) -> DeviceFinding:
        return DeviceFinding(
            id="x",
            scenario=None,
            regime="NDAA889",
            outcome=outcome,
            rules=(rule,),
            citations=("cited",),
            explanation="",
            settles="",
        )

    devices = [
        ("a", [finding("flag", "R-889B")]),
        ("b", [finding("flag", "R-889B")]),
        ("c", [finding("flag", "R-FCC-RR")]),
        ("d", [finding("no_restriction", "R-889B")]),
    ]
    entries = remediation_list(devices)
    assert [(e["id"], e["devices"]) for e in entries] == [
        ("replace-for-federal-contracts", ["a", "b"]),
        ("claim-rip-and-replace", ["c"]),
    ]


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ({"priority": 4}, "priority"),
        ({"when_outcomes": ["maybe"]}, "when_outcomes"),
        ({"colour": "red"}, "colour"),
        ({"citations": []}, "citations"),
    ],
)
def test_bad_action_records_name_their_line_and_field(tmp_path: Path, edit: dict[str, Any], field: str) -> None:
    record = {
        "id": "x",
        "priority": 1,
        "audience": "all",
        "when_rules": ["R-889B"],
        "when_outcomes": ["flag"],
        "action": "Do it.",
        "why": "Because.",
        "citations": ["FAR 52.204-25"],
        **edit,
    }
    path = tmp_path / "remediation.yaml"
    path.write_text(yaml.safe_dump({"actions": [record]}), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_actions(path)
    assert caught.value.field == field and caught.value.line == 2 and caught.value.file == str(path)
