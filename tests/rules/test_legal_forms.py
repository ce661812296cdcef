"""Legal forms at a name's ends (rules/legal_forms.py): dropped before the exact match in every language the data
file knows, compared after it, so a company of another legal form (or, for the interchangeable English forms,
another country) with the same words is only a possible match of a listed entity, never the entity itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.rules import IndexResolver
from ictguard.rules.instruments import META_DIR
from ictguard.rules.legal_forms import form_conflict, read_table, split_forms


def _sure(resolver: IndexResolver, name: str, country: str | None) -> set[str]:
    return {r.entity.name for r in resolver.resolve(name, country) if r.entity.source == "EL" and not r.possible}


def _possible(resolver: IndexResolver, name: str, country: str | None) -> set[str]:
    return {r.entity.name for r in resolver.resolve(name, country) if r.entity.source == "EL" and r.possible}


@pytest.mark.parametrize(
    ("words", "core", "forms"),
    [
        ("huawei technologies bolivia s r l", "huawei technologies bolivia", {"srl"}),
        ("huawei technologies bolivia sociedad de responsabilidad limitada", "huawei technologies bolivia", {"srl"}),
        ("ao kaspersky lab", "kaspersky lab", {"jsc"}),
        ("joint stock company kaspersky lab", "kaspersky lab", {"jsc"}),
        ("huawei technologies co ltd", "huawei technologies", {"ltd"}),
        ("huawei technologies cooperatief u a", "huawei technologies", {"ua"}),
        ("montana advanced engineering sdn bhd", "montana advanced engineering", {"sdn bhd"}),
        ("limited", "limited", set()),  # never reduced to nothing
        ("sa power networks", "sa power networks", set()),  # "sa" opens no name
    ],
)
def test_split_forms(words: str, core: str, forms: set[str]) -> None:
    assert split_forms(words.split()) == (core.split(), frozenset(forms))


def test_conflict_needs_both_forms_and_no_shared_one() -> None:
    assert form_conflict(frozenset(), frozenset({"ltd"}), "DE", ["GB"]) is None
    assert form_conflict(frozenset({"ltd"}), frozenset({"ltd", "jsc"}), "DE", ["GB"]) is None
    assert form_conflict(frozenset({"gmbh"}), frozenset({"ltd"}), None, ["GB"]) is not None
    # English forms are written interchangeably: only another country sets the company apart
    assert form_conflict(frozenset({"corp"}), frozenset({"ltd"}), "CN", ["CN"]) is None
    assert form_conflict(frozenset({"corp"}), frozenset({"ltd"}), None, ["CN"]) is None
    assert form_conflict(frozenset({"corp"}), frozenset({"ltd"}), "US", ["CN"]) is not None


@pytest.mark.parametrize(
    ("name", "country", "listed"),
    [
        ("Kaspersky Labs Ltd", "GB", "Kaspersky Labs Limited"),
        ("Kaspersky Labs Limited", None, "Kaspersky Labs Limited"),
        ("JSC Kaspersky Lab", "RU", "AO Kaspersky Lab"),
        ("HUAWEI TECHNOLOGIES COMPANY LIMITED", "CN", "Huawei Technologies Co., Ltd."),
        ("Huawei Technologies Corporation", "CN", "Huawei Technologies Co., Ltd."),
        (
            "Huawei Technologies (Bolivia) Sociedad de Responsabilidad Limitada",
            "BO",
            "Huawei Technologies (Bolivia) S.R.L.",
        ),
        ("Huawei Technologies Japan Kabushiki Kaisha", "JP", "Huawei Technologies Japan K.K."),
        ("Huawei Technologies Madagascar S.A.R.L.", "MG", "Huawei Technologies Madagascar Sarl"),
    ],
)
def test_same_entity_in_other_spellings_of_its_legal_form(
    list_resolver: IndexResolver, name: str, country: str | None, listed: str
) -> None:
    assert listed in _sure(list_resolver, name, country)


@pytest.mark.parametrize(
    ("name", "country", "listed"),
    [
        ("Kaspersky Labs GmbH", "DE", "Kaspersky Labs Limited"),
        ("Kaspersky Labs GmbH", "DE", "AO Kaspersky Lab"),
        ("Kaspersky Labs SARL", "FR", "Kaspersky Labs Limited"),
        ("Kaspersky Lab, Inc.", "US", "AO Kaspersky Lab"),
        ("Huawei Technologies Inc.", "US", "Huawei Technologies Co., Ltd."),
        ("Huawei Technologies GmbH", None, "Huawei Technologies Co., Ltd."),
    ],
)
def test_other_legal_form_is_only_a_possible_match(
    list_resolver: IndexResolver, name: str, country: str | None, listed: str
) -> None:
    assert listed not in _sure(list_resolver, name, country)
    assert listed in _possible(list_resolver, name, country)


# A broken legal-form file names its file, the row's line and the field (as the other data loaders do).
BROKEN_FORMS = [
    ("unknown field", "forms:\n  - {form: ltd, phrases: [ltd]}\n  - {form: gmbh, phrase: [gmbh]}\n", 3, "phrase"),
    ("no phrases", "forms:\n  - {form: ltd, phrases: [ltd]}\n  - {form: gmbh}\n", 3, "phrases"),
    ("empty phrases", "forms:\n  - {form: ltd, phrases: []}\n", 2, "phrases"),
    ("no form", "forms:\n  - {form: ltd, phrases: [ltd]}\n  - phrases: [gmbh]\n", 3, "form"),
    ("two forms", "forms:\n  - {form: ltd, phrases: [ltd]}\n\n  - {form: llc, phrases: [ltd]}\n", 4, "phrases"),
    ("upper-case phrase", "forms:\n  - {form: gmbh, phrases: [GmbH]}\n", 2, "phrases"),
    ("unknown family", "forms:\n  - {form: ltd, family: usual, phrases: [ltd]}\n", 2, "family"),
    ("leading not a flag", "forms:\n  - {form: jsc, leading: 'yes', phrases: [ao]}\n", 2, "leading"),
    ("no forms list", "source: x\n", None, "forms"),
]


@pytest.mark.parametrize(("label", "text", "line", "field"), BROKEN_FORMS, ids=[c[0] for c in BROKEN_FORMS])
def test_broken_file_names_file_line_and_field(
    tmp_path: Path, label: str, text: str, line: int | None, field: str
) -> None:
    path = tmp_path / "legal_forms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        read_table(path)
    error = raised.value
    assert (error.file, error.line, error.field) == (str(path), line, field), (label, str(error))
    assert str(error).startswith(f"{path}:{line}" if line else str(path)), str(error)


def test_shipped_file_reads() -> None:
    assert read_table(META_DIR / "legal_forms.yaml").trailing[("gmbh",)] == "gmbh"
