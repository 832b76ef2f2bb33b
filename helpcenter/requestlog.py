"""Request ids, and what our logs may say about a request.

Every response carries an ``X-Request-ID``: the one nginx sent (``$request_id``), or one made
here when there is none, so a partner's "it went wrong at 10:02" can be traced from nginx's
log through gunicorn's access log to the app's own log lines (``RequestIdLogFilter``).

Log lines carry no personal data and no secrets: access logs show the path only (no query
string, no client address), and the secret of a link that opens something is replaced by
``[redacted]`` (``redact_secrets``): a case link ``/<lang>/case/<token>``, a sign-in link
``/<lang>/sign-in/<token>`` and any ``token=`` in a query. A new URL that holds a secret must
be added to ``SECRET_PATTERNS``. The app's own logger and Werkzeug's development server log
are cleaned the same way (``init_app``), tracebacks included, and so are the values a database
quotes in an error (``Key (email)=(…)``); SQLAlchemy logs statements without their values
(``hide_parameters``) and never the rows it read.
"""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
# What we accept from the proxy: nginx's 32 hex digits, a UUID, or a similar plain token.
# Anything else (too long, spaces, control characters) is replaced, so it cannot forge log lines.
VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}\Z")
# Secrets in URLs, each kept apart from what comes before it: the case link of an email,
# a sign-in link, a token in a query string.
SECRET_PATTERNS = (
    r"(/[a-z]{2}/case/)[^/?#\s\"]+",
    r"(/(?:[a-z]{2}/)?sign-in/)[^/?#\s\"]+",
    r"([?&;]token=)[^&;#\s\"]+",
)
SECRET_PATHS = re.compile("|".join(SECRET_PATTERNS))
REDACTED = "[redacted]"
# Values a database quotes in its error messages (PostgreSQL's DETAIL lines): the value of a
# duplicate key, a whole failing row, input of the wrong type. The rest of the message stays.
DATABASE_VALUES = re.compile(
    r"(\bKey \([^)\n]*\)=)[^\n]*"
    r"|(\bFailing row contains )[^\n]*"
    r"|(\binvalid input (?:syntax|value) for [^:\n]*: )[^\n]*"
)
# Loggers whose lines may quote a URL: the app's own (its name is added), the dev server's.
CLEANED_LOGGERS = ("werkzeug",)
DATABASE_LOGGER = "sqlalchemy.engine.Engine"


def init_app(app: Flask) -> None:
    """Echo the request id on every response, error pages included; clean our log lines."""
    app.after_request(echo_request_id)
    for name in (app.logger.name, *CLEANED_LOGGERS):
        add_filter_once(logging.getLogger(name), RedactSecretsFilter)
    add_filter_once(logging.getLogger(DATABASE_LOGGER), NoDatabaseRowsFilter)


def add_filter_once(logger: logging.Logger, filter_class: type[logging.Filter]) -> None:
    """Give ``logger`` a ``filter_class`` filter unless an earlier app already did."""
    if not any(isinstance(existing, filter_class) for existing in logger.filters):
        logger.addFilter(filter_class())


def current_request_id() -> str:
    """The id of the request being handled: the proxy's when valid, else a new one (cached)."""
    request_id = g.get("request_id")
    if request_id is None:
        sent = request.headers.get(HEADER, "")
        request_id = sent if VALID_ID.match(sent) else uuid.uuid4().hex
        g.request_id = request_id
    return request_id


def echo_request_id(response: Response) -> Response:
    """Put the request id on the response, where gunicorn's access log reads it."""
    response.headers[HEADER] = current_request_id()
    return response


def redact_secrets(text: str) -> str:
    """``text`` with the secret part of every secret link replaced by ``[redacted]``."""
    return SECRET_PATHS.sub(keep_prefix, text)


def clean_log_text(text: str) -> str:
    """``text`` without secret links and without values quoted by a database error."""
    return DATABASE_VALUES.sub(keep_prefix, redact_secrets(text))


def keep_prefix(match: re.Match) -> str:
    """What stands before the secret (``/nl/case/``, ``?token=``), then ``[redacted]``."""
    prefix = next(group for group in match.groups() if group is not None)
    return prefix + REDACTED


class RedactSecretsFilter(logging.Filter):
    """Redact secret links and database-quoted values in a record's message and traceback;
    never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Clean the message, and the traceback text before any handler formats it."""
        message = record.getMessage()
        cleaned = clean_log_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = clean_log_text(logging.Formatter().formatException(record.exc_info))
        return True


class RequestIdLogFilter(RedactSecretsFilter):
    """Give every log record a ``request_id`` ("-" outside a request) and redact secret links.

    Used by ``deploy/gunicorn.conf.py`` on its log handlers, so every line (gunicorn's access
    log, the app's own lines, Flask-Limiter's warnings) names the request it belongs to.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the attribute and clean the message; never drops a record."""
        record.request_id = current_request_id() if has_request_context() else "-"
        return super().filter(record)


class NoDatabaseRowsFilter(logging.Filter):
    """Drop the rows SQLAlchemy logs at DEBUG (``echo="debug"``): they are people's data."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but a row."""
        return record.msg != "Row %r"
