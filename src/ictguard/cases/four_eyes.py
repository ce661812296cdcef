"""Four eyes: whoever decides a licence application or clears an alert must not be who created, edited or
submitted it (or whose screening raised the alert). ``roles.yaml`` gives reviewers the power to decide; this
rule makes sure that power is used on someone else's work.

A one-person deployment can turn the rule off (``ICTGUARD_FOUR_EYES=false``); each decision taken under that
waiver says so in its audit row, so the log shows which decisions had only one pair of eyes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ictguard.errors import PermissionDeniedError

WAIVED = "waived: single-user mode (ICTGUARD_FOUR_EYES=false); the decider also authored it"


def check_second_person(decider: str, authors: Iterable[str], *, what: str, enforced: bool) -> str | None:
    """None when ``decider`` is not among ``authors``; otherwise PermissionDeniedError, or — with the rule
    waived (``enforced`` false) — the note the audit row must carry."""
    own = sorted(set(authors) & {decider})
    if not own:
        return None
    if enforced:
        raise PermissionDeniedError(
            f"four eyes: {decider} created, edited or submitted {what}; another reviewer must decide it"
        )
    return WAIVED
