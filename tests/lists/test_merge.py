from __future__ import annotations

from datetime import date

from ictguard.lists.merge import combine, merge_sources
from ictguard.lists.update import PreparedLoad
from ictguard.model import Address, Entity, Identifier


def test_combine_keeps_base_and_adds_what_is_missing() -> None:
    ofac = Entity(
        id="ofac-plc:1",
        source="PLC",
        name="ABU X, Mohammed",
        aliases=("M. ABU X",),
        identifiers=(Identifier("Passport", "1"),),
    )
    csl = Entity(
        id="ofac-plc:1",
        source="PLC",
        name="Mohammed ABU X",
        aliases=("M. ABU X", "Abu Ex"),
        identifiers=(Identifier("Passport", "1"), Identifier("Gender", "Male")),
        addresses=(Address("Hebron, PS", "PS"),),
        start_date=date(2006, 1, 1),
        remarks="HAMAS",
    )
    out = combine(ofac, csl)
    assert out.name == "ABU X, Mohammed"
    assert out.aliases == ("M. ABU X", "Abu Ex", "Mohammed ABU X")
    assert out.identifiers == (Identifier("Passport", "1"), Identifier("Gender", "Male"))
    assert out.addresses == (Address("Hebron, PS", "PS"),) and out.start_date == date(2006, 1, 1)
    assert out.remarks == "HAMAS"
    assert combine(out, out) == out


def test_duplicates_within_a_file_are_merged_and_reported() -> None:
    notes: list[str] = []
    first = Entity(id="csl:1", source="DPL", name="P", source_line=2)
    again = Entity(id="csl:1", source="DPL", name="P", source_line=3)
    other = Entity(id="csl:2", source="DPL", name="Q")
    assert [e.id for e in merge_sources([], [first, again, other], notes)] == ["csl:1", "csl:2"]
    assert len(notes) == 1 and "csl:1" in notes[0]


def test_mirror_has_one_entity_per_ent_num_and_list(mirror_load: PreparedLoad) -> None:
    ids = [e.id for e in mirror_load.entities]
    assert len(ids) == len(set(ids)) == 13459
    by_id = {e.id: e for e in mirror_load.entities}
    # ent_num 9659 is on the SDN list (2021) and the PLC list (2025): two entities
    assert by_id["ofac-sdn:9659"].source == "SDN" and by_id["ofac-plc:9659"].source == "PLC"
    # non-SDN person: OFAC's "LAST, First" is the name, the CSL's "First LAST" stays findable as an alias
    plc = by_id["ofac-plc:9673"]
    assert plc.name == "ABU JHEISHEH, Mohammed" and "Mohammed ABU JHEISHEH" in plc.aliases
    assert plc.source_file is not None and plc.source_file.endswith("cons_prim.csv")
