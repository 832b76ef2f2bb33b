"""Cases, their thread, their history and their secret links.

Attachments live in the database so they commit with the case. Every change to a case bumps
``version`` (optimistic locking) and writes a ``CaseEvent`` in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.staff.models import StaffUser

COMPLAINT = "complaint"
TECHNICAL_ISSUE = "technical_issue"

# Statuses (the moves between them are in ``lifecycle.py``).
RECEIVED = "received"
IN_PROGRESS = "in_progress"
WAITING_FOR_PARTNER = "waiting_for_partner"
RESOLVED = "resolved"
ACCEPTED = "accepted"
DISAGREED = "disagreed"
MEDIATION_REQUESTED = "mediation_requested"
CLOSED = "closed"
WITHDRAWN = "withdrawn"
STATUSES = (RECEIVED, IN_PROGRESS, WAITING_FOR_PARTNER, RESOLVED, ACCEPTED, DISAGREED,
            MEDIATION_REQUESTED, CLOSED, WITHDRAWN)

# Outcomes of a resolution (P2B art. 11(4): reported in aggregate).
OUTCOMES = ("upheld", "partly_upheld", "not_upheld", "withdrawn")
# The partner's answer to a resolution.
DECISIONS = ("accepted", "disagreed")
# Who did something: the partner, a staff member, or the site itself (reminders).
ACTORS = ("partner", "staff", "system")
# Kinds of thread message; a "note" is internal: never shown to the partner nor emailed.
MESSAGE_KINDS = ("message", "note", "request_info", "update", "resolution", "disagreement",
                 "withdrawal", "reminder")


class Case(db.Model):
    """A complaint or a technical issue, from the moment it is filed."""

    __tablename__ = "cases"
    # The yearly report (``cases.yearly``) reads only this index: every column it needs, in
    # the order it groups by, so it never touches the rows with their long texts.
    __table_args__ = (Index("ix_cases_report", "kind", "topic", "ground", "created_at",
                            "outcome", "resolved_at", "closed_at", "decision",
                            "mediation_requested_at", "first_answered_at", "answer_due_at"),
                      # the staff queue: open cases by status, oldest first
                      Index("ix_cases_status_created", "status", "created_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
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
    # Optimistic lock: every change runs UPDATE ... WHERE version = <the version it saw>.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    outcome: Mapped[str | None] = mapped_column(String(20))  # one of OUTCOMES
    resolution: Mapped[str | None] = mapped_column(Text)  # the explanation of the outcome
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decision: Mapped[str | None] = mapped_column(String(20))  # one of DECISIONS
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    mediation_requested_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The last time we told the partner something (not counting automatic reminders):
    # the queue's "overdue" counts from here.
    last_partner_update_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    last_reminder_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # For the yearly report: the first moment after the answer day promised at filing, and
    # when a case handler first answered (``cases.yearly`` counts "answered in time" in SQL).
    answer_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    first_answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # When ``flask cases purge`` removed the personal data (``cases.retention``).
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    attachments: Mapped[list[CaseAttachment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseAttachment.id")
    assignee: Mapped[StaffUser | None] = relationship()

    @property
    def filing_attachments(self) -> list[CaseAttachment]:
        """The files sent with the complaint or report itself (not with a later message)."""
        return [file for file in self.attachments if file.message_id is None]


class CaseAttachment(db.Model):
    """A file sent with a case, checked by content and stored under a random name."""

    __tablename__ = "case_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # The reply it came with; NULL for the files sent with the filing itself.
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_messages.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(40), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    # Loaded only when the file itself is served, not whenever a thread lists its attachments.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="attachments")


class CaseMessage(db.Model):
    """One entry of the case's thread: a message either way, or a staff member's internal note.

    The filing itself is not a row here: it is the case's own ``message``.
    """

    __tablename__ = "case_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(10))  # one of ACTORS
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id",
                                                            ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # one of MESSAGE_KINDS
    body: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The partner's reply form's key: the same form sent again adds no second message.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    attachments: Mapped[list[CaseAttachment]] = relationship(order_by="CaseAttachment.id")
    staff: Mapped[StaffUser | None] = relationship()


class CaseEvent(db.Model):
    """One line of the case's history: who did what, when, and the status before and after."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(10))  # one of ACTORS
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id",
                                                            ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    staff: Mapped[StaffUser | None] = relationship()


class CaseLink(db.Model):
    """A secret link to a case; the database keeps only the SHA-256 of its token.

    Each email about a case carries a fresh link; a lost-link request revokes them all and
    makes a new one. A revoked link no longer opens the case, nor keeps a session made from it.
    """

    __tablename__ = "case_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
