"""The test pair every device round module repeats, written once: each cited form a round's rules read must resolve,
through ``identify``, to its family's vendor as covered; each look-alike must stay not covered.

A round module lists its cases and binds the pair at module level, where pytest collects it:

    test_a_cited_form_resolves, test_a_lookalike_stays_not_covered = family_rule_tests(POSITIVES, LOOKALIKES)

Cases are (kind, value, vendor) and (kind, value); ``models`` turns model-only lists into that shape."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pytest

from ictguard.devices.identify import identify

#: (kind, value, vendor it must resolve to as covered)
Positive = tuple[str, str, str]
#: (kind, value) that must stay not covered
Lookalike = tuple[str, str]


def models(values: Iterable[str]) -> list[Lookalike]:
    """Look-alikes of kind "model"."""
    return [("model", value) for value in values]


def model_positives(rows: Iterable[tuple[str, str]]) -> list[Positive]:
    """(value, vendor) rows of kind "model"."""
    return [("model", value, vendor) for value, vendor in rows]


def family_rule_tests(
    positives: Sequence[Positive], lookalikes: Sequence[Lookalike]
) -> tuple[Callable[[str, str, str], None], Callable[[str, str], None]]:
    """The two parametrised tests of a round's cases."""

    @pytest.mark.parametrize(("kind", "value", "vendor"), positives)
    def test_a_cited_form_resolves(kind: str, value: str, vendor: str) -> None:
        found = identify(kind, value)
        assert found.covered and found.vendor == vendor, (kind, value, found.vendor, found.evidence)

    @pytest.mark.parametrize(("kind", "value"), lookalikes)
    def test_a_lookalike_stays_not_covered(kind: str, value: str) -> None:
        found = identify(kind, value)
        assert not found.covered, (kind, value, found.vendor, found.evidence)

    return test_a_cited_form_resolves, test_a_lookalike_stays_not_covered
