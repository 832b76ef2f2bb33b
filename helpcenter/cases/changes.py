"""How every case action changes a case: claim the version, record the event, commit once.

``claim`` runs ``UPDATE cases SET version = v + 1 ... WHERE id = :id AND version = :v``. Of
two requests that saw the same version only one can update the row: on PostgreSQL the second
waits for the first to commit and then matches no row; on SQLite the write lock does the same.
The loser gets ``StaleCase`` and its transaction is rolled back, so nothing of it remains.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from helpcenter.cases.lifecycle import InvalidInput, StaleCase, check_move
from helpcenter.cases.models import Case, CaseAttachment, CaseEvent, CaseMessage
from helpcenter.cases.uploads import Upload
from helpcenter.extensions import db
from helpcenter.mail.outbox import deliver

MAX_TEXT = 10_000  # characters of one message; the forms keep it shorter


@dataclass(frozen=True)
class Done:
    """What an action did: the case as it is now, and the outbox ids to deliver after commit."""

    case: Case
    emails: tuple[int, ...] = ()


def send_emails(done: Done) -> None:
    """Try to send the action's emails now; any that fail wait in the outbox for a retry."""
    for message_id in done.emails:
        deliver(message_id)


def clean_text(text: str | None, required: bool = True) -> str | None:
    """Trimmed text; ``InvalidInput`` when it is required and empty, or far too long."""
    text = (text or "").strip()
    if not text:
        if required:
            raise InvalidInput(_("Write a message."))
        return None
    if len(text) > MAX_TEXT:
        raise InvalidInput(_("Use at most %(max)d characters.", max=MAX_TEXT))
    return text


def claim(case: Case, expected_version: int | None, now: dt.datetime,
          target: str | None = None, **values) -> str:
    """Check the move, then bump the case's version if it is still ``expected_version``.

    Returns the status before the change. Raises ``StaleCase`` when the page's version is old
    (or another request won the race) and ``ForbiddenMove`` when ``target`` is not allowed;
    either way nothing has been written. ``values`` are further columns to set.
    """
    expected = case.version if expected_version is None else expected_version
    if expected != case.version:
        raise StaleCase()
    before = case.status
    if target is not None:
        check_move(before, target, case.country)
        values["status"] = target
    values |= {"version": expected + 1, "updated_at": now}
    result = db.session.execute(
        update(Case).where(Case.id == case.id, Case.version == expected).values(**values),
        execution_options={"synchronize_session": False})
    if result.rowcount != 1:
        db.session.rollback()
        raise StaleCase()
    for name, value in values.items():  # the row is written: let the object say so too
        set_committed_value(case, name, value)
    return before


def is_answer(action: str, moved: bool) -> bool:
    """Whether a case handler's action answers the partner (for "answered in time").

    Taking the case up, asking for information, an update, a resolution or closing it do;
    an internal note does not, nor does assigning a case without moving it.
    """
    return action != "note" and (action != "assigned" or moved)


def record_event(case: Case, actor: str, action: str, now: dt.datetime, before: str | None,
                 staff_id: int | None = None, note: str | None = None) -> CaseEvent:
    """Add the history line of an action; from/to are filled only when the status moved."""
    moved = before is not None and before != case.status
    if actor == "staff" and case.first_answered_at is None and is_answer(action, moved):
        db.session.execute(
            update(Case).where(Case.id == case.id, Case.first_answered_at.is_(None))
            .values(first_answered_at=now), execution_options={"synchronize_session": False})
        set_committed_value(case, "first_answered_at", now)
    event = CaseEvent(case_id=case.id, actor=actor, staff_id=staff_id, action=action,
                      from_status=before if moved else None,
                      to_status=case.status if moved else None,
                      note=note[:200] if note else None, created_at=now)
    db.session.add(event)
    return event


def add_message(case: Case, author: str, kind: str, body: str, now: dt.datetime,
                staff_id: int | None = None, internal: bool = False,
                uploads: list[Upload] = ()) -> CaseMessage:
    """Add an entry to the case's thread, with the files that came with it."""
    message = CaseMessage(case_id=case.id, author=author, staff_id=staff_id, kind=kind,
                          body=body, internal=internal, created_at=now)
    message.attachments = [
        CaseAttachment(case_id=case.id, stored_name=u.stored_name, filename=u.filename,
                       content_type=u.content_type, size=len(u.data), data=u.data,
                       created_at=now)
        for u in uploads
    ]
    db.session.add(message)
    return message


@contextmanager
def one_transaction() -> Iterator[None]:
    """Commit what the block did, or roll all of it back when it raises."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
