"""Working days: Monday to Friday, counted on Amsterdam dates, across weekends."""

from __future__ import annotations

import datetime as dt

import pytest

from helpcenter.cases.workdays import (
    add_working_days,
    cutoff_before,
    local_date,
    start_of_day_utc,
    working_days_between,
)

AMS = "Europe/Amsterdam"
MON, FRI, SAT, SUN = (dt.date(2026, 11, d) for d in (23, 27, 28, 29))


@pytest.mark.parametrize(("start", "days", "expected"), [
    (MON, 0, MON), (MON, 1, dt.date(2026, 11, 24)), (MON, 4, FRI),
    (FRI, 1, dt.date(2026, 11, 30)), (FRI, 2, dt.date(2026, 12, 1)),
    (SAT, 1, dt.date(2026, 11, 30)), (SUN, 1, dt.date(2026, 11, 30)),
    (MON, 5, dt.date(2026, 11, 30)), (MON, 10, dt.date(2026, 12, 7)),
])
def test_add_working_days_skips_the_weekend(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (FRI, dt.date(2026, 11, 30), 1), (FRI, SAT, 0), (FRI, SUN, 0), (SAT, SUN, 0),
    (MON, dt.date(2026, 11, 30), 5), (MON, MON, 0), (FRI, MON, 0),
    (dt.date(2026, 11, 20), dt.date(2026, 12, 4), 10), (SUN, dt.date(2026, 12, 7), 6),
])
def test_working_days_between_across_weekends(start, end, expected):
    assert working_days_between(start, end) == expected


def test_add_and_between_agree():
    for offset in range(14):
        start = MON + dt.timedelta(days=offset)
        for days in range(8):
            assert working_days_between(start, add_working_days(start, days)) == days


def test_local_dates_follow_amsterdam_including_summer_time():
    assert local_date(dt.datetime(2026, 11, 27, 22, 59), AMS) == FRI  # 23:59 in winter
    assert local_date(dt.datetime(2026, 11, 27, 23, 0), AMS) == SAT
    assert local_date(dt.datetime(2026, 7, 3, 21, 59), AMS) == dt.date(2026, 7, 3)  # 23:59
    assert local_date(dt.datetime(2026, 7, 3, 22, 0), AMS) == dt.date(2026, 7, 4)
    assert start_of_day_utc(MON, AMS) == dt.datetime(2026, 11, 22, 23, 0)


@pytest.mark.parametrize("days", [0, 1, 2, 5])
def test_cutoff_matches_counting_working_days(days):
    now = dt.datetime(2026, 12, 1, 9, 0)  # Tuesday 10:00 in Amsterdam
    cutoff = cutoff_before(now, days, AMS)
    for hours in range(0, 24 * 16, 1):
        stamp = now - dt.timedelta(hours=hours)
        old_enough = working_days_between(local_date(stamp, AMS), local_date(now, AMS)) >= days
        assert (stamp < cutoff) is old_enough, stamp


def test_five_working_days_before_a_tuesday_is_the_previous_tuesday():
    cutoff = cutoff_before(dt.datetime(2026, 12, 1, 9, 0), 5, AMS)
    assert cutoff == dt.datetime(2026, 11, 24, 23, 0)  # Wednesday 00:00 in Amsterdam
