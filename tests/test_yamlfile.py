"""The one YAML loader: every error names the file and the line, whichever data file it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.cases.roles import parse_roles
from ictguard.errors import DataFileError
from ictguard.lists.effective_dates import parse_rules
from ictguard.lists.relations import parse_groups
from ictguard.yamlfile import LineDict, parse_yaml, read_yaml

BROKEN = "a: 1\nb:\n  - x\n  - [unclosed\nc: 3\n"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (BROKEN, 5, "expected"),
        ("a: 1\na: [1\n", 3, "expected"),
        ("rules:\n  - effective: 2024-02-30\n", 2, "day is out of range"),
        ("a: {b: 1\n", 2, "expected"),
        ("\tkey: 1\n", 1, "'\\t'"),
    ],
)
def test_errors_name_the_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(DataFileError) as info:
        parse_yaml(text, "data.yaml")
    assert info.value.file == "data.yaml" and info.value.line == line and needle in str(info.value)


def test_mappings_know_their_lines() -> None:
    doc = parse_yaml("top: 1\nitems:\n  - name: a\n    cite: x\n  - name: b\n", "d.yaml")
    assert isinstance(doc, LineDict) and doc.line == 1 and doc.key_lines == {"top": 1, "items": 2}
    assert [item.line for item in doc["items"]] == [3, 5]
    tagged = parse_yaml("items:\n  - name: a\n", "d.yaml", line_key="__line__")
    assert tagged["items"][0] == {"name": "a", "__line__": 2}


def test_read_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        read_yaml(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: \xff\n")
    with pytest.raises(DataFileError, match="not UTF-8") as info:
        read_yaml(bad)
    assert info.value.file == str(bad)


@pytest.mark.parametrize("parse", [lambda t, f: parse_roles(t, file=f), parse_rules, parse_groups])
def test_every_loader_reports_the_line(parse: object) -> None:
    """The loaders that called yaml.safe_load bare said no line; they share the one loader now."""
    with pytest.raises(DataFileError) as info:
        parse(BROKEN, "some.yaml")  # type: ignore[operator]
    assert info.value.file == "some.yaml" and info.value.line == 5
