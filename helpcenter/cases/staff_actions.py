"""What a case handler does to a case, each in one transaction with its event and email.

Every function takes the ``expected_version`` the handler's page showed: if the case changed
since, ``StaleCase`` is raised and nothing is saved. A refused move raises ``ForbiddenMove``,
bad input ``InvalidInput``. Each returns ``Done``: call ``send_emails`` after it.
Internal notes are the one action that never reaches the partner.
"""

from __future__ import annotations

from flask_babel import gettext as _

from helpcenter.cases.changes import (
    Done,
    add_message,
    claim,
    clean_text,
    one_transaction,
    record_event,
)
from helpcenter.cases.emails import queue_email, resolution_context
from helpcenter.cases.lifecycle import FINAL_STATUSES, ForbiddenMove, InvalidInput, status_name
from helpcenter.cases.models import (
    CLOSED,
    IN_PROGRESS,
    OUTCOMES,
    RECEIVED,
    RESOLVED,
    WAITING_FOR_PARTNER,
    Case,
)
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.staff.models import StaffUser

STAFF = "staff"


def refuse_if_final(case: Case) -> None:
    """A closed or withdrawn case takes no more messages or assignments."""
    if case.status in FINAL_STATUSES:
        raise ForbiddenMove(_("This case is %(status)s: it can no longer change.",
                              status=status_name(case.status)))


def assign(case: Case, staff_id: int | None, by_staff: StaffUser,
           expected_version: int) -> Done:
    """Give the case to ``staff_id`` (None: to nobody). A received case is now in progress.

    Taking up a received case tells the partner, in their language, that it is being handled.
    """
    refuse_if_final(case)
    assignee = None
    if staff_id is not None:
        assignee = db.session.get(StaffUser, staff_id)
        if assignee is None or not assignee.active:
            raise InvalidInput(_("Choose an active staff member."))
    now = utcnow()
    values = {"assignee_id": staff_id}
    target = None
    if assignee is not None and case.status == RECEIVED:
        target, values["last_partner_update_at"] = IN_PROGRESS, now
    with one_transaction():
        before = claim(case, expected_version, now, target, **values)
        record_event(case, STAFF, "assigned", now, before, by_staff.id,
                     note=assignee.name if assignee else None)
        emails = [queue_email(case, "case_taken_up")] if target else []
    return Done(case, tuple(emails))


def take_up(case: Case, by_staff: StaffUser, expected_version: int) -> Done:
    """Assign the case to the handler who clicked "Assign to me"."""
    return assign(case, by_staff.id, by_staff, expected_version)


def add_note(case: Case, body: str, by_staff: StaffUser, expected_version: int) -> Done:
    """An internal note for colleagues: never on the partner's page, never in an email."""
    body = clean_text(body)
    now = utcnow()
    with one_transaction():
        before = claim(case, expected_version, now)
        add_message(case, STAFF, "note", body, now, by_staff.id, internal=True)
        record_event(case, STAFF, "note", now, before, by_staff.id)
    return Done(case)


def post_update(case: Case, body: str, by_staff: StaffUser, expected_version: int) -> Done:
    """A message to the partner; a received case is taken up by it (→ in progress)."""
    refuse_if_final(case)
    body = clean_text(body)
    target = IN_PROGRESS if case.status == RECEIVED else None
    return tell_partner(case, body, by_staff, expected_version, target, "update", "message",
                        "case_update")


def request_information(case: Case, body: str, by_staff: StaffUser,
                        expected_version: int) -> Done:
    """Ask the partner for more: the case waits for them until they reply."""
    body = clean_text(body)
    return tell_partner(case, body, by_staff, expected_version, WAITING_FOR_PARTNER,
                        "request_info", "request_info", "case_request_info")


def propose_resolution(case: Case, outcome: str, explanation: str, by_staff: StaffUser,
                       expected_version: int) -> Done:
    """Offer the outcome and its explanation; the partner may then accept or disagree."""
    if outcome not in OUTCOMES:
        raise InvalidInput(_("Choose an outcome."))
    explanation = clean_text(explanation)
    now = utcnow()
    with one_transaction():
        before = claim(case, expected_version, now, RESOLVED, outcome=outcome,
                       resolution=explanation, resolved_at=now, decision=None,
                       decided_at=None, last_partner_update_at=now)
        add_message(case, STAFF, "resolution", explanation, now, by_staff.id)
        record_event(case, STAFF, "resolution", now, before, by_staff.id, note=outcome)
        emails = [queue_email(case, "case_resolution", **resolution_context(case))]
    return Done(case, tuple(emails))


def close(case: Case, by_staff: StaffUser, expected_version: int,
          message: str | None = None) -> Done:
    """Close a resolved case (accepted, disagreed, mediation requested or not answered)."""
    message = clean_text(message, required=False)
    now = utcnow()
    with one_transaction():
        before = claim(case, expected_version, now, CLOSED, closed_at=now,
                       last_partner_update_at=now)
        if message:
            add_message(case, STAFF, "update", message, now, by_staff.id)
        record_event(case, STAFF, "closed", now, before, by_staff.id)
        emails = [queue_email(case, "case_closed", message=message)]
    return Done(case, tuple(emails))


def tell_partner(case: Case, body: str, by_staff: StaffUser, expected_version: int,
                 target: str | None, kind: str, action: str, template: str) -> Done:
    """A message to the partner with its event and email, moving the case to ``target``."""
    now = utcnow()
    with one_transaction():
        before = claim(case, expected_version, now, target, last_partner_update_at=now)
        add_message(case, STAFF, kind, body, now, by_staff.id)
        record_event(case, STAFF, action, now, before, by_staff.id)
        emails = [queue_email(case, template, body=body)]
    return Done(case, tuple(emails))
