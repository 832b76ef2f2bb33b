"""The outbox: every email the site sends, written in the same transaction as its cause."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from helpcenter.clock import utcnow
from helpcenter.extensions import db


class OutboxMessage(db.Model):
    """One email waiting to be sent, or sent (``sent_at``).

    ``body`` holds the text with ``outbox.SECRET_PLACEHOLDER`` where a secret (the token of a
    case link) goes; the secret itself waits sealed in ``sealed_secret`` and is wiped when the
    email is sent or given up, so no usable token rests here. ``body`` is emptied (NULL)
    ``OUTBOX_KEEP_SENT_DAYS`` after sending.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    recipient: Mapped[str] = mapped_column(String(320))
    reply_to: Mapped[str | None] = mapped_column(String(320))  # where the partner's answer goes
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)  # None: purged after sending
    sealed_secret: Mapped[str | None] = mapped_column(Text)  # see helpcenter.mail.sealing
    lang: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(String(500))
