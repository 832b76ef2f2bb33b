"""partner sign-in links and sessions, and the partner's read marks on cases

``partner_sign_ins``: single-use sign-in links for "My cases" (only the SHA-256 of a token is
kept), each becoming the session it starts. ``case_read_marks``: when the partner last opened
a case's page, so newer handler messages show as unread.

Revision ID: 3c5e7a9b1d20
Revises: 7d2f4b9a1c30
Create Date: 2026-11-24 22:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3c5e7a9b1d20'
down_revision = '7d2f4b9a1c30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'partner_sign_ins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('lang', sa.String(length=5), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    with op.batch_alter_table('partner_sign_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_sign_ins_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_sign_ins_expires_at'), ['expires_at'],
                              unique=False)
    op.create_table(
        'case_read_marks',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id'),
    )


def downgrade():
    op.drop_table('case_read_marks')
    with op.batch_alter_table('partner_sign_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_sign_ins_expires_at'))
        batch_op.drop_index(batch_op.f('ix_partner_sign_ins_email'))
    op.drop_table('partner_sign_ins')
