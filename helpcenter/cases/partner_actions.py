"""What the partner does on their case page: reply, accept or disagree, mediation, withdraw.

The partner's page also carries the version it showed (``expected_version``); without it the
case's current version is used, so a move is still checked against the status as it is.
The partner gets a confirmation email for every move they make, except a reply.
"""

from __future__ import annotations

import hmac

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpcenter.cases.changes import (
    Done,
    add_message,
    claim,
    clean_text,
    one_transaction,
    record_event,
)
from helpcenter.cases.emails import confirmation_text, queue_email
from helpcenter.cases.lifecycle import OPEN_STATUSES, ForbiddenMove
from helpcenter.cases.links import revoke_links
from helpcenter.cases.models import (
    ACCEPTED,
    DISAGREED,
    IN_PROGRESS,
    MEDIATION_REQUESTED,
    WAITING_FOR_PARTNER,
    WITHDRAWN,
    Case,
    CaseMessage,
)
from helpcenter.cases.references import new_token, token_hash
from helpcenter.cases.uploads import Upload
from helpcenter.clock import utcnow
from helpcenter.extensions import db

PARTNER = "partner"


def partner_reply(case: Case, body: str, uploads: list[Upload] = (),
                  expected_version: int | None = None,
                  idempotency_key: str | None = None) -> Done:
    """The partner's message, with files; a case waiting for them is in progress again.

    The same form sent again (its ``idempotency_key``: a resend after a broken connection, a
    double click) finds the message it already made and adds nothing.
    """
    if idempotency_key and already_sent(case, idempotency_key):
        return Done(case)
    if case.status not in OPEN_STATUSES:
        raise ForbiddenMove(_("You can no longer reply to this case."))
    body = clean_text(body)
    target = IN_PROGRESS if case.status == WAITING_FOR_PARTNER else None
    now = utcnow()
    try:
        with one_transaction():
            before = claim(case, expected_version, now, target)
            message = add_message(case, PARTNER, "message", body, now, uploads=uploads)
            message.idempotency_key = idempotency_key or None
            record_event(case, PARTNER, "message", now, before)
    except IntegrityError:
        if idempotency_key and already_sent(case, idempotency_key):
            return Done(case)  # the same form, sent twice at once: the other one stored it
        raise
    return Done(case)


def already_sent(case: Case, idempotency_key: str) -> bool:
    """Whether this reply form has already made its message on ``case``."""
    return db.session.scalar(select(CaseMessage.id).where(
        CaseMessage.case_id == case.id,
        CaseMessage.idempotency_key == idempotency_key)) is not None


def accept_resolution(case: Case, expected_version: int | None = None) -> Done:
    """The partner accepts the offered resolution."""
    return decide(case, ACCEPTED, None, "accepted", expected_version)


def disagree(case: Case, reason: str, expected_version: int | None = None) -> Done:
    """The partner disagrees with the resolution and says why (a reason is required)."""
    reason = clean_text(reason)
    return decide(case, DISAGREED, reason, "disagreement", expected_version)


def decide(case: Case, target: str, reason: str | None, kind: str,
           expected_version: int | None) -> Done:
    """Record the partner's answer to the resolution, with its confirmation email."""
    now = utcnow()
    with one_transaction():
        before = claim(case, expected_version, now, target, decision=target, decided_at=now)
        if reason:
            add_message(case, PARTNER, kind, reason, now)
        record_event(case, PARTNER, target, now, before)
        emails = [queue_email(case, "case_confirmation", text=lambda: confirmation_text(case))]
    return Done(case, tuple(emails))


def request_mediation(case: Case, expected_version: int | None = None) -> Done:
    """A partner in the EEA who disagreed asks for mediation (P2B art. 12); it is recorded."""
    now = utcnow()
    with one_transaction():
        before = claim(case, expected_version, now, MEDIATION_REQUESTED,
                       mediation_requested_at=now)
        record_event(case, PARTNER, "mediation_requested", now, before)
        emails = [queue_email(case, "case_confirmation", text=lambda: confirmation_text(case))]
    return Done(case, tuple(emails))


def withdraw(case: Case, reason: str | None = None,
             expected_version: int | None = None) -> Done:
    """The partner withdraws an open or resolved case; its outcome becomes "withdrawn"."""
    reason = clean_text(reason, required=False)
    now = utcnow()
    with one_transaction():
        before = claim(case, expected_version, now, WITHDRAWN, outcome="withdrawn",
                       closed_at=now)
        if reason:
            add_message(case, PARTNER, "withdrawal", reason, now)
        record_event(case, PARTNER, "withdrawn", now, before)
        emails = [queue_email(case, "case_confirmation", text=lambda: confirmation_text(case))]
    return Done(case, tuple(emails))


def reissue_link(reference: str, email: str) -> None:
    """Email a new link when ``reference`` and ``email`` belong together; revoke the old ones.

    Returns nothing and behaves the same either way (one lookup, one token made), so the
    answer tells nobody whether a case exists or whose it is. The email waits in the outbox:
    deliver it after the response (``outbox.deliver_due``), so timing does not tell either.
    """
    case = db.session.scalar(db.select(Case).where(Case.reference == reference.strip().upper()))
    given = email.strip().casefold().encode()
    known = case.email.strip().casefold().encode() if case is not None else b"\0"
    matches = hmac.compare_digest(given, known) and case is not None
    token_hash(new_token())  # the work a match does, so a miss takes as long
    if not matches:
        return
    now = utcnow()
    with one_transaction():
        revoke_links(case)
        record_event(case, PARTNER, "link_reissued", now, None)
        queue_email(case, "case_link")
