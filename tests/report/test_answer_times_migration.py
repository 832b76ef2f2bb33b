"""The migration that added ``answer_due_at`` and ``first_answered_at`` fills them for the
cases filed before it (a module of its own: it migrates its database step by step)."""

from __future__ import annotations

import datetime as dt

import flask_migrate
from sqlalchemy import text

from helpcenter.extensions import db
from tests.conftest import build_app, reset_database

T = dt.datetime
BEFORE_ANSWER_TIMES = "e8f9ae96b668"  # the revision before 5a1c0d7e3b21


def test_the_migration_fills_cases_filed_before_it(tmp_path):
    app = build_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE_ANSWER_TIMES)
        insert_case = text(
            "INSERT INTO cases (id, reference, idempotency_key, kind, status, lang, name, email,"
            " topic, ground, message, created_at, updated_at, version)"
            " VALUES (:id, :ref, :key, 'complaint', 'in_progress', 'nl', 'A', 'a@example.nl',"
            " 'ranking', 'c', 'x', :at, :at, 2)")
        insert_event = text(
            "INSERT INTO case_events (case_id, actor, action, to_status, created_at)"
            " VALUES (:case, :actor, :action, :to, :at)")
        db.session.execute(insert_case, [
            {"id": 1, "ref": "HC-OLD0000001", "key": "old-1", "at": T(2025, 1, 10, 20, 30)},
            {"id": 2, "ref": "HC-OLD0000002", "key": "old-2", "at": T(2025, 1, 13, 8, 0)}])
        db.session.execute(insert_event, [
            {"case": 1, "actor": "partner", "action": "filed", "to": "received",
             "at": T(2025, 1, 10, 20, 30)},
            {"case": 1, "actor": "staff", "action": "note", "to": None,
             "at": T(2025, 1, 11, 9, 0)},
            {"case": 1, "actor": "staff", "action": "assigned", "to": None,
             "at": T(2025, 1, 12, 9, 0)},
            {"case": 1, "actor": "staff", "action": "assigned", "to": "in_progress",
             "at": T(2025, 1, 13, 9, 0)},
            {"case": 1, "actor": "staff", "action": "update", "to": None,
             "at": T(2025, 1, 14, 9, 0)},
            {"case": 2, "actor": "partner", "action": "filed", "to": "received",
             "at": T(2025, 1, 13, 8, 0)}])
        db.session.commit()
        flask_migrate.upgrade()
        rows = db.session.execute(text(
            "SELECT id, answer_due_at, first_answered_at FROM cases ORDER BY id")).all()
        db.session.remove()
        as_time = [tuple(value if value is None or isinstance(value, dt.datetime)
                         else dt.datetime.fromisoformat(value) for value in row[1:])
                   for row in rows]
        assert as_time == [(T(2025, 1, 14, 23, 0), T(2025, 1, 13, 9, 0)),
                           (T(2025, 1, 15, 23, 0), None)]
    reset_database(app)


def test_the_later_migrations_keep_every_row_that_points_at_a_case(tmp_path):
    """Their table rebuilds on SQLite run with foreign keys off: no thread, file or link is
    lost going up to the newest revision and back down past them."""
    app = build_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE_ANSWER_TIMES)
        db.session.execute(text(
            "INSERT INTO cases (id, reference, idempotency_key, kind, status, lang, name, email,"
            " topic, ground, message, created_at, updated_at, version) VALUES (1, 'HC-KEEP0001',"
            " 'keep-1', 'complaint', 'in_progress', 'nl', 'A', 'a@example.nl', 'ranking', 'c',"
            " 'x', :at, :at, 2)"), {"at": T(2025, 1, 10, 9)})
        db.session.execute(text(
            "INSERT INTO case_messages (id, case_id, author, kind, body, internal, created_at)"
            " VALUES (1, 1, 'partner', 'message', 'Hallo', :no, :at)"),
            {"no": False, "at": T(2025, 1, 11, 9)})
        db.session.execute(text(
            "INSERT INTO case_attachments (case_id, message_id, stored_name, filename,"
            " content_type, size, data, created_at) VALUES (1, 1, 'keep', 'a.png', 'image/png',"
            " 1, :data, :at)"), {"data": b"x", "at": T(2025, 1, 11, 9)})
        db.session.execute(text(
            "INSERT INTO case_links (case_id, token_hash, created_at) VALUES (1, 'h', :at)"),
            {"at": T(2025, 1, 10, 9)})
        db.session.commit()

        def counted():
            """Rows per table; the read's transaction ends, so a migration can lock the tables
            (on PostgreSQL an open read would make the ALTER TABLE wait for ever)."""
            found = [db.session.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608
                     for table in ("case_messages", "case_attachments", "case_links")]
            db.session.remove()
            return found

        flask_migrate.upgrade()
        assert counted() == [1, 1, 1]
        flask_migrate.downgrade(revision=BEFORE_ANSWER_TIMES)
        assert counted() == [1, 1, 1]
        db.session.remove()
    reset_database(app)
