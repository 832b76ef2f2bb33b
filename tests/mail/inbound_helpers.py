"""Cases to reply to, the receiver on a free port, and what a case holds: for the inbound tests."""

from __future__ import annotations

import itertools
from contextlib import contextmanager

from sqlalchemy import select

from helpcenter.cases import service as cases
from helpcenter.cases.models import Case, CaseEvent, CaseMessage
from helpcenter.extensions import db
from helpcenter.mail.inbound import make_controller
from helpcenter.mail.models import OutboxMessage
from tests.cases.lifecycle_helpers import emails, new_staff, walk_to
from tests.mail.inbound_emails import Sent
from tests.mail.sent import email_text
from tests.mail.smtp_server import free_port

SERIAL = itertools.count(1)


@contextmanager
def running_receiver(app, lmtp: bool = False):
    """``flask mail receive``'s receiver for ``app`` on a free port; yields the port."""
    controller = make_controller(app, cases.receive_email, cases.is_reply_domain_address,
                                 "127.0.0.1", free_port(), lmtp)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def open_case(app, email: str, lang: str, status: str = "waiting_for_partner",
              name: str = "Anna de Vries") -> tuple[str, Sent]:
    """File a case for ``email`` and walk it to ``status``; (reference, its newest email)."""
    with app.test_request_context("/"):
        fields = {"idempotency_key": f"inbound{next(SERIAL):025d}", "name": name,
                  "email": email, "message": "Mijn accommodatie staat onderaan.",
                  "topic": "ranking", "kind": "complaint", "ground": "c", "country": "NL",
                  "requester_type": "partner"}
        case = cases.file_case(fields, [], lang).case
        walk_to(case, status, new_staff())
        mail = emails(case)[-1]
        sent = Sent(mail.subject, email_text(mail), mail.reply_to)
        reference = case.reference
        db.session.remove()
    return reference, sent


def case_state(app, reference: str) -> dict:
    """Everything a reply could change on the case."""
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        messages = db.session.scalars(select(CaseMessage).where(CaseMessage.case_id == case.id)
                                      .order_by(CaseMessage.id)).all()
        state = {
            "status": case.status, "version": case.version,
            "messages": [(m.author, m.kind, m.body,
                          [(a.filename, a.content_type, a.size) for a in m.attachments])
                         for m in messages],
            "events": [(e.actor, e.action, e.from_status, e.to_status) for e in
                       db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                          .order_by(CaseEvent.id))],
            "emails": len(emails(case)),
        }
        db.session.remove()
    return state


def answers(app) -> list[tuple[str, str, str, str]]:
    """(recipient, subject, lang, body) of every answer to an email (they have no Reply-To)."""
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.reply_to.is_(None))
                                  .order_by(OutboxMessage.id)).all()
        found = [(row.recipient, row.subject, row.lang, row.body) for row in rows]
        db.session.remove()
    return found


def attachment_data(app, reference: str) -> list[bytes]:
    """The stored bytes of the files that came with the case's messages."""
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        data = [file.data for file in case.attachments if file.message_id is not None]
        db.session.remove()
    return data
