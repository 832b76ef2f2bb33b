"""case lifecycle: thread, events, links, staff users

Moves each case's secret link from ``cases.token_hash`` into ``case_links`` (one case may now
have several links, and a lost-link request revokes them), adds the thread, the history and
the lifecycle columns, the Reply-To of outgoing emails, and the staff accounts that cases are
assigned to.

On SQLite, changing ``cases`` means copying it into a new table and dropping the old one; with
foreign keys on, that drop would delete every attachment (ON DELETE CASCADE). So foreign keys
are switched off around it (outside a transaction, where SQLite honours the pragma) and
checked before they go back on.

Revision ID: cbdd44aa2592
Revises: b20d8a6eb985
Create Date: 2026-11-24 16:32:22.837115

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cbdd44aa2592'
down_revision = 'b20d8a6eb985'
branch_labels = None
depends_on = None

CASES_ASSIGNEE_FK = 'fk_cases_assignee_id_staff_users'
ATTACHMENTS_MESSAGE_FK = 'fk_case_attachments_message_id_case_messages'


def sqlite_foreign_keys(on: bool) -> None:
    """Switch SQLite's foreign keys (a no-op inside a transaction, hence the block)."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    if on:
        broken = op.get_bind().execute(sa.text('PRAGMA foreign_key_check')).fetchall()
        if broken:
            raise RuntimeError(f'foreign keys broken by the migration: {broken[:5]}')
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade():
    sqlite_foreign_keys(False)
    op.create_table('staff_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=10), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_status', sa.String(length=30), nullable=True),
    sa.Column('to_status', sa.String(length=30), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_events_case_id'), ['case_id'], unique=False)

    op.create_table('case_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('case_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_links_case_id'), ['case_id'], unique=False)

    op.create_table('case_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=10), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_messages_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('case_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_case_attachments_message_id'), ['message_id'], unique=False)
        batch_op.create_foreign_key(ATTACHMENTS_MESSAGE_FK, 'case_messages', ['message_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.String(length=320), nullable=True))

    # Every existing link keeps working, and every existing case gets its "filed" event.
    op.execute("INSERT INTO case_links (case_id, token_hash, created_at) "
               "SELECT id, token_hash, created_at FROM cases")
    op.execute("INSERT INTO case_events (case_id, actor, action, to_status, created_at) "
               "SELECT id, 'partner', 'filed', status, created_at FROM cases")

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('resolution', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('decision', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('mediation_requested_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_partner_update_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_reminder_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_last_partner_update_at'), ['last_partner_update_at'], unique=False)
        batch_op.create_foreign_key(CASES_ASSIGNEE_FK, 'staff_users', ['assignee_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_column('token_hash')

    # Until now no one had told the partner anything since the acknowledgement.
    op.execute("UPDATE cases SET last_partner_update_at = created_at")
    sqlite_foreign_keys(True)


def downgrade():
    sqlite_foreign_keys(False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_hash', sa.VARCHAR(length=64), nullable=True))

    # The newest link that still works becomes the case's one link again (the newest revoked
    # one, or a value no token hashes to, when none works).
    op.execute(
        "UPDATE cases SET token_hash = COALESCE("
        "(SELECT l.token_hash FROM case_links l WHERE l.case_id = cases.id "
        " ORDER BY l.revoked_at IS NULL DESC, l.id DESC LIMIT 1), "
        "'none-' || CAST(cases.id AS VARCHAR(20)))")

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.alter_column('token_hash', existing_type=sa.VARCHAR(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_cases_token_hash', ['token_hash'])
        batch_op.drop_constraint(CASES_ASSIGNEE_FK, type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cases_last_partner_update_at'))
        batch_op.drop_index(batch_op.f('ix_cases_assignee_id'))
        batch_op.drop_column('last_reminder_at')
        batch_op.drop_column('last_partner_update_at')
        batch_op.drop_column('mediation_requested_at')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decision')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('resolution')
        batch_op.drop_column('outcome')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('version')

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('reply_to')

    # Files sent with replies go with the thread they belonged to.
    op.execute("DELETE FROM case_attachments WHERE message_id IS NOT NULL")
    with op.batch_alter_table('case_attachments', schema=None) as batch_op:
        batch_op.drop_constraint(ATTACHMENTS_MESSAGE_FK, type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_case_attachments_message_id'))
        batch_op.drop_column('message_id')

    with op.batch_alter_table('case_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_messages_case_id'))

    op.drop_table('case_messages')
    with op.batch_alter_table('case_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_links_case_id'))

    op.drop_table('case_links')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_events_case_id'))

    op.drop_table('case_events')
    op.drop_table('staff_users')
    sqlite_foreign_keys(True)
