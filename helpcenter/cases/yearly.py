"""Yearly aggregates of cases for the complaint-handling report (P2B art. 11(4)).

Every figure is an SQL aggregate over the cases received in one year (local midnight on
1 January to the next, in ``BABEL_DEFAULT_TIMEZONE``), the same code on SQLite and
PostgreSQL, without reading the cases one by one: one grouped scan per kind and year, and
two small queries for the average and the median handling time.

- The outcome of a case is reached when it is resolved (``resolved_at``) or, for a withdrawn
  case, when it was withdrawn (``closed_at``). A case without an outcome at the end of the
  year counts as "still open at the end of the year", even if it was resolved later.
- Handling time (average, median) is counted over every case received in the year that has
  an outcome now, so a complaint filed on 31 December and resolved in January counts too.
- Answered in time: the first answer of a case handler (``Case.first_answered_at``: taking
  the case up, asking for information, an update, a resolution or closing it) before the end
  of the answer day promised at filing (``Case.answer_due_at``: the
  ``CASE_ANSWER_WORKING_DAYS``-th working day after the day of receipt, as on the case page).
  Cases still inside that window and unanswered, and cases the partner withdrew before anyone
  answered, are left out of the share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, case, func, literal, or_, select

from helpcenter.cases.models import OUTCOMES, Case, CaseEvent
from helpcenter.cases.workdays import local_date, start_of_day_utc
from helpcenter.extensions import db


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


def outcome_column(outcome: str):
    """The column that says when a case reached ``outcome``."""
    return Case.closed_at if outcome == "withdrawn" else Case.resolved_at


def outcome_at():
    """When the case reached its outcome (NULL while it has none)."""
    return case((Case.outcome == "withdrawn", Case.closed_at),
                (Case.outcome.is_not(None), Case.resolved_at), else_=None)


def days_between(start, end):
    """``end - start`` in days (a float), in the database's own dialect."""
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", end - start) / literal(86400.0)
    return func.julianday(end) - func.julianday(start)


MAX_EVENTS_CHECKED = 500  # events since the figures were computed; beyond, compute again


@dataclass(frozen=True)
class Remembered:
    """One kind's figures of one year, and what they were computed from."""

    figures: YearFigures
    last_event_id: int  # the newest case event when they were computed
    computed_at: dt.datetime
    last_answer_due: dt.datetime | None  # the year's latest promised answer moment


def year_figures(kind: str, year: int, now: dt.datetime) -> YearFigures:
    """Every figure of ``kind`` ("complaint" / "technical_issue") for the cases of ``year``.

    Remembered by this process and used again while still exact: no case of that kind and
    year has had an event since (filing and every change of a case write one, and cases and
    events are never deleted: the retention purge keeps both), and every promised answer
    moment of the year had passed when they were computed (only those make the figures
    depend on the time). So a change to this year's cases leaves last year's figures alone,
    and a finished year is computed once.
    """
    remembered = current_app.extensions.setdefault("helpcenter.year_figures", {})
    key = (kind, year, timezone())
    kept = remembered.get(key)
    newest_event = db.session.scalar(select(func.max(CaseEvent.id))) or 0
    if kept is not None and still_exact(kept, kind, year, newest_event):
        return kept.figures
    figures, last_answer_due = computed_year_figures(kind, year, now)
    remembered[key] = Remembered(figures, newest_event, now, last_answer_due)
    return figures


def still_exact(kept: Remembered, kind: str, year: int, newest_event: int) -> bool:
    """Whether remembered figures are still the ones a computation now would give."""
    if kept.last_answer_due is not None and kept.last_answer_due > kept.computed_at:
        return False  # an answer window was still open: the share may have moved since
    if newest_event < kept.last_event_id:
        return False  # events went away (a test's emptied database): nothing can be trusted
    # The few events since (a range of the events' primary key), then their cases by theirs:
    # two lookups by primary key, whatever plan the database would pick for a join.
    since = db.session.scalars(select(CaseEvent.case_id)
                               .where(CaseEvent.id > kept.last_event_id)
                               .limit(MAX_EVENTS_CHECKED + 1)).all()
    if len(since) > MAX_EVENTS_CHECKED:
        return False  # much has happened: computing again is as quick as checking
    if not since:
        return True
    touched = set(since)
    start, end = year_bounds(year)
    changed = db.session.scalar(
        select(Case.id).where(Case.id.in_(touched), Case.kind == kind,
                              Case.created_at >= start, Case.created_at < end)
        .limit(1))
    return changed is None


def computed_year_figures(kind: str, year: int,
                          now: dt.datetime) -> tuple[YearFigures, dt.datetime | None]:
    """The figures of ``kind`` for ``year`` computed now, and the latest answer due moment.

    One scan grouped by topic and ground counts everything else with conditional sums (and
    the total of the handling days, for the average); a second query picks the median. Both
    read only the report's covering index (``ix_cases_report``), never the cases' text.
    """
    start, end = year_bounds(year)
    in_year = and_(Case.kind == kind, Case.created_at >= start, Case.created_at < end)
    reached = outcome_at()
    by_year_end = {key: and_(Case.outcome == key, outcome_column(key) < end) for key in OUTCOMES}
    answer = answer_state(now)
    rows = db.session.execute(
        select(Case.topic, Case.ground, func.count(),
               *(count_if(condition) for condition in by_year_end.values()),
               count_if(Case.decision == "accepted"), count_if(Case.decision == "disagreed"),
               count_if(Case.mediation_requested_at.is_not(None)), func.count(reached),
               count_if(answer == IN_TIME), count_if(answer != NOT_YET),
               func.sum(days_between(Case.created_at, reached)), func.max(Case.answer_due_at))
        .where(in_year)
        .group_by(Case.topic, Case.ground))
    figures = YearFigures()
    total_days = 0.0
    last_answer_due = None
    for topic, ground, count, *outcomes, accepted, disagreed, asked, decided, in_time, \
            answered, days, answer_due in rows:
        if answer_due is not None and (last_answer_due is None or answer_due > last_answer_due):
            last_answer_due = answer_due
        figures.total += count
        figures.by_topic[topic] = figures.by_topic.get(topic, 0) + count
        figures.by_ground[ground] = figures.by_ground.get(ground, 0) + count
        for key, number in zip(by_year_end, outcomes, strict=True):
            if number:
                figures.outcomes[key] = figures.outcomes.get(key, 0) + number
        figures.accepted += accepted
        figures.disagreed += disagreed
        figures.mediation_requests += asked
        figures.decided += decided
        figures.answered_in_time += in_time
        figures.answer_base += answered
        total_days += float(days or 0)
    if not figures.total:
        return figures, None
    figures.open_at_year_end = figures.total - sum(figures.outcomes.values())
    if figures.decided:
        figures.average_days = total_days / figures.decided
        figures.median_days = median_days(in_year, figures.decided)
    return figures, last_answer_due


def count_if(condition):
    """How many rows of the group meet ``condition`` (0 for none, on every database)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


IN_TIME, LATE, NOT_YET = "in_time", "late", "not_yet"


def answer_state(now: dt.datetime):
    """Answered in time; late (or not at all, past the promised day); or left out of the
    share (still inside the promise, or withdrawn before anyone answered)."""
    return case(
        (Case.first_answered_at < Case.answer_due_at, IN_TIME),
        (Case.first_answered_at.is_not(None), LATE),
        (and_(Case.answer_due_at <= now,
              or_(Case.outcome.is_(None), Case.outcome != "withdrawn")), LATE),
        else_=NOT_YET)


def median_days(in_year, decided: int) -> float:
    """The median of the days from receipt to outcome over the ``decided`` cases with one."""
    days = days_between(Case.created_at, outcome_at())
    middle = list(db.session.scalars(
        select(days).where(in_year, outcome_at().is_not(None)).order_by(days)
        .offset((decided - 1) // 2).limit(2 - decided % 2)))
    return sum(float(value) for value in middle) / len(middle)


def years_with_cases() -> list[int]:
    """The years (local calendar) in which any case was received, newest first.

    The report pages ask on every view. Only a new case can add a year (cases are never
    deleted), so the answer is remembered until the newest case id changes.
    """
    newest_case = db.session.scalar(select(func.max(Case.id)))
    remembered = current_app.extensions.setdefault("helpcenter.report_years", {})
    if remembered.get("newest_case", -1) != newest_case:
        remembered.update(newest_case=newest_case, years=count_years())
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
