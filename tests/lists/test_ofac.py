from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ictguard.errors import ListFormatError
from ictguard.lists.ofac import OfacFiles, load_ofac_dir, parse_ofac
from ictguard.model import EntityType, RelationKind


@pytest.fixture(scope="module")
def ofac(lists_dir: Path) -> dict[str, object]:
    return {e.id: e for e in load_ofac_dir(lists_dir / "ofac")}


def test_counts_per_list(ofac: dict[str, object]) -> None:
    counts = Counter(e.source for e in ofac.values())  # type: ignore[attr-defined]
    # README of the mirror: SDN 8,976; non-SDN 442 = SSI 286, PLC 78, CMIC 68, NS-MBS 9, CAP 1
    assert counts == {"SDN": 8976, "SSI": 286, "PLC": 78, "CMIC": 68, "NS-MBS": 9, "CAP": 1}


def test_addresses_aliases_and_weak_alias(ofac: dict[str, object]) -> None:
    bnc = ofac["ofac-sdn:306"]
    assert bnc.name == "BANCO NACIONAL DE CUBA"  # type: ignore[attr-defined]
    assert bnc.aliases == ("NATIONAL BANK OF CUBA", "BNC")  # type: ignore[attr-defined]
    assert bnc.addresses[0].text == "Zweierstrasse 35, Zurich CH-8022, CH"  # type: ignore[attr-defined]
    assert bnc.countries == ("CH", "ES", "JP", "PA")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("ent_id", "field", "expected"),
    [
        ("ofac-sdn:24035", "dates_of_birth", ("1991-12-02",)),
        ("ofac-sdn:24035", "places_of_birth", ("Tehran, Iran",)),
        ("ofac-sdn:24035", "nationalities", ("IR",)),
        ("ofac-sdn:24035", "type", EntityType.PERSON),
        ("ofac-sdn:15740", "type", EntityType.AIRCRAFT),
        ("ofac-sdn:15740", "programs", ("SDGT", "SYRIA", "IRGC", "IFSR")),
        ("ofac-sdn:9587", "dates_of_birth", ("1982-01-01", "1980-01-01")),
    ],
)
def test_remarks_are_structured(ofac: dict[str, object], ent_id: str, field: str, expected: object) -> None:
    assert getattr(ofac[ent_id], field) == expected


def test_identifiers_with_country(ofac: dict[str, object]) -> None:
    ids = {(i.type, i.value, i.country) for i in ofac["ofac-sdn:9587"].identifiers}  # type: ignore[attr-defined]
    assert ("Travel Document Number", "A0144378", "DE") in ids
    ids = {(i.type, i.value) for i in ofac["ofac-sdn:24035"].identifiers}  # type: ignore[attr-defined]
    assert ("National ID No.", "041-023144-4") in ids and ("Gender", "Male") in ids


def test_comments_continue_mid_word_and_linked_to(ofac: dict[str, object]) -> None:
    # sdn.csv stops the remarks of 28264 inside "Phone Number"; sdn_comments.csv goes on with "hone Number".
    li = ofac["ofac-sdn:28264"]
    phones = [i.value for i in li.identifiers if i.type == "Phone Number"]  # type: ignore[attr-defined]
    assert phones == ["8613314257947", "8618004121000"]
    assert [(r.kind, r.target_name) for r in li.relations] == [  # type: ignore[attr-defined]
        (RelationKind.LINKED_TO, "LAZARUS GROUP")
    ]


def test_linked_to_keeps_trailing_dot_of_name(ofac: dict[str, object]) -> None:
    names = [r.target_name for r in ofac["ofac-sdn:12300"].relations]  # type: ignore[attr-defined]
    assert "BIO FORESTAL S.A.S." in names and "R D I S.A." in names


def _prim(rows: list[str]) -> tuple[str, bytes]:
    return ("sdn.csv", ("\r\n".join(rows) + "\r\n\x1a").encode())


ROW = '{n},"NAME {n}",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '


@pytest.mark.parametrize(
    ("rows", "line", "field"),
    [
        ([ROW.format(n=1), ROW.format(n=1)], 2, "ent_num"),
        ([ROW.format(n=1), "x" + ROW.format(n=2)], 2, "ent_num"),
        ([ROW.format(n=1), '2,"NAME",-0- '], 2, None),
        ([ROW.format(n=1), '2,"unterminated'], 2, None),
    ],
)
def test_bad_rows_name_file_line(rows: list[str], line: int, field: str | None) -> None:
    with pytest.raises(ListFormatError) as info:
        parse_ofac(OfacFiles("sdn", _prim(rows)))
    assert (info.value.file, info.value.line, info.value.field) == ("sdn.csv", line, field)


def test_orphan_companion_rows_are_reported() -> None:
    add = ("add.csv", b'1,10,"Street","Havana","Cuba",-0- \r\n99,11,"X","Y","Cuba",-0- \r\n\x1a')
    result = parse_ofac(OfacFiles("sdn", _prim([ROW.format(n=1)]), add=add))
    assert len(result.entities) == 1 and result.entities[0].addresses[0].country == "CU"
    assert any("99" in note for note in result.notes)
