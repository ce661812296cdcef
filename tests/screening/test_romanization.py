from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.model import Entity
from ictguard.screening import Screener, datafiles
from ictguard.screening.romanization import load_romanizations, romanized_spellings

# Words the list index would know (as Russian entries' words), to check the rewrite in isolation.
_KNOWN = {"kalashnikov", "kontsern", "sukhoi", "tupolev", "ilyushin", "uralvagonzavod", "zavod"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kalaschnikow Konzern", "kalashnikov kontsern"),  # German: sch, w, z
        ("PAO Tupolew", "pao tupolev"),  # German w for в
        ("AO Suchoi", "ao sukhoi"),  # German ch for х before a vowel
        ("AO Iljuschin", "ao ilyushin"),  # German j, sch
        ("Uralwagonsawod", "uralvagonzavod"),  # German s for з (the voiced reading)
        ("Soukhoï", "sukhoi"),  # French ou, kh, ï
        ("Iliouchine", "ilyushin"),  # French iou, ch, final -e of -ine
        ("Kałasznikow", "kalashnikov"),  # Polish sz, w, ł
        ("Iljuszyn", "ilyushin"),  # Polish szy for ши
    ],
)
def test_other_languages_romanizations_reach_the_bgn_word(query: str, expected: str) -> None:
    assert expected in romanized_spellings(query, _KNOWN.__contains__)


@pytest.mark.parametrize(
    "query",
    [
        "Network Solutions Ltd",  # w -> v makes no known word
        "Intech GmbH",  # "ch" at a word's end is never х
        "Kalashnikov Concern",  # already the list's spelling: nothing to rewrite
        "Калашников",  # another script: spellings.py's business
        "DZS GmbH",  # a rewrite shorter than five letters ("dts") is too often another name's word
    ],
)
def test_no_rewrite_without_a_new_known_word(query: str) -> None:
    assert romanized_spellings(query, (_KNOWN | {"dts", "intekh"}).__contains__) == ()


def test_rewrite_targets_only_words_printed_only_for_russian_entries() -> None:
    russian = Entity(id="x:1", source="EL", name="Kalashnikov Concern", countries=("RU",))
    # "vision" is a word of a non-Russian entry: German w -> v must not turn "Wision" into it.
    other = Entity(id="x:2", source="EL", name="Vision Technology Holding", countries=("CN",))
    screener = Screener.from_entities([russian, other])
    hits = screener.screen("Kalaschnikow Konzern")
    assert hits and hits[0].entity.id == "x:1"
    assert any(f.feature == "spelling" for f in hits[0].explanation)
    wision = screener.screen("Wision Technology Holding Ltd")
    assert all(f.feature != "spelling" for h in wision for f in h.explanation)


def test_shipped_schemes_load() -> None:
    assert {s.name for s in load_romanizations()} >= {"german", "french", "polish"}


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('      - ["schtsch", "shch"]\n', '      - ["schtsch"]\n', "german"),
        ('      - ["schtsch", "shch"]\n', '      - ["sch(tsch", "shch"]\n', "german"),
        ('    source: "Duden', '    sauce: "Duden', "sauce"),
    ],
)
def test_bad_scheme_names_file_line_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    path = tmp_path / "romanizations.yaml"
    text = (datafiles.DATA_DIR / "romanizations.yaml").read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_romanizations.__wrapped__(tmp_path)
    assert info.value.field == field
    assert info.value.line is not None and info.value.line > 1


def test_accents_stripped_as_icu_would_on_listed_names(lists_dir: Path) -> None:
    """romanized_spellings strips marks itself and calls ICU's transliterator only for what is left (it costs a
    million instructions and more a name): on every accented Latin listed name that gives ICU's own result."""
    from rigour.text import ascii_text

    from ictguard.lists.csl_csv import load_csl_csv
    from ictguard.screening.romanization import _LAST_LATIN, load_letters
    from ictguard.screening.script import to_ascii

    names = {n for e in load_csl_csv(lists_dir / "consolidated.csv") for n in (e.name, *e.aliases)}
    accented = [
        n.translate(load_letters())
        for n in names
        if not n.isascii() and not any(c.isalpha() and ord(c) > _LAST_LATIN for c in n)
    ]
    assert len(accented) > 100
    assert [n for n in accented if to_ascii(n) != ascii_text(n)] == []


def test_a_word_the_lists_print_is_not_rewritten() -> None:
    """ "Holding" and "Ahmed" are words of many listed names: read as a German/scholarly romanization they would
    become the Russian entries' "kholding"/"akhmed" (one more spelling to screen, and hits no user asked for)."""
    from ictguard.screening.romanization import RomanizationTargets

    targets = RomanizationTargets({"kholding", "akhmed", "kalashnikov"}, printed={"holding", "ahmed"})
    assert romanized_spellings("Kunlun Holding Company", targets) == ()
    assert romanized_spellings("haroun, ahmed mohamed", targets) == ()
    assert romanized_spellings("Kalaschnikow Holding", targets) == ("kalashnikov holding",)
    # Without the printed words, both are rewritten (what the targets alone would do).
    assert romanized_spellings("Kunlun Holding Company", RomanizationTargets({"kholding"})) == (
        "kunlun kholding company",
    )
