"""Every fingerprint record is tested on its own examples; the loader rejects malformed data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.devices.fingerprints import (
    Fingerprint,
    default_fingerprints,
    default_vendors,
    load_fingerprints,
    load_vendors,
)
from ictguard.errors import DataFileError

FINGERPRINTS = default_fingerprints()


@pytest.mark.parametrize("fp", FINGERPRINTS, ids=[fp.id for fp in FINGERPRINTS])
def test_record_matches_its_examples_and_not_its_counter_examples(fp: Fingerprint) -> None:
    assert fp.examples, f"{fp.id} has no example"
    for example in fp.examples:
        assert fp.pattern.search(example), f"{fp.id} misses its example {example!r}"
    for counter in fp.counter_examples:
        assert not fp.pattern.search(counter), f"{fp.id} matches its counter-example {counter!r}"
    assert fp.citation.strip() and fp.evidence.strip()


def test_covered_vendors_are_exactly_the_five_named_companies() -> None:
    covered = {name for name, v in default_vendors().items() if v.covered}
    assert covered == {"Huawei", "ZTE", "Hytera", "Hikvision", "Dahua"}


def _write(tmp_path: Path, body: str) -> Path:
    directory = tmp_path / "fps"
    directory.mkdir()
    (directory / "x.yaml").write_text(body, encoding="utf-8")
    return directory


GOOD = """fingerprints:
  - id: a
    kind: http_server
    pattern: '^x$'
    vendor: Hikvision
    basis: direct
    confidence: 0.5
    evidence: e
    citation: c
"""


@pytest.mark.parametrize(
    ("body", "field", "line"),
    [
        (GOOD.replace("    citation: c\n", ""), "citation", 2),
        (GOOD + "    colour: red\n", "colour", 2),
        (GOOD.replace("kind: http_server", "kind: smell"), "kind", 2),
        (GOOD.replace("vendor: Hikvision", "vendor: Acme"), "vendor", 2),
        (GOOD.replace("basis: direct", "basis: hunch"), "basis", 2),
        (GOOD.replace("confidence: 0.5", "confidence: 2"), "confidence", 2),
        (GOOD.replace("'^x$'", "'(x'"), "pattern", 2),
        (GOOD + GOOD.split("\n", 1)[1], "id", 10),
    ],
)
def test_invalid_record_names_file_line_and_field(tmp_path: Path, body: str, field: str, line: int) -> None:
    directory = _write(tmp_path, body)
    with pytest.raises(DataFileError) as info:
        load_fingerprints(directory, default_vendors())
    assert info.value.field == field
    assert info.value.line == line
    assert info.value.file is not None and info.value.file.endswith("x.yaml")


def test_good_record_loads(tmp_path: Path) -> None:
    [fp] = load_fingerprints(_write(tmp_path, GOOD), default_vendors())
    assert (fp.id, fp.vendor, fp.line) == ("a", "Hikvision", 2)


def test_vendor_file_requires_boolean_covered(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text("vendors:\n  - name: A\n    covered: maybe\n    legal_name: A\n    citation: c\n")
    with pytest.raises(DataFileError) as info:
        load_vendors(path)
    assert (info.value.field, info.value.line) == ("covered", 2)
