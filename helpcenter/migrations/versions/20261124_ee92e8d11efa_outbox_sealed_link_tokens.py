"""outbox: case link tokens sealed until sending, bodies of sent emails purged

``outbox_messages.sealed_secret`` holds a link's token encrypted (``helpcenter.mail.sealing``)
while the email waits; the body keeps the link with a placeholder for it. ``body`` may now be
NULL: the text of a sent email is emptied after ``OUTBOX_KEEP_SENT_DAYS``.

Existing rows lose the plain tokens: a waiting email's token is sealed, a sent one's removed.
The downgrade puts the tokens of waiting emails back in their bodies.

Revision ID: ee92e8d11efa
Revises: 5a1c0d7e3b21
Create Date: 2026-11-24 20:10:00.000000

"""
import re

import sqlalchemy as sa
from alembic import op

from helpcenter.mail.outbox import MAX_ATTEMPTS, SECRET_PLACEHOLDER
from helpcenter.mail.sealing import UnsealError, seal, unseal

# revision identifiers, used by Alembic.
revision = 'ee92e8d11efa'
down_revision = '5a1c0d7e3b21'
branch_labels = None
depends_on = None

LINK_TOKEN = re.compile(r"(/[a-z]{2}/case/)([A-Za-z0-9_-]{20,})")
outbox = sa.table("outbox_messages", sa.column("id", sa.Integer), sa.column("body", sa.Text),
                  sa.column("sealed_secret", sa.Text), sa.column("sent_at", sa.DateTime),
                  sa.column("attempts", sa.Integer))


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_secret', sa.Text(), nullable=True))
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=True)
    connection = op.get_bind()
    rows = connection.execute(sa.select(outbox.c.id, outbox.c.body, outbox.c.sent_at,
                                        outbox.c.attempts).where(outbox.c.body.is_not(None)))
    for message_id, body, sent_at, attempts in rows.all():
        tokens = [match.group(2) for match in LINK_TOKEN.finditer(body)]
        if not tokens:
            continue
        waiting = sent_at is None and attempts < MAX_ATTEMPTS
        connection.execute(outbox.update().where(outbox.c.id == message_id).values(
            body=LINK_TOKEN.sub(lambda match: match.group(1) + SECRET_PLACEHOLDER, body),
            sealed_secret=seal(tokens[0]) if waiting else None))


def downgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.select(outbox.c.id, outbox.c.body, outbox.c.sealed_secret))
    for message_id, body, sealed in rows.all():
        try:
            token = unseal(sealed) if sealed else None
        except UnsealError:
            token = None
        if body is None or token is not None:
            connection.execute(outbox.update().where(outbox.c.id == message_id).values(
                body=(body or "").replace(SECRET_PLACEHOLDER, token or SECRET_PLACEHOLDER)))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=False)
        batch_op.drop_column('sealed_secret')
