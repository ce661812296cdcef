from __future__ import annotations

import pytest

from ictguard.cases.four_eyes import WAIVED, check_second_person
from ictguard.errors import PermissionDeniedError


@pytest.mark.parametrize(
    ("decider", "authors", "enforced", "expected"),
    [
        ("key:2:b", {"key:1:a"}, True, None),
        ("key:2:b", set(), True, None),
        ("key:1:a", {"key:1:a", "key:3:c"}, True, PermissionDeniedError),
        ("key:1:a", {"key:1:a"}, False, WAIVED),
        ("key:2:b", {"key:1:a"}, False, None),  # waived only where it would apply
    ],
)
def test_second_person(decider: str, authors: set[str], enforced: bool, expected: object) -> None:
    if expected is PermissionDeniedError:
        with pytest.raises(PermissionDeniedError, match=decider):
            check_second_person(decider, authors, what="application 1", enforced=enforced)
    else:
        assert check_second_person(decider, authors, what="application 1", enforced=enforced) == expected
