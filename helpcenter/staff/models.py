"""Staff accounts: the people who work in the console."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from helpcenter.clock import utcnow
from helpcenter.extensions import db

HANDLER = "handler"
EDITOR = "editor"
ADMIN = "admin"
ROLES = (HANDLER, EDITOR, ADMIN)


class StaffUser(db.Model):
    """A staff member who can log in to the console.

    ``session_version`` is stored in the session cookie at login; bumping it (disable,
    set-password, logout) ends every session of the account that was opened before.
    """

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20), default=HANDLER)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    lang: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    session_version: Mapped[int] = mapped_column(Integer, default=0)

    def has_role(self, *roles: str) -> bool:
        """Whether this member has one of ``roles`` (no roles given: any member)."""
        return not roles or self.role in roles
