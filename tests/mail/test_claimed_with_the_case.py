"""The acknowledgement is claimed in the commit that files the case: two commits per filing.

Filing commits the case with its acknowledgement already claimed by the filing process, which
then sends it and marks it sent. No other process can take it meanwhile; if the filing process
dies before sending, ``flask outbox deliver`` sends it once the claim has run out. Either way
it goes out exactly once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, select

from helpcenter.cases import service as cases
from helpcenter.clock import frozen_at, utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.mail.outbox import CLAIM_MINUTES, HELD_CLAIMS, deliver, deliver_due


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def fields(key: str) -> dict:
    return {"idempotency_key": key, "name": "Anna de Vries", "email": "anna@example.nl",
            "message": "Mijn accommodatie staat onderaan.", "topic": "ranking",
            "kind": "complaint", "ground": "c", "country": "NL", "requester_type": "partner"}


def test_a_complaint_is_filed_and_acknowledged_in_two_commits(app, client, complaint_data):
    commits = []
    with app.app_context():
        event.listen(db.engine, "commit", lambda connection: commits.append(1))
    response = client.post("/nl/complaint", data=complaint_data)
    assert response.status_code == 303
    assert len(commits) == 2  # the case with its claimed acknowledgement; the email marked sent
    with app.app_context():
        [message] = outbox()
        assert message.sent_at is not None and message.attempts == 1
        assert message.claimed_until is None and message.sealed_secret is None
        assert deliver(message.id) is False  # sent: never again
        assert deliver_due() == (0, 0)


def test_two_partners_filing_one_after_the_other_each_get_their_own_email_once(
        app, complaint_data):
    first, second = app.test_client(), app.test_client()
    first.post("/nl/complaint", data=complaint_data)
    second.post("/en/complaint", data=complaint_data | {
        "name": "Tom Jones", "email": "tom@example.com", "idempotency_key": "c" * 32})
    with app.app_context():
        messages = outbox()
        assert [m.recipient for m in messages] == ["anna@example.nl", "tom@example.com"]
        assert [m.lang for m in messages] == ["nl", "en"]
        assert all(m.sent_at is not None and m.attempts == 1 for m in messages)


def test_another_process_cannot_take_the_claimed_acknowledgement_until_the_claim_runs_out(app):
    with app.test_request_context("/"):
        filed = cases.file_case(fields("d" * 32), [], "nl")  # the process dies before sending
        app.extensions.pop(HELD_CLAIMS)  # what another process knows: only the database
        [message] = outbox()
        assert message.claimed_until is not None and message.sent_at is None
        assert deliver(filed.message_id) is False
        assert deliver_due() == (0, 1)
        with frozen_at(utcnow() + dt.timedelta(minutes=CLAIM_MINUTES, seconds=1)):
            assert deliver_due() == (1, 0)
            assert deliver_due() == (0, 0)
        [message] = outbox()
        assert message.sent_at is not None and message.attempts == 1


def test_the_filing_process_sends_the_acknowledgement_before_the_cases_next_email(app):
    with app.test_request_context("/"):
        case = cases.file_case(fields("e" * 32), [], "en").case  # not sent yet
        withdrawn = cases.withdraw(case, None, case.version)
        cases.send_emails(withdrawn)
        messages = outbox()
        assert len(messages) == 2 and all(m.sent_at is not None for m in messages)
        assert messages[0].sent_at <= messages[1].sent_at  # the acknowledgement first
