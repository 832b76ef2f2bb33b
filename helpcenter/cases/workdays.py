"""Working days (Monday to Friday) for promises like "we answer within 2 working days".

Dates are the site's local dates (``BABEL_DEFAULT_TIMEZONE``): a case filed on Friday evening
in Amsterdam was filed on Friday, whatever the UTC date says. Public holidays are not counted
as special: the promise is kept on them too.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SATURDAY = 5


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday."""
    return day.weekday() < SATURDAY


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (Friday + 1 is Monday)."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (0 if none).

    From a Friday to the next Monday is 1; from a Monday to the next Monday is 5.
    """
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def local_date(moment: dt.datetime, timezone: str) -> dt.date:
    """The local date in ``timezone`` of a stored (naive UTC) timestamp."""
    return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(timezone)).date()


def start_of_day_utc(day: dt.date, timezone: str) -> dt.datetime:
    """Local midnight at the start of ``day``, as a naive UTC timestamp like the stored ones."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(timezone))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def end_of_working_day_utc(moment: dt.datetime, days: int, timezone: str) -> dt.datetime:
    """The first moment after the local day ``days`` working days after ``moment``'s local day.

    ``stamp < end_of_working_day_utc(m, n, tz)`` is the same as
    ``local_date(stamp) <= add_working_days(local_date(m), n)``, and can run in SQL.
    """
    last_day = add_working_days(local_date(moment, timezone), days)
    return start_of_day_utc(last_day + dt.timedelta(days=1), timezone)


def cutoff_before(now: dt.datetime, days: int, timezone: str) -> dt.datetime:
    """The moment before which something is at least ``days`` working days old at ``now``.

    ``stamp < cutoff_before(now, n, tz)`` is the same as
    ``working_days_between(local_date(stamp), local_date(now)) >= n``, and can run in SQL.
    """
    day, count = local_date(now, timezone), 0
    while count < days:
        count += is_working_day(day)
        day -= dt.timedelta(days=1)
    return start_of_day_utc(day + dt.timedelta(days=1), timezone)
