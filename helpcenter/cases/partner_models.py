"""The partner's sign-in: emailed single-use links, the sessions they start, and read marks.

A ``PartnerSignIn`` row is first a link (only the SHA-256 of its token is kept) and, once the
link is used, the session it started: the browser's cookie names the row, and signing out
(``ended_at``) ends that session wherever a copy of the cookie is. ``CaseReadMark`` records
when the partner last opened a case's page, so handler messages after it show as unread.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from helpcenter.clock import utcnow
from helpcenter.extensions import db


class PartnerSignIn(db.Model):
    """A sign-in link sent to ``email`` and, after it was used, the session it started."""

    __tablename__ = "partner_sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)  # lower-cased
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    lang: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class CaseReadMark(db.Model):
    """When the partner last opened the page of a case (its handler messages seen up to then)."""

    __tablename__ = "case_read_marks"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
