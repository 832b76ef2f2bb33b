"""Deadlines in working days: the answer we promise, "overdue" for staff, progress updates.

- ``expected_answer_date``: the partner's last word + ``CASE_ANSWER_WORKING_DAYS``.
- Overdue: an open case whose partner has heard nothing from a person for
  ``CASE_OVERDUE_WORKING_DAYS`` (``last_partner_update_at``; automatic reminders do not count,
  or staff would never see the case as overdue).
- ``send_reminders`` (``flask cases remind``): an open case whose partner has heard nothing,
  not even a reminder, for ``CASE_REMINDER_WORKING_DAYS`` gets one short progress update.
  Running it twice sends nothing more: the reminder itself resets that clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, or_, select

from helpcenter.cases.changes import add_message, claim, one_transaction, record_event
from helpcenter.cases.emails import queue_email, reminder_text
from helpcenter.cases.lifecycle import OPEN_STATUSES, StaleCase
from helpcenter.cases.models import IN_PROGRESS, RECEIVED, Case, CaseMessage
from helpcenter.cases.workdays import add_working_days, cutoff_before, local_date
from helpcenter.extensions import db

SYSTEM = "system"


@dataclass(frozen=True)
class Reminders:
    """What a reminder run did: (case, outbox id) per email, and the overdue cases for staff."""

    sent: list[tuple[Case, int]]
    overdue: list[Case]


def timezone() -> str:
    """The time zone whose calendar the working days follow."""
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def overdue_before(now: dt.datetime) -> dt.datetime:
    """An open case whose ``last_partner_update_at`` is before this is overdue (usable in SQL)."""
    return cutoff_before(now, current_app.config["CASE_OVERDUE_WORKING_DAYS"], timezone())


def is_overdue(case: Case, now: dt.datetime) -> bool:
    """Whether staff should see the case as overdue at ``now``."""
    return (case.status in OPEN_STATUSES
            and (case.last_partner_update_at or case.created_at) < overdue_before(now))


def overdue_cases(now: dt.datetime) -> list[Case]:
    """Every overdue case, the longest without news first."""
    return list(db.session.scalars(
        select(Case).where(Case.status.in_(OPEN_STATUSES),
                           Case.last_partner_update_at < overdue_before(now))
        .order_by(Case.last_partner_update_at, Case.id)))


def expected_answer_date(case: Case) -> dt.date | None:
    """The day we promise to answer by; None when the case is not waiting for us.

    Counted from the partner's last word (the filing or their latest reply), in local dates.
    """
    if case.status not in (RECEIVED, IN_PROGRESS):
        return None
    last_reply = db.session.scalar(select(func.max(CaseMessage.created_at)).where(
        CaseMessage.case_id == case.id, CaseMessage.author == "partner"))
    since = max(filter(None, [case.created_at, last_reply]))
    return add_working_days(local_date(since, timezone()),
                            current_app.config["CASE_ANSWER_WORKING_DAYS"])


def cases_due_reminder(now: dt.datetime) -> list[Case]:
    """Open cases whose partner has heard nothing from us, not even a reminder, for too long."""
    cutoff = cutoff_before(now, current_app.config["CASE_REMINDER_WORKING_DAYS"], timezone())
    return list(db.session.scalars(
        select(Case).where(Case.status.in_(OPEN_STATUSES),
                           Case.last_partner_update_at < cutoff,
                           or_(Case.last_reminder_at.is_(None), Case.last_reminder_at < cutoff))
        .order_by(Case.id)))


def send_reminders(now: dt.datetime) -> Reminders:
    """Queue one progress update per due case (each in its own transaction); list the overdue.

    A case that a handler changes at the same moment is skipped; the next run looks again.
    """
    sent = []
    for case in cases_due_reminder(now):
        try:
            with one_transaction():
                before = claim(case, case.version, now, last_reminder_at=now)
                add_message(case, SYSTEM, "reminder", reminder_text_for(case), now)
                record_event(case, SYSTEM, "reminded", now, before)
                sent.append((case, queue_email(case, "case_reminder",
                                               text=lambda c=case: reminder_text(c))))
        except StaleCase:
            continue
    return Reminders(sent, overdue_cases(now))


def reminder_text_for(case: Case) -> str:
    """The reminder as it appears in the thread, in the case's language."""
    with force_locale(case.lang):
        return reminder_text(case)
