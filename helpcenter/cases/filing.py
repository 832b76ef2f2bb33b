"""Filing a case: the case, its files and its acknowledgement email commit together.

Nothing is acknowledged before the commit: the confirmation page and the email both follow
it. Resubmitting the same form (double click, back and send again) finds the case by the
form's idempotency key instead of making a second one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpcenter.cases.emails import queue_email
from helpcenter.cases.models import Case, CaseAttachment, CaseEvent
from helpcenter.cases.references import new_reference
from helpcenter.cases.uploads import Upload
from helpcenter.cases.workdays import end_of_working_day_utc
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.mail.outbox import claim_queued, hold_claim, send_one

TECHNICAL_GROUND = "b"  # P2B art. 11(1)(b): technological issues


@dataclass
class Filed:
    """The outcome of a submission: the case, and its acknowledgement if it was made just now."""

    case: Case
    message_id: int | None


def find_by_idempotency_key(key: str) -> Case | None:
    """The case a previous submission of the same form made."""
    return db.session.scalar(select(Case).where(Case.idempotency_key == key))


def file_case(fields: dict, uploads: list[Upload], lang: str) -> Filed:
    """Store a case with its attachments, its "filed" event and its acknowledgement; commit once.

    ``fields`` are the case's columns from the form. Returns the existing case when the
    form was already submitted (same idempotency key). The acknowledgement is claimed for
    sending in the same commit, so sending it from this process (``send_acknowledgement``, or
    the case's next email) needs no commit of its own; if the process dies first, ``flask
    outbox deliver`` sends it once the claim has run out (``CLAIM_MINUTES``).
    """
    existing = find_by_idempotency_key(fields["idempotency_key"])
    if existing is not None:
        return Filed(existing, None)
    now = utcnow()
    case = Case(**fields, lang=lang, reference=new_reference(), created_at=now, updated_at=now,
                version=1, last_partner_update_at=now, answer_due_at=answer_due_at(now))
    case.attachments = [
        CaseAttachment(stored_name=u.stored_name, filename=u.filename,
                       content_type=u.content_type, size=len(u.data), data=u.data)
        for u in uploads
    ]
    db.session.add(case)
    try:
        db.session.flush()
        db.session.add(CaseEvent(case_id=case.id, actor="partner", action="filed",
                                 to_status=case.status, created_at=now))
        message_id = queue_email(case, "acknowledgement")
        claim_queued(message_id)  # the first email of a new case: nothing older waits
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = find_by_idempotency_key(fields["idempotency_key"])
        if existing is None:
            raise  # a reference collision: astronomically rare, and the partner may resend
        return Filed(existing, None)
    hold_claim(message_id)
    return Filed(case, message_id)


def answer_due_at(received_at: dt.datetime) -> dt.datetime:
    """The first moment after the answer day the case page promises (kept for the report)."""
    config = current_app.config
    return end_of_working_day_utc(received_at, config["CASE_ANSWER_WORKING_DAYS"],
                                  config["BABEL_DEFAULT_TIMEZONE"])


def send_acknowledgement(filed: Filed) -> None:
    """Try to send the acknowledgement now; if the mail server is down it waits in the outbox.

    It was claimed in the commit that filed the case (``file_case``): no claim to commit here,
    and no older email of the new case to send first.
    """
    if filed.message_id is not None:
        send_one(filed.message_id)
