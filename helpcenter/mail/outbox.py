"""Queue emails in the caller's transaction; deliver them after the commit, exactly once.

``enqueue`` only adds a row: the caller commits it together with the case. ``deliver``
claims a row with one conditional UPDATE before sending, so two processes never send the
same message, and marks it sent afterwards. A failed send waits longer each time
(1, 2, 4 … minutes, at most a day) and is picked up by ``flask outbox deliver``.

Order per case: a message is not claimed while an older one of the same case still waits, so
a partner never reads "we took up your case" before "we received it". A retry carries the
same Message-ID, so a mail system that did get the first try can drop the second.

Secrets: a body may hold ``SECRET_PLACEHOLDER`` where ``secret`` (a case link's token) goes.
The secret is stored sealed (``helpcenter.mail.sealing``), put into the text only while the
email is handed over, and wiped in the same commit that marks it sent (or given up). The text of
sent emails is purged after ``OUTBOX_KEEP_SENT_DAYS``; every delivery run does that too.
"""

from __future__ import annotations

import datetime as dt
import threading

from blinker import Namespace
from flask import current_app
from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import aliased

from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.mail.sealing import UnsealError, seal, unseal
from helpcenter.mail.transports import DeliveryError, build_message, send

CLAIM_MINUTES = 5
MAX_ATTEMPTS = 20  # about two weeks of daily retries; then it stays for a person to look at
MAX_BACKOFF_MINUTES = 24 * 60
# Where a body's secret goes. URL-safe, so it survives inside a link built by ``url_for``; a
# link left with it (a secret that could not be unsealed) opens the "how to get in" page.
SECRET_PLACEHOLDER = "~secret~"  # noqa: S105 (a marker, not a password)

# Messages this process claimed in the commit that stored them (``claim_queued``, then
# ``hold_claim``) and has not sent yet, per app (so per database); whoever takes an id from
# there sends it.
HELD_CLAIMS = "helpcenter.outbox.held_claims"
_held_lock = threading.Lock()

signals = Namespace()
# Sent with the app after an email was handed over: outbox_id=..., message=EmailMessage.
email_sent = signals.signal("email-sent")


def enqueue(recipient: str, subject: str, body: str, lang: str,
            case_id: int | None = None, reply_to: str | None = None,
            secret: str | None = None) -> OutboxMessage:
    """Add an email to the current transaction; nothing is sent until ``deliver``.

    ``secret`` replaces ``SECRET_PLACEHOLDER`` in ``body`` when the email is sent; until then
    it is kept only sealed.
    """
    message = OutboxMessage(recipient=recipient, subject=subject, body=body, lang=lang,
                            case_id=case_id, reply_to=reply_to, attempts=0,
                            next_attempt_at=utcnow(),
                            sealed_secret=seal(secret) if secret is not None else None)
    db.session.add(message)
    return message


def text_to_send(message: OutboxMessage) -> str:
    """The body as the recipient gets it: the unsealed secret in place of the placeholder.

    A secret sealed under a key the site no longer has leaves the placeholder (the link
    then leads to the lost-link form) rather than keeping the email from going out.
    """
    body = message.body or ""
    if message.sealed_secret is None:
        return body
    try:
        return body.replace(SECRET_PLACEHOLDER, unseal(message.sealed_secret))
    except UnsealError:
        current_app.logger.warning("Email %s: its link could not be unsealed (SECRET_KEY "
                                   "changed?); sent with a link to the lost-link form",
                                   message.id)
        return body


def message_id_header(message: OutboxMessage) -> str:
    """The Message-ID of ``message``, the same on every try."""
    domain = current_app.config["MAIL_SENDER_ADDRESS"].rsplit("@", 1)[-1]
    return f"<outbox.{message.id}.{message.created_at:%Y%m%d%H%M%S%f}@{domain}>"


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after ``attempts`` failed sends."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_BACKOFF_MINUTES))


def claim(message_id: int) -> bool:
    """Take the message for sending; False if it is sent, not due, another process has it,
    or an older message of the same case still waits."""
    if take_held_claim(message_id):
        return True
    now = utcnow()
    older = aliased(OutboxMessage)
    older_waits = exists().where(older.case_id == OutboxMessage.case_id,
                                 older.id < OutboxMessage.id, older.sent_at.is_(None),
                                 older.attempts < MAX_ATTEMPTS)
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
               OutboxMessage.next_attempt_at <= now, OutboxMessage.attempts < MAX_ATTEMPTS,
               or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
               ~older_waits)
        .values(claimed_until=now + dt.timedelta(minutes=CLAIM_MINUTES))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def deliver(message_id: int) -> bool:
    """Send one message if it is due and unclaimed; True when it went out now.

    Older messages of the same case that still wait go first, oldest first; when one of them
    cannot go yet, neither does this one (``flask outbox deliver`` sends both later, in order).
    """
    for earlier in earlier_waiting(message_id):
        if not send_one(earlier):
            return False
    return send_one(message_id)


def earlier_waiting(message_id: int) -> list[int]:
    """Ids of the unsent, not given up messages of the same case older than ``message_id``."""
    later = aliased(OutboxMessage)
    return list(db.session.scalars(
        select(OutboxMessage.id)
        .join(later, later.case_id == OutboxMessage.case_id)
        .where(later.id == message_id, OutboxMessage.id < message_id,
               OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)))


def send_one(message_id: int) -> bool:
    """Claim and send one message; on failure record it and set the next try."""
    if not claim(message_id):
        return False
    return send_claimed(message_id)


def claim_queued(message_id: int) -> None:
    """Claim a message queued in the current transaction: the commit that stores it claims it.

    Saves the claim's own commit when the message is sent in this process after the commit,
    as filing a case does with its acknowledgement: after the commit the caller calls
    ``hold_claim``, and the next ``claim`` of the message in this process takes it without
    asking the database. Only for a message that no older message of its case can be waiting
    before (the first email of a case made in the same transaction): ``claim`` checks that,
    this does not. Should the process die before sending, the claim runs out after
    ``CLAIM_MINUTES`` and ``flask outbox deliver`` sends it; until then no other process can
    take it, so it still goes out exactly once.
    """
    message = db.session.get(OutboxMessage, message_id)
    message.claimed_until = utcnow() + dt.timedelta(minutes=CLAIM_MINUTES)


def hold_claim(message_id: int) -> None:
    """After the commit of ``claim_queued``: the claim is this process's to use, once."""
    with _held_lock:
        current_app.extensions.setdefault(HELD_CLAIMS, set()).add(message_id)


def take_held_claim(message_id: int) -> bool:
    """True (once) when this process holds the committed claim of ``message_id``."""
    with _held_lock:
        held = current_app.extensions.get(HELD_CLAIMS, ())
        if message_id in held:
            held.remove(message_id)
            return True
        return False


def send_claimed(message_id: int) -> bool:
    """Send a message this process has claimed (``claim``).

    On failure the attempt is recorded, the claim released and the next try set.
    """
    message = db.session.get(OutboxMessage, message_id)
    outgoing = build_message(message.recipient, message.subject, text_to_send(message),
                             message.lang, reply_to=message.reply_to,
                             message_id=message_id_header(message))
    try:
        send(outgoing)
    except DeliveryError as error:
        message.attempts += 1
        message.last_error = str(error)[:500]
        message.next_attempt_at = utcnow() + backoff(message.attempts)
        message.claimed_until = None
        if message.attempts >= MAX_ATTEMPTS:  # given up: its secret is of no use any more
            message.sealed_secret = None
        db.session.commit()
        current_app.logger.warning("Email %s not delivered (attempt %s): %s", message.id,
                                   message.attempts, error)
        return False
    message.attempts += 1
    message.sent_at = utcnow()
    message.claimed_until = None
    message.last_error = None
    message.sealed_secret = None
    db.session.commit()
    email_sent.send(current_app._get_current_object(), outbox_id=message.id, message=outgoing)
    return True


def deliver_due(limit: int = 100) -> tuple[int, int]:
    """Send every due message (oldest first); return (sent, still waiting).

    Also purges old sent bodies (``purge_sent``), so wherever delivery runs, so does that.
    """
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= utcnow(),
               OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = sum(deliver(message_id) for message_id in due)
    purge_sent()
    waiting = db.session.scalar(
        select(db.func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    )
    return sent, waiting


def purge_sent() -> int:
    """Empty the bodies of emails sent over ``OUTBOX_KEEP_SENT_DAYS`` days ago; return how many.

    The row stays (recipient, subject, when it went out) as the record that it was sent. The
    secrets of messages given up are wiped too: they will never be needed.
    """
    keep = dt.timedelta(days=float(current_app.config["OUTBOX_KEEP_SENT_DAYS"]))
    purged = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.sent_at < utcnow() - keep, OutboxMessage.body.is_not(None))
        .values(body=None, sealed_secret=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.attempts >= MAX_ATTEMPTS, OutboxMessage.sealed_secret.is_not(None))
        .values(sealed_secret=None)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return purged
