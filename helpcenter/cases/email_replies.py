"""A partner's reply by email becomes a message on their case (``flask mail receive``).

An email to a case's reply address (``reply_address``) from the case's own email address
(compared without regard to case; vouched for by our mail server's ``Authentication-Results``
when ``MAIL_RECEIVE_TRUSTED_AUTHSERV_ID`` is set, ``mail.authentication``) is stored by
``partner_reply``, exactly as the reply form on the case page stores it: the same checks, the
same status move (a case waiting for the partner is in progress again), one transaction for
the message and its files. Its key is a hash of the Message-ID, so the same email sent again
(a server that did not hear our "250") is stored once.

Anything else changes nothing on any case: an unknown address, another sender, a closed case,
a refused file, no text. Such an email gets one short answer in the case's language (both
languages when no case is known) through the outbox, at most one a day per address and
reason, so a loop or a flood cannot make us send more. Automatic emails (out-of-office,
bounces, mailing lists) are ignored and never answered.

Database errors are not caught here: the receiver answers them with a 4xx, so the sending
server tries again, and the transaction rolled back has left nothing behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from helpcenter.cases import email_reading
from helpcenter.cases.attachment_field import LISTED_NAME_MAX, refusal_message
from helpcenter.cases.changes import MAX_TEXT, one_transaction
from helpcenter.cases.lifecycle import OPEN_STATUSES, ForbiddenMove, InvalidInput, StaleCase
from helpcenter.cases.models import Case
from helpcenter.cases.partner_actions import already_sent, partner_reply
from helpcenter.cases.reply_address import case_for_token, is_reply_domain_address, token_of
from helpcenter.cases.uploads import MAX_FILES, Upload, read_upload
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.mail.authentication import from_is_authenticated
from helpcenter.mail.models import OutboxMessage
from helpcenter.mail.outbox import deliver, enqueue
from helpcenter.security import external_url

STALE_RETRIES = 3  # a case handler changed the case meanwhile: read it again and retry
ANSWER_EVERY = dt.timedelta(days=1)  # at most one answer per address and reason this often


@dataclass(frozen=True)
class Received:
    """What became of one email for one recipient address.

    ``outcome`` is "stored", "duplicate" (stored before), "refused" (answered, or answered
    recently already) or "ignored" (automatic); ``reason`` says why; ``answer`` is the outbox
    id of the answer queued, if any.
    """

    outcome: str
    reason: str = ""
    answer: int | None = None


def receive_email(recipient: str, envelope_sender: str | None, raw: bytes) -> Received:
    """Store the email ``raw`` sent to ``recipient`` on its case, or answer why not."""
    message = email_reading.parse(raw)
    if email_reading.is_automatic(message, envelope_sender):
        return logged(None, Received("ignored", "automatic"))
    sender = email_reading.sender_address(message)
    case = case_for_token(token_of(recipient))
    if case is None:
        return refuse(None, sender, "unknown-address")
    if sender is None or sender.casefold() != case.email.strip().casefold() \
            or not from_is_authenticated(message, sender):  # a forged From is another sender
        return refuse(case, sender, "wrong-sender")
    key = idempotency_key(case, message, raw)
    if already_sent(case, key):
        return logged(case, Received("duplicate"))
    if case.status not in OPEN_STATUSES or case.purged_at is not None:
        return refuse(case, sender, "closed")
    with force_locale(case.lang):  # refusals of files and text, in the case's language
        uploads, problems = checked_files(message)
        text = email_reading.new_text(message)
        if not text and uploads:  # files sent from a phone without a word: still a reply
            text = _("(Files sent by email, without a message.)")
        if not problems and not text:
            problems = [_("We found no text in it. Please write your message above the "
                          "quoted email.")]
        if len(text) > MAX_TEXT:
            problems.append(_("Its text is longer than %(max)d characters.", max=MAX_TEXT))
    if problems:
        return refuse(case, sender, "content", problems)
    return store(case, sender, text, uploads, key)


def store(case: Case, sender: str, text: str, uploads: list[Upload], key: str) -> Received:
    """Add the reply through ``partner_reply``; read the case again if it changed meanwhile."""
    for attempt in range(STALE_RETRIES):
        try:
            partner_reply(case, text, uploads, idempotency_key=key)
            return logged(case, Received("stored"))
        except StaleCase:
            if attempt == STALE_RETRIES - 1:
                raise
            db.session.expire(case)
        except ForbiddenMove:  # closed between our check and the write
            return refuse(case, sender, "closed")
        except InvalidInput as error:
            return refuse(case, sender, "content", [error.message])
    raise AssertionError("unreachable")  # pragma: no cover


def idempotency_key(case: Case, message, raw: bytes) -> str:
    """The reply's key: the same email to the same case always gives the same key."""
    identity = email_reading.message_id(message) or hashlib.sha256(raw).hexdigest()
    return hashlib.sha256(f"email\0{case.id}\0{identity}".encode()).hexdigest()


def checked_files(message) -> tuple[list[Upload], list[str]]:
    """The email's files that pass the upload checks, and a sentence per refused file."""
    config = current_app.config
    uploads, problems = [], []
    for name, data in email_reading.attached_files(message):
        name = name[:LISTED_NAME_MAX]
        upload = read_upload(FileStorage(io.BytesIO(data), filename=name),
                             config["MAX_UPLOAD_BYTES"], config["MAX_UPLOAD_PIXELS"])
        if isinstance(upload, str):
            problems.append(refusal_message(upload, name))
        else:
            uploads.append(upload)
    if len(uploads) > MAX_FILES:
        problems.append(_("It has more than %(max)d files.", max=MAX_FILES))
    return uploads, problems


def refuse(case: Case | None, sender: str | None, reason: str,
           problems: list[str] = ()) -> Received:
    """Change nothing; answer ``sender`` once (unless it is no address or one of ours)."""
    if sender is None or is_own_address(sender):
        return logged(case, Received("refused", reason))
    langs = [case.lang] if case is not None else ["nl", "en"]
    parts = []
    for lang in langs:
        with force_locale(lang):
            parts.append(answer_text(case, reason, problems, lang))
    subject = " / ".join(title for title, _text in parts)
    body = "\n\n----------\n\n".join(text for _title, text in parts)
    if answered_recently(sender, subject):
        return logged(case, Received("refused", reason))
    with one_transaction():
        answer = enqueue(sender, subject, body, langs[0],
                         case_id=case.id if case is not None else None)
        db.session.flush()
        answer_id = answer.id
    try:
        deliver(answer_id)
    except Exception as error:  # noqa: BLE001 (it waits in the outbox for the next run)
        current_app.logger.warning("Answer %s to an email reply waits in the outbox (%s)",
                                   answer_id, type(error).__name__)
    return logged(case, Received("refused", reason, answer_id))


def answer_text(case: Case | None, reason: str, problems: list[str],
                lang: str) -> tuple[str, str]:
    """(subject, text) of the answer, in the current language."""
    reference = case.reference if case is not None else ""
    if case is None:
        title = _("Your email could not be added to a case")
    else:
        title = _("Your email could not be added to case %(reference)s", reference=reference)
    if reason == "unknown-address":
        what = _("We could not match your email to a case, so it has not been added to one.")
        then = _("Please reply on your case page through the link in our emails. Lost the "
                 "link? Ask for a new one here: %(url)s",
                 url=external_url("cases.lost_link", lang_code=lang))
    elif reason == "wrong-sender":
        what = _("We received an email for case %(reference)s from an address other than the "
                 "one the case was filed with, so we have not added it to the case.",
                 reference=reference)
        then = _("Please reply from the email address you used for the case, or write to us "
                 "on your case page through the link in our emails.")
    elif reason == "closed":
        what = _("Case %(reference)s is closed, so we have not added your email to it.",
                 reference=reference)
        then = _("If you have a new question or complaint, you can send it to us through our "
                 "help centre: %(url)s", url=external_url("articles.home", lang_code=lang))
    else:
        what = "\n".join([_("We have not added your email to case %(reference)s:",
                            reference=reference), *(f"- {problem}" for problem in problems)])
        then = _("Please send it again with this corrected, or write to us on your case page "
                 "through the link in our emails. We accept up to %(max)d PNG, JPEG or PDF "
                 "files.", max=MAX_FILES)
    text = "\n\n".join([_("Hello,"), what, then, _("This is an automatic answer."),
                        _("Kind regards,") + "\n" + _("The Partner Help Centre")])
    return title, text + "\n"


def is_own_address(address: str) -> bool:
    """Whether ``address`` is this site's (never answer ourselves: no mail loops)."""
    own = str(current_app.config["MAIL_SENDER_ADDRESS"]).casefold()
    return address.casefold() == own or is_reply_domain_address(address)


def answered_recently(recipient: str, subject: str) -> bool:
    """Whether the same answer went to ``recipient`` in the last ``ANSWER_EVERY``."""
    return db.session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.recipient == recipient, OutboxMessage.subject == subject,
        OutboxMessage.created_at > utcnow() - ANSWER_EVERY).limit(1)) is not None


def logged(case: Case | None, received: Received) -> Received:
    """Log what happened (the case id and the outcome only: no address, no text)."""
    current_app.logger.info("Email reply for case %s: %s %s",
                            case.id if case is not None else "-", received.outcome,
                            received.reason)
    return received
