"""A year's figures are remembered while they are still exact, and computed again otherwise.

The report page is computed again whenever any case changes; the figures of a kind and year
whose cases did not change (last year's, while this year's cases move) are reused, unless an
answer window of that year was still open when they were computed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from helpcenter.cases import service as cases
from helpcenter.cases import yearly
from helpcenter.clock import frozen_at
from helpcenter.extensions import db
from tests.cases.lifecycle_helpers import new_case, new_staff

T = dt.datetime
NOW = T(2026, 3, 2, 12, 0)


@pytest.fixture
def ctx(make_app):
    app = make_app()
    with app.test_request_context("/"):
        yield
        db.session.remove()


@pytest.fixture
def scans():
    """The years' aggregate scans run while the test runs (their SQL statements)."""
    statements = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "GROUP BY" in statement and "answer_due_at" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    yield statements
    event.remove(db.engine, "before_cursor_execute", seen)


def filed(at: dt.datetime, country: str | None = "NL"):
    with frozen_at(at):
        return new_case(country=country)


def figures(kind: str, year: int, at: dt.datetime = NOW):
    with frozen_at(at):
        return cases.year_figures(kind, year, at)


def test_an_unchanged_year_is_not_scanned_again(ctx, scans):
    filed(T(2025, 5, 6, 9))
    filed(T(2026, 2, 3, 9))
    assert figures("complaint", 2025).total == 1
    assert len(scans) == 1
    assert figures("complaint", 2025).total == 1
    filed(T(2026, 2, 4, 9))  # a case of another year
    assert figures("complaint", 2025).total == 1
    filed(T(2025, 6, 1, 9), country=None)  # a technical issue of the same year
    assert figures("complaint", 2025).total == 1
    assert len(scans) == 1
    assert figures("technical_issue", 2025).total == 1
    assert len(scans) == 2


def test_a_change_to_a_case_of_the_year_is_counted(ctx, scans):
    staff = new_staff()
    case = filed(T(2025, 5, 6, 9))
    before = figures("complaint", 2025)
    assert (before.decided, before.outcomes) == (0, {})
    with frozen_at(T(2026, 1, 10, 9)):  # resolved in the next year: still that year's case
        cases.take_up(case, staff, case.version)
        cases.propose_resolution(case, "upheld", "Uitleg.", staff, case.version)
    after = figures("complaint", 2025)
    assert after.decided == 1
    assert after.outcomes == {}  # no outcome before the end of 2025
    assert after.open_at_year_end == 1
    assert len(scans) == 2
    another = filed(T(2025, 7, 1, 9))
    assert figures("complaint", 2025).total == 2
    with frozen_at(T(2026, 1, 11, 9)):
        cases.withdraw(another)
    assert figures("complaint", 2025).outcomes == {}
    assert figures("complaint", 2025).decided == 2
    assert len(scans) == 4


def test_an_open_answer_window_is_counted_again_as_time_passes(ctx, scans):
    # Filed on Monday 2 March 2026: the promised answer day ends two working days later.
    filed(T(2026, 3, 2, 9))
    waiting = figures("complaint", 2026, T(2026, 3, 2, 12))
    assert (waiting.answered_in_time, waiting.answer_base) == (0, 0)  # not due yet
    late = figures("complaint", 2026, T(2026, 3, 9, 12))  # nothing happened, time passed
    assert (late.answered_in_time, late.answer_base) == (0, 1)  # unanswered and late
    assert len(scans) == 2
    figures("complaint", 2026, T(2026, 3, 10, 12))  # every window had closed: remembered
    assert len(scans) == 2


def test_after_many_events_the_figures_are_computed_again(ctx, scans, monkeypatch):
    monkeypatch.setattr(yearly, "MAX_EVENTS_CHECKED", 1)
    filed(T(2025, 5, 6, 9))
    figures("complaint", 2025)
    filed(T(2026, 1, 5, 9))  # one event since, on another year's case: checked, remembered
    figures("complaint", 2025)
    assert len(scans) == 1
    filed(T(2026, 1, 6, 9))  # two since: not checked one by one, computed again
    assert figures("complaint", 2025).total == 1
    assert len(scans) == 2
