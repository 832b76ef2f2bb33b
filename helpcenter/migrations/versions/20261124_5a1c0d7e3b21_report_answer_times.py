"""report answer times: the promised answer moment and the first answer, kept on each case

``answer_due_at`` (the first moment after the answer day promised at filing) and
``first_answered_at`` (a case handler's first answer) let the yearly report count "answered in
time" in SQL; a covering index serves all of the report's scans. Existing cases are
filled from their events and the current ``CASE_ANSWER_WORKING_DAYS``.

Revision ID: 5a1c0d7e3b21
Revises: e8f9ae96b668
Create Date: 2026-11-24 09:10:00.000000

"""
import datetime as dt

import sqlalchemy as sa
from alembic import op
from flask import current_app

from helpcenter.cases.workdays import end_of_working_day_utc

# revision identifiers, used by Alembic.
revision = '5a1c0d7e3b21'
down_revision = 'e8f9ae96b668'
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_due_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('first_answered_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_cases_report', [
            'kind', 'topic', 'ground', 'created_at', 'outcome', 'resolved_at', 'closed_at',
            'decision', 'mediation_requested_at', 'first_answered_at', 'answer_due_at'],
            unique=False)
    bind = op.get_bind()
    # A case handler's first answer: any staff event but a note or an assignment without a move.
    bind.execute(sa.text(
        "UPDATE cases SET first_answered_at = (SELECT min(e.created_at) FROM case_events e "
        "WHERE e.case_id = cases.id AND e.actor = 'staff' AND e.action <> 'note' "
        "AND NOT (e.action = 'assigned' AND e.to_status IS NULL))"))
    days = current_app.config["CASE_ANSWER_WORKING_DAYS"]
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    rows = bind.execute(sa.text("SELECT id, created_at FROM cases")).fetchall()
    update = sa.text("UPDATE cases SET answer_due_at = :due WHERE id = :id")
    for start in range(0, len(rows), BATCH):
        bind.execute(update, [
            {"id": case_id, "due": end_of_working_day_utc(as_datetime(created), days, zone)}
            for case_id, created in rows[start:start + BATCH]])


def as_datetime(value):
    """SQLite hands back text for a raw SELECT; PostgreSQL a datetime."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value


def sqlite_foreign_keys(on: bool) -> None:
    """Switch SQLite's foreign keys around a table rebuild (a no-op inside a transaction,
    hence the block): rebuilding ``cases`` with them on would delete every row that points
    at a case."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def downgrade():
    sqlite_foreign_keys(False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_report')
        batch_op.drop_column('first_answered_at')
        batch_op.drop_column('answer_due_at')
    sqlite_foreign_keys(True)
