from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import ListFormatError
from ictguard.lists.csl_csv import load_csl_csv, parse_csl_csv


def test_loads_whole_mirror(lists_dir: Path) -> None:
    entities = load_csl_csv(lists_dir / "consolidated.csv")
    assert len(entities) == 13461
    by_source: dict[str, int] = {}
    for e in entities:
        by_source[e.source] = by_source.get(e.source, 0) + 1
    assert by_source["EL"] == 3409 and by_source["SDN"] == 8976 and by_source["MEU"] == 70


@pytest.mark.parametrize("name", ["csl_sample_2019.csv", "csl_sample_2025.csv"])
def test_loads_both_layouts(lists_dir: Path, name: str) -> None:
    entities = load_csl_csv(lists_dir / "csl_samples" / name)
    assert entities and all(e.name and e.source for e in entities)
    assert len({e.id for e in entities}) == len(entities)


def test_truncated_row_names_file_and_line(lists_dir: Path) -> None:
    data = (lists_dir / "csl_samples" / "csl_sample_2025.csv").read_bytes()
    lines = data.split(b"\n")
    cut = b"\n".join(lines[:3]) + b"\n" + lines[3][:40]
    with pytest.raises(ListFormatError) as info:
        parse_csl_csv(cut, "consolidated.csv")
    assert info.value.file == "consolidated.csv" and info.value.line is not None
