"""The acknowledgement over real SMTP: delivery, a mail server that is down, header injection."""

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from helpcenter.cases.models import Case
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.mail.outbox import backoff, claim, deliver, enqueue
from tests.mail.smtp_server import HEADERS, free_port

COMPLAINT = {
    "requester_type": "partner", "name": "Anna de Vries", "email": "anna@example.nl",
    "phone": "+31 20 123 4567", "property_id": "123456", "country": "NL", "topic": "ranking",
    "message": "Sinds vorige week staat mijn accommodatie onderaan in de zoekresultaten.",
    "consent": "y", "idempotency_key": "a" * 32,
}
ISSUE = {
    "location": "extranet", "topic": "account", "subtopic": "account/other",
    "message": "The login page shows an error 500 after I enter my two-factor code.",
    "device": "Firefox 140", "property_id": "998877", "name": "Tom Jansen",
    "email": "tom@example.com", "idempotency_key": "b" * 32,
}


def smtp_app(make_app, port: int):
    return make_app(MAIL_TRANSPORT="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                    MAIL_TIMEOUT=5)


@pytest.fixture
def smtp(start_smtp):
    """A running SMTP server: (port, inbox)."""
    return start_smtp()


@pytest.fixture
def mail_app(make_app, smtp):
    return smtp_app(make_app, smtp[0])


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


@pytest.mark.parametrize(("lang", "form", "data", "subject", "greeting", "sender"), [
    ("nl", "complaint", COMPLAINT, "We hebben uw klacht {} ontvangen", "Beste Anna de Vries,",
     "Helpcentrum voor partners <help@example.com>"),
    ("en", "technical-issue", ISSUE, "We have received your report {}", "Dear Tom Jansen,",
     "Partner Help Centre <help@example.com>"),
])
def test_acknowledgement_is_sent_in_the_form_language(mail_app, smtp, lang, form, data,
                                                      subject, greeting, sender):
    client = mail_app.test_client()
    response = client.post(f"/{lang}/{form}", data=data)
    assert response.status_code == 303
    reference = response.headers["Location"].rsplit("/", 1)[1]
    assert reference in client.get(response.headers["Location"]).get_data(as_text=True)

    [envelope] = smtp[1].envelopes
    assert envelope.rcpt_tos == [data["email"]]
    [mail] = smtp[1].messages()
    assert mail["To"] == data["email"]
    assert mail["Subject"] == subject.format(reference)
    assert mail["From"] == sender  # the sender's name in the email's language too
    body = mail.get_content()
    assert body.startswith(greeting) and reference in body
    token = re.search(rf"http://localhost/{lang}/case/([A-Za-z0-9_-]+)\s", body).group(1)

    response = client.get(f"/{lang}/case/{token}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/cases/{reference}"
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and reference in page.get_data(as_text=True)
    [message] = outbox(mail_app)
    assert message.sent_at is not None and message.attempts == 1 and message.last_error is None


def test_mail_server_down_then_the_outbox_delivers_exactly_once(make_app, start_smtp):
    port = free_port()  # nothing listens here yet
    app = smtp_app(make_app, port)
    client = app.test_client()
    response = client.post("/nl/complaint", data=COMPLAINT)
    assert response.status_code == 303
    reference = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and reference in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Case.reference)) == reference
    [message] = outbox(app)
    assert (message.sent_at, message.attempts, message.claimed_until) == (None, 1, None)
    assert message.last_error
    assert message.next_attempt_at > utcnow()

    runner = app.test_cli_runner()
    assert runner.invoke(args=["outbox", "deliver"]).output == "0 sent, 1 waiting\n"  # not due

    _, inbox = start_smtp(port)
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(
            next_attempt_at=utcnow() - dt.timedelta(seconds=1)))
        db.session.commit()
    result = runner.invoke(args=["outbox", "deliver"])
    assert result.exit_code == 0 and result.output == "1 sent, 0 waiting\n"
    assert len(inbox.envelopes) == 1
    [mail] = inbox.messages()
    assert mail["Subject"] == f"We hebben uw klacht {reference} ontvangen"
    assert runner.invoke(args=["outbox", "deliver"]).output == "0 sent, 0 waiting\n"
    assert len(inbox.envelopes) == 1
    [message] = outbox(app)
    assert message.sent_at is not None and message.attempts == 2 and message.last_error is None


@pytest.mark.parametrize(("field", "value"), [
    ("name", "Anna\r\nBcc: evil@example.com"),
    ("name", "Anna\nBcc: evil@example.com\n\nfake body"),
    ("name", "Anna\r\n.\r\nMAIL FROM:<x@example.com>\r\nRCPT TO:<evil@example.com>\r\n"),
])
def test_line_breaks_in_the_name_stay_in_the_body(mail_app, smtp, field, value):
    response = mail_app.test_client().post("/en/complaint", data={**COMPLAINT, field: value})
    assert response.status_code == 303
    [envelope] = smtp[1].envelopes
    assert envelope.rcpt_tos == [COMPLAINT["email"]]
    [mail] = smtp[1].messages()
    assert "Bcc" not in mail and mail["To"] == COMPLAINT["email"]
    assert len(mail.keys()) == len(set(mail.keys())) and set(mail.keys()) <= HEADERS
    assert "evil@example.com" in mail.get_content()  # only as text of the greeting


@pytest.mark.parametrize("value", [
    "anna@example.nl\r\nBcc: evil@example.com",
    "anna@example.nl\nBcc: evil@example.com",
    "anna@example.nl, evil@example.com",
    "Anna <anna@example.nl>, evil@example.com",
])
def test_line_breaks_or_lists_in_the_email_address_are_refused(mail_app, smtp, value):
    response = mail_app.test_client().post("/en/complaint", data={**COMPLAINT, "email": value})
    assert response.status_code == 400
    assert smtp[1].envelopes == [] and outbox(mail_app) == []


def test_surrounding_spaces_and_line_breaks_are_cleaned_off(mail_app, smtp):
    data = {**COMPLAINT, "email": " anna@example.nl\r\n"}
    assert mail_app.test_client().post("/en/complaint", data=data).status_code == 303
    [envelope] = smtp[1].envelopes
    assert envelope.rcpt_tos == ["anna@example.nl"]


def test_the_email_says_its_language(mail_app, smtp):
    mail_app.test_client().post("/nl/complaint", data=COMPLAINT)
    [mail] = smtp[1].messages()
    assert mail["Content-Language"] == "nl"


@pytest.mark.parametrize(("attempts", "minutes"), [
    (0, 1), (1, 1), (2, 2), (3, 4), (4, 8), (8, 128), (11, 1024), (12, 1440), (1000, 1440)])
def test_backoff_doubles_up_to_a_day(attempts, minutes):
    assert backoff(attempts) == dt.timedelta(minutes=minutes)


def queued(**values) -> int:
    message = enqueue("anna@example.nl", "Subject", "Body\n", "en")
    db.session.flush()
    for name, value in values.items():
        setattr(message, name, value)
    db.session.commit()
    return message.id


def test_claim_takes_a_message_once(app):
    later = utcnow() + dt.timedelta(minutes=3)
    with app.app_context():
        free = queued()
        taken = queued(claimed_until=later)
        expired_claim = queued(claimed_until=utcnow() - dt.timedelta(seconds=1))
        not_due = queued(next_attempt_at=later)
        sent = queued(sent_at=utcnow())
        assert claim(free) is True
        assert claim(free) is False  # now this process has it
        assert claim(taken) is False  # another process has it
        assert claim(expired_claim) is True  # that process died: the claim ran out
        assert claim(not_due) is False and claim(sent) is False
        assert deliver(taken) is False
        message = db.session.get(OutboxMessage, taken)
        db.session.refresh(message)
        assert (message.sent_at, message.attempts, message.claimed_until) == (None, 0, later)
