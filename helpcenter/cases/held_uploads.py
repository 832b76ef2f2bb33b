"""Files of a form sent with errors, held for an hour so the partner never picks them again.

A form with files (complaint, technical issue, reply) carries an idempotency key. When it comes
back with errors, the files it brought that passed their checks are stored here under that key
*and* this browser's session, and the page lists them as attached. The next submission of the
same form counts them as attached (unless the partner ticks "Remove"); when it succeeds they
move into the case in the case's own transaction.

- The owner is a random value in the session (``SESSION_KEY``); the table keeps only its
  SHA-256. Another browser that somehow has the same key sees nothing.
- The stored name is random; the partner's file name is only a label (``secure_filename``).
- A hold lasts ``HELD_UPLOADS_SECONDS`` (default one hour) from the last failed submission.
  Expired holds are deleted whenever a hold is written, so the table never grows old rows for
  long; no cron job is needed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from flask import current_app, session
from sqlalchemy import DateTime, Integer, LargeBinary, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from helpcenter.cases.uploads import Upload
from helpcenter.clock import utcnow
from helpcenter.extensions import db

SESSION_KEY = "upload_owner"
KEY_PATTERN = re.compile(r"[0-9a-f]{32}")
STORED_NAME = re.compile(r"[0-9a-f]{32}")


class HeldUpload(db.Model):
    """One checked file of a form that was sent with errors, waiting for the next submission."""

    __tablename__ = "held_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), index=True)
    owner_hash: Mapped[str] = mapped_column(String(64))
    stored_name: Mapped[str] = mapped_column(String(40), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


def hold_for() -> dt.timedelta:
    """How long a hold lasts after the last failed submission."""
    return dt.timedelta(seconds=current_app.config.get("HELD_UPLOADS_SECONDS", 3600))


def owner_hash(create: bool = False) -> str | None:
    """The SHA-256 of this browser's upload owner; a fresh owner when ``create`` and none yet."""
    owner = session.get(SESSION_KEY)
    if not (isinstance(owner, str) and len(owner) == 32):
        if not create:
            return None
        owner = session[SESSION_KEY] = secrets.token_hex(16)
    return hashlib.sha256(owner.encode()).hexdigest()


def valid_key(key: str | None) -> bool:
    """Whether ``key`` looks like a form's idempotency key (anything else holds nothing)."""
    return isinstance(key, str) and KEY_PATTERN.fullmatch(key) is not None


def _mine(key: str, owner: str):
    """The rows of ``key`` that belong to ``owner`` and have not expired."""
    return (HeldUpload.idempotency_key == key, HeldUpload.owner_hash == owner,
            HeldUpload.expires_at > utcnow())


def held_files(key: str | None) -> list[HeldUpload]:
    """The files held for this form in this browser, oldest first (without their bytes)."""
    owner = owner_hash()
    if owner is None or not valid_key(key):
        return []
    return list(db.session.scalars(select(HeldUpload).where(*_mine(key, owner))
                                   .order_by(HeldUpload.id)))


def hold(key: str | None, uploads: list[Upload], removed: set[str] = frozenset()) -> None:
    """After a failed submission: drop the files the partner removed, hold the new ones, and
    keep every hold of this form for another ``hold_for()``. Expired holds of anyone go too.
    """
    if not valid_key(key):
        return
    owner = owner_hash(create=bool(uploads))
    if owner is None:
        return
    now = utcnow()
    db.session.execute(delete(HeldUpload).where(HeldUpload.expires_at <= now))
    if removed:
        db.session.execute(delete(HeldUpload).where(
            HeldUpload.idempotency_key == key, HeldUpload.owner_hash == owner,
            HeldUpload.stored_name.in_(removed)))
    expires = now + hold_for()
    db.session.execute(update(HeldUpload).where(*_mine(key, owner)).values(expires_at=expires))
    db.session.add_all(
        HeldUpload(idempotency_key=key, owner_hash=owner, stored_name=upload.stored_name,
                   filename=upload.filename, content_type=upload.content_type,
                   size=len(upload.data), data=upload.data, created_at=now, expires_at=expires)
        for upload in uploads)
    db.session.commit()


def take(held: list[HeldUpload]) -> list[Upload]:
    """The held files as ``Upload``s, their rows deleted in the caller's transaction.

    Call it just before the action that stores them (filing, a reply) and let that action
    commit: the files then move into the case at once, or stay held if it fails.
    """
    uploads = []
    for row in held:
        uploads.append(Upload(row.filename, row.content_type, row.data, row.stored_name))
        db.session.delete(row)
    return uploads
