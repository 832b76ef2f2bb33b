"""Sealed secrets and purged bodies: the outbox keeps only what it still needs."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import select

from helpcenter.clock import frozen_at, utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.mail.outbox import (
    MAX_ATTEMPTS,
    SECRET_PLACEHOLDER,
    deliver,
    deliver_due,
    enqueue,
    text_to_send,
)
from helpcenter.mail.sealing import UnsealError, seal, unseal
from tests.mail.sent import sent_texts

BODY = f"Your link: https://help.example.com/en/case/{SECRET_PLACEHOLDER}\n"
SENT_AT = dt.datetime(2026, 11, 2, 9, 0)


TOKEN = "the-token-of-a-case-link-xxxxxxxxxxxxxxxxxxx"


def queue(secret: str | None = TOKEN) -> int:
    message = enqueue("anna@example.nl", "Subject", BODY, "en", secret=secret)
    db.session.commit()
    return message.id


def row(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def test_the_secret_is_sealed_put_in_when_sent_and_then_wiped(app):
    with app.app_context():
        message_id = queue()
        stored = row(message_id)
        assert stored.body == BODY and "the-token" not in stored.sealed_secret
        assert deliver(message_id) is True
        assert sent_texts(app)[message_id] == BODY.replace(SECRET_PLACEHOLDER, TOKEN)
        assert (row(message_id).body, row(message_id).sealed_secret) == (BODY, None)


def test_a_message_given_up_loses_its_secret(make_app):
    app = make_app(MAIL_TRANSPORT="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=1)
    with app.app_context():
        message_id = queue()
        row(message_id).attempts = MAX_ATTEMPTS - 1
        db.session.commit()
        assert deliver(message_id) is False
        assert (row(message_id).attempts, row(message_id).sealed_secret) == (MAX_ATTEMPTS, None)


def test_sealing_needs_the_key_and_survives_a_key_change(make_app):
    old = make_app(SECRET_KEY="old-key")
    with old.app_context():
        sealed = seal("s3cret")
        assert unseal(sealed) == "s3cret"
        with pytest.raises(UnsealError):
            unseal(sealed[:-4] + "AAAA")  # altered
    rotated = make_app(SECRET_KEY="new-key", SECRET_KEY_FALLBACKS=["old-key"])
    with rotated.app_context():
        assert unseal(sealed) == "s3cret"
    with make_app(SECRET_KEY="new-key").app_context(), pytest.raises(UnsealError):
        unseal(sealed)


def test_an_unopenable_secret_leaves_the_placeholder_and_the_email_still_goes(make_app, caplog):
    app = make_app(SECRET_KEY="new-key")
    with app.app_context():
        message_id = queue(secret=None)
        with make_app(SECRET_KEY="old-key").app_context():
            sealed = seal("lost-token")
        row(message_id).sealed_secret = sealed
        db.session.commit()
        app.logger.addHandler(caplog.handler)
        with caplog.at_level(logging.WARNING):
            assert text_to_send(row(message_id)) == BODY  # the link leads to the lost-link form
            assert deliver(message_id) is True
        app.logger.removeHandler(caplog.handler)
        assert "could not be unsealed" in caplog.text and "lost-token" not in caplog.text


@pytest.mark.parametrize(("keep_days", "days_later", "purged"), [
    (7, 6.9, False), (7, 7.1, True), (2, 2.1, True), (2, 1.9, False)])
def test_sent_bodies_are_purged_after_the_configured_days(make_app, keep_days, days_later,
                                                          purged):
    app = make_app(OUTBOX_KEEP_SENT_DAYS=keep_days)
    with app.app_context():
        with frozen_at(SENT_AT):
            sent = queue()
            assert deliver(sent) is True
            waiting = queue()
            row(waiting).next_attempt_at = SENT_AT + dt.timedelta(days=30)
            db.session.commit()
        with frozen_at(SENT_AT + dt.timedelta(days=days_later)):
            assert deliver_due() == (0, 1)  # the delivery run purges as well
        assert (row(sent).body is None) is purged
        assert row(sent).sent_at == SENT_AT and row(sent).subject == "Subject"  # the record
        assert row(waiting).body == BODY and row(waiting).sealed_secret  # never a waiting one


def test_purge_command(make_app):
    app = make_app(OUTBOX_KEEP_SENT_DAYS=3)
    runner = app.test_cli_runner()
    with app.app_context(), frozen_at(utcnow() - dt.timedelta(days=4)):
        deliver(queue())
        deliver(queue())
    with app.app_context():
        deliver(queue())  # sent just now: kept
    assert runner.invoke(args=["outbox", "purge"]).output == "2 purged\n"
    assert runner.invoke(args=["outbox", "purge"]).output == "0 purged\n"
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body).order_by(OutboxMessage.id)).all()
    assert bodies == [None, None, BODY]
