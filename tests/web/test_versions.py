"""Two list versions through the web: the dashboard's "what changed" fragment and an entry's history."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from fastapi.testclient import TestClient

from ictguard.store import lists_repo
from ictguard.store.lists_repo import update_lists
from tests.web.conftest import WebEnv, sign_in


def write_list(folder: Path, header: list[str], rows: list[list[str]]) -> Path:
    folder.mkdir()
    with (folder / "consolidated.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return folder


def test_what_changed_and_entry_history(client: TestClient, web_env: WebEnv, lists_dir: Path, tmp_path: Path) -> None:
    with (lists_dir / "consolidated.csv").open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        header = next(reader)
        rows = [row for _, row in zip(range(35), reader, strict=False)]
    remarks = header.index("remarks")
    changed = list(rows[1])
    changed[remarks] = (changed[remarks] + " Address corrected.").strip()
    # v2 drops the first entry, changes the second, and adds five.
    old = update_lists(web_env.engine, str(write_list(tmp_path / "v1", header, rows[:30])), web_env.settings)
    new = update_lists(
        web_env.engine, str(write_list(tmp_path / "v2", header, [changed, *rows[2:35]])), web_env.settings
    )
    removed_id = next(
        e.id
        for e in lists_repo.load_snapshot(web_env.engine, old.version_id).entities
        if e.name == rows[0][header.index("name")]
    )
    changed_id = next(
        e.id
        for e in lists_repo.load_snapshot(web_env.engine, new.version_id).entities
        if e.name == rows[1][header.index("name")]
    )

    sign_in(client, "viewer")
    dashboard = client.get("/ui/").text
    assert f"old={old.version_id}" in dashboard and f"new={new.version_id}" in dashboard
    fragment = client.get(
        f"/ui/dashboard/changes?old={old.version_id}&new={new.version_id}", headers={"HX-Request": "true"}
    ).text
    assert re.search(r"5 added,\s*1 changed,\s*1 removed", fragment), fragment

    history = client.get(f"/ui/entities/{changed_id}/history").text
    assert re.findall(r"<td>(listed|changed|unchanged|removed|not listed)</td>", history) == ["changed", "listed"]
    gone = client.get(f"/ui/entities/{removed_id}/history").text
    assert re.findall(r"<td>(listed|changed|unchanged|removed|not listed)</td>", gone) == ["removed", "listed"]
    assert client.get(f"/ui/entities/{removed_id}").status_code == 404  # not in the active version
