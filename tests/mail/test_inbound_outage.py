"""Fault tests: the database fails while a reply by email arrives.

The receiver must answer 4xx (so the sending server keeps the email and tries again), leave
nothing half-written, and store the email exactly once when it comes again after recovery.
The outage is the one ``tests/test_database_down.py`` makes: on SQLite the file locked by
another connection (reads still work, the write fails after the busy timeout), on PostgreSQL
(``HELPCENTER_TEST_DATABASE_URL``) the server out of reach behind a TCP proxy. A third test
breaks the commit itself, after the message and its file were written in the transaction.
"""

from __future__ import annotations

import contextlib
import functools
import smtplib
import time

import pytest
from sqlalchemy import event, func, make_url, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from helpcenter.cases.models import CaseAttachment, CaseEvent, CaseMessage
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.cases.conftest import PDF
from tests.conftest import TEST_DATABASE_URL
from tests.mail.inbound_emails import gmail_en, outlook_nl, send
from tests.mail.inbound_helpers import answers, case_state, open_case, running_receiver
from tests.test_database_down import locked, proxy, stopped  # noqa: F401 (proxy: a fixture)

BUSY_TIMEOUT_S = 0.15
BOUND_S = 10  # the 451 comes well within this
TEXT = "Goedemiddag,\n\nHierbij de factuur van de annulering."
FILE = ("factuur.pdf", PDF, "application/pdf")


@pytest.fixture
def outage(proxy, make_app):  # noqa: F811
    """(app, down): the app on the test database and a way to take the database away."""
    if proxy is not None:
        proxied = make_url(TEST_DATABASE_URL).set(host="127.0.0.1", port=proxy.port)
        app = make_app(DATABASE_URL=proxied.render_as_string(hide_password=False))
        return app, functools.partial(stopped, proxy)
    app = make_app(SQLITE_BUSY_TIMEOUT=BUSY_TIMEOUT_S)
    with app.app_context():
        path = db.engine.url.database
    return app, functools.partial(locked, path)


def counts(app) -> tuple[int, ...]:
    """Rows in every table a reply or an answer writes to."""
    with app.app_context():
        found = tuple(db.session.scalar(select(func.count()).select_from(model))
                      for model in (CaseMessage, CaseAttachment, CaseEvent, OutboxMessage))
        db.session.remove()
    return found


def refused_with_451(port: int, message) -> None:
    """Send ``message``; the receiver must answer 451, in bounded time."""
    started = time.monotonic()
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(port, message)
    assert refused.value.smtp_code == 451
    assert time.monotonic() - started < BOUND_S


def test_database_down_while_a_reply_arrives_then_resent_and_stored_once(outage):
    app, down = outage
    reference, sent = open_case(app, "anna@example.nl", "nl")
    before, rows = case_state(app, reference), counts(app)
    reply = outlook_nl(sent, "anna@example.nl", TEXT, files=(FILE,))
    with running_receiver(app) as port:
        with down():
            refused_with_451(port, reply)
        assert case_state(app, reference) == before and counts(app) == rows  # nothing at all
        assert send(port, reply) == {}  # the sending server's retry, after recovery
        assert send(port, reply) == {}  # and a duplicate of it: still stored once
    after = case_state(app, reference)
    assert after["messages"] == [*before["messages"], ("partner", "message", TEXT, [
        ("factuur.pdf", "application/pdf", len(PDF))])]
    assert after["status"] == "in_progress" and after["version"] == before["version"] + 1
    assert answers(app) == []


def test_database_down_while_an_email_to_answer_arrives(outage):
    app, down = outage
    reference, sent = open_case(app, "anna@example.nl", "nl")
    stranger = gmail_en(sent, "stranger@example.org", "Can I reply for Anna?")
    rows = counts(app)
    with running_receiver(app) as port:
        with down():
            refused_with_451(port, stranger)
        assert counts(app) == rows and answers(app) == []
        send(port, stranger)
        send(port, stranger)
    assert [(recipient, lang) for recipient, _s, lang, _b in answers(app)] == [
        ("stranger@example.org", "nl")]  # answered once, in the case's language


@contextlib.contextmanager
def failing_commit():
    """Every commit fails as a lost connection would, after the transaction's writes."""
    def fail(session):
        session.flush()  # the message, its file and its event are written: now it fails
        raise OperationalError("COMMIT", {}, ConnectionResetError("connection lost"))

    event.listen(Session, "before_commit", fail)
    try:
        yield
    finally:
        event.remove(Session, "before_commit", fail)


def test_a_commit_that_fails_after_the_writes_leaves_nothing(app):
    reference, sent = open_case(app, "anna@example.nl", "nl")
    before, rows = case_state(app, reference), counts(app)
    reply = outlook_nl(sent, "anna@example.nl", TEXT, files=(FILE,))
    with running_receiver(app) as port:
        with failing_commit():
            refused_with_451(port, reply)
        assert case_state(app, reference) == before and counts(app) == rows
        assert send(port, reply) == {}
    assert case_state(app, reference)["messages"][-1][2:] == (
        TEXT, [("factuur.pdf", "application/pdf", len(PDF))])
