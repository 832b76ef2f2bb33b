"""Keeping a partner's data only as long as needed (``flask cases purge``).

A case closed longer ago than ``CASES_RETENTION_MONTHS`` loses its personal data: the name,
email address, phone number, property ID, device, the message and the resolution text, the
whole thread with its files, its links and its emails. What the yearly report counts stays,
so the report is the same before and after: kind, topic, ground, language, country, the
moments of receipt, answer, outcome and closing, the outcome, the partner's decision,
mediation, and the timeline of events (who did what, when; no text a partner wrote).

Each case is purged in its own transaction, and ``purged_at`` says when, so the console can
tell staff why a case is empty and a run can stop and start again at any point.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, select, update

from helpcenter.cases.models import Case, CaseAttachment, CaseLink, CaseMessage
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage

# What a purged case's personal columns hold afterwards (name, email and message may not be
# NULL; an empty text says plainly that nothing is left).
CLEARED = {"name": "", "email": "", "phone": None, "property_id": None, "device": None,
           "message": "", "resolution": None}


@dataclass(frozen=True)
class Purge:
    """What a run found (and, unless it was a dry run, purged)."""

    cutoff: dt.datetime
    references: list[str]


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the last day
    of a shorter month)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return moment.replace(year=year, month=month + 1, day=min(moment.day, last_day))


def purge_cutoff(now: dt.datetime) -> dt.datetime:
    """Cases closed before this moment are past their retention period."""
    return months_before(now, current_app.config["CASES_RETENTION_MONTHS"])


def cases_to_purge(now: dt.datetime) -> list[Case]:
    """Closed (or withdrawn) cases past the retention period whose data is still there."""
    return list(db.session.scalars(
        select(Case).where(Case.closed_at < purge_cutoff(now), Case.purged_at.is_(None))
        .order_by(Case.closed_at, Case.id)))


def purge_case(case_id: int, now: dt.datetime) -> None:
    """Remove one case's personal data, all of it or nothing (one transaction)."""
    try:
        db.session.execute(delete(CaseAttachment).where(CaseAttachment.case_id == case_id))
        db.session.execute(delete(CaseMessage).where(CaseMessage.case_id == case_id))
        db.session.execute(delete(CaseLink).where(CaseLink.case_id == case_id))
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.case_id == case_id))
        db.session.execute(update(Case).where(Case.id == case_id, Case.purged_at.is_(None))
                           .values(**CLEARED, purged_at=now),
                           execution_options={"synchronize_session": False})
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def purge(dry_run: bool = False, now: dt.datetime | None = None) -> Purge:
    """Purge every case past the retention period (or, with ``dry_run``, only list them)."""
    now = now or utcnow()
    found = cases_to_purge(now)
    references = [case.reference for case in found]
    if not dry_run:
        for case_id in [case.id for case in found]:
            purge_case(case_id, now)
        db.session.expire_all()
    return Purge(purge_cutoff(now), references)
