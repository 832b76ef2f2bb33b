"""The one definition of "now" for stored timestamps: naive UTC."""

import datetime as dt


def utcnow() -> dt.datetime:
    """The current time in UTC, as stored in every timestamp column."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
