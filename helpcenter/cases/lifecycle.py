"""The case lifecycle: which status may follow which, and the errors when a move is refused.

A pure table and small functions, with no database: the actions in ``staff_actions`` and
``partner_actions`` ask ``check_move`` before they change anything.

    received → in_progress → waiting_for_partner ↔ in_progress → resolved
    resolved → accepted | disagreed;  disagreed → mediation_requested (EEA only)
    accepted | disagreed | mediation_requested | resolved → closed
    received | in_progress | waiting_for_partner | resolved → withdrawn (by the partner)
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpcenter.cases.countries import in_eea
from helpcenter.cases.models import (
    ACCEPTED,
    CLOSED,
    DISAGREED,
    IN_PROGRESS,
    MEDIATION_REQUESTED,
    RECEIVED,
    RESOLVED,
    WAITING_FOR_PARTNER,
    WITHDRAWN,
)

MOVES: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({IN_PROGRESS, WITHDRAWN}),
    IN_PROGRESS: frozenset({WAITING_FOR_PARTNER, RESOLVED, WITHDRAWN}),
    WAITING_FOR_PARTNER: frozenset({IN_PROGRESS, WITHDRAWN}),
    RESOLVED: frozenset({ACCEPTED, DISAGREED, CLOSED, WITHDRAWN}),
    ACCEPTED: frozenset({CLOSED}),
    DISAGREED: frozenset({MEDIATION_REQUESTED, CLOSED}),
    MEDIATION_REQUESTED: frozenset({CLOSED}),
    CLOSED: frozenset(),
    WITHDRAWN: frozenset(),
}
# Cases someone still has to work on: reminders and "overdue" look at these.
OPEN_STATUSES = (RECEIVED, IN_PROGRESS, WAITING_FOR_PARTNER)
# Cases that are over: nothing moves them any more.
FINAL_STATUSES = (CLOSED, WITHDRAWN)

# Staff-facing names of the statuses (the partner's page has its own, friendlier words).
STATUS_NAMES = {
    RECEIVED: _l("received"),
    IN_PROGRESS: _l("in progress"),
    WAITING_FOR_PARTNER: _l("waiting for the partner"),
    RESOLVED: _l("resolved"),
    ACCEPTED: _l("accepted"),
    DISAGREED: _l("disagreed"),
    MEDIATION_REQUESTED: _l("mediation requested"),
    CLOSED: _l("closed"),
    WITHDRAWN: _l("withdrawn"),
}
OUTCOME_LABELS = {
    "upheld": _l("Upheld"),
    "partly_upheld": _l("Partly upheld"),
    "not_upheld": _l("Not upheld"),
    "withdrawn": _l("Withdrawn"),
}


class CaseError(Exception):
    """A case action was refused and nothing changed; ``str(error)`` is the translated reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ForbiddenMove(CaseError):
    """The case's status does not allow this action (or the partner is not in the EEA).

    ``status`` is the status that stood in the way, when that is the reason: a partner's page
    tells them what their case is now rather than the staff's account of the move.
    """

    def __init__(self, message: str, status: str | None = None) -> None:
        super().__init__(message)
        self.status = status


class StaleCase(CaseError):
    """Someone changed the case since the page was loaded."""

    def __init__(self) -> None:
        super().__init__(_("This case was changed by someone else. Reload the page to see the "
                           "latest version."))


class InvalidInput(CaseError):
    """The action's input is missing or not allowed (an empty message, an unknown outcome)."""


def mediation_possible(country: str | None) -> bool:
    """Mediation (P2B art. 12) is offered to partners in the European Economic Area."""
    return in_eea(country)


def allowed_moves(status: str, country: str | None) -> frozenset[str]:
    """The statuses a case in ``status`` may move to, for a partner in ``country``."""
    moves = MOVES.get(status, frozenset())
    if MEDIATION_REQUESTED in moves and not mediation_possible(country):
        moves = moves - {MEDIATION_REQUESTED}
    return moves


def can_move(status: str, target: str, country: str | None) -> bool:
    """Whether ``status`` → ``target`` is allowed (for a partner in ``country``)."""
    return target in allowed_moves(status, country)


def check_move(status: str, target: str, country: str | None) -> None:
    """Raise ``ForbiddenMove`` with a message a person understands unless the move is allowed."""
    if can_move(status, target, country):
        return
    if target == MEDIATION_REQUESTED and status == DISAGREED:
        raise ForbiddenMove(_("Mediation is offered to partners in the European Economic Area "
                              "only."))
    if status == RECEIVED and target in (RESOLVED, WAITING_FOR_PARTNER):
        raise ForbiddenMove(_("Take up the case first: a received case cannot be %(target)s.",
                              target=status_name(target)))
    if status in FINAL_STATUSES:
        raise ForbiddenMove(_("This case is %(status)s: it can no longer change.",
                              status=status_name(status)), status)
    raise ForbiddenMove(_("A case that is %(status)s cannot become %(target)s.",
                          status=status_name(status), target=status_name(target)), status)


def status_name(status: str) -> str:
    """The staff-facing name of ``status`` in the current language."""
    return str(STATUS_NAMES.get(status, status))


def outcome_label(outcome: str | None) -> str:
    """"Not upheld" / "Ongegrond" for an outcome key."""
    return str(OUTCOME_LABELS.get(outcome, outcome or ""))
