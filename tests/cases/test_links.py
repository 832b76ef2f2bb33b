"""Secret case links: the migration that moved them, opening, revoking, reissuing."""

from __future__ import annotations

import datetime as dt

import flask_migrate
import pytest
from sqlalchemy import text

from helpcenter.cases.references import token_hash
from helpcenter.extensions import db
from tests.conftest import build_app, reset_database

BEFORE_LINKS = "b20d8a6eb985"
FILED_AT = dt.datetime(2026, 11, 2, 9, 30)


@pytest.fixture
def old_app(tmp_path):
    """An app whose database stops at the migration before case links, with one case in it."""
    app = build_app(tmp_path / "instance")
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE_LINKS)
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO cases (id, reference, token_hash, idempotency_key, kind, status, "
                "lang, name, email, topic, ground, message, created_at, updated_at) VALUES "
                "(7, 'HC-AAAA-BBBB', :hash, :key, 'complaint', 'received', 'nl', 'Anna', "
                "'anna@example.nl', 'ranking', 'c', 'Mijn accommodatie is onvindbaar.', "
                ":at, :at)"), {"hash": token_hash("old-token"), "key": "k" * 32, "at": FILED_AT})
            connection.execute(text(
                "INSERT INTO case_attachments (case_id, stored_name, filename, content_type, "
                "size, data, created_at) VALUES (7, 's1', 'a.png', 'image/png', 3, :data, :at)"),
                {"data": b"png", "at": FILED_AT})
            connection.execute(text(
                "INSERT INTO outbox_messages (case_id, recipient, subject, body, lang, "
                "created_at, attempts, next_attempt_at) VALUES (7, 'anna@example.nl', 's', 'b', "
                "'nl', :at, 1, :at)"), {"at": FILED_AT})
        db.engine.dispose()
    yield app
    reset_database(app)


def rows(app, sql: str) -> list[tuple]:
    """Every row ``sql`` returns, as tuples."""
    with app.app_context(), db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_migration_moves_the_link_and_keeps_every_row(old_app):
    with old_app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    assert rows(old_app, "SELECT case_id, token_hash, revoked_at FROM case_links") == [
        (7, token_hash("old-token"), None)]
    assert rows(old_app, "SELECT case_id, filename, message_id FROM case_attachments") == [
        (7, "a.png", None)]
    assert rows(old_app, "SELECT case_id FROM outbox_messages") == [(7,)]
    assert rows(old_app, "SELECT version, status, assignee_id FROM cases") == [
        (1, "received", None)]
    assert [str(value)[:16] for value in rows(old_app,
            "SELECT last_partner_update_at FROM cases")[0]] == ["2026-11-02 09:30"]
    assert rows(old_app, "SELECT case_id, actor, action, from_status, to_status "
                "FROM case_events") == [(7, "partner", "filed", None, "received")]
    with old_app.test_client() as client:  # the token from the old acknowledgement still works
        response = client.get("/nl/case/old-token")
        assert response.status_code == 303
        assert response.headers["Location"] == "/nl/cases/HC-AAAA-BBBB"


def test_migration_downgrades_to_one_link_per_case(old_app):
    with old_app.app_context():
        flask_migrate.upgrade()
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE case_links SET revoked_at = created_at"))
            connection.execute(text(
                "INSERT INTO case_links (case_id, token_hash, created_at) "
                "VALUES (7, :hash, :at)"), {"hash": token_hash("new-token"), "at": FILED_AT})
        flask_migrate.downgrade(revision=BEFORE_LINKS)
        db.engine.dispose()
    assert rows(old_app, "SELECT id, token_hash FROM cases") == [(7, token_hash("new-token"))]
    assert rows(old_app, "SELECT case_id, filename FROM case_attachments") == [(7, "a.png")]
    assert rows(old_app, "SELECT case_id FROM outbox_messages") == [(7,)]
