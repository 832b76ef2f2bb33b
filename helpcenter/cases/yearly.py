"""Yearly aggregates of cases for the complaint-handling report (P2B art. 11(4)).

Every figure is an SQL aggregate over the cases received in one year (local midnight on
1 January to the next, in ``BABEL_DEFAULT_TIMEZONE``), the same code on SQLite and
PostgreSQL. Only the "answered in time" share reads one row per case (two timestamps),
because working days are counted in Python (``workdays``).

- The outcome of a case is reached when it is resolved (``resolved_at``) or, for a withdrawn
  case, when it was withdrawn (``closed_at``). A case without an outcome at the end of the
  year counts as "still open at the end of the year", even if it was resolved later.
- Handling time (average, median) is counted over every case received in the year that has
  an outcome now, so a complaint filed on 31 December and resolved in January counts too.
- Answered in time: the first answer of a case handler (taking the case up, asking for
  information, an update, a resolution or closing it) on or before the
  ``CASE_ANSWER_WORKING_DAYS``-th working day after the day of receipt — the promise on the
  case page. Cases still inside that window and unanswered, and cases the partner withdrew
  before anyone answered, are left out of the share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, case, func, literal, select

from helpcenter.cases.models import Case, CaseEvent
from helpcenter.cases.workdays import add_working_days, local_date, start_of_day_utc
from helpcenter.extensions import db

NOT_AN_ANSWER = ("note",)  # internal notes never reach the partner


@dataclass
class YearFigures:
    """The raw numbers of one kind of case for one year (no labels, no rounding)."""

    total: int = 0
    by_topic: dict[str, int] = field(default_factory=dict)
    by_ground: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)  # at the end of the year
    open_at_year_end: int = 0
    accepted: int = 0
    disagreed: int = 0
    mediation_requests: int = 0
    decided: int = 0  # with an outcome now: the base of the handling times
    average_days: float | None = None
    median_days: float | None = None
    answered_in_time: int = 0
    answer_base: int = 0  # answered, or past the promised date


def timezone() -> str:
    """The time zone whose calendar splits the years."""
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight on 1 January of ``year`` and of the next, as naive UTC."""
    zone = timezone()
    return (start_of_day_utc(dt.date(year, 1, 1), zone),
            start_of_day_utc(dt.date(year + 1, 1, 1), zone))


def outcome_at():
    """When the case reached its outcome (NULL while it has none)."""
    return case((Case.outcome == "withdrawn", Case.closed_at),
                (Case.outcome.is_not(None), Case.resolved_at), else_=None)


def days_between(start, end):
    """``end - start`` in days (a float), in the database's own dialect."""
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", end - start) / literal(86400.0)
    return func.julianday(end) - func.julianday(start)


def year_figures(kind: str, year: int, now: dt.datetime) -> YearFigures:
    """Every figure of ``kind`` ("complaint" / "technical_issue") for the cases of ``year``.

    The counts come from one grouped scan; the handling times and the answered-in-time share
    from one query each.
    """
    start, end = year_bounds(year)
    in_year = and_(Case.kind == kind, Case.created_at >= start, Case.created_at < end)
    reached = outcome_at()
    by_year_end = case((reached < end, Case.outcome), else_=None)
    mediation = Case.mediation_requested_at.is_not(None)
    decided = reached.is_not(None)
    rows = db.session.execute(
        select(Case.topic, Case.ground, by_year_end, Case.decision, mediation, decided,
               func.count())
        .where(in_year)
        .group_by(Case.topic, Case.ground, by_year_end, Case.decision, mediation, decided))
    figures = YearFigures()
    for topic, ground, outcome, decision, asked, has_outcome, count in rows:
        figures.total += count
        figures.by_topic[topic] = figures.by_topic.get(topic, 0) + count
        figures.by_ground[ground] = figures.by_ground.get(ground, 0) + count
        if outcome is not None:
            figures.outcomes[outcome] = figures.outcomes.get(outcome, 0) + count
        figures.accepted += count if decision == "accepted" else 0
        figures.disagreed += count if decision == "disagreed" else 0
        figures.mediation_requests += count if asked else 0
        figures.decided += count if has_outcome else 0
    if not figures.total:
        return figures
    figures.open_at_year_end = figures.total - sum(figures.outcomes.values())
    figures.average_days, figures.median_days = handling_days(in_year, figures.decided)
    figures.answered_in_time, figures.answer_base = answered_in_time(in_year, now)
    return figures


def handling_days(in_year, decided: int) -> tuple[float | None, float | None]:
    """Average and median days from receipt to outcome, over the cases with an outcome."""
    if not decided:
        return None, None
    days = days_between(Case.created_at, outcome_at())
    has_outcome = and_(in_year, outcome_at().is_not(None))
    average = db.session.scalar(select(func.avg(days)).where(has_outcome))
    middle = list(db.session.scalars(
        select(days).where(has_outcome).order_by(days)
        .offset((decided - 1) // 2).limit(2 - decided % 2)))
    return float(average), sum(float(value) for value in middle) / len(middle)


def answered_in_time(in_year, now: dt.datetime) -> tuple[int, int]:
    """(answered in time, cases answered or past the promised date)."""
    first_answer = (
        select(func.min(CaseEvent.created_at))
        .where(CaseEvent.case_id == Case.id, CaseEvent.actor == "staff",
               CaseEvent.action.not_in(NOT_AN_ANSWER),
               ~and_(CaseEvent.action == "assigned", CaseEvent.to_status.is_(None)))
        .correlate(Case).scalar_subquery())
    rows = db.session.execute(select(Case.created_at, first_answer, Case.outcome).where(in_year))
    promise = current_app.config["CASE_ANSWER_WORKING_DAYS"]
    zone = timezone()
    today = local_date(now, zone)
    deadlines: dict[dt.date, dt.date] = {}
    in_time = base = 0
    days: dict[dt.datetime, dt.date] = {}

    def day_of(moment: dt.datetime) -> dt.date:
        """The local date, looked up once per UTC hour (offsets change on the hour)."""
        hour = moment.replace(minute=0, second=0, microsecond=0)
        found = days.get(hour)
        if found is None:
            found = days[hour] = local_date(hour, zone)
        return found

    for created_at, answered_at, outcome in rows:
        day = day_of(created_at)
        deadline = deadlines.get(day) or deadlines.setdefault(
            day, add_working_days(day, promise))
        if answered_at is not None:
            base += 1
            in_time += day_of(answered_at) <= deadline
        elif today > deadline and outcome != "withdrawn":
            base += 1
    return in_time, base


def years_with_cases() -> list[int]:
    """The years (local calendar) in which any case was received, newest first.

    Remembered per data version: the report pages ask on every view.
    """
    version = data_version()
    remembered = current_app.extensions.setdefault("helpcenter.report_years", {})
    if remembered.get("version") != version:
        remembered.update(version=version, years=count_years())
    return remembered["years"]


def count_years() -> list[int]:
    """The years with cases, counted in the database."""
    first, last = db.session.execute(select(func.min(Case.created_at),
                                            func.max(Case.created_at))).one()
    if first is None:
        return []
    zone = timezone()
    years = []
    for year in range(local_date(last, zone).year, local_date(first, zone).year - 1, -1):
        start, end = year_bounds(year)
        if db.session.scalar(select(func.count()).where(Case.created_at >= start,
                                                        Case.created_at < end)):
            years.append(year)
    return years


def data_version() -> tuple[int | None, int | None]:
    """Changes whenever a case is filed or changed: part of the report pages' cache key.

    Every change of a case writes a ``CaseEvent`` (filing too), so the newest event's id and
    the newest case's id say whether anything changed; both are primary-key lookups.
    """
    return tuple(db.session.execute(select(select(func.max(Case.id)).scalar_subquery(),
                                           select(func.max(CaseEvent.id)).scalar_subquery()))
                 .one())
