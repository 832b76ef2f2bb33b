"""The staff queue: cases filtered, oldest first, one page at a time, with counts per status.

Filters arrive already checked (the console ignores values it does not know). "Overdue" is the
same rule as ``reminders.is_overdue``, written as SQL so that it can filter and count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from helpcenter.cases.lifecycle import FINAL_STATUSES, OPEN_STATUSES
from helpcenter.cases.models import STATUSES, Case
from helpcenter.cases.reminders import overdue_before
from helpcenter.extensions import db

ACTIVE = "active"  # every status but closed and withdrawn: someone may still act on the case
# Spelled out as IN rather than NOT IN (closed, withdrawn): an index on the status can then
# answer it by looking up the few open cases instead of scanning every closed one.
ACTIVE_STATUSES = tuple(status for status in STATUSES if status not in FINAL_STATUSES)
PER_PAGE = 25


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows: ``status`` is a status, ``"active"`` or None (every status);
    ``assignee`` a staff id or None (anyone); ``unassigned`` only cases nobody has."""

    status: str | None = ACTIVE
    kind: str | None = None
    topic: str | None = None
    lang: str | None = None
    assignee: int | None = None
    unassigned: bool = False
    overdue: bool = False


@dataclass(frozen=True)
class QueueRow:
    """One case in the queue, with whether it is overdue."""

    case: Case
    overdue: bool


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue: its rows, the number of matching cases and where we are."""

    rows: list[QueueRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one, even when it is empty)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """The position of the first row on this page (1-based; 0 when empty)."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """The position of the last row on this page."""
        return self.first + len(self.rows) - 1 if self.rows else 0


def overdue_condition(now: dt.datetime):
    """SQL for "open, and nothing partner-visible since the overdue cutoff"."""
    since = func.coalesce(Case.last_partner_update_at, Case.created_at)
    return Case.status.in_(OPEN_STATUSES) & (since < overdue_before(now))


def conditions(filters: QueueFilters, now: dt.datetime, with_status: bool = True) -> list:
    """The WHERE clauses of ``filters`` (without the status one when counting per status)."""
    where = []
    if with_status and filters.status == ACTIVE:
        where.append(Case.status.in_(ACTIVE_STATUSES))
    elif with_status and filters.status is not None:
        where.append(Case.status == filters.status)
    if filters.kind is not None:
        where.append(Case.kind == filters.kind)
    if filters.topic is not None:
        where.append(Case.topic == filters.topic)
    if filters.lang is not None:
        where.append(Case.lang == filters.lang)
    if filters.unassigned:
        where.append(Case.assignee_id.is_(None))
    elif filters.assignee is not None:
        where.append(Case.assignee_id == filters.assignee)
    if filters.overdue:
        where.append(overdue_condition(now))
    return where


def queue_page(filters: QueueFilters, now: dt.datetime, page: int = 1,
               per_page: int = PER_PAGE, counts: dict[str, int] | None = None) -> QueuePage:
    """The cases matching ``filters``, oldest first; a page past the end shows the last one.

    ``counts``, when the caller has them from ``status_counts`` with the same filters, give
    the number of matching cases without counting them again (a scan of the table).
    """
    where = conditions(filters, now)
    if counts is None:
        total = db.session.scalar(select(func.count()).select_from(Case).where(*where))
    else:
        total = total_of(filters, counts)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    cutoff = overdue_before(now)
    found = db.session.scalars(
        select(Case).where(*where).options(selectinload(Case.assignee))
        .order_by(Case.created_at, Case.id)
        .offset((page - 1) * per_page).limit(per_page))
    rows = [QueueRow(case, case.status in OPEN_STATUSES
                     and (case.last_partner_update_at or case.created_at) < cutoff)
            for case in found]
    return QueuePage(rows, total, page, per_page)


def total_of(filters: QueueFilters, counts: dict[str, int]) -> int:
    """How many cases match ``filters``, from the counts per status under the other filters."""
    if filters.status == ACTIVE:
        return sum(counts[status] for status in ACTIVE_STATUSES)
    if filters.status is None:
        return sum(counts.values())
    return counts.get(filters.status, 0)


def status_counts(filters: QueueFilters, now: dt.datetime) -> dict[str, int]:
    """How many cases each status holds, under every filter but the status one."""
    counts = dict.fromkeys(STATUSES, 0)
    rows = db.session.execute(
        select(Case.status, func.count()).where(*conditions(filters, now, with_status=False))
        .group_by(Case.status))
    for status, count in rows:
        counts[status] = count
    return counts
