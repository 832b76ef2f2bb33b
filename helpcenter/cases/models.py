"""Cases and their attachments. Attachments live in the database so they commit with the case."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpcenter.clock import utcnow
from helpcenter.extensions import db

COMPLAINT = "complaint"
TECHNICAL_ISSUE = "technical_issue"
RECEIVED = "received"


class Case(db.Model):
    """A complaint or a technical issue, from the moment it is filed."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), default=RECEIVED)
    lang: Mapped[str] = mapped_column(String(5))
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(30))
    requester_type: Mapped[str | None] = mapped_column(String(20))
    property_id: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    topic: Mapped[str] = mapped_column(String(60))
    subtopic: Mapped[str | None] = mapped_column(String(60))
    ground: Mapped[str] = mapped_column(String(1))  # P2B art. 11(1): a, b or c
    location: Mapped[str | None] = mapped_column(String(20))  # extranet / pulse-app
    device: Mapped[str | None] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    attachments: Mapped[list[CaseAttachment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseAttachment.id")


class CaseAttachment(db.Model):
    """A file sent with a case, checked by content and stored under a random name."""

    __tablename__ = "case_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(40), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="attachments")
