"""cases purged_at and reply idempotency keys

``cases.purged_at``: when `flask cases purge` removed a case's personal data.
``case_messages.idempotency_key``: the partner's reply form's key, so the same form sent again
(a resend after a broken connection) adds no second message.

Revision ID: 7d2f4b9a1c30
Revises: ee92e8d11efa
Create Date: 2026-11-24 20:05:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7d2f4b9a1c30'
down_revision = 'ee92e8d11efa'
branch_labels = None
depends_on = None


def sqlite_foreign_keys(on: bool) -> None:
    """Switch SQLite's foreign keys around a table rebuild (a no-op inside a transaction,
    hence the block): rebuilding a table with them on would delete the rows pointing at it."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade():
    sqlite_foreign_keys(False)  # case_messages is rebuilt for its new unique constraint
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purged_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('case_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            'uq_case_messages_idempotency_key', ['idempotency_key'])
    sqlite_foreign_keys(True)


def downgrade():
    sqlite_foreign_keys(False)
    with op.batch_alter_table('case_messages', schema=None) as batch_op:
        batch_op.drop_constraint('uq_case_messages_idempotency_key', type_='unique')
        batch_op.drop_column('idempotency_key')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('purged_at')
    sqlite_foreign_keys(True)
