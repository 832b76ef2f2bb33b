"""Queue emails in the caller's transaction; deliver them after the commit, exactly once.

``enqueue`` only adds a row: the caller commits it together with the case. ``deliver``
claims a row with one conditional UPDATE before sending, so two processes never send the
same message, and marks it sent afterwards. A failed send waits longer each time
(1, 2, 4 … minutes, at most a day) and is picked up by ``flask outbox deliver``.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import or_, select, update

from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.mail.transports import DeliveryError, build_message, send

CLAIM_MINUTES = 5
MAX_ATTEMPTS = 20  # about two weeks of daily retries; then it stays for a person to look at
MAX_BACKOFF_MINUTES = 24 * 60


def enqueue(recipient: str, subject: str, body: str, lang: str,
            case_id: int | None = None, reply_to: str | None = None) -> OutboxMessage:
    """Add an email to the current transaction; nothing is sent until ``deliver``."""
    message = OutboxMessage(recipient=recipient, subject=subject, body=body, lang=lang,
                            case_id=case_id, reply_to=reply_to, attempts=0,
                            next_attempt_at=utcnow())
    db.session.add(message)
    return message


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after ``attempts`` failed sends."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_BACKOFF_MINUTES))


def claim(message_id: int) -> bool:
    """Take the message for sending; False if it is sent, not due, or another process has it."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
               OutboxMessage.next_attempt_at <= now, OutboxMessage.attempts < MAX_ATTEMPTS,
               or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .values(claimed_until=now + dt.timedelta(minutes=CLAIM_MINUTES))
    )
    db.session.commit()
    return result.rowcount == 1


def deliver(message_id: int) -> bool:
    """Send one message if it is due and unclaimed; True when it went out now."""
    if not claim(message_id):
        return False
    message = db.session.get(OutboxMessage, message_id)
    try:
        send(build_message(message.recipient, message.subject, message.body, message.lang,
                           reply_to=message.reply_to))
    except DeliveryError as error:
        message.attempts += 1
        message.last_error = str(error)[:500]
        message.next_attempt_at = utcnow() + backoff(message.attempts)
        message.claimed_until = None
        db.session.commit()
        current_app.logger.warning("Email %s not delivered (attempt %s): %s", message.id,
                                   message.attempts, error)
        return False
    message.attempts += 1
    message.sent_at = utcnow()
    message.claimed_until = None
    message.last_error = None
    db.session.commit()
    return True


def deliver_due(limit: int = 100) -> tuple[int, int]:
    """Send every due message (oldest first); return (sent, still waiting)."""
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= utcnow(),
               OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = sum(deliver(message_id) for message_id in due)
    waiting = db.session.scalar(
        select(db.func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    )
    return sent, waiting
