"""Ordinary English words come from the system word list (Debian wamerican, installed by scripts/setup-dev.sh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.screening import compare_names, wordlist
from ictguard.settings import get_settings


def test_system_word_list_is_installed() -> None:
    # setup-dev.sh installs wamerican; without it the ordinary-word feature silently does nothing.
    assert len(wordlist.ordinary_words()) > 50_000, wordlist.word_list_status()


@pytest.mark.parametrize(
    ("word", "ordinary"),
    [
        ("sunrise", True),
        ("pioneer", True),
        ("machine", True),  # "machines" stems to "machine"
        ("factory", True),
        ("technology", True),
        ("huawei", False),
        ("hikvision", False),
        ("siemen", False),  # brands and proper nouns are not
        ("cheng", False),
        ("wang", False),
        ("he", False),  # pinyin syllables are not; under 3 letters never
    ],
)
def test_is_ordinary(word: str, ordinary: bool) -> None:
    assert wordlist.is_ordinary(word) is ordinary


def test_only_lower_case_letter_entries_count(tmp_path: Path) -> None:
    path = tmp_path / "words"
    path.write_text("Siemens\nsunrise\nsunrise's\nab\nco-op\nvisa\n", encoding="utf-8")
    assert wordlist.ordinary_words(path) == {"sunrise", "visa"}


def _features(query: str, listed: str) -> set[str]:
    return {f.feature for f in compare_names(query, listed)[1]}


def test_missing_word_list_turns_the_feature_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "ordinary_words_list_name" in _features("Sunrise Software B.V.", "SUNRISE")
    monkeypatch.setenv("ICTGUARD_WORD_LIST", str(tmp_path / "absent"))
    get_settings.cache_clear()
    wordlist.ordinary_words.cache_clear()
    try:
        assert wordlist.ordinary_words() == frozenset()
        assert "not available" in wordlist.word_list_status()
        assert "ordinary_words_list_name" not in _features("Sunrise Software B.V.", "SUNRISE")
    finally:
        monkeypatch.delenv("ICTGUARD_WORD_LIST")
        get_settings.cache_clear()
        wordlist.ordinary_words.cache_clear()
    assert "ordinary_words_list_name" in _features("Sunrise Software B.V.", "SUNRISE")
