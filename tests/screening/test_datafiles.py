from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.screening import datafiles


def _copy_data(tmp_path: Path) -> Path:
    for path in datafiles.DATA_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("file", "old", "new", "field"),
    [
        (
            "aliases.yaml",
            '{name: "华为", source: "Huawei Chinese site https://www.huawei.com/cn/ (brand)"}',
            '{name: "华为"}',
            "source",
        ),
        ("aliases.yaml", '{name: "华为", source:', '{name: "华为", sauce: "x", source:', "sauce"),
        (
            "native_names.yaml",
            '{name: "哈尔滨工业大学", source: "HIT site https://www.hit.edu.cn/"}',
            '{name: "哈尔滨工业大学"}',
            "source",
        ),
        (
            "chinese_terms.yaml",
            '{zh: 技术, en: "technology", source: "CC-CEDICT: 技术 technology"}',
            '{zh: 技术, en: "technology", source: ""}',
            "source",
        ),
    ],
)
def test_invalid_entries_name_file_line_field(tmp_path: Path, file: str, old: str, new: str, field: str) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    alias_files = {"aliases.yaml", "native_names.yaml"}
    loader = datafiles.load_alias_groups if file in alias_files else datafiles.load_chinese_terms
    with pytest.raises(DataFileError) as info:
        loader.__wrapped__(data_dir)
    assert info.value.field == field
    assert info.value.file == str(path)
    assert info.value.line is not None and info.value.line > 1


def test_broken_yaml_is_a_data_file_error(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    (data_dir / "vocabulary.yaml").write_text("generic_words: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        datafiles.load_vocabulary.__wrapped__(data_dir)


def test_shipped_data_files_load() -> None:
    assert datafiles.load_alias_groups()
    assert datafiles.load_chinese_terms()
    assert datafiles.load_vocabulary().legal_forms["co ltd"] == "ltd"
