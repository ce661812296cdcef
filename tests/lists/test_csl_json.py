from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from ictguard.errors import ListFormatError
from ictguard.lists.csl_csv import load_csl_csv
from ictguard.lists.csl_json import load_csl_json, parse_csl_json
from ictguard.lists.relations import resolve_targets
from ictguard.model import EntityType, RelationKind

FIXTURE = Path(__file__).parent / "fixtures" / "csl_api_sample.json"
MULTI = (
    "programs",
    "addresses",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "ids",
)


def test_fixture_fields() -> None:
    el, person, dpl, company = load_csl_json(FIXTURE)
    assert (el.id, el.source, el.name) == ("csl:fixture-el-0001", "EL", "Example Photonics Technology Co., Ltd.")
    assert el.aliases == ("Example Photonics", "EPT")
    assert el.addresses[0].text == "No. 1 Example Road, Shenzhen, Guangdong, 518000, CN" and el.countries == ("CN",)
    assert el.federal_register_notices == ("84 FR 22963", "85 FR 29853") and el.start_date == date(2019, 5, 21)
    assert (person.id, person.type, person.programs) == ("ofac-sdn:90001", EntityType.PERSON, ("NPWMD", "IFSR"))
    assert [(i.type, i.value, i.country) for i in person.identifiers] == [
        ("Passport", "000000001", "KP"),
        ("Secondary sanctions risk", "North Korea Sanctions Regulations, sections 510.201 and 510.210", None),
        ("Gender", "Male", None),
    ]
    assert person.remarks is None
    [rel] = resolve_targets([person, company])[0].relations
    assert (rel.kind, rel.target_name, rel.target_id) == (
        RelationKind.LINKED_TO,
        "EXAMPLE TRADING CO., LTD.",
        "ofac-sdn:90002",
    )
    assert dpl.end_date == date(2032, 3, 4) and dpl.federal_register_notices == ("67 F.R. 56530", "71 F.R. 38843")


@pytest.mark.parametrize("name", ["csl_sample_2019.csv", "csl_sample_2025.csv"])
def test_json_form_equals_csv_form(lists_dir: Path, name: str) -> None:
    """The API's JSON (multi-valued cells as arrays) and the CSV give the same entities."""
    path = lists_dir / "csl_samples" / name
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    results = [{k: ([p for p in v.split("; ") if p] if k in MULTI else v) for k, v in r.items()} for r in rows]
    from_json = parse_csl_json(json.dumps({"results": results}).encode(), "api.json")
    from_csv = load_csl_csv(path)
    strip = {"source_file": None, "source_line": None}
    assert [e.to_dict() | strip for e in from_json] == [e.to_dict() | strip for e in from_csv]


@pytest.mark.parametrize(
    ("doc", "line", "field"),
    [
        (b'{"results": [{"source": "x", "name": "y", "addresses": [], "alt_names": []}, {"source": "x"}]}', 2, "name"),
        (b'{"results": [{"source": "x", "name": "", "addresses": [], "alt_names": []}]}', 1, "name"),
        (
            b'{"results": [{"source": "x", "name": "y", "addresses": [], "alt_names": [], "start_date": "soon"}]}',
            1,
            "start_date",
        ),
        (b'{"results": [{"source": "x", "name": {"a": 1}, "addresses": [], "alt_names": []}]}', 1, "name"),
        (b'{"results": [7]}', 1, "results"),
        (b'{"result": []}', 1, None),
        (b'{"results": [', 1, None),
    ],
)
def test_bad_json_names_record_and_field(doc: bytes, line: int, field: str | None) -> None:
    with pytest.raises(ListFormatError) as info:
        parse_csl_json(doc, "api.json")
    assert (info.value.file, info.value.line, info.value.field) == ("api.json", line, field)
