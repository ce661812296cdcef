"""Bounded work per name (issue 18, item 1): a documented maximum length, and the expensive steps capped."""

from __future__ import annotations

import pytest

from ictguard.errors import InputTooLargeError, exit_code_for, http_status_for
from ictguard.limits import MAX_NAME_CHARS, MAX_PHONETIC_CHARS
from ictguard.screening import Screener, compare_names
from ictguard.screening.index import _token_keys
from ictguard.screening.pinyin import split_pinyin


@pytest.mark.parametrize("name", ["a" * (MAX_NAME_CHARS + 1), "华为" * MAX_NAME_CHARS, "Huawei " * 200])
def test_over_long_query_is_a_typed_error(screener: Screener, name: str) -> None:
    with pytest.raises(InputTooLargeError) as info:
        screener.screen(name)
    assert info.value.field == "name" and str(MAX_NAME_CHARS) in info.value.reason
    assert exit_code_for(info.value) == 2 and http_status_for(info.value) == 422


def test_name_at_the_limit_is_screened(screener: Screener) -> None:
    name = ("Huawei Technologies " * 40)[:MAX_NAME_CHARS]
    assert len(name) == MAX_NAME_CHARS
    screener.screen(name)  # no error
    with pytest.raises(InputTooLargeError, match="name2"):
        compare_names("Huawei", "x" * (MAX_NAME_CHARS + 1))


def test_phonetic_key_reads_a_bounded_prefix() -> None:
    # rigour's metaphone is quadratic on long runs of one letter: the key must not depend on what follows
    long_word = "a" * MAX_PHONETIC_CHARS
    assert _token_keys(long_word + "a" * 100_000, True)[0] == _token_keys(long_word + "b" * 7, True)[0]


def test_pinyin_split_of_a_long_word() -> None:
    parts = split_pinyin("zhongxing" * 2_000)  # linear now; the old tuple-copying split was quadratic
    assert parts is not None and len(parts) == 4_000 and parts[:3] == ("zhong", "xing", "zhong")
    assert split_pinyin("xianxian") == ("xian", "xian")  # fewest syllables, not "xi an xi an"
