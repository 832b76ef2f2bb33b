"""The one definition of "now" for stored timestamps: naive UTC.

``frozen_at`` lets sample data (``flask cases sample``) and tests run the real case actions at
a chosen moment, so their cases and events carry the times a real year would have.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar

_frozen: ContextVar[dt.datetime | None] = ContextVar("frozen_now", default=None)


def utcnow() -> dt.datetime:
    """The current time in UTC, as stored in every timestamp column."""
    frozen = _frozen.get()
    if frozen is not None:
        return frozen
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@contextlib.contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[None]:
    """Inside the block, ``utcnow()`` is ``moment`` (naive UTC)."""
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)
