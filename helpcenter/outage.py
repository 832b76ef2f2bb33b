"""The database unreachable or locked: a 503 that says "try again shortly", never a 500.

PostgreSQL down, the network to it cut, or SQLite locked by another writer past its busy
timeout all surface as a SQLAlchemy ``OperationalError`` (or another ``DBAPIError`` that
invalidated its connection, or a pool that could hand out none). Any request that meets one
gets the session rolled back, so nothing half-saved remains, and a localized 503 page with
``Retry-After`` (``DATABASE_RETRY_AFTER`` seconds). The forms catch it themselves first, to
show what the partner typed again (``cases.views``, ``feedback.views``).

Pages that do not need the database (articles, search) go on being served. Service resumes
by itself: the pool pings each connection before use (``pool_pre_ping``) and replaces dead ones.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import ServiceUnavailable

from helpcenter.extensions import db

# What a view catches to tell an outage from a bug (``is_outage`` decides).
DATABASE_ERRORS = (DBAPIError, PoolTimeoutError)


def init_app(app: Flask) -> None:
    """Answer an outage anywhere with the 503 page; any other database error stays a 500."""
    for error_class in DATABASE_ERRORS:
        app.register_error_handler(error_class, unavailable_page)


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot be used now, rather than a bug in a query."""
    if isinstance(error, PoolTimeoutError):
        return True
    if isinstance(error, DBAPIError):
        return bool(error.connection_invalidated) or isinstance(
            error, OperationalError | InterfaceError)
    return False


def retry_after() -> int:
    """Seconds a client is told to wait before trying again."""
    return int(current_app.config["DATABASE_RETRY_AFTER"])


def roll_back(error: BaseException) -> None:
    """Undo whatever the request had started, and log the outage once, without parameters.

    The rollback itself may fail when the connection is gone; the session is then reset, and
    the pool drops the dead connection on its next check-out.
    """
    current_app.logger.warning("Database unavailable (%s); rolled back",
                               type(getattr(error, "orig", None) or error).__name__)
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.close()


def unavailable(error: BaseException) -> ServiceUnavailable:
    """The 503 for ``error`` (with ``Retry-After``), after rolling the session back."""
    roll_back(error)
    return ServiceUnavailable(retry_after=retry_after())


def unavailable_page(error: BaseException) -> ResponseReturnValue:
    """The shared 503 error page in the URL's language; re-raises anything that is no outage."""
    if not is_outage(error):
        raise error
    return current_app.handle_http_exception(unavailable(error))
