"""Reading a case: by reference, its thread and its timeline, for the partner or for staff.

The partner's views leave out internal notes, who the handler is, and assignment events that
did not change the status; staff see everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from helpcenter.cases.models import Case, CaseAttachment, CaseEvent, CaseMessage
from helpcenter.extensions import db

INTERNAL_ACTIONS = frozenset({"note", "assigned"})


@dataclass(frozen=True)
class ThreadEntry:
    """One message of the thread; the first is the filing itself (kind "filing")."""

    id: int | None
    author: str  # "partner", "staff" or "system"
    kind: str
    body: str
    internal: bool
    created_at: dt.datetime
    attachments: list[CaseAttachment]
    staff_name: str | None  # only in the staff view


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: who did what, when, and the status before and after."""

    actor: str  # "partner", "staff" or "system"
    action: str
    from_status: str | None
    to_status: str | None
    created_at: dt.datetime
    note: str | None  # only in the staff view
    staff_name: str | None  # only in the staff view


def case_by_reference(reference: str) -> Case | None:
    """The case with this reference (e.g. ``HC-7K4M-Q2XP``), or None."""
    return db.session.scalar(select(Case).where(Case.reference == reference))


def thread(case: Case, for_partner: bool) -> list[ThreadEntry]:
    """The filing and every message after it, oldest first, each with its attachments.

    ``for_partner`` leaves out internal notes and the handler's name.
    """
    query = (select(CaseMessage).where(CaseMessage.case_id == case.id)
             .options(selectinload(CaseMessage.attachments), selectinload(CaseMessage.staff))
             .order_by(CaseMessage.created_at, CaseMessage.id))
    if for_partner:
        query = query.where(CaseMessage.internal.is_(False))
    entries = [ThreadEntry(None, "partner", "filing", case.message, False, case.created_at,
                           case.filing_attachments, None)]
    for message in db.session.scalars(query):
        name = message.staff.name if message.staff and not for_partner else None
        entries.append(ThreadEntry(message.id, message.author, message.kind, message.body,
                                   message.internal, message.created_at,
                                   list(message.attachments), name))
    return entries


def timeline(case: Case, for_partner: bool = True) -> list[TimelineEntry]:
    """What happened to the case, oldest first; the partner's view is the partner-safe one."""
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id)
        .options(selectinload(CaseEvent.staff))
        .order_by(CaseEvent.created_at, CaseEvent.id))
    entries = []
    for event in events:
        if for_partner and event.action in INTERNAL_ACTIONS and event.to_status is None:
            continue
        staff_name = event.staff.name if event.staff and not for_partner else None
        entries.append(TimelineEntry(event.actor, event.action, event.from_status,
                                     event.to_status, event.created_at,
                                     None if for_partner else event.note, staff_name))
    return entries
