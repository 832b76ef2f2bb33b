"""The migration that took the plain tokens out of the stored emails."""

from __future__ import annotations

import datetime as dt

import flask_migrate
import pytest
from sqlalchemy import text

from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.mail.outbox import text_to_send
from tests.conftest import build_app, reset_database

BEFORE = "5a1c0d7e3b21"
SEALING = "ee92e8d11efa"
AT = dt.datetime(2026, 11, 2, 9, 30)
TOKEN_SENT, TOKEN_WAITING = "S" * 43, "W" * 43


def body(token: str) -> str:
    return f"Dear Anna,\n\nYour case page:\nhttps://help.example.com/nl/case/{token}\n\nBye\n"


@pytest.fixture
def old_app(tmp_path):
    """A database before the sealing, with one sent and one waiting email holding tokens."""
    app = build_app(tmp_path / "instance")
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            for token, sent_at in ((TOKEN_SENT, AT), (TOKEN_WAITING, None)):
                connection.execute(text(
                    "INSERT INTO outbox_messages (recipient, subject, body, lang, created_at, "
                    "attempts, next_attempt_at, sent_at) VALUES ('anna@example.nl', 's', :body, "
                    "'nl', :at, 1, :at, :sent)"), {"body": body(token), "at": AT, "sent": sent_at})
        db.engine.dispose()
    yield app
    reset_database(app)


def test_upgrade_seals_waiting_tokens_and_drops_sent_ones(old_app):
    with old_app.app_context():
        flask_migrate.upgrade(revision=SEALING)
        sent, waiting = db.session.query(OutboxMessage).order_by(OutboxMessage.id).all()
        assert sent.body == waiting.body == body("~secret~")
        assert sent.sealed_secret is None and TOKEN_WAITING not in waiting.sealed_secret
        assert text_to_send(waiting) == body(TOKEN_WAITING)  # it still goes out with its link
        db.session.remove()
        flask_migrate.downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            bodies = connection.execute(text(
                "SELECT body FROM outbox_messages ORDER BY id")).scalars().all()
        db.engine.dispose()
    assert bodies == [body("~secret~"), body(TOKEN_WAITING)]
